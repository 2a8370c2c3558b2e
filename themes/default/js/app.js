/* The module: one page at a time, Back and Next, a menu, progress, and tracking.
   Every page is already in the HTML; without this script they all show, in order. */

function startModule() {
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  var course = JSON.parse($("#course-data").textContent);
  var pages = $all("[data-page]");
  var state = new LearnerState(course);
  var lms = connectLms(course);
  var launch = lms.start();
  if (!launch) {
    // The LMS refused to start the session: the module still works, but says so.
    lms = new LocalAdapter(course.id);
    launch = lms.start();
    notify("Your progress cannot be saved to the learning platform at the moment. You can still work through the module.");
  }
  var reviewOnly = launch.mode === "review" || launch.mode === "browse";
  var restored = state.restore(launch.suspendData);
  var resumed = restored === "restored";
  // What the LMS recorded before is never taken back: a course updated since, or a state
  // set aside, must not turn "passed" into "incomplete".
  var prior = {
    completed: launch.status === "completed" || launch.status === "passed",
    passed: launch.status === "passed" || launch.success === "passed"
  };
  var bookmark = pageIndex(launch.location);
  if (bookmark >= 0) state.page = bookmark;

  var prev = $("[data-action='prev']");
  var next = $("[data-action='next']");
  var menu = $("#course-menu");
  var menuToggle = $(".menu-toggle");
  var progressText = $("#progress-text");
  var assessment = null;

  function pageIndex(id) {
    for (var i = 0; i < course.pages.length; i++) if (course.pages[i].id === id) return i;
    return -1;
  }

  /* A notice above the page. A passing one (welcome back) goes at the next page change. */
  var passingNotice = false;
  function notify(message, passing) {
    var banner = $("#status-banner");
    banner.textContent = message;
    banner.hidden = false;
    passingNotice = !!passing;
  }

  /* What the LMS should hold, from the state and the course's completion rule.
     A failed assessment is reported only once it is final (no attempts left, or the record is
     complete anyway): an LMS such as Moodle treats a "failed" or "completed" attempt as over
     and reopens it only for review, so a learner who may still retry is reported as
     incomplete, with no score yet. */
  function record() {
    var a = state.assessment;
    var hasAssessment = !!course.assessment;
    var assessed = hasAssessment && a.score !== null;
    var outOfAttempts = hasAssessment && course.assessment.attempts > 0 && a.attempts >= course.assessment.attempts;
    var failedForGood = assessed && !a.passed && outOfAttempts;
    var rule = hasAssessment ? course.completion : "pages";
    var complete = prior.completed || (rule === "pages" ? state.allSeen() :
      failedForGood || a.passed && (rule === "assessment" || state.allSeen()));
    var reported = assessed && (a.passed || complete);
    var success = prior.passed ? "passed" : reported ? (a.passed ? "passed" : "failed") : "unknown";
    return {
      rule: rule,
      location: course.pages[state.page].id,
      suspendData: state.serialize(),
      completion: complete ? "completed" : "incomplete",
      success: success,
      score: reported ? a.score : null
    };
  }

  /* Set what changed; commit when asked (an answer checked, an assessment started or
     submitted, a scenario finished) or when that changed the status or score. */
  function save(commitNow) {
    if (reviewOnly) return;
    var changed = lms.save(record());
    if (commitNow || changed) lms.commit();
  }

  function updateChrome() {
    var index = state.page;
    $("[data-progress='current']", progressText).textContent = String(index + 1);
    var fraction = state.seen.filter(Boolean).length / state.seen.length;
    $(".progress-bar__fill").style.width = Math.round(fraction * 100) + "%";
    prev.disabled = index === 0;
    next.disabled = index === pages.length - 1;
    $all("[data-page-link]", menu).forEach(function (link, i) {
      if (i === index) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
      var mark = $("[data-page-state]", link);
      mark.textContent = state.seen[i] ? " (visited)" : "";
      link.classList.toggle("is-visited", state.seen[i]);
    });
  }

  function show(index, moveFocus) {
    if (index < 0 || index >= pages.length) return;
    if (passingNotice && index !== state.page) {
      $("#status-banner").hidden = true;
      passingNotice = false;
    }
    pages.forEach(function (el, i) { el.hidden = i !== index; });
    state.page = index;
    state.seen[index] = true;
    if (assessment && pages[index] === assessment.section) assessment.render();
    updateChrome();
    // A page change only sets values, even when it completes the course: it never waits on the
    // LMS. The next commit, leaving the page (visibilitychange, pagehide) or the end delivers them.
    if (!reviewOnly) lms.save(record());
    if (moveFocus) {
      window.scrollTo(0, 0);
      $("h1", pages[index]).focus();
    }
  }

  function setMenu(open) {
    menu.hidden = !open;
    menuToggle.setAttribute("aria-expanded", String(open));
    root.classList.toggle("menu-open", open);
  }

  /* An answered question, as an interaction in the LMS's report. */
  function report(view, answer, correct, latencyMs, weighting) {
    if (reviewOnly) return;
    var formats = QUESTION_TYPES[view.data.type].lms(view.data, answer, lms.version);
    lms.interaction({ id: view.id, type: view.data.lmsType, response: formats.response, patterns: formats.patterns,
                      correct: correct, latencyMs: latencyMs, description: view.data.text, weighting: weighting });
  }

  // Knowledge checks, scenarios and the assessment.
  $all(".page--lesson form[data-question]").forEach(function (el) {
    setupKnowledgeCheck(el, course.questions[el.getAttribute("data-question")], state, {
      checked: function (view, answer, latencyMs) {
        if (course.reportChecks) report(view, answer, view.isCorrect(answer), latencyMs, 0);
        save(true);
      }
    });
    if (reviewOnly) $all("input, select, button", el).forEach(function (c) { c.disabled = true; });
  });
  $all(".page--lesson section[data-question]").forEach(function (el) {
    new ScenarioView(el, course.questions[el.getAttribute("data-question")], state, {
      changed: function () { save(false); },
      finished: function (view, path, latencyMs) {
        var data = view.data;
        if (data.scored || course.reportChecks) {
          report(view, path, ScenarioType.score(data, path) === path.length, latencyMs, data.scored ? 1 : 0);
        }
        save(true);
      }
    });
    if (reviewOnly) $all("input, button", el).forEach(function (c) { c.disabled = true; });
  });
  var assessmentSection = $(".page--assessment");
  if (assessmentSection && course.assessment) {
    assessment = new AssessmentView(assessmentSection, course, state,
      { changed: save, interaction: report, reviewOnly: reviewOnly });
    assessment.render();
  }

  prev.addEventListener("click", function () { show(state.page - 1, true); });
  next.addEventListener("click", function () { show(state.page + 1, true); });
  menuToggle.hidden = false;
  progressText.hidden = false;
  menuToggle.addEventListener("click", function () { setMenu(menu.hidden); });
  menu.addEventListener("click", function (event) {
    var link = event.target.closest("[data-page-link]");
    if (!link) return;
    event.preventDefault();
    setMenu(false);
    show(pageIndex(link.getAttribute("data-page-link")), true);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !menu.hidden) {
      setMenu(false);
      menuToggle.focus();
    }
  });
  $(".skip-link").addEventListener("click", function (event) {
    event.preventDefault();
    $("h1", pages[state.page]).focus();
  });

  // Printing gives every page, with accordions open.
  var closedForPrint = [];
  window.addEventListener("beforeprint", function () {
    closedForPrint = $all("details:not([open])");
    closedForPrint.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    closedForPrint.forEach(function (d) { d.open = false; });
  });

  // Save when the learner leaves: pagehide and visibilitychange, never unload.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState !== "hidden") return;
    save(false);
    lms.commit(); // only if something was set since the last commit
  });
  window.addEventListener("pagehide", function () {
    save(false);
    lms.finish();
  });

  if (reviewOnly) {
    var result = launch.score !== "" ? " Your recorded score is " + launch.score + "%." : "";
    notify("You are reviewing this module. Nothing you do now changes your record." + result);
  } else if (restored === "outdated") {
    notify("This module has been updated since your last visit, so your earlier answers have been cleared. " +
      "You are on the page where you left off.", true);
  } else if (resumed && state.page > 0) {
    notify("Welcome back. You are on the page where you left off.", true);
  }
  setMenu(false);
  show(state.page, false);

  window.coursesmith = { state: state, lms: lms, show: show };
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", startModule);
else startModule();
