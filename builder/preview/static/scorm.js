/* The preview LMS: coursesmith's own small SCORM runtime, for SCORM 1.2 (window.API) and
   SCORM 2004 (window.API_1484_11). It is written for previewing, not for certifying a module.

   What it does: the eight API calls of each version, with their error codes; the common data
   model elements (status, score, location, suspend_data, entry, mode, exit, times, learner,
   interactions); read-only, write-only and keyword elements; the data types of values
   (vocabularies, numbers and their ranges, times, time spans, identifiers, string lengths);
   interactions filled in order, with SCORM 2004's rule that an interaction's id comes first
   and its type before its responses. A SCORM 1.2 string longer than its limit (4,096
   characters for suspend_data) is refused, as the type says.

   What it does not: objectives, comments and navigation requests (they answer "not
   implemented"); the format of each interaction type's responses and patterns; sequencing.

   The learner's record (what an LMS keeps between launches) is a flat map of element ->
   value, stored at Commit and Terminate. A launch hands it back as a real LMS would: SCORM
   1.2 always; SCORM 2004 when the last session left with exit "suspend" (or for review),
   otherwise a new attempt starts empty. A review stores nothing. */
(function (global) {
  "use strict";

  var ERRORS = {
    "1.2": {
      "0": "No error", "101": "General exception", "201": "Invalid argument error",
      "202": "Element cannot have children", "203": "Element not an array - cannot have count",
      "301": "Not initialized", "401": "Not implemented error",
      "402": "Invalid set value, element is a keyword", "403": "Element is read only",
      "404": "Element is write only", "405": "Incorrect data type"
    },
    "2004": {
      "0": "No error", "101": "General exception", "102": "General initialization failure",
      "103": "Already initialized", "104": "Content instance terminated",
      "111": "General termination failure", "112": "Termination before initialization",
      "113": "Termination after termination", "122": "Retrieve data before initialization",
      "123": "Retrieve data after termination", "132": "Store data before initialization",
      "133": "Store data after termination", "142": "Commit before initialization",
      "143": "Commit after termination", "201": "General argument error", "301": "General get failure",
      "351": "General set failure", "391": "General commit failure",
      "401": "Undefined data model element", "402": "Unimplemented data model element",
      "403": "Data model element value not initialized", "404": "Data model element is read only",
      "405": "Data model element is write only", "406": "Data model element type mismatch",
      "407": "Data model element value out of range", "408": "Data model dependency not established"
    }
  };

  /* Value types: a check returns "" when the value is good, else [kind, explanation], kind
     "type" or "range". */
  function vocab(words) {
    return function (v) { return words.indexOf(v) >= 0 ? "" : ["type", "expected one of: " + words.map(function (w) { return w === "" ? '""' : w; }).join(", ")]; };
  }
  function decimal(min, max) {
    return function (v) {
      if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(v)) return ["type", "expected a number"];
      var n = parseFloat(v);
      if ((min !== null && n < min) || (max !== null && n > max)) return ["range", "expected a number from " + min + " to " + max];
      return "";
    };
  }
  function text(limit, refuse) {
    return function (v) {
      if (v.length > limit && refuse) return ["type", v.length.toLocaleString("en-GB") + " characters, more than the " + limit.toLocaleString("en-GB") + " this element holds"];
      return "";
    };
  }
  function pattern(re, what) { return function (v) { return re.test(v) ? "" : ["type", "expected " + what]; }; }
  function either(a, b) {
    return function (v) {
      var fa = a(v), fb = b(v);
      if (!fa || !fb) return "";
      return [fb[0] === "range" ? "range" : "type", fa[1] + ", or " + fb[1]];
    };
  }
  var TIMESPAN12 = pattern(/^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/, "a time span HHHH:MM:SS.SS");
  var TIME12 = pattern(/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$/, "a time HH:MM:SS");
  var ID12 = pattern(/^[^\s]{1,255}$/, "an identifier: up to 255 characters, no spaces");
  var INTERVAL = function (v) {
    return /^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/.test(v) ? "" : ["type", "expected a time interval like PT1H2M3.4S"];
  };
  var TIME2004 = pattern(/^\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2}(\.\d{1,2})?)?)?)?)?)?(Z|[+-]\d{2}(:\d{2})?)?$/, "a time like 2024-05-01T10:30:00");
  var ID2004 = pattern(/^\S{1,4000}$/, "an identifier: up to 4,000 characters, no spaces");

  /* The data models. access: r, w or rw. An element with "n" holds an index. "children" is
     what _children answers; "initial" is the value before anything is set (absent: 2004 answers
     403 "not initialized", 1.2 an empty string). */
  var MODELS = {
    "1.2": {
      "cmi.core._children": { access: "r", value: "student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time" },
      "cmi.core.student_id": { access: "r" }, "cmi.core.student_name": { access: "r" },
      "cmi.core.lesson_location": { access: "rw", check: text(255, true) },
      "cmi.core.credit": { access: "r" },
      "cmi.core.lesson_status": { access: "rw", initial: "not attempted", check: vocab(["passed", "completed", "failed", "incomplete", "browsed"]) },
      "cmi.core.entry": { access: "r" },
      "cmi.core.score._children": { access: "r", value: "raw,min,max" },
      "cmi.core.score.raw": { access: "rw", check: either(vocab([""]), decimal(0, 100)) },
      "cmi.core.score.min": { access: "rw", check: either(vocab([""]), decimal(0, 100)) },
      "cmi.core.score.max": { access: "rw", check: either(vocab([""]), decimal(0, 100)) },
      "cmi.core.total_time": { access: "r" }, "cmi.core.lesson_mode": { access: "r" },
      "cmi.core.exit": { access: "w", check: vocab(["time-out", "suspend", "logout", ""]) },
      "cmi.core.session_time": { access: "w", check: TIMESPAN12 },
      "cmi.suspend_data": { access: "rw", check: text(4096, true) },
      "cmi.launch_data": { access: "r" },
      "cmi.student_data._children": { access: "r", value: "mastery_score,max_time_allowed,time_limit_action" },
      "cmi.student_data.mastery_score": { access: "r" }, "cmi.student_data.max_time_allowed": { access: "r" },
      "cmi.student_data.time_limit_action": { access: "r" },
      "cmi.interactions._children": { access: "r", value: "id,objectives,time,type,correct_responses,weighting,student_response,result,latency" },
      "cmi.interactions._count": { access: "r", count: "cmi.interactions" },
      "cmi.interactions.n.id": { access: "w", check: ID12 },
      "cmi.interactions.n.objectives._count": { access: "r", count: "objectives" },
      "cmi.interactions.n.objectives.n.id": { access: "w", check: ID12 },
      "cmi.interactions.n.time": { access: "w", check: TIME12 },
      "cmi.interactions.n.type": { access: "w", check: vocab(["true-false", "choice", "fill-in", "matching", "performance", "sequencing", "likert", "numeric"]) },
      "cmi.interactions.n.correct_responses._count": { access: "r", count: "correct_responses" },
      "cmi.interactions.n.correct_responses.n.pattern": { access: "w", check: text(255, true) },
      "cmi.interactions.n.weighting": { access: "w", check: decimal(null, null) },
      "cmi.interactions.n.student_response": { access: "w", check: text(255, true) },
      "cmi.interactions.n.result": { access: "w", check: either(vocab(["correct", "wrong", "unanticipated", "neutral"]), decimal(null, null)) },
      "cmi.interactions.n.latency": { access: "w", check: TIMESPAN12 },
      "cmi.objectives": { unimplemented: true }, "cmi.comments": { unimplemented: true },
      "cmi.comments_from_lms": { unimplemented: true }, "cmi.student_preference": { unimplemented: true }
    },
    "2004": {
      "cmi._version": { access: "r", value: "1.0" },
      "cmi.completion_status": { access: "rw", initial: "unknown", check: vocab(["completed", "incomplete", "not attempted", "unknown"]) },
      "cmi.completion_threshold": { access: "r" }, "cmi.credit": { access: "r" }, "cmi.entry": { access: "r" },
      "cmi.exit": { access: "w", check: vocab(["time-out", "suspend", "logout", "normal", ""]) },
      "cmi.launch_data": { access: "r" }, "cmi.learner_id": { access: "r" }, "cmi.learner_name": { access: "r" },
      "cmi.location": { access: "rw", check: text(1000, false) },
      "cmi.max_time_allowed": { access: "r" }, "cmi.mode": { access: "r" },
      "cmi.progress_measure": { access: "rw", check: decimal(0, 1) },
      "cmi.scaled_passing_score": { access: "r" },
      "cmi.score._children": { access: "r", value: "scaled,raw,min,max" },
      "cmi.score.scaled": { access: "rw", check: decimal(-1, 1) },
      "cmi.score.raw": { access: "rw", check: decimal(null, null) },
      "cmi.score.min": { access: "rw", check: decimal(null, null) },
      "cmi.score.max": { access: "rw", check: decimal(null, null) },
      "cmi.session_time": { access: "w", check: INTERVAL },
      "cmi.success_status": { access: "rw", initial: "unknown", check: vocab(["passed", "failed", "unknown"]) },
      "cmi.suspend_data": { access: "rw", check: text(64000, false) },
      "cmi.time_limit_action": { access: "r", value: "continue,no message" }, "cmi.total_time": { access: "r" },
      "cmi.interactions._children": { access: "r", value: "id,type,objectives,timestamp,correct_responses,weighting,learner_response,result,latency,description" },
      "cmi.interactions._count": { access: "r", count: "cmi.interactions" },
      "cmi.interactions.n.id": { access: "rw", check: ID2004 },
      "cmi.interactions.n.type": { access: "rw", needs: "id", check: vocab(["true-false", "choice", "fill-in", "long-fill-in", "likert", "matching", "performance", "sequencing", "numeric", "other"]) },
      "cmi.interactions.n.objectives._count": { access: "r", count: "objectives" },
      "cmi.interactions.n.objectives.n.id": { access: "rw", needs: "id", check: ID2004 },
      "cmi.interactions.n.timestamp": { access: "rw", needs: "id", check: TIME2004 },
      "cmi.interactions.n.correct_responses._count": { access: "r", count: "correct_responses" },
      "cmi.interactions.n.correct_responses.n.pattern": { access: "rw", needs: "type", check: text(4000, false) },
      "cmi.interactions.n.weighting": { access: "rw", needs: "id", check: decimal(null, null) },
      "cmi.interactions.n.learner_response": { access: "rw", needs: "type", check: text(4000, false) },
      "cmi.interactions.n.result": { access: "rw", needs: "id", check: either(vocab(["correct", "incorrect", "unanticipated", "neutral"]), decimal(null, null)) },
      "cmi.interactions.n.latency": { access: "rw", needs: "id", check: INTERVAL },
      "cmi.interactions.n.description": { access: "rw", needs: "id", check: text(250, false) },
      "cmi.objectives": { unimplemented: true }, "cmi.comments_from_learner": { unimplemented: true },
      "cmi.comments_from_lms": { unimplemented: true }, "cmi.learner_preference": { unimplemented: true },
      "adl.nav.request": { unimplemented: true }, "adl.nav.request_valid": { unimplemented: true }
    }
  };

  /* Codes for each kind of failure, in each version. */
  var CODES = {
    "1.2": { notInit: "301", afterEnd: "301", initTwice: "101", initAfterEnd: "101", endBefore: "301", endTwice: "301",
             argument: "201", undefined: "201", unimplemented: "401", readOnly: "403", writeOnly: "404",
             keyword: "402", noChildren: "202", noCount: "203", type: "405", range: "405", index: "201",
             indexGet: "201", dependency: "201", notSet: "0" },
    "2004": { notInit: "1x2", afterEnd: "1x3", initTwice: "103", initAfterEnd: "104", endBefore: "112", endTwice: "113",
              argument: "201", undefined: "401", unimplemented: "402", readOnly: "404", writeOnly: "405",
              keyword: "404", noChildren: "301", noCount: "301", type: "406", range: "407", index: "351",
              indexGet: "301", dependency: "408", notSet: "403" }
  };

  var NAMES = {
    "1.2": { Initialize: "LMSInitialize", Terminate: "LMSFinish", GetValue: "LMSGetValue", SetValue: "LMSSetValue",
             Commit: "LMSCommit", GetLastError: "LMSGetLastError", GetErrorString: "LMSGetErrorString",
             GetDiagnostic: "LMSGetDiagnostic" },
    "2004": { Initialize: "Initialize", Terminate: "Terminate", GetValue: "GetValue", SetValue: "SetValue",
              Commit: "Commit", GetLastError: "GetLastError", GetErrorString: "GetErrorString",
              GetDiagnostic: "GetDiagnostic" }
  };

  var KEYS = {
    "1.2": { location: "cmi.core.lesson_location", status: "cmi.core.lesson_status", exit: "cmi.core.exit",
             entry: "cmi.core.entry", mode: "cmi.core.lesson_mode", credit: "cmi.core.credit",
             total: "cmi.core.total_time", time: "cmi.core.session_time", raw: "cmi.core.score.raw",
             name: "cmi.core.student_name", id: "cmi.core.student_id", response: "student_response" },
    "2004": { location: "cmi.location", status: "cmi.completion_status", success: "cmi.success_status",
              exit: "cmi.exit", entry: "cmi.entry", mode: "cmi.mode", credit: "cmi.credit",
              total: "cmi.total_time", time: "cmi.session_time", raw: "cmi.score.raw", scaled: "cmi.score.scaled",
              name: "cmi.learner_name", id: "cmi.learner_id", response: "learner_response" }
  };

  /* Time spans in seconds, both ways, to add a session's time to the total. */
  function seconds(span) {
    var m = /^(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(span || "");
    if (m) return +m[1] * 3600 + +m[2] * 60 + +m[3];
    m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$/.exec(span || "");
    if (m) return (+m[3] || 0) * 86400 + (+m[4] || 0) * 3600 + (+m[5] || 0) * 60 + (+m[6] || 0);
    return 0;
  }
  function span(version, total) {
    var cs = Math.round(total * 100), h = Math.floor(cs / 360000), m = Math.floor(cs % 360000 / 6000), s = (cs % 6000) / 100;
    if (version === "2004") return "PT" + h + "H" + m + "M" + s + "S";
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return ("000" + Math.min(h, 9999)).slice(-4) + ":" + two(m) + ":" + (s < 10 ? "0" : "") + s.toFixed(2);
  }

  /* The rule for an element: its model entry, and the indexes it holds. */
  function lookup(model, element) {
    var indexes = [];
    var key = element.split(".").map(function (part) {
      if (/^\d+$/.test(part)) { indexes.push(+part); return "n"; }
      return part;
    }).join(".");
    var rule = model[key];
    if (!rule) {
      for (var k in model) {
        if (model[k].unimplemented && (key === k || key.indexOf(k + ".") === 0)) return { rule: model[k], key: key, indexes: indexes };
      }
    }
    return { rule: rule || null, key: key, indexes: indexes };
  }

  /* One launch of the module: an API object and the session's values.
     record: the stored record (element -> value), or null for a learner never seen; or a
     function that gives it, read at Initialize (after an earlier launch has stored).
     hooks.call(entry) after every API call; hooks.store(record, why) when the record is to be
     stored (at Commit and Terminate, never in review). */
  function Session(version, record, mode, hooks) {
    this.version = version;
    this.model = MODELS[version];
    this.codes = CODES[version];
    this.keys = KEYS[version];
    this.names = NAMES[version];
    this.record = record;
    this.mode = mode || "normal";
    this.hooks = hooks || {};
    this.state = "new";      // new, running, ended
    this.values = {};        // the values of this session
    this.setSince = false;   // something was set since the last store
    this.error = "0";
    this.diagnostic = "";
    this.calls = 0;
    this.api = this.makeApi();
  }

  /* What the LMS hands the module at Initialize. */
  Session.prototype.launchData = function () {
    if (typeof this.record === "function") this.record = this.record();
    var k = this.keys, record = this.record, values = {};
    var seen = !!record && Object.keys(record).length > 0;
    var suspended = seen && record[k.exit] === "suspend";
    var handBack = seen && (this.version === "1.2" || suspended || this.mode !== "normal");
    if (handBack) Object.keys(record).forEach(function (key) { if (key !== k.exit) values[key] = record[key]; });
    values[k.entry] = !seen || (!handBack) ? "ab-initio" : suspended ? "resume" : "";
    values[k.mode] = this.mode;
    values[k.credit] = this.mode === "normal" ? "credit" : "no-credit";
    values[k.name] = this.version === "1.2" ? "Learner, Preview" : "Preview Learner";
    values[k.id] = "preview";
    values[k.total] = handBack && record[k.total] ? record[k.total] : span(this.version, 0);
    this.handedBack = handBack;
    this.entry = values[k.entry];
    return values;
  };

  Session.prototype.fail = function (code, diagnostic) {
    if (code === "1x2" || code === "1x3") code = code.replace("x", this.failing);
    this.error = code;
    this.diagnostic = diagnostic || "";
    return code;
  };

  Session.prototype.ok = function () { this.error = "0"; this.diagnostic = ""; };

  Session.prototype.checkRunning = function (kind) {
    // kind: 2 retrieve, 3 store, 4 commit (the middle digit of the 2004 codes)
    this.failing = String(kind);
    if (this.state === "new") { this.fail(this.codes.notInit, "the session has not been initialized"); return false; }
    if (this.state === "ended") { this.fail(this.codes.afterEnd, "the session has already been terminated"); return false; }
    return true;
  };

  Session.prototype.initialize = function (arg) {
    if (arg !== "") return this.fail(this.codes.argument, "the argument must be an empty string") && "false";
    if (this.state === "running") return this.fail(this.codes.initTwice, "the session is already initialized") && "false";
    if (this.state === "ended") return this.fail(this.codes.initAfterEnd, "the session has been terminated: a new launch is needed") && "false";
    this.values = this.launchData();
    this.state = "running";
    this.startedAt = Date.now();
    this.ok();
    return "true";
  };

  Session.prototype.terminate = function (arg) {
    if (arg !== "") return this.fail(this.codes.argument, "the argument must be an empty string") && "false";
    if (this.state === "new") return this.fail(this.codes.endBefore, "the session was never initialized") && "false";
    if (this.state === "ended") return this.fail(this.codes.endTwice, "the session is already terminated") && "false";
    this.state = "ended";
    this.store("Terminate", true);
    this.ok();
    return "true";
  };

  Session.prototype.commit = function (arg) {
    if (arg !== "") return this.fail(this.codes.argument, "the argument must be an empty string") && "false";
    if (!this.checkRunning(4)) return "false";
    this.store("Commit", false);
    this.ok();
    return "true";
  };

  /* The record to keep: the session's values, without what the LMS itself hands out. */
  Session.prototype.store = function (why, ending) {
    if (this.mode !== "normal") { this.setSince = false; return; }
    var k = this.keys, record = {}, values = this.values;
    var launchOnly = [k.entry, k.mode, k.credit, k.name, k.id, k.time];
    Object.keys(values).forEach(function (key) { if (launchOnly.indexOf(key) < 0) record[key] = values[key]; });
    if (ending) {
      record[k.total] = span(this.version, seconds(values[k.total]) + seconds(values[k.time]));
    } else {
      record[k.total] = values[k.total];
    }
    this.record = record;
    this.setSince = false;
    if (this.hooks.store) this.hooks.store(record, why);
  };

  Session.prototype.count = function (prefix) {
    var n = 0, values = this.values, re = new RegExp("^" + prefix.replace(/\./g, "\\.") + "\\.(\\d+)\\.");
    Object.keys(values).forEach(function (key) {
      var m = re.exec(key);
      if (m) n = Math.max(n, +m[1] + 1);
    });
    return n;
  };

  /* The prefix of the array an index of an element belongs to: for
     cmi.interactions.2.correct_responses.0.pattern and depth 1, cmi.interactions.2.correct_responses */
  function arrayPrefix(element, depth) {
    var parts = element.split("."), seen = 0;
    for (var i = 0; i < parts.length; i++) {
      if (/^\d+$/.test(parts[i])) {
        if (seen === depth) return parts.slice(0, i).join(".");
        seen++;
      }
    }
    return "";
  }

  Session.prototype.getValue = function (element) {
    if (!this.checkRunning(2)) return "";
    element = String(element);
    if (element === "") { this.fail(this.version === "1.2" ? "201" : "301", "no element was named"); return ""; }
    var found = lookup(this.model, element), rule = found.rule, last = element.split(".").pop();
    if (!rule) {
      if (last === "_children" && lookup(this.model, element.slice(0, -10)).rule) {
        this.fail(this.codes.noChildren, element.slice(0, -10) + " has no children"); return "";
      }
      if (last === "_count" && lookup(this.model, element.slice(0, -7)).rule) {
        this.fail(this.codes.noCount, element.slice(0, -7) + " is not an array"); return "";
      }
      this.fail(this.codes.undefined, element + " is not an element of the SCORM " + this.version + " data model"); return "";
    }
    if (rule.unimplemented) { this.fail(this.codes.unimplemented, element + " is not implemented by this preview"); return ""; }
    if (rule.access === "w") { this.fail(this.codes.writeOnly, element + " is write-only"); return ""; }
    if (rule.value !== undefined) { this.ok(); return rule.value; }
    if (rule.count) {
      this.ok();
      return String(this.count(element.slice(0, -"._count".length)));
    }
    for (var d = 0; d < found.indexes.length; d++) {
      var prefix = arrayPrefix(element, d);
      if (found.indexes[d] >= this.count(prefix)) {
        this.fail(this.codes.indexGet, prefix + "." + found.indexes[d] + " has not been set"); return "";
      }
    }
    if (element in this.values) { this.ok(); return this.values[element]; }
    if (rule.initial !== undefined) { this.ok(); return rule.initial; }
    if (this.version === "2004" && rule.access === "rw") { this.fail("403", element + " has not been set"); return ""; }
    this.ok();
    return "";
  };

  Session.prototype.setValue = function (element, value) {
    if (!this.checkRunning(3)) return "false";
    element = String(element);
    value = String(value);
    if (element === "") { this.fail(this.version === "1.2" ? "201" : "351", "no element was named"); return "false"; }
    var found = lookup(this.model, element), rule = found.rule, last = element.split(".").pop();
    if (!rule) {
      if ((last === "_children" || last === "_count") && this.version === "1.2") {
        this.fail("402", element + " is a keyword: it cannot be set"); return "false";
      }
      this.fail(this.codes.undefined, element + " is not an element of the SCORM " + this.version + " data model"); return "false";
    }
    if (rule.unimplemented) { this.fail(this.codes.unimplemented, element + " is not implemented by this preview"); return "false"; }
    if (rule.value !== undefined || rule.count) { this.fail(this.codes.keyword, element + " is a keyword: it cannot be set"); return "false"; }
    if (rule.access === "r") { this.fail(this.codes.readOnly, element + " is read-only"); return "false"; }
    for (var d = 0; d < found.indexes.length; d++) {
      var prefix = arrayPrefix(element, d), count = this.count(prefix);
      if (found.indexes[d] > count) {
        this.fail(this.codes.index, prefix + "." + found.indexes[d] + " skips an index: the next one is " + count); return "false";
      }
    }
    if (rule.needs) {
      var base = arrayPrefix(element, 0) + "." + found.indexes[0] + ".";
      if (!((base + "id") in this.values) || (rule.needs === "type" && !((base + "type") in this.values))) {
        this.fail(this.codes.dependency, "set " + base + rule.needs + " first"); return "false";
      }
    }
    var bad = rule.check ? rule.check(value) : "";
    if (bad) {
      this.fail(bad[0] === "range" ? this.codes.range : this.codes.type, element + ": '" + value.slice(0, 80) + (value.length > 80 ? "…" : "") + "': " + bad[1]);
      return "false";
    }
    this.values[element] = value;
    this.setSince = true;
    this.ok();
    return "true";
  };

  Session.prototype.errorString = function (code) {
    return ERRORS[this.version][String(code)] || "";
  };

  Session.prototype.getDiagnostic = function (code) {
    code = String(code);
    if (code === "" || code === this.error) return this.diagnostic || this.errorString(this.error);
    return this.errorString(code);
  };

  /* The API object the module finds: each call logged with its result and error. */
  Session.prototype.makeApi = function () {
    var session = this, api = {}, names = this.names;
    function logged(name, fn, asksForError) {
      return function () {
        var args = Array.prototype.slice.call(arguments).map(function (a) { return a === undefined ? "" : String(a); });
        var result = fn.apply(session, args);
        session.calls++;
        if (session.hooks.call) {
          // Asking about an error changes nothing, and has no error of its own to show.
          var failed = !asksForError && session.error !== "0";
          session.hooks.call({ call: names[name], args: args, result: result, error: failed ? session.error : "0",
                               message: failed ? session.getDiagnostic("") : "" });
        }
        return result;
      };
    }
    api[names.Initialize] = logged("Initialize", function (a) { return this.initialize(arguments.length ? a : ""); });
    api[names.Terminate] = logged("Terminate", function (a) { return this.terminate(arguments.length ? a : ""); });
    api[names.GetValue] = logged("GetValue", function (e) { return this.getValue(e); });
    api[names.SetValue] = logged("SetValue", function (e, v) { return this.setValue(e, v); });
    api[names.Commit] = logged("Commit", function (a) { return this.commit(arguments.length ? a : ""); });
    api[names.GetLastError] = logged("GetLastError", function () { return this.error; }, true);
    api[names.GetErrorString] = logged("GetErrorString", function (code) { return this.errorString(code); }, true);
    api[names.GetDiagnostic] = logged("GetDiagnostic", function (code) { return this.getDiagnostic(code === undefined ? "" : code); }, true);
    return api;
  };

  global.PreviewScorm = { Session: Session, ERRORS: ERRORS, KEYS: KEYS, seconds: seconds, span: span };
})(window);
