/* The end of the module: what is left to do (on the completion page and the assessment's
   results), what the learner has achieved, how to leave, and a record of learning to print.
   Its words are the catalogue's finish.* and certificate.* strings (messages/<language>.yaml). */

/* What the learner still has to do, by the course's completion rule: the one place that rule
   is applied (app.js reports `complete` to the LMS). `prior`: what the LMS recorded before,
   never taken back. Returns {rule, complete, pages: [positions still to see], assessment:
   whether the assessment is still to pass}. */
function whatIsLeft(course, state, prior) {
  var a = state.assessment, config = course.assessment;
  var rule = config ? course.completion : "pages";
  var unseen = state.unseen();
  var outOfAttempts = !!config && config.attempts > 0 && a.attempts >= config.attempts;
  var failedForGood = !!config && a.score !== null && !a.passed && outOfAttempts;
  var complete = prior.completed || (rule === "pages" ? unseen.length === 0 :
    failedForGood || a.passed && (rule === "assessment" || unseen.length === 0));
  var assessment = !complete && rule !== "pages" && !a.passed;
  var pages = complete || rule === "assessment" ? [] : unseen.filter(function (i) {
    // The assessment page is named once, as the assessment to pass.
    return !(assessment && course.pages[i].kind === "assessment");
  });
  return { rule: rule, complete: complete, pages: pages, assessment: assessment };
}

/* "Last, First" (as Moodle and most LMSs give cmi.core.student_name / cmi.learner_name) as
   "First Last"; any other form as it is. */
function displayName(raw) {
  var name = String(raw || "").replace(/\s+/g, " ").trim();
  var parts = name.split(",");
  if (parts.length === 2 && parts[0].trim() && parts[1].trim()) return parts[1].trim() + " " + parts[0].trim();
  return name;
}

function pageTitle(course, index) {
  var h1 = $("#title-" + course.pages[index].id);
  return h1 ? labelText(h1) : course.pages[index].id;
}

/* A link to a page of the module; `go(index)` shows it. */
function pageLink(course, index, go, text) {
  var a = document.createElement("a");
  a.href = "#page-" + course.pages[index].id;
  a.textContent = text || pageTitle(course, index);
  a.addEventListener("click", function (event) {
    event.preventDefault();
    go(index);
  });
  return a;
}

/* Say what is left, with links, into `el` (hidden when nothing is). `where` is "results" (the
   assessment's results, which say themselves how the assessment went) or "finish". */
function renderWhatIsLeft(el, left, course, go, where) {
  el.innerHTML = "";
  var assessment = left.assessment && where !== "results" && course.assessment;
  if (left.complete || (!left.pages.length && !assessment)) {
    el.hidden = true;
    return;
  }
  el.hidden = false;
  var intro = document.createElement("p");
  intro.className = "finish__left-intro";
  intro.textContent = where === "results" ? t("finish.left_intro_results") : t("finish.left_intro");
  el.appendChild(intro);
  if (left.pages.length) {
    var label = document.createElement("p");
    label.className = "finish__left-label";
    label.id = "left-pages-" + where;
    label.textContent = t("finish.pages_left");
    el.appendChild(label);
    var list = document.createElement("ul");
    list.className = "finish__left-pages";
    list.setAttribute("aria-labelledby", label.id);
    left.pages.forEach(function (index) {
      var li = document.createElement("li");
      li.appendChild(pageLink(course, index, go));
      list.appendChild(li);
    });
    el.appendChild(list);
  }
  if (assessment) {
    var at = -1;
    course.pages.forEach(function (p, i) { if (p.kind === "assessment") at = i; });
    var title = at >= 0 ? pageTitle(course, at) : "";
    var p = document.createElement("p");
    var text = t("finish.assessment_left", { title: "\u0000", pass_mark: formatPercent(course.assessment.passMark) });
    var pieces = text.split("\u0000");
    p.appendChild(document.createTextNode(pieces[0]));
    p.appendChild(at >= 0 ? pageLink(course, at, go, title) : document.createTextNode(title));
    p.appendChild(document.createTextNode(pieces[1] || ""));
    el.appendChild(p);
  }
}

/* "About 25 minutes", from seconds. */
function formatDuration(seconds) {
  var minutes = Math.round(seconds / 60);
  if (minutes < 1) return t("finish.less_than_a_minute");
  var hours = Math.floor(minutes / 60);
  minutes -= hours * 60;
  if (!hours) return t("finish.minutes", { count: minutes });
  return t("finish.hours", { count: hours }) + (minutes ? " " + t("finish.minutes", { count: minutes }) : "");
}

/* A day "YYYY-MM-DD" as the page's language writes it: "27 November 2026". */
function formatDay(day) {
  var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day || "");
  if (!m) return "";
  var date = new Date(+m[1], +m[2] - 1, +m[3]);
  try {
    return date.toLocaleDateString(document.documentElement.lang || undefined,
                                   { day: "numeric", month: "long", year: "numeric" });
  } catch (e) {
    return day;
  }
}

/* Today in the learner's time zone, "YYYY-MM-DD". */
function todayIso() {
  var d = new Date();
  return d.getFullYear() + "-" + pad(d.getMonth() + 1, 2) + "-" + pad(d.getDate(), 2);
}

/* The completion page. hooks: {left(): whatIsLeft(...), go(index), launch, lms, reviewOnly}. */
function FinishView(section, course, state, hooks) {
  this.section = section;
  this.course = course;
  this.state = state;
  this.hooks = hooks;
  this.name = displayName(hooks.launch.learnerName);
  var self = this;
  var input = $("#certificate-name", section);
  if (input) {
    // The typed name goes onto the printed record only: it is never saved.
    input.addEventListener("input", function () { self.renderName(); });
  }
  var print = $("[data-action='print-certificate']", section);
  if (print) print.addEventListener("click", function () { self.print(); });
  // Whatever ends the printing (the dialog closed, or saved), the module prints as before.
  window.addEventListener("afterprint", function () {
    document.documentElement.classList.remove("print-certificate");
  });
}

FinishView.prototype.render = function () {
  var course = this.course, state = this.state, a = state.assessment, config = course.assessment;
  var left = this.hooks.left();
  var launch = this.hooks.launch;
  var section = this.section;

  var status = $("[data-finish-status]", section);
  status.hidden = false;
  status.textContent = left.complete ? t("finish.complete") : t("finish.not_complete");
  status.className = "finish__status " + (left.complete ? "finish__status--complete" : "finish__status--incomplete");
  renderWhatIsLeft($("[data-finish-left]", section), left, course, this.hooks.go, "finish");

  var facts = $("[data-finish-facts]", section);
  facts.hidden = false;
  var score = this.score();
  var scoreFact = $("[data-finish-fact='score']", facts);
  if (scoreFact) {
    var mark = config ? formatPercent(config.passMark) : "";
    $("dd", scoreFact).textContent = score === null ? t("finish.score_not_yet", { pass_mark: mark }) :
      a.passed || score >= config.passMark ? t("finish.score_value", { score: formatPercent(score), pass_mark: mark }) :
      t("finish.score_failed", { score: formatPercent(score), pass_mark: mark });
  }
  var day = this.day();
  var dateFact = $("[data-finish-fact='date']", facts);
  dateFact.hidden = !state.completedOn;
  $("dd", dateFact).textContent = formatDay(state.completedOn);
  var seconds = (launch.totalSeconds || 0) + (this.hooks.reviewOnly ? 0 : (Date.now() - this.hooks.lms.startedAt) / 1000);
  $("[data-finish-fact='time'] dd", facts).textContent = formatDuration(seconds);

  var outcomes = $("[data-finish-outcomes-intro]", section);
  if (outcomes) outcomes.textContent = left.complete ? t("finish.outcomes_done") : t("finish.outcomes_to_come");

  // The learner's own change in confidence, where the course asked before and after.
  var change = $("[data-finish-confidence]", section);
  if (change) {
    change.innerHTML = confidenceSummaryHtml(course, state);
    change.hidden = !change.innerHTML;
  }

  $("[data-finish-leave]", section).hidden = false;
  $("[data-finish-exit]", section).textContent = this.hooks.reviewOnly ? t("finish.exit_review") :
    this.hooks.lms.version === "local" ? t("finish.exit_web") : t("finish.exit_lms");

  var tools = $("[data-certificate-tools]", section);
  if (!tools) return;
  tools.hidden = false;
  var named = !!this.name;
  $("[data-certificate-intro]", tools).textContent = !left.complete ? t("finish.record_not_yet") :
    t("finish.record_intro") + (named ? " " + t("finish.record_named", { name: this.name }) : "");
  $("[data-certificate-name-field]", tools).hidden = !left.complete || named;
  $("[data-action='print-certificate']", tools).hidden = !left.complete;

  var sheet = $("[data-certificate]", section);
  $("[data-certificate-date-label]", sheet).textContent = state.completedOn ? t("certificate.date_completed") : t("certificate.date");
  $("[data-certificate-date]", sheet).textContent = formatDay(day);
  var scoreEl = $("[data-certificate-score]", sheet);
  if (scoreEl) scoreEl.textContent = score === null ? "" : formatPercent(score);
  this.renderName();
};

/* The score to show: the last attempt's, or what the LMS recorded before. */
FinishView.prototype.score = function () {
  var a = this.state.assessment;
  if (!this.course.assessment) return null;
  if (a.score !== null) return a.score;
  var recorded = this.hooks.launch.score;
  return recorded !== "" && !isNaN(+recorded) ? +recorded : null;
};

/* The day the record shows: when the module was completed, or else today. */
FinishView.prototype.day = function () {
  return this.state.completedOn || todayIso();
};

FinishView.prototype.renderName = function () {
  var input = $("#certificate-name", this.section);
  var name = this.name || (input ? input.value.replace(/\s+/g, " ").trim() : "");
  var el = $("[data-certificate-name]", this.section);
  if (el) el.textContent = name;
};

/* Print the record of learning alone (finish.css), with the name as it stands now. */
FinishView.prototype.print = function () {
  this.render();
  document.documentElement.classList.add("print-certificate");
  window.print();
};
