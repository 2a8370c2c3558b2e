/* Branching scenarios: a case told in steps. Each decision shows its consequence and leads
   to the next step, until a debrief. The response is the path of choices taken. */

var ScenarioType = {
  encode: function (data, path) {
    var step = data.start, out = "";
    path.forEach(function (choice) {
      var s = data.steps[step];
      if (!s) return;
      out += B36.charAt(s.choices.indexOf(choice));
      step = s.next[choice];
    });
    return out;
  },
  decode: function (data, text) {
    var step = data.start, path = [];
    for (var i = 0; i < text.length && step; i++) {
      var s = data.steps[step];
      var choice = s && s.choices[B36.indexOf(text.charAt(i))];
      if (!choice) break;
      path.push(choice);
      step = s.next[choice];
    }
    return path;
  },
  finished: function (data, path) {
    var step = data.start;
    for (var i = 0; i < path.length; i++) {
      step = data.steps[step] && data.steps[step].next[path[i]];
      if (!step) return i === path.length - 1;
    }
    return false;
  },
  /* How many decisions along the path were the best one. */
  score: function (data, path) {
    var step = data.start, best = 0;
    path.forEach(function (choice) {
      var s = data.steps[step];
      if (s && s.best.indexOf(choice) >= 0) best += 1;
      step = s && s.next[choice];
    });
    return best;
  },
  /* The best path from the start: what an LMS shows as the correct response. */
  bestPath: function (data) {
    var step = data.start, path = [], guard = 0;
    while (step && data.steps[step] && guard++ < 100) {
      var s = data.steps[step];
      var choice = s.best[0] || s.choices[0];
      path.push(choice);
      step = s.next[choice];
    }
    return path;
  },
  /* A "performance": the steps taken, each with its decision (step[.]choice[,]...). */
  lms: function (data, path, version) {
    var pair = version === "1.2" ? "." : "[.]", sep = version === "1.2" ? "," : "[,]";
    var steps = function (p) {
      var step = data.start, out = [];
      p.forEach(function (choice) {
        out.push(lmsId(step) + pair + lmsId(choice));
        step = data.steps[step] && data.steps[step].next[choice];
      });
      return out.join(sep);
    };
    return { response: steps(path), patterns: [steps(ScenarioType.bestPath(data))] };
  }
};
QUESTION_TYPES.scenario = ScenarioType;

function ScenarioView(el, data, state, hooks) {
  this.el = el;
  this.id = el.getAttribute("data-question");
  this.data = data;
  this.state = state;
  this.hooks = hooks;
  this.startedAt = Date.now();
  var self = this;
  $all("[data-step]", el).forEach(function (stepEl) {
    $("[data-action='decide']", stepEl).addEventListener("click", function () { self.decide(stepEl); });
  });
  $("[data-action='restart']", el).addEventListener("click", function () {
    state.checks[self.id] = [];
    self.startedAt = Date.now();
    self.render();
    hooks.changed();
    var first = $("[data-step]:not([hidden]) input", el);
    if (first) first.focus();
  });
  this.render();
}

ScenarioView.prototype.path = function () { return this.state.checks[this.id] || []; };

ScenarioView.prototype.render = function () {
  var el = this.el, data = this.data, path = this.path();
  var steps = $all("[data-step]", el);
  steps.forEach(function (s) {
    s.hidden = true;
    $all("input", s).forEach(function (i) { i.checked = false; i.disabled = false; });
    $("[data-action='decide']", s).hidden = false;
    var c = $("[data-consequence]", s);
    c.hidden = true;
    c.innerHTML = "";
  });
  var step = data.start;
  for (var i = 0; i <= path.length && step; i++) {
    var stepEl = $("[data-step='" + step + "']", el);
    stepEl.hidden = false;
    var choice = path[i];
    if (!choice) break;
    var input = $("input[value='" + choice + "']", stepEl);
    if (input) input.checked = true;
    $all("input", stepEl).forEach(function (x) { x.disabled = true; });
    $("[data-action='decide']", stepEl).hidden = true;
    var consequence = $("[data-consequence]", stepEl);
    var label = input ? labelText($("label[for='" + input.id + "']", stepEl)) : "";
    consequence.innerHTML = '<p class="feedback__choice">You chose: <strong>' + escapeHtml(label) + "</strong></p>" +
      $("[data-consequence-for='" + choice + "']", stepEl).innerHTML;
    consequence.hidden = false;
    step = data.steps[step].next[choice];
  }
  var finished = ScenarioType.finished(data, path);
  var end = $("[data-scenario-end]", el);
  end.hidden = !finished;
  var score = $("[data-scenario-score]", el);
  if (finished && data.scored) {
    score.textContent = t("scenario.score", { best: ScenarioType.score(data, path), count: path.length });
    score.hidden = false;
  } else {
    score.hidden = true;
  }
};

ScenarioView.prototype.decide = function (stepEl) {
  var chosen = $("input:checked", stepEl);
  var error = $("[data-question-error]", stepEl);
  if (!chosen) {
    error.textContent = t("scenario.instruction");
    error.hidden = false;
    $("input", stepEl).focus();
    return;
  }
  error.hidden = true;
  var path = this.path().slice();
  path.push(chosen.value);
  this.state.checks[this.id] = path;
  this.render();
  var finished = ScenarioType.finished(this.data, path);
  this.hooks.changed();
  if (finished) this.hooks.finished(this, path, Date.now() - this.startedAt);
  $("[data-consequence]", stepEl).focus();
};
