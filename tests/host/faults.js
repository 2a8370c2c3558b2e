/* An LMS that fails the module, for the end-to-end tests (lms.html?faults=...&slow=...).
   Each fault wraps the profile's hooks (lms.js `context`), so faults compose with each other
   and with a profile:

     refuse-all-sets       every SetValue fails (1.2: 101 general exception, 2004: 351 general
                           set failure), as when the LMS's session has expired
     refuse-suspend-data   only cmi.suspend_data is refused (say, too long for this LMS)
     refuse-interactions   only cmi.interactions.* are refused
     refuse-initialize     Initialize fails (1.2: 101, 2004: 102 general initialization failure)
     already-initialized   Initialize starts the session but returns false with the version's
                           "already initialized" error (1.2: 101, 2004: 103), as an LMS does
                           when the module's frame is reloaded before it could terminate
     slow=MS               every call busy-waits this long, as a synchronous request to a slow
                           LMS freezes the page */
window.lmsFaults = function (lms, faults, slowMs) {
  "use strict";
  var setFailure = lms.v12 ? "101" : "351";
  var refuseSet = lms.refuseSet, initialize = lms.initialize, beforeCall = lms.beforeCall;

  function has(name) { return faults.indexOf(name) >= 0; }
  faults.forEach(function (name) {
    if (["refuse-all-sets", "refuse-suspend-data", "refuse-interactions", "refuse-initialize",
         "already-initialized"].indexOf(name) < 0) {
      throw new Error("unknown fault: " + name);
    }
  });

  lms.refuseSet = function (element, value) {
    if (has("refuse-all-sets")) return setFailure;
    if (has("refuse-suspend-data") && element === "cmi.suspend_data") return setFailure;
    if (has("refuse-interactions") && element.indexOf("cmi.interactions.") === 0) return setFailure;
    return refuseSet(element, value);
  };
  if (has("refuse-initialize")) {
    lms.initialize = function () { return lms.refuse(lms.v12 ? "101" : "102"); };
  }
  if (has("already-initialized")) {
    lms.initialize = function (original, args) {
      initialize(original, args);
      return lms.refuse(lms.v12 ? "101" : "103");
    };
  }
  if (slowMs) {
    lms.beforeCall = function (name) {
      var until = Date.now() + slowMs;
      while (Date.now() < until) { /* a synchronous request on its way */ }
      beforeCall(name);
    };
  }
  return lms;
};
