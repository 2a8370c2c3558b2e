/* Question behaviour shared by knowledge checks and the assessment: reading and restoring
   a response, marking it, and writing feedback that teaches. The builder renders every
   question as real HTML; this file only adds behaviour. */

function QuestionView(el, data) {
  this.el = el;
  this.id = el.getAttribute("data-question");
  this.data = data;
  this.inputs = $all("input", el);
  this.feedback = $("[data-feedback]", el);
}

QuestionView.prototype.response = function () {
  return this.inputs.filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
};

QuestionView.prototype.setResponse = function (ids) {
  this.inputs.forEach(function (i) { i.checked = ids.indexOf(i.value) >= 0; });
};

QuestionView.prototype.isCorrect = function (ids) {
  return sameSet(ids, this.data.answer);
};

QuestionView.prototype.optionLabel = function (id) {
  var input = this.inputs.filter(function (i) { return i.value === id; })[0];
  var label = input && $("label[for='" + input.id + "']", this.el);
  return label ? label.textContent.trim() : id;
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
  var byId = {};
  $all(".option", box).forEach(function (opt) { byId[$("input", opt).value] = opt; });
  order.forEach(function (id) { if (byId[id]) box.appendChild(byId[id]); });
};

QuestionView.prototype.lock = function (locked) {
  this.inputs.forEach(function (i) { i.disabled = locked; });
};

/* The feedback for a response, as HTML: a verdict, then why, option by option. */
QuestionView.prototype.feedbackHtml = function (ids) {
  var self = this;
  var correct = this.isCorrect(ids);
  var parts = ['<p class="feedback__verdict feedback__verdict--' + (correct ? "correct" : "incorrect") + '">' +
               (correct ? "Correct." : ids.length ? "Not quite." : "No answer given.") + "</p>"];
  var shown = this.data.options.filter(function (id) {
    return ids.indexOf(id) >= 0 || (!correct && self.data.type === "multiple" && self.data.answer.indexOf(id) >= 0);
  });
  shown.forEach(function (id) {
    var chosen = ids.indexOf(id) >= 0;
    var intro = chosen ? "You chose" : "You did not choose";
    parts.push('<div class="feedback__option"><p class="feedback__choice">' + intro + ": <strong>" +
               escapeHtml(self.optionLabel(id)) + "</strong></p>" + self.optionFeedback(id) + "</div>");
  });
  var general = this.generalFeedback(correct);
  if (general) parts.push('<div class="feedback__general">' + general + "</div>");
  return parts.join("");
};

QuestionView.prototype.showFeedback = function (ids) {
  this.feedback.innerHTML = this.feedbackHtml(ids);
  this.el.classList.toggle("is-correct", this.isCorrect(ids));
  this.el.classList.toggle("is-incorrect", !this.isCorrect(ids));
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
function setupKnowledgeCheck(el, data, state, onChange) {
  var view = new QuestionView(el, data);
  var error = $("[data-question-error]", el);
  var saved = state.checks[view.id];
  if (saved) {
    view.setResponse(saved);
    view.showFeedback(saved);
  }
  el.addEventListener("submit", function (event) {
    event.preventDefault();
    var ids = view.response();
    if (!ids.length) {
      error.textContent = data.type === "single" ? "Choose an answer, then check it." : "Choose at least one answer, then check it.";
      error.hidden = false;
      view.inputs[0].focus();
      return;
    }
    error.hidden = true;
    state.checks[view.id] = ids;
    view.showFeedback(ids);
    onChange();
  });
  el.addEventListener("change", function () {
    error.hidden = true;
  });
  return view;
}
