/* The learner's state, kept compact because SCORM 1.2 LMSs may hold only 4,096 characters
   of suspend_data. Pages, knowledge checks and bank questions are referred to by position,
   and each answer is saved in its type's short form (see quiz.js `encode`):

   { v: content version, p: current page, s: "0110..." pages seen,
     k: { check position: answer }                       knowledge checks and scenarios
     a: { n: attempts submitted, r: seed of the current draw, st: "i"|"p"|"d" (intro,
          in progress, done), x: { bank position: answer }, sc: last score, ok: 1 if passed,
          d: the bank the current attempt was drawn from, when the course was updated during
             it: 3 characters a question (its bank position in two, "--" if it is no longer
             in the bank; its topic's place) },
     c: "YYYY-MM-DD" the day the module was completed, in the learner's time zone,
     m: the content map: a fingerprint of each page, check and bank question (builder/state.py) }

   The version ties the state to the course content. State saved for another version (the
   course has been updated since) is carried over by its map (`migrate`): what still means the
   same thing is kept (pages by id, answers to unchanged questions, an attempt whose drawn
   questions are unchanged), the rest dropped; state without a map is set aside. builder/state.py
   mirrors this format to measure its worst case. */

function LearnerState(course) {
  this.course = course;
  this.reset();
}

LearnerState.prototype.reset = function () {
  this.page = 0;
  this.seen = this.course.pages.map(function () { return false; });
  this.checks = {};
  this.assessment = { attempts: 0, seed: 0, stage: "intro", answers: {}, score: null, passed: false, layout: null };
  this.cleared = 0;  // answers dropped by an update (see `migrate`)
  this.completedOn = "";
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
    if (a.layout) data.a.d = encodeLayout(course, a.layout);
  }
  if (this.completedOn) data.c = this.completedOn;
  data.m = course.map;
  return JSON.stringify(data);
};

/* Restore from suspend_data. Returns "" (nothing saved), "restored", "updated" (saved for an
   earlier version of the course: carried over, `cleared` answers dropped), "outdated" (saved
   for other content, with no map to carry it over: set aside) or "corrupt" (not state this
   module wrote: every field is checked, what is valid is kept, the rest dropped). Never throws. */
LearnerState.prototype.restore = function (text) {
  if (!text) return "";
  var data;
  try { data = JSON.parse(text); } catch (e) { return "corrupt"; }
  if (!data || typeof data !== "object" || Array.isArray(data)) return "corrupt";
  if (typeof data.v !== "string") return "corrupt";
  if (data.v !== this.course.version || (data.m !== undefined && data.m !== this.course.map)) {
    var old = parseMap(data.m), own = parseMap(this.course.map);
    if (!old || !own) return "outdated";
    try {
      data = this.migrate(data, old, own);
      this.restoreFields(data);
      return "updated";
    } catch (e) {
      this.reset();
      return "outdated";
    }
  }
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
  var known = { v: 1, p: 1, s: 1, k: 1, a: 1, c: 1, m: 1 };
  Object.keys(data).forEach(function (key) { if (!known[key]) ok = false; });
  if (isCount(data.p) && data.p < pages) this.page = data.p;
  else if (data.p !== undefined) ok = false;
  if (typeof data.s === "string" && /^[01]*$/.test(data.s) && data.s.length <= pages) {
    for (var i = 0; i < data.s.length; i++) this.seen[i] = data.s.charAt(i) === "1";
  } else if (data.s !== undefined) {
    ok = false;
  }
  if (typeof data.c === "string" && /^\d{4}-\d{2}-\d{2}$/.test(data.c)) this.completedOn = data.c;
  else if (data.c !== undefined) ok = false;
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
  var layout = null;
  if (a.d !== undefined) {
    layout = decodeLayout(this.course, a.d);
    if (!layout) ok = false;
  }
  var answers = decodeAnswers(this.course.assessment.bank, a.x, this.course.questions);
  if (answers.bad) ok = false;
  this.assessment = {
    attempts: attempts,
    seed: seed,
    stage: stage,
    answers: answers.answers,
    score: score,
    passed: a.ok === 1 && score !== null,
    layout: layout
  };
  return ok;
};

/* The pages still to see, by position. Neither the completion page (where the learner is told
   what is left) nor the evaluation (optional) is ever one of them. */
LearnerState.prototype.unseen = function () {
  var pages = this.course.pages, out = [];
  this.seen.forEach(function (x, i) {
    if (!x && pages[i].kind !== "completion" && pages[i].kind !== "evaluation") out.push(i);
  });
  return out;
};

LearnerState.prototype.allSeen = function () {
  return this.unseen().length === 0;
};

/* -- Carrying state over an update ------------------------------------------------------- */

var MAP_WIDTH = { pages: 4, checks: 5, bank: 6 };

function splitEvery(text, width) {
  var out = [];
  for (var i = 0; i < text.length; i += width) out.push(text.slice(i, i + width));
  return out;
}

/* The content map (builder/state.py `content_map`), or null if it is not one. */
function parseMap(text) {
  if (typeof text !== "string") return null;
  var parts = text.split(".");
  if (parts.length !== 4 || !/^[0-9a-z]*$/.test(parts[0] + parts[1] + parts[3]) || !/^[0-9a-z-]*$/.test(parts[2])) {
    return null;
  }
  var map = { config: parts[3] };
  var names = ["pages", "checks", "bank"];
  for (var i = 0; i < 3; i++) {
    if (parts[i].length % MAP_WIDTH[names[i]]) return null;
    map[names[i]] = splitEvery(parts[i], MAP_WIDTH[names[i]]);
  }
  return map;
}

/* Where each old entry is now: its position in the new list, or -1. */
function positions(oldList, newList) {
  return oldList.map(function (fp) {
    var at = newList.indexOf(fp);
    return at >= 0 && newList.lastIndexOf(fp) === at ? at : -1;
  });
}

function mapKeys(saved, where) {
  var out = {}, dropped = 0;
  if (!saved || typeof saved !== "object" || Array.isArray(saved)) return { answers: out, dropped: 0 };
  Object.keys(saved).forEach(function (index) {
    var to = /^\d+$/.test(index) ? where[+index] : undefined;
    if (to !== undefined && to >= 0) out[to] = saved[index];
    else dropped += 1;
  });
  return { answers: out, dropped: dropped };
}

/* The bank an attempt is drawn from, as saved in `a.d`: [{id or null, topic}]. */
function encodeLayout(course, layout) {
  var bank = course.assessment.bank, topics = Object.keys(course.assessment.topics || {}).sort();
  return layout.map(function (entry) {
    var at = entry.id === null ? -1 : bank.indexOf(entry.id);
    var t = topics.indexOf(entry.topic);
    return (at < 0 ? "--" : B36.charAt(Math.floor(at / 36)) + B36.charAt(at % 36)) + (t < 0 ? "-" : B36.charAt(t));
  }).join("");
}

function decodeLayout(course, text) {
  if (typeof text !== "string" || text.length % 3 || !/^[0-9a-z-]*$/.test(text)) return null;
  var bank = course.assessment.bank, topics = Object.keys(course.assessment.topics || {}).sort();
  var out = [];
  for (var i = 0; i < text.length; i += 3) {
    var pos = text.slice(i, i + 2), t = text.charAt(i + 2);
    var at = pos === "--" ? -1 : B36.indexOf(pos.charAt(0)) * 36 + B36.indexOf(pos.charAt(1));
    if (!/^([0-9a-z]{2}|--)$/.test(pos) || at >= bank.length) return null;
    if (t !== "-" && !topics[B36.indexOf(t)]) return null;
    out.push({ id: at < 0 ? null : bank[at], topic: t === "-" ? undefined : topics[B36.indexOf(t)] });
  }
  return out;
}

/* Saved state of an earlier version, rewritten for this one: pages by id; answers to the
   checks and bank questions whose fingerprints are unchanged (a changed question's answer is
   never carried); an attempt in progress or finished only if every question it drew is
   unchanged (its draw is rebuilt from the bank it was drawn from); the rest dropped and
   counted in `cleared`. The result is restored as any saved state is, field by field. */
LearnerState.prototype.migrate = function (data, old, own) {
  var course = this.course, out = { v: course.version };
  var cleared = 0;
  var pageAt = positions(old.pages, own.pages);
  if (isCount(data.p) && pageAt[data.p] >= 0) out.p = pageAt[data.p];
  if (typeof data.s === "string" && /^[01]*$/.test(data.s)) {
    var seen = course.pages.map(function () { return "0"; });
    for (var i = 0; i < data.s.length && i < pageAt.length; i++) {
      if (data.s.charAt(i) === "1" && pageAt[i] >= 0) seen[pageAt[i]] = "1";
    }
    out.s = seen.join("");
  }
  // The day the module was completed stays: what was recorded is never taken back.
  if (typeof data.c === "string") out.c = data.c;
  var checks = mapKeys(data.k, positions(old.checks, own.checks));
  cleared += checks.dropped;
  if (Object.keys(checks.answers).length) out.k = checks.answers;
  var a = data.a;
  if (course.assessment && a && typeof a === "object" && !Array.isArray(a)) {
    var bankAt = positions(old.bank, own.bank);
    var kept = { n: a.n, r: a.r, st: a.st };
    if (a.sc !== undefined) kept.sc = a.sc;
    if (a.ok !== undefined) kept.ok = a.ok;
    var answered = a.x && typeof a.x === "object" ? Object.keys(a.x).length : 0;
    // The bank the attempt was drawn from, in this version's positions.
    var drawnFrom = [], topicsBefore = Object.keys(course.assessment.topics || {}).sort();
    if (typeof a.d === "string") {
      if (a.d.length % 3 || !/^[0-9a-z-]*$/.test(a.d)) throw new Error("bad layout");
      for (var j = 0; j < a.d.length; j += 3) {
        var pos = a.d.slice(j, j + 2), t = a.d.charAt(j + 2);
        if (!/^([0-9a-z]{2}|--)$/.test(pos)) throw new Error("bad layout");
        var was = pos === "--" ? -1 : B36.indexOf(pos.charAt(0)) * 36 + B36.indexOf(pos.charAt(1));
        drawnFrom.push({ at: was >= 0 && bankAt[was] !== undefined ? bankAt[was] : -1, t: t });
      }
    } else {
      drawnFrom = old.bank.map(function (entry, n) { return { at: bankAt[n], t: entry.charAt(5) }; });
    }
    var layout = drawnFrom.map(function (e) {
      return { id: e.at >= 0 ? course.assessment.bank[e.at] : null,
               topic: e.t === "-" ? undefined : topicsBefore[B36.indexOf(e.t)] };
    });
    var drawable = old.config === own.config && topicsBefore.length <= 36 && course.assessment.bank.length <= 1296 &&
      (kept.st === "p" || kept.st === "d") && isCount(a.r) && a.r > 0;
    var drawn = drawable ? drawAttempt(course.assessment, course.questions, a.r, layout) : [];
    if (drawable && drawn.every(function (entry) { return entry.id !== null; })) {
      var x = mapKeys(a.x, bankAt);
      cleared += x.dropped;
      if (Object.keys(x.answers).length) kept.x = x.answers;
      var identity = layout.length === course.assessment.bank.length && layout.every(function (e, n) {
        var topic = (course.assessment.topicOf || {})[e.id];
        return e.id === course.assessment.bank[n] && e.topic === (topicsBefore.indexOf(topic) >= 0 ? topic : undefined);
      });
      if (!identity) kept.d = encodeLayout(course, layout);
    } else if (kept.st === "p" || kept.st === "d") {
      // The attempt cannot be shown as it was: the learner starts the assessment again (an
      // attempt in progress was not submitted, so it is not counted).
      cleared += kept.st === "p" ? answered : 0;
      kept.st = "i";
    }
    out.a = kept;
  }
  this.cleared = cleared;
  return out;
};
