/* Confidence (a statement rated on a scale, reported as "likert") and reflection (free text,
   "fill-in" in SCORM 1.2 and "long-fill-in" in 2004) questions: never marked, never needed for
   completion. The learner saves an answer; it is kept in the state and reported to the LMS
   with the result "neutral" and no correct response.

   Responses: confidence: the point chosen, 1 to the scale's length; reflection: the text.
   A confidence question with `pre` asks again a statement asked before the teaching, and
   shows the learner their change; confidenceSummaryHtml() gives every change at once, for a
   page at the end of the module. */

/* Text as the learner wrote it, without what no one types: control characters (line breaks
   and tabs stay) and halves of a character. */
function cleanText(text) {
  var s = String(text || "").replace(/\r\n?/g, "\n").replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "");
  var out = "";
  for (var i = 0; i < s.length; i++) {
    var c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      var d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { out += s.charAt(i) + s.charAt(i + 1); i++; }
    } else if (c < 0xdc00 || c > 0xdfff) {
      out += s.charAt(i);
    }
  }
  return out;
}

/* At most `max` UTF-16 units (what SCORM's lengths count), never cutting a character in two. */
function cutText(text, max) {
  if (text.length <= max) return text;
  var cut = text.slice(0, max);
  var last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

/* A text as an LMS report takes it: on one line (SCORM's formats refuse line breaks), not
   starting with "{" (which would read as a language tag), within `max`, and ending with "…"
   when it was cut. */
function reportText(text, max) {
  var s = String(text).replace(/\s+/g, " ").trim();
  if (s.charAt(0) === "{") s = " " + s;
  return s.length <= max ? s : cutText(s, max - 1) + "\u2026";
}

var LikertType = {
  unmarked: true,
  response: function (view) {
    var chosen = view.inputs.filter(function (i) { return i.checked; })[0];
    return chosen ? Number(chosen.value) : null;
  },
  setResponse: function (view, r) { view.inputs.forEach(function (i) { i.checked = Number(i.value) === r; }); },
  answered: function (r) { return typeof r === "number" && r >= 1; },
  correct: function () { return false; },
  encode: function (data, r) { return B36.charAt(r); },
  decode: function (data, s) {
    var n = B36.indexOf(s);
    if (s.length !== 1 || n < 1 || n > data.scale.length) throw new Error("not a point of the scale");
    return n;
  },
  details: function () { return []; },
  lms: function (data, r) { return { response: String(r), patterns: [], result: "neutral" }; }
};

var ReflectionType = {
  unmarked: true,
  response: function (view) { return cutText(cleanText($("textarea", view.el).value), view.data.maxLength); },
  setResponse: function (view, r) { $("textarea", view.el).value = r || ""; },
  answered: function (r) { return typeof r === "string" && r.trim() !== ""; },
  correct: function () { return false; },
  encode: function (data, r) { return r; },
  decode: function (data, s) {
    if (s.length > data.maxLength || cleanText(s) !== s) throw new Error("not a saved reflection");
    return s;
  },
  details: function () { return []; },
  lms: function (data, r, version) {
    return { response: reportText(r, version === "1.2" ? 255 : 4000), patterns: [], result: "neutral" };
  }
};

QUESTION_TYPES.confidence = LikertType;
QUESTION_TYPES.reflection = ReflectionType;

/* The learner's change on one statement asked again (the question with `pre`), as HTML. */
function confidenceChangeHtml(course, state, postId) {
  var post = course.questions[postId];
  var after = state.checks[postId];
  if (!post || !post.pre || after === undefined) return "";
  var before = state.checks[post.pre];
  var total = post.scale.length;
  function point(n) { return { label: post.scale[n - 1], point: n, total: total }; }
  var parts = [];
  if (before === undefined) {
    parts.push(t("confidence.change.no_before"));
  } else {
    var diff = after - before;
    parts.push(t("confidence.change.before", point(before)), t("confidence.change.now", point(after)),
               diff > 0 ? t("confidence.change.up", { count: diff }) :
               diff < 0 ? t("confidence.change.down", { count: -diff }) : t("confidence.change.same"));
  }
  return '<p class="confidence-change" data-confidence-change>' + escapeHtml(parts.join(" ")) + "</p>";
}

/* Every statement asked before and after that the learner has answered afterwards, with their
   change: for a page at the end of the module. "" when there is none. */
function confidenceSummaryHtml(course, state) {
  var items = course.checks.filter(function (id) {
    return course.questions[id].pre && state.checks[id] !== undefined;
  }).map(function (id) {
    return '<li><p class="confidence-summary__statement">' + escapeHtml(course.questions[id].text) + "</p>" +
      confidenceChangeHtml(course, state, id) + "</li>";
  });
  if (!items.length) return "";
  return '<section class="confidence-summary" data-confidence-summary><h2>' + escapeHtml(t("confidence.change.heading")) +
    '</h2><ul class="confidence-summary__list">' + items.join("") + "</ul></section>";
}

/* A confidence or reflection question in a lesson or on the evaluation page. hooks.saved(view,
   answer, latencyMs) reports and saves a new answer; hooks.version is the LMS's SCORM version. */
var responseViews = [];
function setupResponseQuestion(el, data, state, course, hooks) {
  var view = new QuestionView(el, data);
  var error = $("[data-question-error]", el);
  var shownAt = Date.now();
  if (data.type === "reflection" && hooks.version === "1.2" && data.maxLength > 255) {
    // SCORM 1.2 reports keep 255 characters: the learner is told before writing.
    var limit = $("[data-lms-limit]", el);
    limit.textContent = " " + t("reflection.lms_limit", { limit: 255 });
    limit.hidden = false;
  }
  view.showSaved = function () {
    var r = state.checks[view.id];
    view.feedback.innerHTML = r === undefined ? "" :
      '<p class="feedback__saved">' + escapeHtml(t("response.saved")) + "</p>" + confidenceChangeHtml(course, state, view.id);
  };
  if (state.checks[view.id] !== undefined) {
    view.setResponse(state.checks[view.id]);
    view.showSaved();
  }
  el.addEventListener("submit", function (event) {
    event.preventDefault();
    var r = view.response();
    if (!view.answered(r)) {
      error.textContent = data.type === "confidence" ? t("response.error.confidence") : t("response.error.reflection");
      error.hidden = false;
      var first = $("input, textarea", el);
      if (first) first.focus();
      return;
    }
    error.hidden = true;
    var changed = state.checks[view.id] !== r;
    state.checks[view.id] = r;
    // A change to a statement asked before shows in the question that asks it again, too.
    responseViews.forEach(function (v) { if (v === view || v.data.pre === view.id) v.showSaved(); });
    if (changed) hooks.saved(view, r, Date.now() - shownAt);
  });
  el.addEventListener("input", function () { error.hidden = true; });
  responseViews.push(view);
  return view;
}
