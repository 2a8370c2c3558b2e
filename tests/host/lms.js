/* The LMS side of the end-to-end tests, playing the part Moodle plays: it creates the SCORM
   API with scorm-again (the reference LMS-side runtime), loads any stored CMI data, and
   launches the package in an iframe. Every API call is logged with its error code.

   Query: ?scorm=1.2|2004&launch=URL   Stored data: window.__initialCmi (flattened CMI
   elements, set by the test before the page loads), loaded before Initialize. */
(function () {
  "use strict";
  var params = new URLSearchParams(window.location.search);
  var version = params.get("scorm");
  var settings = { autocommit: false, logLevel: 5 };
  var api = version === "1.2" ? new window.Scorm12API(settings) : new window.Scorm2004API(settings);
  if (window.__initialCmi) api.loadFromFlattenedJSON(window.__initialCmi);

  var names = version === "1.2"
    ? ["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit"]
    : ["Initialize", "Terminate", "GetValue", "SetValue", "Commit"];
  var lastError = version === "1.2" ? "LMSGetLastError" : "GetLastError";
  var log = [];
  names.forEach(function (name) {
    var original = api[name].bind(api);
    api[name] = function () {
      var args = Array.prototype.slice.call(arguments);
      var result = original.apply(null, args);
      log.push({ call: name, args: args, result: String(result), error: String(api[lastError]()) });
      return result;
    };
  });

  window.lmsApi = api;
  window.lmsLog = log;
  if (version === "1.2") window.API = api; else window.API_1484_11 = api;
  // display=popup plays Moodle's "new window" display: the module opens in a window of its
  // own and finds the API through window.opener.
  document.addEventListener("DOMContentLoaded", function () {
    if (params.get("display") === "popup") {
      var frame = document.getElementById("sco");
      frame.parentNode.removeChild(frame);
      var button = document.createElement("button");
      button.textContent = "Enter";
      button.addEventListener("click", function () { window.open(params.get("launch"), "course", "width=800,height=600"); });
      document.body.appendChild(button);
    } else {
      document.getElementById("sco").src = params.get("launch");
    }
  });
})();
