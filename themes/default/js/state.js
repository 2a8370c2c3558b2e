/* The learner's state, kept compact because SCORM 1.2 LMSs may hold only 4,096 characters
   of suspend_data. Pages are referred to by their position, questions by their id.

   { v: content version, p: current page index, s: "0110..." pages seen,
     k: { questionId: [answer ids] }                       knowledge checks answered
     a: { n: attempts submitted, r: seed of the current draw, st: "i"|"p"|"d" (intro,
          in progress, done), x: { questionId: [answer ids] }, sc: last score, ok: 1 if passed } }

   The version ties the state to the course content: state saved for other content is set
   aside rather than applied to pages and questions it no longer matches. */

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

LearnerState.prototype.serialize = function () {
  var a = this.assessment;
  var data = {
    v: this.course.version,
    p: this.page,
    s: this.seen.map(function (x) { return x ? "1" : "0"; }).join("")
  };
  if (Object.keys(this.checks).length) data.k = this.checks;
  if (this.course.assessment && (a.attempts || a.stage !== "intro")) {
    data.a = { n: a.attempts, r: a.seed, st: a.stage === "intro" ? "i" : a.stage === "progress" ? "p" : "d" };
    if (Object.keys(a.answers).length) data.a.x = a.answers;
    if (a.score !== null) data.a.sc = a.score;
    if (a.passed) data.a.ok = 1;
  }
  return JSON.stringify(data);
};

/* Restore from suspend_data; returns false (and keeps a fresh state) if it does not fit. */
LearnerState.prototype.restore = function (text) {
  if (!text) return false;
  var data;
  try { data = JSON.parse(text); } catch (e) { return false; }
  if (!data || typeof data !== "object" || data.v !== this.course.version) return false;
  var pages = this.course.pages.length;
  if (typeof data.p === "number" && data.p >= 0 && data.p < pages) this.page = data.p;
  if (typeof data.s === "string") {
    for (var i = 0; i < pages && i < data.s.length; i++) this.seen[i] = data.s.charAt(i) === "1";
  }
  var questions = this.course.questions;
  var known = function (map) {
    var out = {};
    Object.keys(map || {}).forEach(function (id) {
      if (questions[id] && Array.isArray(map[id])) out[id] = map[id].map(String);
    });
    return out;
  };
  this.checks = known(data.k);
  if (data.a && this.course.assessment) {
    this.assessment = {
      attempts: data.a.n | 0,
      seed: data.a.r | 0,
      stage: data.a.st === "p" ? "progress" : data.a.st === "d" ? "done" : "intro",
      answers: known(data.a.x),
      score: typeof data.a.sc === "number" ? data.a.sc : null,
      passed: data.a.ok === 1
    };
  }
  return true;
};

LearnerState.prototype.allSeen = function () {
  return this.seen.every(function (x) { return x; });
};
