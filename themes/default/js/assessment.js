/* The scored final assessment: a draw from the bank (rebuilt from a seed, so saved state
   stays small), answers kept as the learner goes, marking, results and review, retries,
   and every answer reported to the LMS as an interaction. */

function AssessmentView(section, course, state, hooks) {
  this.section = section;
  this.config = course.assessment;
  this.course = course;
  this.state = state;
  // {changed(commitNow), interaction(view, answer, correct, latencyMs, weighting), reviewOnly,
  //  recorded(): whether the LMS has accepted the result, left(): what is left to complete the
  //  module (finish.js whatIsLeft), go(index): show a page}
  this.hooks = hooks;
  this.intro = $("[data-assessment-intro]", section);
  this.form = $("[data-assessment-form]", section);
  this.results = $("[data-assessment-results]", section);
  this.error = $("[data-assessment-error]", section);
  this.views = {};
  this.startedAt = Date.now();
  this.changedAt = {};
  var self = this;
  $all("[data-assessment-item]", section).forEach(function (item) {
    var qel = $("[data-question]", item);
    var view = new QuestionView(qel, course.questions[qel.getAttribute("data-question")]);
    item.setAttribute("tabindex", "-1");
    self.views[view.id] = view;
  });
  $("[data-action='start-assessment']", section).addEventListener("click", function () { self.start(); });
  $("[data-action='retry-assessment']", section).addEventListener("click", function () { self.start(); });
  // Typing updates the state ("input"), so text is kept even if the learner leaves mid-word
  // (leaving saves); the LMS is told when the answer is changed ("change"), not per key.
  var remember = function (event) {
    var qel = event.target.closest("[data-question]");
    if (!qel || self.hooks.reviewOnly) return;
    var view = self.views[qel.getAttribute("data-question")];
    self.state.assessment.answers[view.id] = view.response();
    self.changedAt[view.id] = Date.now();
    self.error.hidden = true;
    if (event.type === "change") self.hooks.changed(false);
  };
  this.form.addEventListener("change", remember);
  this.form.addEventListener("input", remember);
  this.form.addEventListener("submit", function (event) {
    event.preventDefault();
    self.submit();
  });
}

AssessmentView.prototype.attemptsLeft = function () {
  if (!this.config.attempts) return Infinity;
  return Math.max(0, this.config.attempts - this.state.assessment.attempts);
};

/* Shuffle, leaving options the author fixed in their places. */
function shuffledExceptFixed(ids, fixed, random) {
  var movable = shuffled(ids.filter(function (id) { return fixed.indexOf(id) < 0; }), random);
  return ids.map(function (id) { return fixed.indexOf(id) >= 0 ? id : movable.shift(); });
}

/* The questions of an attempt, and the order of each one's options, rebuilt from its seed.
   `layout` is the bank the attempt was drawn from when the course has been updated since
   ([{id, or null for a question no longer in the bank; topic}], see state.js `migrate`);
   without it, the bank as it is. A question drawn from the layout that is no longer in the
   bank comes back with id null. */
function drawAttempt(config, questions, seed, layout) {
  var random = seededRandom(seed || 1);
  var entries = layout || config.bank.map(function (id) { return { id: id, topic: (config.topicOf || {})[id] }; });
  var picked;
  var topics = Object.keys(config.topics || {}).sort();
  if (topics.length) {
    picked = [];
    topics.forEach(function (topic) {
      var pool = entries.filter(function (e) { return e.topic === topic; });
      picked = picked.concat(shuffled(pool, random).slice(0, config.topics[topic]));
    });
    if (config.shuffle) picked = shuffled(picked, random);
  } else {
    picked = config.shuffle ? shuffled(entries, random) : entries.slice();
    picked = picked.slice(0, config.draw);
  }
  return picked.map(function (e) {
    if (e.id === null) return { id: null, order: [] };
    var data = questions[e.id];
    var options = data.options || [];
    return { id: e.id, order: config.shuffle ? shuffledExceptFixed(options, data.fixed || [], random) : options.slice() };
  });
}

AssessmentView.prototype.draw = function () {
  var a = this.state.assessment;
  return drawAttempt(this.config, this.course.questions, a.seed, a.layout).filter(function (e) { return e.id !== null; });
};

AssessmentView.prototype.start = function () {
  if (this.hooks.reviewOnly || this.attemptsLeft() <= 0) return;
  var a = this.state.assessment;
  var previous = a.seed;
  do { a.seed = newSeed(); } while (a.seed === previous);
  a.answers = {};
  a.layout = null;  // a new attempt draws from the bank as it is
  a.stage = "progress";
  this.startedAt = Date.now();
  this.changedAt = {};
  this.render();
  this.hooks.changed(true);
  var first = $("[data-assessment-item]:not([hidden])", this.form);
  if (first) first.focus();
};

AssessmentView.prototype.render = function () {
  var a = this.state.assessment;
  this.intro.hidden = a.stage !== "intro";
  this.form.hidden = a.stage !== "progress";
  this.results.hidden = a.stage !== "done";
  var left = $("[data-attempts-left]", this.intro);
  if (this.config.attempts && a.attempts) {
    left.hidden = false;
    left.textContent = t("assessment.attempts_left", { left: this.attemptsLeft(), count: this.config.attempts });
  }
  $("[data-action='start-assessment']", this.intro).hidden = this.attemptsLeft() <= 0 || this.hooks.reviewOnly;
  if (a.stage === "progress") this.renderQuestions();
  if (a.stage === "done") this.renderResults();
};

AssessmentView.prototype.renderQuestions = function () {
  var views = this.views;
  var answers = this.state.assessment.answers;
  var reviewOnly = this.hooks.reviewOnly;
  var form = this.form;
  var drawn = this.draw();
  $all("[data-assessment-item]", form).forEach(function (item) { item.hidden = true; });
  drawn.forEach(function (entry, index) {
    var view = views[entry.id];
    var item = view.el.parentNode;
    item.hidden = false;
    form.insertBefore(item, form.querySelector("[data-assessment-error]"));
    view.orderOptions(entry.order);
    $("[data-question-number]", view.el).textContent = t("assessment.question_number", { number: index + 1, total: drawn.length });
    view.setResponse(answers[entry.id]);
    view.clearFeedback();
    view.lock(reviewOnly);
  });
  $("button[type='submit']", form).hidden = reviewOnly;
};

AssessmentView.prototype.submit = function () {
  var a = this.state.assessment;
  var drawn = this.draw();
  var views = this.views;
  var missing = [];
  drawn.forEach(function (entry, index) {
    var view = views[entry.id];
    var r = view.response(); // an ordering left as shown is an answer too
    a.answers[entry.id] = r;
    if (!view.complete(r)) missing.push(index + 1);
  });
  if (missing.length) {
    this.error.textContent = t("assessment.unanswered", { list: missing.map(function (n) {
      return t("assessment.unanswered_item", { number: n });
    }).join(", ") });
    this.error.hidden = false;
    var first = views[drawn[missing[0] - 1].id];
    var control = $("input, select, button", first.el);
    if (control) control.focus();
    return;
  }
  var correct = drawn.filter(function (entry) { return views[entry.id].isCorrect(a.answers[entry.id]); }).length;
  a.score = Math.round((correct / drawn.length) * 10000) / 100;
  a.passed = a.score >= this.config.passMark;
  a.attempts += 1;
  a.stage = "done";
  var self = this;
  drawn.forEach(function (entry) {
    var view = views[entry.id];
    var r = a.answers[entry.id];
    self.hooks.interaction(view, r, view.isCorrect(r), (self.changedAt[entry.id] || Date.now()) - self.startedAt, 1);
  });
  this.hooks.changed(true);
  this.render();
  $("#results-heading", this.results).focus();
};

AssessmentView.prototype.renderResults = function () {
  var a = this.state.assessment;
  var drawn = this.draw();
  var views = this.views;
  var correct = drawn.filter(function (entry) { return views[entry.id].isCorrect(a.answers[entry.id]); }).length;
  var pass = this.config.passMark;
  var parts = [t("assessment.scored", { score: formatPercent(a.score), correct: correct, count: drawn.length })];
  var recorded = !this.hooks.recorded || this.hooks.recorded();
  if (a.passed) {
    parts.push(t("assessment.passed", { pass_mark: formatPercent(pass) }));
  } else if (this.hooks.reviewOnly) {
    parts.push(t("assessment.pass_mark", { pass_mark: formatPercent(pass) }));
  } else {
    parts.push(t("assessment.need", { pass_mark: formatPercent(pass) }));
    var left = this.attemptsLeft();
    parts.push(left <= 0 ? t("assessment.no_attempts_left") :
      left === Infinity ? t("assessment.try_again") : t("assessment.left", { count: left }));
  }
  if (!recorded) parts.push(t("assessment.not_recorded"));
  var summary = parts.join(" ");
  var summaryEl = $("[data-result-summary]", this.results);
  summaryEl.textContent = summary;
  summaryEl.className = "result " + (a.passed ? "result--passed" : "result--failed");
  $("[data-action='retry-assessment']", this.results).hidden = a.passed || this.attemptsLeft() <= 0 || this.hooks.reviewOnly;
  var leftEl = $("[data-results-left]", this.results);
  if (leftEl && this.hooks.left) renderWhatIsLeft(leftEl, this.hooks.left(), this.course, this.hooks.go, "results");
  var list = $("[data-review]", this.results);
  list.innerHTML = "";
  drawn.forEach(function (entry) {
    var view = views[entry.id];
    var li = document.createElement("li");
    li.className = "review__item";
    // The question's case or situation goes with it: a prompt such as "What should she
    // understand?" means nothing without it.
    var context = $(".question__context", view.el);
    if (context) {
      var copy = context.cloneNode(true);
      copy.className = "review__context";
      $all("[id]", copy).forEach(function (el) { el.removeAttribute("id"); });
      li.appendChild(copy);
    }
    var prompt = document.createElement("p");
    prompt.className = "review__prompt";
    prompt.textContent = labelText($(".question__prompt", view.el));
    li.appendChild(prompt);
    var fb = document.createElement("div");
    fb.className = "feedback";
    fb.innerHTML = view.feedbackHtml(a.answers[entry.id]);
    li.appendChild(fb);
    list.appendChild(li);
  });
};

function formatPercent(value) {
  return (Math.round(value * 100) / 100) + "%";
}
