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

function decodeAnswers(ids, saved, questions) {
  var out = {};
  Object.keys(saved || {}).forEach(function (index) {
    var id = ids[+index];
    if (id === undefined || typeof saved[index] !== "string") return;
    var data = questions[id];
    out[id] = QUESTION_TYPES[data.type].decode(data, saved[index]);
  });
  return out;
}

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

/* Restore from suspend_data. Returns "restored", "outdated" (saved for other content, set
   aside) or "" (nothing saved). */
LearnerState.prototype.restore = function (text) {
  if (!text) return "";
  var data;
  try { data = JSON.parse(text); } catch (e) { return "outdated"; }
  if (!data || typeof data !== "object" || data.v !== this.course.version) return "outdated";
  var course = this.course, pages = course.pages.length;
  if (typeof data.p === "number" && data.p >= 0 && data.p < pages) this.page = data.p;
  if (typeof data.s === "string") {
    for (var i = 0; i < pages && i < data.s.length; i++) this.seen[i] = data.s.charAt(i) === "1";
  }
  this.checks = decodeAnswers(course.checks, data.k, course.questions);
  if (data.a && course.assessment) {
    this.assessment = {
      attempts: data.a.n | 0,
      seed: data.a.r | 0,
      stage: data.a.st === "p" ? "progress" : data.a.st === "d" ? "done" : "intro",
      answers: decodeAnswers(course.assessment.bank, data.a.x, course.questions),
      score: typeof data.a.sc === "number" ? data.a.sc : null,
      passed: data.a.ok === 1
    };
  }
  return "restored";
};

LearnerState.prototype.allSeen = function () {
  return this.seen.every(function (x) { return x; });
};
