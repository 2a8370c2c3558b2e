/* The LMS adapters: one per SCORM version behind one small interface, and a local one for
   a module opened without an LMS. Every adapter offers:
     start()           -> {mode, entry, location, suspendData, status, success, score, learnerName,
                           totalSeconds (time spent in earlier sessions)} or null
     save(record)      record = {rule, location, suspendData, completion, success, score}; sets only
                       what changed, and returns true when the status or score did
     commit()          only when something was set since the last commit
     finish()          terminates, once (Terminate stores what was set)
     resume()          after the back-forward cache: starts the session again if it was
                       finished; false when the LMS refuses (progress then stays in this browser)
     interaction(i)    appends one answered question to the LMS's journal
     trouble()         what the LMS has not accepted: "result" (the status or score, or
                       nothing at all), "progress" (the place or answers), "report" (answers for
                       the LMS's report, retried at each commit) or "" (all accepted)
     committed         the suspend_data the LMS holds for certain (handed over, or committed)
   A refused value is not remembered as sent, so the next save or commit sets it again.
   `errors` lists every failed call, for the author's console and for tests. */

function findApi(name) {
  function search(win) {
    for (var depth = 0; win && depth < 500; depth++) {
      try {
        if (win[name]) return win[name];
      } catch (e) { /* a frame from another origin: keep climbing */ }
      var parent;
      try { parent = win.parent; } catch (e) { parent = null; }
      if (!parent || parent === win) break;
      win = parent;
    }
    return null;
  }
  var api = search(window);
  if (!api) {
    try { if (window.opener) api = search(window.opener); } catch (e) { api = null; }
  }
  if (!api) {
    try { if (window.top && window.top.opener) api = search(window.top.opener); } catch (e) { api = null; }
  }
  return api;
}

/* An authored id as the LMS will take it in a response or pattern. SCORM 2004 LMSs such as
   Moodle accept only letters, digits, "_" and "." there (and "." separates the parts of a
   matching or performance answer), so every other character becomes "_": a scenario step
   "two-weeks" is reported as "two_weeks". Authored ids use lower-case letters, digits and
   hyphens, so no two ids of a question can come out the same. */
function lmsId(id) { return String(id).replace(/[^A-Za-z0-9_]/g, "_"); }

function pad(n, width) { var s = String(n); while (s.length < width) s = "0" + s; return s; }

/* SCORM 1.2 CMITimespan: HHHH:MM:SS.SS */
function timespan12(seconds) {
  var cs = Math.round(seconds * 100);
  var h = Math.floor(cs / 360000); cs -= h * 360000;
  var m = Math.floor(cs / 6000); cs -= m * 6000;
  var s = Math.floor(cs / 100); cs -= s * 100;
  return pad(Math.min(h, 9999), 4) + ":" + pad(m, 2) + ":" + pad(s, 2) + "." + pad(cs, 2);
}

/* Seconds in a SCORM 1.2 CMITimespan or a SCORM 2004 timeinterval; 0 for anything else. */
function spanSeconds(text) {
  var m = /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(text || "");
  if (m) return +m[1] * 3600 + +m[2] * 60 + +m[3];
  m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text || "");
  if (!m) return 0;
  return (+m[1] || 0) * 31536000 + (+m[2] || 0) * 2592000 + (+m[3] || 0) * 86400 + (+m[4] || 0) * 3600 +
    (+m[5] || 0) * 60 + (+m[6] || 0);
}

/* SCORM 2004 timeinterval (ISO 8601 duration): PT1H2M3.45S */
function timespan2004(seconds) {
  var cs = Math.round(seconds * 100);
  var h = Math.floor(cs / 360000); cs -= h * 360000;
  var m = Math.floor(cs / 6000); cs -= m * 6000;
  var s = cs / 100;
  return "PT" + (h ? h + "H" : "") + (m ? m + "M" : "") + (Math.round(s * 100) / 100) + "S";
}

function ScormAdapter(api, version) {
  this.api = api;
  this.version = version;
  this.errors = [];
  this.active = false;
  this.finished = false;
  this.reviewOnly = false;
  this.sent = {};        // element -> the last value the LMS accepted (or handed over at launch)
  this.dirty = false;    // a value was set since the last commit
  this.interactions = -1; // cmi.interactions._count, read once when first needed
  this.refused = [];     // elements the LMS refused at the last save
  this.commitRefused = false;
  this.lost = false;     // the session ended and the LMS would not start it again
  this.queue = [];       // interaction values still to be accepted: [element, value]
  this.committed = "";
  this.startedAt = Date.now();
  var v12 = version === "1.2";
  this.fn = v12
    ? { init: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit",
        finish: "LMSFinish", error: "LMSGetLastError", text: "LMSGetErrorString" }
    : { init: "Initialize", get: "GetValue", set: "SetValue", commit: "Commit",
        finish: "Terminate", error: "GetLastError", text: "GetErrorString" };
  this.keys = v12
    ? { mode: "cmi.core.lesson_mode", entry: "cmi.core.entry", location: "cmi.core.lesson_location",
        status: "cmi.core.lesson_status", raw: "cmi.core.score.raw", min: "cmi.core.score.min",
        max: "cmi.core.score.max", exit: "cmi.core.exit", time: "cmi.core.session_time",
        name: "cmi.core.student_name", total: "cmi.core.total_time" }
    : { mode: "cmi.mode", entry: "cmi.entry", location: "cmi.location",
        status: "cmi.completion_status", success: "cmi.success_status", raw: "cmi.score.raw",
        min: "cmi.score.min", max: "cmi.score.max", scaled: "cmi.score.scaled", exit: "cmi.exit",
        time: "cmi.session_time", name: "cmi.learner_name", total: "cmi.total_time" };
}

/* One API call. The LMS is asked for its last error only when a call failed (false, or an
   empty read), so a session makes no more round trips into the LMS than it needs. */
ScormAdapter.prototype.call = function (fn, args, quietCodes) {
  var result;
  try {
    result = this.api[this.fn[fn]].apply(this.api, args);
  } catch (e) {
    this.errors.push({ call: this.fn[fn], args: args, code: "exception", message: String(e) });
    return fn === "get" ? "" : false;
  }
  if (fn === "get") {
    var value = result == null ? "" : String(result);
    if (value === "") this.check(fn, args, false, quietCodes);
    return value;
  }
  var ok = String(result) === "true";
  if (!ok) this.check(fn, args, true, quietCodes);
  return ok;
};

ScormAdapter.prototype.check = function (fn, args, failed, quietCodes) {
  var code = "0";
  try { code = String(this.api[this.fn.error]()); } catch (e) { code = "0"; }
  if (!failed && (code === "0" || (quietCodes && quietCodes.indexOf(code) >= 0))) return;
  var text = "";
  try { text = String(this.api[this.fn.text](code)); } catch (e) { text = ""; }
  this.errors.push({ call: this.fn[fn], args: args, code: code, message: text });
  if (window.console) console.warn("LMS call " + this.fn[fn] + "(" + args.join(", ") + ") failed: " + code + " " + text);
};

ScormAdapter.prototype.get = function (key) {
  // 403 (2004): an element the LMS has not set yet, which is normal.
  return this.call("get", [key], ["403"]);
};

/* Set an element, unless the LMS already holds that value. */
ScormAdapter.prototype.set = function (key, value) {
  value = String(value);
  if (this.sent[key] === value) return true;
  var ok = this.call("set", [key, value]);
  if (ok) {
    this.sent[key] = value;
    this.dirty = true;
  }
  return ok;
};

/* Initialize. An LMS whose session is still open (the module's frame was reloaded before it
   could terminate) refuses with "already initialized": the session carries on. */
ScormAdapter.prototype.initialize = function () {
  if (this.call("init", [""])) return true;
  var last = this.errors[this.errors.length - 1];
  if (!last || last.code !== (this.version === "1.2" ? "101" : "103")) return false;
  // 1.2's 101 is any general error (an LMS already finished, too): the session is open only
  // if the LMS answers a read.
  var errors = this.errors.length;
  this.get(this.keys.mode);
  return this.errors.length === errors;
};

ScormAdapter.prototype.start = function () {
  if (!this.initialize()) return null;
  this.active = true;
  var k = this.keys;
  var launch = {
    mode: this.get(k.mode) || "normal",
    entry: this.get(k.entry),
    location: this.get(k.location),
    suspendData: this.get("cmi.suspend_data"),
    status: this.get(k.status),
    success: k.success ? this.get(k.success) : "",
    score: this.get(k.raw),
    learnerName: this.get(k.name),
    totalSeconds: spanSeconds(this.get(k.total))
  };
  this.reviewOnly = launch.mode === "review" || launch.mode === "browse";
  this.committed = launch.suspendData;
  // What the LMS handed over needs no sending again.
  this.sent[k.location] = launch.location;
  this.sent["cmi.suspend_data"] = launch.suspendData;
  this.sent[k.status] = launch.status;
  if (k.success) this.sent[k.success] = launch.success;
  this.sent[k.raw] = launch.score;
  // Always leave as "suspend": the LMS then hands the learner's record back on the next
  // launch, to carry on or, once the attempt is finished, to review (SCORM 2004 LMSs such
  // as Moodle hand nothing back after "normal").
  // A first launch is "incomplete" from the start (Moodle would otherwise store a 1.2 module
  // left untouched as completed). Both are set, not committed: nothing else of the learner's
  // record is touched until they do something.
  if (!this.reviewOnly) {
    this.set(k.exit, "suspend");
    if (["", "not attempted", "unknown"].indexOf(launch.status) >= 0) this.set(k.status, "incomplete");
  }
  return launch;
};

/* SCORM 1.2 has one status for both completion and success. */
function status12(record) {
  if (record.completion !== "completed") return record.success === "failed" && record.rule !== "pages" ? "failed" : "incomplete";
  if (record.success === "passed") return "passed";
  if (record.success === "failed" && record.rule !== "pages") return "failed";
  return "completed";
}

/* Bring the LMS's values in line with the record. Returns true when the learner's status or
   score changed: a moment worth committing. */
ScormAdapter.prototype.save = function (record) {
  if (!this.active || this.finished || this.reviewOnly) return false;
  var k = this.keys, sent = this.sent, self = this, refused = [];
  var put = function (key, value) { if (!self.set(key, value)) refused.push(key); };
  var before = [sent[k.status], k.success ? sent[k.success] : "", sent[k.raw]].join("|");
  put(k.exit, "suspend");  // again, if it was refused at launch
  put(k.location, record.location);
  put("cmi.suspend_data", record.suspendData);
  var score = record.score;
  if (this.version === "1.2") {
    var status = status12(record);
    put(k.status, status);
    // SCORM 1.2 has one status, and an LMS such as Moodle lets the score decide it ("mastery
    // score overrides status", its default): a pass mark met while pages are still to read
    // would become "passed", and the attempt end, before they are read. The score goes with
    // the status that ends the attempt.
    if (status === "incomplete") score = null;
  } else {
    put(k.status, record.completion);
    put(k.success, record.success);
  }
  if (typeof score === "number") {
    var raw = Math.round(score * 100) / 100;
    put(k.min, 0);
    put(k.max, 100);
    put(k.raw, raw);
    if (k.scaled) put(k.scaled, Math.round(raw * 100) / 10000);
  }
  this.refused = refused;
  return [sent[k.status], k.success ? sent[k.success] : "", sent[k.raw]].join("|") !== before;
};

/* Commit, only if something was set since the last commit. Interactions the LMS refused
   before are set again first. */
ScormAdapter.prototype.commit = function () {
  if (!this.active || this.finished || this.reviewOnly) return;
  this.flush();
  if (!this.dirty) return;
  if (this.call("commit", [""])) {
    this.dirty = false;
    this.commitRefused = false;
    this.committed = this.sent["cmi.suspend_data"];
  } else {
    this.commitRefused = true;
  }
};

/* Set queued interaction values in order, up to the first the LMS refuses: the rest wait for
   the next commit (a refusing LMS is asked once per commit, not once per value). */
ScormAdapter.prototype.flush = function () {
  while (this.queue.length && this.set(this.queue[0][0], this.queue[0][1])) this.queue.shift();
};

ScormAdapter.prototype.trouble = function () {
  var k = this.keys;
  var result = [k.status, k.success, k.raw, k.min, k.max, k.scaled];
  var refusedResult = this.refused.some(function (key) { return result.indexOf(key) >= 0; });
  if (this.lost || this.commitRefused || refusedResult) return "result";
  if (this.refused.length) return "progress";
  return this.queue.length ? "report" : "";
};

/* End the session, once. A review sets nothing: it only reads, then terminates. Terminate
   itself stores what was set, so no commit goes before it. */
ScormAdapter.prototype.finish = function () {
  if (!this.active || this.finished) return;
  if (!this.reviewOnly) {
    var seconds = (Date.now() - this.startedAt) / 1000;
    this.set(this.keys.time, this.version === "1.2" ? timespan12(seconds) : timespan2004(seconds));
  }
  this.flush();
  this.finished = true;
  if (this.call("finish", [""])) {
    this.dirty = false;
    this.committed = this.sent["cmi.suspend_data"];
  }
};

/* Back from the back-forward cache: the session was finished at pagehide. Start it again if
   the LMS allows (SCORM 1.2 LMSs such as Moodle do); otherwise the progress made from now on
   cannot reach the LMS. */
ScormAdapter.prototype.resume = function () {
  if (!this.active || !this.finished || this.reviewOnly) return true;
  if (this.initialize()) {
    this.finished = false;
    this.startedAt = Date.now();
    return true;
  }
  this.lost = true;
  return false;
};

/* No LMS: keep progress in this browser's localStorage, quietly. */
function LocalAdapter(courseId) {
  this.version = "local";
  this.errors = [];
  this.key = "coursesmith:" + courseId;
  this.record = null;
  this.startedAt = Date.now();
  this.earlierSeconds = 0;  // time spent in earlier visits, kept with the record
}

LocalAdapter.prototype.start = function () {
  var saved = null;
  try { saved = JSON.parse(window.localStorage.getItem(this.key) || "null"); } catch (e) { saved = null; }
  saved = saved || {};
  this.earlierSeconds = typeof saved.seconds === "number" && saved.seconds >= 0 ? saved.seconds : 0;
  return { mode: "normal", entry: saved.suspendData ? "resume" : "ab-initio", location: saved.location || "",
           suspendData: saved.suspendData || "", status: saved.completion || "", success: saved.success || "",
           score: saved.score == null ? "" : String(saved.score), learnerName: "",
           totalSeconds: this.earlierSeconds };
};
LocalAdapter.prototype.save = function (record) { this.record = record; };
LocalAdapter.prototype.commit = function () {
  if (!this.record) return;
  var kept = {};
  for (var key in this.record) if (Object.prototype.hasOwnProperty.call(this.record, key)) kept[key] = this.record[key];
  kept.seconds = Math.round(this.earlierSeconds + (Date.now() - this.startedAt) / 1000);
  try { window.localStorage.setItem(this.key, JSON.stringify(kept)); } catch (e) { /* private mode or blocked storage */ }
};
LocalAdapter.prototype.finish = LocalAdapter.prototype.commit;
LocalAdapter.prototype.resume = function () { return true; };
LocalAdapter.prototype.trouble = function () { return ""; };

/* A copy of the record in this browser, kept while the LMS does not accept it, with `base`:
   the suspend_data the LMS held for certain at the time. At the next launch, an LMS that still
   hands back that same base has not had the copy: the module carries on from the copy. */
function LocalCopy(courseId, learner) {
  this.key = "coursesmith:" + courseId + ":unsaved:" + (learner || "");
  this.kept = false;
}
LocalCopy.prototype.read = function () {
  try {
    var copy = JSON.parse(window.localStorage.getItem(this.key) || "null");
    this.kept = !!copy;
    if (copy && typeof copy.base === "string" && copy.record && typeof copy.record.suspendData === "string" &&
        typeof copy.record.location === "string") return copy;
  } catch (e) { /* unreadable: as if there were none */ }
  return null;
};
LocalCopy.prototype.write = function (base, record) {
  try {
    window.localStorage.setItem(this.key, JSON.stringify({ base: base, record: record, at: new Date().toISOString() }));
    this.kept = true;
  } catch (e) { /* private mode or blocked storage */ }
};
LocalCopy.prototype.clear = function () {
  if (!this.kept) return;
  try { window.localStorage.removeItem(this.key); } catch (e) { /* blocked storage */ }
  this.kept = false;
};

function connectLms(config) {
  var order = config.scorm === "2004" ? ["2004", "1.2"] : config.scorm === "1.2" ? ["1.2", "2004"] : [];
  for (var i = 0; i < order.length; i++) {
    var api = findApi(order[i] === "1.2" ? "API" : "API_1484_11");
    if (api) return new ScormAdapter(api, order[i]);
  }
  return new LocalAdapter(config.id);
}

/* SCORM 2004 time(second,10,0): the learner's local time, YYYY-MM-DDThh:mm:ss */
function timestamp2004(date) {
  return date.getFullYear() + "-" + pad(date.getMonth() + 1, 2) + "-" + pad(date.getDate(), 2) + "T" +
    pad(date.getHours(), 2) + ":" + pad(date.getMinutes(), 2) + ":" + pad(date.getSeconds(), 2);
}

/* Record one answered question as an interaction, appended to the LMS's journal. Each is a
   new entry, so its values are set as they are, not compared with what was sent before.
   i = {id, type: [type 1.2, type 2004], response, patterns, correct, result (optional), latencyMs, description,
        weighting} */
ScormAdapter.prototype.interaction = function (i) {
  if (!this.active || this.finished) return;
  var v12 = this.version === "1.2";
  if (this.reviewOnly) return;
  if (this.interactions < 0) this.interactions = parseInt(this.get("cmi.interactions._count"), 10) || 0;
  var base = "cmi.interactions." + this.interactions + ".";
  this.interactions += 1;
  var now = new Date();
  var queue = this.queue;
  var put = function (key, value) { queue.push([base + key, String(value)]); };
  put("id", i.id);
  put("type", v12 ? i.type[0] : i.type[1]);
  if (v12) {
    put("time", pad(now.getHours(), 2) + ":" + pad(now.getMinutes(), 2) + ":" + pad(now.getSeconds(), 2));
  } else {
    put("timestamp", timestamp2004(now));
    if (i.description) put("description", i.description.slice(0, 250));
  }
  if (i.weighting != null) put("weighting", i.weighting);  // none for what is never marked
  put(v12 ? "student_response" : "learner_response", i.response);
  put("result", i.result || (i.correct ? "correct" : (v12 ? "wrong" : "incorrect")));  // "neutral": never marked
  var seconds = Math.max(0, i.latencyMs / 1000);
  put("latency", v12 ? timespan12(seconds) : timespan2004(seconds));
  for (var n = 0; n < i.patterns.length; n++) put("correct_responses." + n + ".pattern", i.patterns[n]);
  // Set now; what the LMS refuses stays queued, and is set again at the next commit.
  this.flush();
};
LocalAdapter.prototype.interaction = function () { /* no LMS to report to */ };
