/* Question types. The builder renders every question as real HTML; a type here adds its
   behaviour: reading and restoring a response, marking it, a compact saved form, the text
   of a response for feedback and review, and its SCORM interaction formats.

   Responses: choice types: [option ids]; matching: {item id: target id};
   ordering: [item ids]; short-text: "text"; scenario: [choice ids along the path]. */

var B36 = "0123456789abcdefghijklmnopqrstuvwxyz";

function labelText(el) { return el ? el.textContent.replace(/\s+/g, " ").trim() : ""; }

var ChoiceType = {
  response: function (view) {
    return view.inputs.filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
  },
  setResponse: function (view, r) {
    view.inputs.forEach(function (i) { i.checked = (r || []).indexOf(i.value) >= 0; });
  },
  answered: function (r) { return !!r && r.length > 0; },
  correct: function (data, r) { return sameSet(r || [], data.answer); },
  encode: function (data, r) { return r.map(function (id) { return B36.charAt(data.options.indexOf(id)); }).join(""); },
  decode: function (data, s) {
    return s.split("").map(function (c) { return data.options[B36.indexOf(c)]; }).filter(Boolean);
  },
  /* Feedback: the options chosen and, for a wrong multiple-response answer, right options missed. */
  details: function (view, r, correct) {
    var data = view.data;
    return data.options.filter(function (id) {
      return r.indexOf(id) >= 0 || (!correct && data.type === "multiple" && data.answer.indexOf(id) >= 0);
    }).map(function (id) {
      return { intro: r.indexOf(id) >= 0 ? t("feedback.you_chose") : t("feedback.you_did_not_choose"),
               text: view.optionLabel(id), html: view.optionFeedback(id) };
    });
  },
  lms: function (data, r, version) {
    var sep = version === "1.2" ? "," : "[,]";
    if (data.type === "true-false" && version !== "1.2") {
      var word = function (id) { return id === "t" ? "true" : "false"; };
      return { response: r.map(word).join(""), patterns: [word(data.answer[0])] };
    }
    return { response: r.map(lmsId).join(sep), patterns: [data.answer.map(lmsId).join(sep)] };
  }
};

var MatchingType = {
  response: function (view) {
    var out = {};
    $all("select[data-match-for]", view.el).forEach(function (s) { if (s.value) out[s.getAttribute("data-match-for")] = s.value; });
    return out;
  },
  setResponse: function (view, r) {
    $all("select[data-match-for]", view.el).forEach(function (s) { s.value = (r || {})[s.getAttribute("data-match-for")] || ""; });
  },
  answered: function (r) { return !!r && Object.keys(r).length > 0; },
  complete: function (data, r) { return data.items.every(function (i) { return r && r[i]; }); },
  correct: function (data, r) {
    return data.items.every(function (i) { return r && r[i] === data.answer[i]; });
  },
  encode: function (data, r) {
    return data.items.map(function (i) { return r[i] ? B36.charAt(data.targets.indexOf(r[i])) : "-"; }).join("");
  },
  decode: function (data, s) {
    var out = {};
    data.items.forEach(function (item, n) {
      var t = data.targets[B36.indexOf(s.charAt(n))];
      if (t) out[item] = t;
    });
    return out;
  },
  details: function (view, r) {
    var data = view.data;
    return data.items.map(function (item) {
      var chosen = r[item] ? view.targetLabel(r[item]) : t("feedback.no_match");
      var right = r[item] === data.answer[item];
      return { intro: view.itemLabel(item), text: chosen,
               html: "<p>" + escapeHtml(right ? t("feedback.match_right") :
                                      t("feedback.match_is", { match: view.targetLabel(data.answer[item]) })) + "</p>" };
    });
  },
  lms: function (data, r, version) {
    var pair = version === "1.2" ? "." : "[.]", sep = version === "1.2" ? "," : "[,]";
    var join = function (map) {
      return data.items.filter(function (i) { return map[i]; }).map(function (i) { return lmsId(i) + pair + lmsId(map[i]); }).join(sep);
    };
    return { response: join(r), patterns: [join(data.answer)] };
  }
};

var OrderingType = {
  response: function (view) {
    return $all("[data-item]", $("[data-ordering]", view.el)).map(function (li) { return li.getAttribute("data-item"); });
  },
  setResponse: function (view, r) {
    var list = $("[data-ordering]", view.el);
    var order = r && r.length ? r : view.data.items;
    order.forEach(function (id) { var li = $("[data-item='" + id + "']", list); if (li) list.appendChild(li); });
  },
  answered: function (r) { return !!r && r.length > 0; },
  correct: function (data, r) { return !!r && r.join() === data.answer.join(); },
  encode: function (data, r) { return r.map(function (id) { return B36.charAt(data.items.indexOf(id)); }).join(""); },
  decode: function (data, s) { return s.split("").map(function (c) { return data.items[B36.indexOf(c)]; }).filter(Boolean); },
  details: function (view, r, correct) {
    var order = function (ids) { return ids.map(function (id, n) { return (n + 1) + ". " + view.itemLabel(id); }).join("; "); };
    var out = [{ intro: t("feedback.your_order"), text: order(r), html: "" }];
    if (!correct) out.push({ intro: t("feedback.right_order"), text: order(view.data.answer), html: "" });
    return out;
  },
  lms: function (data, r, version) {
    var sep = version === "1.2" ? "," : "[,]";
    return { response: r.map(lmsId).join(sep), patterns: [data.answer.map(lmsId).join(sep)] };
  }
};

function normaliseText(data, text) {
  var t = String(text || "");
  if (data.whitespace !== "exact") t = t.replace(/\s+/g, " ").trim();
  if (!data.caseSensitive) t = t.toLowerCase();
  return t;
}

var ShortTextType = {
  response: function (view) { return $("input[type='text']", view.el).value; },
  setResponse: function (view, r) { $("input[type='text']", view.el).value = r || ""; },
  answered: function (r) { return typeof r === "string" && r.trim() !== ""; },
  correct: function (data, r) {
    var given = normaliseText(data, r);
    return data.accept.some(function (a) { return normaliseText(data, a) === given; });
  },
  encode: function (data, r) { return r; },
  decode: function (data, s) { return s; },
  details: function (view, r, correct) {
    var out = [{ intro: t("feedback.you_wrote"), text: r, html: "" }];
    if (!correct) out.push({ intro: t("feedback.accepted"), text: view.data.accept[0], html: "" });
    return out;
  },
  lms: function (data, r, version) {
    var clean = function (s) { return String(s).replace(/\[[,.:]\]/g, " ").slice(0, 250); };
    // Each accepted answer is a correct response of its own (at most five are reported).
    var accepted = data.accept.slice(0, 5).map(clean);
    if (version === "1.2") return { response: clean(r), patterns: accepted };
    var prefix = "{case_matters=" + (data.caseSensitive ? "true" : "false") + "}";
    return { response: clean(r), patterns: accepted.map(function (a) { return prefix + a; }) };
  }
};

var QUESTION_TYPES = {
  single: ChoiceType, multiple: ChoiceType, "true-false": ChoiceType,
  matching: MatchingType, ordering: OrderingType, "short-text": ShortTextType
};

function QuestionView(el, data) {
  this.el = el;
  this.id = el.getAttribute("data-question");
  this.data = data;
  this.type = QUESTION_TYPES[data.type];
  this.inputs = $all("input", el);
  this.feedback = $("[data-feedback]", el);
  this.touched = false;
  if (data.type === "ordering") this.setupOrdering();
}

QuestionView.prototype.response = function () { return this.type.response(this); };
QuestionView.prototype.setResponse = function (r) { this.type.setResponse(this, r); };
QuestionView.prototype.answered = function (r) { return this.type.answered(r); };
QuestionView.prototype.complete = function (r) {
  return this.type.complete ? this.type.complete(this.data, r) : this.type.answered(r);
};
QuestionView.prototype.isCorrect = function (r) { return this.type.answered(r) && this.type.correct(this.data, r); };

QuestionView.prototype.optionLabel = function (id) {
  var input = this.inputs.filter(function (i) { return i.value === id; })[0];
  return labelText(input && $("label[for='" + input.id + "']", this.el)) || id;
};
QuestionView.prototype.itemLabel = function (id) {
  var row = $("[data-item='" + id + "']", this.el);
  return labelText(row && ($(".matching__item", row) || $(".ordering__text", row)));
};
QuestionView.prototype.targetLabel = function (id) {
  var option = $("select[data-match-for] option[value='" + id + "']", this.el);
  return labelText(option);
};
QuestionView.prototype.optionFeedback = function (id) {
  var node = $("[data-feedback-option='" + id + "']", this.el);
  return node && node.innerHTML.trim() ? node.innerHTML : "";
};
QuestionView.prototype.generalFeedback = function (correct) {
  var node = $("[data-feedback-general='" + (correct ? "correct" : "incorrect") + "']", this.el);
  return node && node.innerHTML.trim() ? node.innerHTML : "";
};

/* Put the options in the given order (a shuffle), keeping ids and labels together. */
QuestionView.prototype.orderOptions = function (order) {
  var box = $(".question__options", this.el);
  if (!box) return;
  var byId = {};
  $all(".option", box).forEach(function (opt) { byId[$("input", opt).value] = opt; });
  order.forEach(function (id) { if (byId[id]) box.appendChild(byId[id]); });
};

QuestionView.prototype.lock = function (locked) {
  $all("input, select, button[data-move]", this.el).forEach(function (c) { c.disabled = locked; });
};

QuestionView.prototype.setupOrdering = function () {
  var self = this;
  var list = $("[data-ordering]", this.el);
  var status = $("[data-ordering-status]", this.el);
  list.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-move]");
    if (!button) return;
    var li = button.closest("[data-item]");
    var items = $all("[data-item]", list);
    var index = items.indexOf(li);
    var up = button.getAttribute("data-move") === "up";
    var text = labelText($(".ordering__text", li));
    if ((up && index === 0) || (!up && index === items.length - 1)) {
      status.textContent = up ? t("question.already_first", { item: text }) : t("question.already_last", { item: text });
      return;
    }
    if (up) list.insertBefore(li, items[index - 1]);
    else list.insertBefore(items[index + 1], li);
    button.focus();
    var position = index + (up ? 0 : 2);
    status.textContent = t("question.moved", { item: text, position: position, total: items.length });
    self.touched = true;
    self.el.dispatchEvent(new Event("change", { bubbles: true }));
  });
};

/* The feedback for a response, as HTML: a verdict, then why. */
QuestionView.prototype.feedbackHtml = function (r) {
  var correct = this.isCorrect(r);
  var answered = this.answered(r);
  var parts = ['<p class="feedback__verdict feedback__verdict--' + (correct ? "correct" : "incorrect") + '">' +
               escapeHtml(correct ? t("feedback.correct") : answered ? t("feedback.incorrect") : t("feedback.unanswered")) + "</p>"];
  if (answered) {
    this.type.details(this, r, correct).forEach(function (d) {
      parts.push('<div class="feedback__option"><p class="feedback__choice">' + escapeHtml(d.intro) + ": <strong>" +
                 escapeHtml(d.text) + "</strong></p>" + d.html + "</div>");
    });
  }
  var general = this.generalFeedback(correct);
  if (general) parts.push('<div class="feedback__general">' + general + "</div>");
  return parts.join("");
};

QuestionView.prototype.showFeedback = function (r) {
  this.feedback.innerHTML = this.feedbackHtml(r);
  this.el.classList.toggle("is-correct", this.isCorrect(r));
  this.el.classList.toggle("is-incorrect", !this.isCorrect(r));
};

QuestionView.prototype.clearFeedback = function () {
  this.feedback.innerHTML = "";
  this.el.classList.remove("is-correct", "is-incorrect");
};

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}

/* Knowledge checks: unscored, immediate feedback, try again as often as wanted. */
function setupKnowledgeCheck(el, data, state, hooks) {
  var view = new QuestionView(el, data);
  var error = $("[data-question-error]", el);
  var saved = state.checks[view.id];
  var shownAt = Date.now();
  if (saved !== undefined) {
    view.setResponse(saved);
    view.showFeedback(saved);
  }
  el.addEventListener("submit", function (event) {
    event.preventDefault();
    var r = view.response();
    if (!view.complete(r)) {
      error.textContent = data.type === "matching" ? t("question.error.matching") :
        data.type === "short-text" ? t("question.error.short-text") :
        data.type === "multiple" ? t("question.error.multiple") : t("question.error.choose");
      error.hidden = false;
      var first = $("input, select", el);
      if (first) first.focus();
      return;
    }
    error.hidden = true;
    state.checks[view.id] = r;
    view.showFeedback(r);
    hooks.checked(view, r, Date.now() - shownAt);
  });
  el.addEventListener("change", function () { error.hidden = true; });
  return view;
}
