/* The LMS side of the end-to-end tests, playing the part Moodle plays: it creates the SCORM
   API with scorm-again (the reference LMS-side runtime), keeps what the module stores as
   "tracks" (the last committed value of each element, as an LMS's database does), and
   launches the package in an iframe with the data a real LMS would hand back. Every API call
   the module makes is logged with its result and error code.

   Query:
     scorm=1.2|2004      the API to provide
     launch=URL          the module's index.html (its imsmanifest.xml sits beside it)
     profile=plain|moodle
                         plain: the SCORM rules as scorm-again enforces them; moodle: Moodle's
                         own rules on top (moodle.js)
     mode=review|browse  a launch the learner asked for in that mode (a profile may decide the
                         mode itself, as Moodle does)
     display=popup       Moodle's "new window" display: the module finds the API via opener
     faults=a,b          an LMS that fails the module in these ways (faults.js)
     slow=MS             every API call takes this long (busy-waits, as a synchronous request does)
     learner=NAME        the learner's name as the LMS gives it (cmi.core.student_name /
                         cmi.learner_name); default "Okafor, Jordan", "Last, First" as Moodle
                         gives it; empty for an LMS that gives none

   Set by the test before the page loads:
     window.__tracks     the tracks stored by earlier sessions of this learner
     window.__initialCmi flattened CMI elements loaded as they are (for crafted states) */
(function () {
  "use strict";
  var params = new URLSearchParams(window.location.search);
  var version = params.get("scorm");
  var v12 = version === "1.2";
  var launchUrl = params.get("launch");
  var profileName = params.get("profile") || "plain";
  var requestedMode = params.get("mode") || "normal";
  var settings = { autocommit: false, logLevel: 5 };
  var api = v12 ? new window.Scorm12API(settings) : new window.Scorm2004API(settings);

  var K = v12
    ? { status: "cmi.core.lesson_status", exit: "cmi.core.exit", entry: "cmi.core.entry",
        mode: "cmi.core.lesson_mode", credit: "cmi.core.credit", raw: "cmi.core.score.raw",
        time: "cmi.core.session_time", total: "cmi.core.total_time", name: "cmi.core.student_name",
        init: "LMSInitialize", finish: "LMSFinish", get: "LMSGetValue", set: "LMSSetValue",
        commit: "LMSCommit", error: "LMSGetLastError", text: "LMSGetErrorString" }
    : { status: "cmi.completion_status", exit: "cmi.exit", entry: "cmi.entry", mode: "cmi.mode",
        credit: "cmi.credit", raw: "cmi.score.raw", time: "cmi.session_time", total: "cmi.total_time",
        name: "cmi.learner_name",
        init: "Initialize", finish: "Terminate", get: "GetValue", set: "SetValue", commit: "Commit",
        error: "GetLastError", text: "GetErrorString" };

  /* Time spans, to add a session's time to the total as an LMS does. */
  function seconds(span) {
    if (!span) return 0;
    var m = /^(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(span);
    if (m) return +m[1] * 3600 + +m[2] * 60 + +m[3];
    m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$/.exec(span);
    if (m) return (+m[1] || 0) * 86400 + (+m[2] || 0) * 3600 + (+m[3] || 0) * 60 + (+m[4] || 0);
    return 0;
  }
  function span(total) {
    var cs = Math.round(total * 100), h = Math.floor(cs / 360000), m = Math.floor(cs % 360000 / 6000);
    var s = (cs % 6000) / 100;
    if (v12) {
      var pad = function (n) { return (n < 10 ? "0" : "") + n; };
      return (h < 10 ? "000" : h < 100 ? "00" : h < 1000 ? "0" : "") + h + ":" + pad(m) + ":" +
        (s < 10 ? "0" : "") + s.toFixed(2);
    }
    return "PT" + h + "H" + m + "M" + s + "S";
  }

  /* The learner's record, as the LMS's database holds it. */
  var tracks = Object.assign({}, window.__tracks || {});
  var pending = {};     // values set since the last commit
  var refused = "";      // an error code the profile gave for the last call
  var handedTotal = "";  // the total time the LMS handed over at launch
  var sessionTime = "";  // this session's time, as the module reported it

  var context = {
    version: version, v12: v12, keys: K, api: api, tracks: tracks, requestedMode: requestedMode,
    masteryScore: "", scaledPassingScore: "",
    /* The CMI data the launch starts with (element -> value). */
    launchData: function () {
      var data = {};
      var finishedBefore = tracks[K.exit] !== undefined || tracks[K.status] !== undefined;
      var handBack = v12 || tracks[K.exit] === "suspend" || (requestedMode !== "normal" && finishedBefore);
      if (handBack) Object.keys(tracks).forEach(function (k) { data[k] = tracks[k]; });
      data[K.entry] = !finishedBefore ? "ab-initio" : tracks[K.exit] === "suspend" ? "resume" : "";
      data[K.mode] = requestedMode;
      data[K.credit] = requestedMode === "normal" ? "credit" : "no-credit";
      return data;
    },
    /* Called before the API stores the session at Finish/Terminate. */
    beforeFinish: function () {},
    /* A value the LMS itself sets on the learner's record (stored with the session). */
    lmsSets: function (element, value) {
      var path = element.split(".").slice(1), target = api.cmi;
      for (var i = 0; i < path.length - 1; i++) target = target[path[i]];
      target[path[path.length - 1]] = value;
      pending[element] = String(value);
    },
    /* A check of a value before scorm-again sees it: an error code, or "" to let it through. */
    refuseSet: function () { return ""; },
    /* Initialize (`original` is scorm-again's): its result; `refuse(code)` fails it. */
    initialize: function (original, args) { return original.apply(null, args); },
    /* Called before every call the module makes. */
    beforeCall: function () {},
    /* Fail the current call with this error code: returns "false", GetLastError gives the code. */
    refuse: function (code) { refused = code; return "false"; }
  };
  var profile = profileName === "moodle" ? window.moodleProfile(context) : context;
  profile = window.lmsFaults(profile, (params.get("faults") || "").split(",").filter(Boolean), +params.get("slow") || 0);

  var log = [];
  var lastError = api[K.error].bind(api);
  var errorText = api[K.text].bind(api);

  function store(finishing) {
    Object.keys(pending).forEach(function (k) { tracks[k] = pending[k]; });
    pending = {};
    if (finishing) tracks[K.total] = span(seconds(handedTotal) + seconds(sessionTime));
  }

  var wrap = {};
  wrap[K.init] = function (original, args) { return profile.initialize(original, args); };
  wrap[K.get] = function (original, args) { return original.apply(null, args); };
  wrap[K.set] = function (original, args) {
    var code = profile.refuseSet(String(args[0]), String(args[1]));
    if (code) { refused = code; return "false"; }
    var result = original.apply(null, args);
    if (String(result) !== "true") return result;
    if (args[0] === K.time) sessionTime = String(args[1]);
    else pending[args[0]] = String(args[1]);
    return result;
  };
  wrap[K.commit] = function (original, args) {
    var result = original.apply(null, args);
    if (String(result) === "true") store(false);
    return result;
  };
  wrap[K.finish] = function (original, args) {
    profile.beforeFinish();
    var result = original.apply(null, args);
    if (String(result) === "true") store(true);
    return result;
  };
  wrap[K.error] = function () { return refused || lastError(); };
  wrap[K.text] = function (original, args) { return original.apply(null, args); };

  Object.keys(wrap).forEach(function (name) {
    var original = api[name].bind(api);
    api[name] = function () {
      var args = Array.prototype.slice.call(arguments);
      profile.beforeCall(name);
      if (name !== K.error && name !== K.text) refused = "";  // a new call clears the profile's error
      var result = wrap[name](original, args);
      var asksError = name === K.error || name === K.text;
      log.push({ call: name, args: args, result: String(result), error: asksError ? "0" : String(refused || lastError()) });
      return result;
    };
  });

  window.lmsApi = api;
  window.lmsLog = log;
  window.lmsTracks = function () { return Object.assign({}, tracks); };
  window.lmsErrorText = errorText;
  if (v12) window.API = api; else window.API_1484_11 = api;

  /* The package's mastery score, from its manifest, as an LMS reads it at upload. */
  function readManifest(text) {
    var doc = new DOMParser().parseFromString(text, "application/xml");
    var mastery = doc.getElementsByTagNameNS("*", "masteryscore")[0];
    var measure = doc.getElementsByTagNameNS("*", "minNormalizedMeasure")[0];
    context.masteryScore = mastery ? mastery.textContent.trim() : "";
    context.scaledPassingScore = measure ? measure.textContent.trim() : "";
  }

  function start() {
    var data = profile.launchData();
    data[K.name] = params.has("learner") ? params.get("learner") : "Okafor, Jordan";
    if (v12 && context.masteryScore) data["cmi.student_data.mastery_score"] = context.masteryScore;
    if (!v12 && context.scaledPassingScore) data["cmi.scaled_passing_score"] = context.scaledPassingScore;
    if (window.__initialCmi) Object.keys(window.__initialCmi).forEach(function (k) { data[k] = window.__initialCmi[k]; });
    handedTotal = data[K.total] || "";
    delete data[K.exit];  // write-only: what the module left with decides entry, above
    delete data[K.time];
    api.loadFromFlattenedJSON(data);
    window.lmsLaunch = data;
    if (params.get("display") === "popup") {
      var frame = document.getElementById("sco");
      frame.parentNode.removeChild(frame);
      var button = document.createElement("button");
      button.textContent = "Enter";
      button.addEventListener("click", function () { window.open(launchUrl, "course", "width=800,height=600"); });
      document.body.appendChild(button);
    } else {
      document.getElementById("sco").src = launchUrl;
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var manifest = launchUrl.replace(/[^/]*$/, "imsmanifest.xml");
    fetch(manifest).then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (text) { if (text) readManifest(text); }, function () {})
      .then(start);
  });
})();
