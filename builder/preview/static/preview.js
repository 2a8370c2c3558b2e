/* The preview page: plays the module in a frame with the preview LMS (scorm.js) as its API,
   shows what the module records, and follows the server's builds (Server-Sent Events):
   "rebuilt" relaunches the module on the page it was on, with the learner's record as the
   LMS stored it; "error" shows every problem in place of the module. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("preview-config").textContent);
  var version = config.scorm;
  var K = PreviewScorm.KEYS[version];
  var storeKey = "coursesmith-preview:" + config.folder + ":" + version;
  var LIMIT12 = 4096;

  function $(id) { return document.getElementById(id); }
  var frame = $("module");

  /* The learner's record, kept in this browser so that a reload of the whole page keeps it. */
  function loadRecord() {
    try { return JSON.parse(window.localStorage.getItem(storeKey) || "null"); } catch (e) { return null; }
  }
  function saveRecord(record) {
    try {
      if (record) window.localStorage.setItem(storeKey, JSON.stringify(record));
      else window.localStorage.removeItem(storeKey);
    } catch (e) { /* storage blocked: the record lives as long as the page */ }
  }

  var preview = window.preview = {
    record: loadRecord(), storedAt: null, storedBy: "", session: null, launches: 0,
    build: null, showing: false, log: [], timeline: []
  };

  /* -- launching the module ------------------------------------------------------------- */

  function launch(mode) {
    var session = new PreviewScorm.Session(version, function () { return preview.record; }, mode, {
      call: function (entry) {
        entry.launch = session.number;
        entry.at = Date.now();
        preview.log.push(entry);
        if (preview.log.length > 5000) preview.log.splice(0, 1000);
        if (/Initialize$/.test(entry.call) && entry.result === "true") {
          var mark = preview.timeline[preview.timeline.length - 1];
          if (mark && !mark.initialized) mark.initialized = entry.at;
        }
        addLogEntry(entry);
        scheduleRender();
      },
      store: function (record, why) {
        // Only the session now playing stores: an earlier one finishing late must not
        // overwrite a reset.
        if (session !== preview.session && why !== "Terminate") return;
        if (session.resetAway) return;
        preview.record = record;
        preview.storedAt = new Date();
        preview.storedBy = why;
        saveRecord(record);
        scheduleRender();
      }
    });
    session.number = ++preview.launches;
    preview.session = session;
    // The module in the frame now (if any) keeps its own API object and terminates on it as
    // it leaves; the new document finds the new one.
    if (version === "1.2") window.API = session.api; else window.API_1484_11 = session.api;
    preview.timeline.push({ launch: session.number, build: preview.build && preview.build.build, started: Date.now() });
    addLogEntry({ launchMark: true, launch: session.number, mode: mode });
    frame.hidden = false;
    frame.src = "module/index.html?launch=" + session.number;
    preview.showing = true;
    scheduleRender();
  }

  // When the module's page has loaded (its script has run): the moment a reload is ready.
  frame.addEventListener("load", function () {
    var mark = preview.timeline[preview.timeline.length - 1];
    if (mark && mark.launch && !mark.loaded && frame.getAttribute("src") !== "about:blank") mark.loaded = Date.now();
  });

  function unload() {
    if (preview.showing) frame.src = "about:blank";
    preview.showing = false;
  }

  /* -- builds from the server ------------------------------------------------------------ */

  function setTitle(build) {
    if (build.course) {
      $("preview-title").textContent = "Preview: " + build.course.title;
      document.title = "Preview: " + build.course.title + " – coursesmith";
      frame.title = "Module: " + build.course.title;
    }
  }

  function time(date) { return date.toLocaleTimeString("en-GB"); }

  function warningsText(build) {
    var w = build.problems.filter(function (p) { return p.level === "warning"; }).length;
    return w ? " with " + w + " warning" + (w === 1 ? "" : "s") + " (in the terminal)" : "";
  }

  function onRebuilt(build) {
    var first = !preview.build;
    var wasError = preview.build && !preview.build.ok;
    preview.build = build;
    setTitle(build);
    $("problems").hidden = true;
    $("relaunch").disabled = $("review").disabled = false;
    $("build-status").textContent = (first ? "Built at " : "Rebuilt at ") + time(new Date()) + " in " + build.ms + " ms" + warningsText(build) + ".";
    var mode = preview.session && !first && !wasError ? preview.session.mode : "normal";
    launch(mode);
  }

  function onError(build) {
    preview.build = build;
    setTitle(build);
    unload();
    frame.hidden = true;
    var list = $("problem-list");
    list.textContent = "";
    build.problems.forEach(function (p) {
      var li = document.createElement("li");
      li.className = "problem problem--" + p.level;
      var where = document.createElement("strong");
      where.className = "where";
      where.textContent = p.file + (p.line ? ", line " + p.line : "") + (p.column ? ", column " + p.column : "");
      var message = document.createElement("span");
      message.className = "message";
      message.textContent = (p.level === "warning" ? "Warning: " : "") + p.message;
      li.appendChild(where);
      li.appendChild(document.createTextNode(": "));
      li.appendChild(message);
      if (p.hint) {
        var hint = document.createElement("p");
        hint.className = "hint";
        hint.textContent = "Hint: " + p.hint;
        li.appendChild(hint);
      }
      list.appendChild(li);
    });
    var errors = build.problems.filter(function (p) { return p.level === "error"; }).length;
    $("problems-heading").textContent = "The course has " + errors + " problem" + (errors === 1 ? "" : "s");
    $("problems").hidden = false;
    $("relaunch").disabled = $("review").disabled = true;  // until the course builds again
    $("build-status").textContent = "The build failed at " + time(new Date()) + ": " + errors + " problem" +
      (errors === 1 ? "" : "s") + " to fix.";
    preview.timeline.push({ build: build.build, error: Date.now() });
  }

  function connect() {
    var events = new EventSource("_preview/events");
    events.addEventListener("rebuilt", function (e) {
      var build = JSON.parse(e.data);
      if (!preview.build || build.build !== preview.build.build) onRebuilt(build);
    });
    events.addEventListener("error", function (e) {
      if (!e.data) return; // the connection's own error event (handled below)
      var build = JSON.parse(e.data);
      if (!preview.build || build.build !== preview.build.build) onError(build);
    });
    events.onerror = function () {
      if (events.readyState !== EventSource.OPEN) {
        $("build-status").textContent = "The preview server is not answering: is it still running? Trying again…";
      }
    };
    events.onopen = function () {
      if (preview.build) $("build-status").textContent = "Connected to the preview server again.";
    };
  }

  /* -- the panel ------------------------------------------------------------------------- */

  var pending = false;
  function scheduleRender() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; render(); });
  }

  function value(values, key) { return values && values[key] !== undefined ? values[key] : ""; }

  function render() {
    var session = preview.session;
    var values = session && session.state !== "new" ? session.values : (preview.record || {});
    if (version === "1.2") {
      $("status").textContent = value(values, K.status) || "not attempted";
    } else {
      $("status").textContent = (value(values, K.status) || "unknown") + " / " + (value(values, K.success) || "unknown");
    }
    var raw = value(values, K.raw);
    var min = value(values, version === "1.2" ? "cmi.core.score.min" : "cmi.score.min");
    var max = value(values, version === "1.2" ? "cmi.core.score.max" : "cmi.score.max");
    var scaled = version === "2004" ? value(values, K.scaled) : "";
    $("score").textContent = raw === "" ? "none" : raw + (min !== "" || max !== "" ? " (" + (min || "?") + " to " + (max || "?") + ")" : "") + (scaled !== "" ? ", scaled " + scaled : "");
    $("location").textContent = value(values, K.location) || "none";
    var suspend = value(values, "cmi.suspend_data");
    var size = suspend.length;
    $("suspend-size").textContent = size.toLocaleString("en-GB") + " of " + LIMIT12.toLocaleString("en-GB") +
      " characters (the SCORM 1.2 limit)" + (size > LIMIT12 ? ": too long for SCORM 1.2" : "");
    $("suspend-size").classList.toggle("over", size > LIMIT12);
    $("suspend-meter").value = Math.min(size, LIMIT12);
    $("suspend-data").textContent = suspend || "(empty)";
    var stored = preview.storedAt ? "at " + time(preview.storedAt) + " (" + preview.storedBy + ")" :
      preview.record ? "from an earlier launch" : "nothing yet";
    var unsaved = session && session.state === "running" && session.setSince && session.mode === "normal";
    $("stored").textContent = stored.charAt(0).toUpperCase() + stored.slice(1) +
      (unsaved ? "; changes since are not stored until the module commits" : "") +
      (session && session.mode !== "normal" ? "; this " + session.mode + " stores nothing" : "");
    if (session) {
      $("launch-info").textContent = "Launch " + session.number + ": mode " + session.mode +
        (session.entry !== undefined ? ", entry \"" + session.entry + "\"" : "") +
        (session.state === "ended" ? ", terminated" : "") + ".";
    }
    renderInteractions(values);
    $("call-count").textContent = String(preview.log.length);
  }

  function renderInteractions(values) {
    var body = $("interactions").tBodies[0];
    var rows = [];
    for (var n = 0; ("cmi.interactions." + n + ".id") in values; n++) {
      var base = "cmi.interactions." + n + ".";
      rows.push([String(n), values[base + "id"], value(values, base + "type"), value(values, base + K.response),
                 value(values, base + "result")]);
    }
    $("interaction-count").textContent = String(rows.length);
    body.textContent = "";
    rows.forEach(function (cells) {
      var tr = document.createElement("tr");
      cells.forEach(function (c) { var td = document.createElement("td"); td.textContent = c; tr.appendChild(td); });
      body.appendChild(tr);
    });
  }

  function addLogEntry(entry) {
    var li = document.createElement("li");
    if (entry.launchMark) {
      li.className = "launch";
      li.textContent = "Launch " + entry.launch + " (" + entry.mode + ")";
    } else {
      var args = entry.args.map(function (a) { return "\"" + (a.length > 160 ? a.slice(0, 160) + "…" : a) + "\""; });
      li.textContent = entry.call + "(" + args.join(", ") + ") → " + JSON.stringify(entry.result) +
        (entry.error !== "0" ? "  error " + entry.error + ": " + entry.message : "");
      if (/GetValue$/.test(entry.call)) li.className = "get";
      if (entry.error !== "0") li.className += " failed";
    }
    var box = $("log-box");
    var atEnd = box.scrollTop + box.clientHeight >= box.scrollHeight - 4;
    $("log").appendChild(li);
    var items = $("log").children;
    if (items.length > 2000) $("log").removeChild(items[0]);
    if (atEnd) box.scrollTop = box.scrollHeight;
  }

  /* -- the buttons ----------------------------------------------------------------------- */

  function ready() { return preview.build && preview.build.ok; }

  $("relaunch").addEventListener("click", function () { if (ready()) launch("normal"); });
  $("review").addEventListener("click", function () { if (ready()) launch("review"); });
  $("reset").addEventListener("click", function () {
    // The module now playing must not store its state back after the reset.
    if (preview.session) preview.session.resetAway = true;
    preview.record = null;
    preview.storedAt = null;
    saveRecord(null);
    if (ready()) launch("normal");
    else render();
  });
  $("hide-gets").addEventListener("change", function (e) {
    document.body.classList.toggle("hide-gets", e.target.checked);
  });

  $("scorm-version").textContent = "(SCORM " + version + ")";
  $("status-label").textContent = version === "1.2" ? "Lesson status" : "Completion / success";
  render();
  connect();
})();
