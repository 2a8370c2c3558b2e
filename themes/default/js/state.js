/* The learner's state, kept compact because SCORM 1.2 LMSs may hold only 4,096 characters
   of suspend_data. Pages, knowledge checks and bank questions are referred to by position,
   and each answer is saved in its type's short form (see quiz.js `encode`):

   { v: content version, p: current page, s: "0110..." pages seen,
     k: { check position: answer }                       knowledge checks and scenarios
     a: { n: attempts submitted, r: seed of the current draw, st: "i"|"p"|"d" (intro,
          in progress, done), x: { bank position: answer }, sc: last score, ok: 1 if passed } }

   The version ties the state to the course content. State saved for other content (the
   author has changed the course since) is set aside, never applied to pages and questions
   it no longer matches; builder/state.py mirrors this format to measure its worst case. */

function LearnerState(course) {
  this.course = course;
  this.reset();
}

LearnerState.prototype.reset = function () {
  this.page = 0;
  this.seen = this.course.pages.map(function () { return false; });
  this.checks = {};
  this.assessment = { attempts: 0, seed: 0, stage: "intro", answers: {}, score: null, passed: false };
};

function encodeAnswers(ids, answers, questions) {
  var out = {}, any = false;
  ids.forEach(function (id, index) {
    if (answers[id] === undefined) return;
    var data = questions[id];
    out[index] = QUESTION_TYPES[data.type].encode(data, answers[id]);
    any = true;
  });
  return any ? out : null;
}

/* Saved answers, by position, each checked: a position in range, and a text that decodes to
   an answer of the question's type. Returns {answers, bad: whether anything was dropped}. */
function decodeAnswers(ids, saved, questions) {
  var out = {}, bad = false;
  if (saved === undefined) return { answers: out, bad: false };
  if (!saved || typeof saved !== "object" || Array.isArray(saved)) return { answers: out, bad: true };
  Object.keys(saved).forEach(function (index) {
    var id = /^\d+$/.test(index) ? ids[+index] : undefined;
    var answer;
    if (id !== undefined && typeof saved[index] === "string") {
      var type = QUESTION_TYPES[questions[id].type];
      try {
        answer = type.decode(questions[id], saved[index]);
        // What this module wrote reads back the same: anything else was not.
        if (type.encode(questions[id], answer) !== saved[index]) answer = undefined;
      } catch (e) { answer = undefined; }
    }
    if (answer === undefined) bad = true;
    else out[id] = answer;
  });
  return { answers: out, bad: bad };
}

function isCount(x) { return typeof x === "number" && x >= 0 && x % 1 === 0 && x <= 4294967295; }

LearnerState.prototype.serialize = function () {
  var course = this.course, a = this.assessment;
  var data = {
    v: course.version,
    p: this.page,
    s: this.seen.map(function (x) { return x ? "1" : "0"; }).join("")
  };
  var k = encodeAnswers(course.checks, this.checks, course.questions);
  if (k) data.k = k;
  if (course.assessment && (a.attempts || a.stage !== "intro")) {
    data.a = { n: a.attempts, r: a.seed, st: a.stage === "intro" ? "i" : a.stage === "progress" ? "p" : "d" };
    var x = encodeAnswers(course.assessment.bank, a.answers, course.questions);
    if (x) data.a.x = x;
    if (a.score !== null) data.a.sc = a.score;
    if (a.passed) data.a.ok = 1;
  }
  return JSON.stringify(data);
};

/* Restore from suspend_data. Returns "" (nothing saved), "restored", "outdated" (saved for
   other content: set aside) or "corrupt" (not state this module wrote: every field is
   checked, what is valid is kept, the rest dropped). Never throws. */
LearnerState.prototype.restore = function (text) {
  if (!text) return "";
  var data;
  try { data = JSON.parse(text); } catch (e) { return "corrupt"; }
  if (!data || typeof data !== "object" || Array.isArray(data)) return "corrupt";
  if (typeof data.v !== "string") return "corrupt";
  if (data.v !== this.course.version) return "outdated";
  try {
    return this.restoreFields(data) ? "restored" : "corrupt";
  } catch (e) {
    this.reset();
    return "corrupt";
  }
};

/* Apply each valid field of saved state; false when anything was dropped. */
LearnerState.prototype.restoreFields = function (data) {
  var course = this.course, pages = course.pages.length, ok = true;
  var known = { v: 1, p: 1, s: 1, k: 1, a: 1 };
  Object.keys(data).forEach(function (key) { if (!known[key]) ok = false; });
  if (isCount(data.p) && data.p < pages) this.page = data.p;
  else if (data.p !== undefined) ok = false;
  if (typeof data.s === "string" && /^[01]*$/.test(data.s) && data.s.length <= pages) {
    for (var i = 0; i < data.s.length; i++) this.seen[i] = data.s.charAt(i) === "1";
  } else if (data.s !== undefined) {
    ok = false;
  }
  var checks = decodeAnswers(course.checks, data.k, course.questions);
  this.checks = checks.answers;
  if (checks.bad) ok = false;
  if (data.a !== undefined) {
    if (course.assessment && data.a && typeof data.a === "object" && !Array.isArray(data.a)) {
      ok = this.restoreAssessment(data.a) && ok;
    } else {
      ok = false;
    }
  }
  return ok;
};

LearnerState.prototype.restoreAssessment = function (a) {
  var ok = true;
  var stages = { i: "intro", p: "progress", d: "done" };
  var score = typeof a.sc === "number" && a.sc >= 0 && a.sc <= 100 ? a.sc : null;
  if (a.sc !== undefined && score === null) ok = false;
  var attempts = isCount(a.n) ? a.n : 0;
  if (!isCount(a.n)) ok = false;
  var seed = isCount(a.r) && a.r > 0 ? a.r : 0;
  if (!isCount(a.r)) ok = false;
  var stage = stages[a.st] || "intro";
  if (!stages[a.st]) ok = false;
  // An attempt needs its draw; results need a score.
  if ((stage === "progress" && !seed) || (stage === "done" && (score === null || !seed || !attempts))) {
    stage = "intro";
    ok = false;
  }
  if (a.ok !== undefined && a.ok !== 1) ok = false;
  var answers = decodeAnswers(this.course.assessment.bank, a.x, this.course.questions);
  if (answers.bad) ok = false;
  this.assessment = {
    attempts: attempts,
    seed: seed,
    stage: stage,
    answers: answers.answers,
    score: score,
    passed: a.ok === 1 && score !== null
  };
  return ok;
};

/* Every page seen, but the evaluation: it is optional, and never holds up completion. */
LearnerState.prototype.allSeen = function () {
  var pages = this.course.pages;
  return this.seen.every(function (x, i) { return x || pages[i].kind === "evaluation"; });
};
