/* Moodle's rules, on top of scorm-again, for the test LMS (profile=moodle). Each rule is
   written from what Moodle's mod/scorm does (4.x: locallib.php scorm_check_mode(),
   datamodels/scorm_12lib.php and scorm_13lib.php get_scorm_default(), datamodels/scorm_12.js
   and scorm_13.js StoreData() and SetValue()), so that the end-to-end tests meet what a real
   Moodle does to a module:

   - A launch after the attempt was stored as finished is in review mode (SCORM 1.2:
     lesson_status completed, passed or failed; SCORM 2004: completion_status completed).
   - SCORM 1.2 hands every stored element back; SCORM 2004 hands them back only when the
     module left with cmi.exit = "suspend", and otherwise starts with an empty record (no
     location, no suspend_data, no total time).
   - At LMSFinish (1.2), a status still "not attempted" becomes "completed", and when the
     package has a mastery score and the module set score.raw, the status becomes "passed" or
     "failed" by the score ("Mastery score overrides status", Moodle's default).
   - At Terminate (2004), a progress_measure the module set decides completion_status against
     the package's completion threshold (none here: Moodle compares with an empty one, and
     any progress counts as completed).
   - The total time adds each session's time to the total handed over at launch.
   - SCORM 1.2: LMSFinish only marks the API as not initialised, so a module may call
     LMSInitialize again afterwards (as after the back-forward cache); SCORM 2004 refuses an
     Initialize after Terminate (104), as scorm-again does.
   - SCORM 2004 interaction responses and patterns of type choice, sequencing, likert,
     matching and performance must be made of identifiers matching ^[\w.]{1,250}$;
     otherwise SetValue fails with 406. */
window.moodleProfile = function (lms) {
  "use strict";
  var K = lms.keys, tracks = lms.tracks, v12 = lms.v12;
  var SHORT = /^[\w.]{1,250}$/;
  var DECIMAL = /^-?\d{1,5}(\.\d{1,18})?$/;

  function finished() {
    var status = tracks[K.status];
    return v12 ? ["completed", "passed", "failed"].indexOf(status) >= 0 : status === "completed";
  }

  function launchData() {
    var data = {};
    var mode = lms.requestedMode === "browse" ? "browse" : finished() ? "review" : "normal";
    var exit = tracks[K.exit];
    if (v12 || exit === "suspend") Object.keys(tracks).forEach(function (k) { data[k] = tracks[k]; });
    if (v12) {
      data[K.entry] = !tracks[K.status] ? "ab-initio" : exit === "suspend" ? "resume" : "";
      if (!data[K.status]) data[K.status] = "not attempted";
    } else {
      data[K.entry] = exit === "suspend" || exit === "logout" ? "resume" : "ab-initio";
      if (!data[K.total]) data[K.total] = "PT0H0M0S";
    }
    data[K.mode] = mode;
    data[K.credit] = mode === "normal" ? "credit" : "no-credit";
    return data;
  }

  function beforeFinish() {
    var api = lms.api;
    if (v12) {
      var core = api.cmi.core;
      if (core.lesson_status === "not attempted") lms.lmsSets(K.status, "completed");
      var mastery = api.cmi.student_data.mastery_score;
      if (core.lesson_mode === "normal" && core.credit === "credit" && mastery !== "" && core.score.raw !== "") {
        lms.lmsSets(K.status, parseFloat(core.score.raw) >= parseFloat(mastery) ? "passed" : "failed");
      }
    } else if (api.cmi.mode === "normal" && api.cmi.credit === "credit") {
      var progress = api.cmi.progress_measure;
      if (progress !== "" && progress !== null && progress !== undefined) {
        // String comparison against an empty threshold, as Moodle's StoreData makes it.
        lms.lmsSets(K.status, String(progress) >= String(api.cmi.completion_threshold || "") ? "completed" : "incomplete");
      }
    }
  }

  function nodes(value, pattern) {
    var text = pattern ? value.replace(/^\{order_matters=(true|false)\}/, "") : value;
    return text.split("[,]");
  }

  /* Moodle's check of a SCORM 2004 response or pattern: an error code, or "" when it passes. */
  function refuseSet(element, value) {
    if (v12) return "";
    var m = /^cmi\.interactions\.(\d+)\.(learner_response|correct_responses\.\d+\.pattern)$/.exec(element);
    if (!m) return "";
    var interaction = lms.api.cmi.interactions.childArray[+m[1]];
    var type = interaction ? interaction.type : "";
    var pattern = m[2] !== "learner_response";
    var ok = true;
    if (type === "choice" || type === "sequencing" || type === "likert") {
      ok = value === "" || nodes(value, false).every(function (n) { return SHORT.test(n); });
    } else if (type === "matching" || type === "performance") {
      ok = nodes(value, pattern).every(function (n) {
        var pair = n.split("[.]");
        if (pair.length !== 2) return false;
        if (type === "matching") return SHORT.test(pair[0]) && SHORT.test(pair[1]);
        return (pair[0] === "" || SHORT.test(pair[0])) && (pair[1] === "" || SHORT.test(pair[1]) || DECIMAL.test(pair[1]));
      });
    }
    return ok ? "" : "406";
  }

  /* Moodle's scorm_12.js: LMSFinish sets Initialized = false, and LMSInitialize starts again. */
  function initialize(original, args) {
    if (v12 && lms.api.isTerminated()) lms.api.currentState = 0;  // scorm-again's "not initialized"
    return original.apply(null, args);
  }

  lms.initialize = initialize;
  lms.launchData = launchData;
  lms.beforeFinish = beforeFinish;
  lms.refuseSet = refuseSet;
  return lms;
};
