/* The module: one page at a time, Back and Next, a menu, progress, and tracking.
   Every page is already in the HTML; without this script they all show, in order. */

function startModule() {
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  var course = JSON.parse($("#course-data").textContent);
  useMessages(course.messages);
  var pages = $all("[data-page]");
  var state = new LearnerState(course);
  var lms = connectLms(course);
  var launch = lms.start();
  var launchNotice = "";
  if (!launch) {
    // The LMS refused to start the session: the module still works, but says so.
    lms = new LocalAdapter(course.id);
    launch = lms.start();
    launchNotice = t("status.no_lms");
  } else if (course.scorm && lms.version === "local") {
    // A SCORM package opened without its LMS (a web build is meant for that, and stays quiet).
    launchNotice = t("status.lms_missing");
  }
  var reviewOnly = launch.mode === "review" || launch.mode === "browse";
  // What the LMS did not accept last time, kept in this browser: used when the LMS still holds
  // what it held then (it never had the copy).
  var copy = new LocalCopy(course.id, launch.learnerName);
  var kept = lms.version !== "local" ? copy.read() : null;
  var unsent = !!kept && kept.base === launch.suspendData && kept.record.suspendData !== launch.suspendData;
  var fromCopy = unsent;  // in a review too, to show it (a review delivers nothing)
  if (kept && !unsent) copy.clear();
  var restored = state.restore(fromCopy ? kept.record.suspendData : launch.suspendData);
  var resumed = restored === "restored" || restored === "updated";
  if (fromCopy && !resumed) {
    // The copy itself does not fit this module: back to what the LMS holds.
    state.reset();
    fromCopy = unsent = false;
    copy.clear();
    restored = state.restore(launch.suspendData);
    resumed = restored === "restored" || restored === "updated";
  }
  // What the LMS recorded before is never taken back: a course updated since, or a state
  // set aside, must not turn "passed" into "incomplete".
  var prior = {
    completed: launch.status === "completed" || launch.status === "passed",
    passed: launch.status === "passed" || launch.success === "passed"
  };
  var bookmark = pageIndex(fromCopy ? kept.record.location : launch.location);
  if (bookmark >= 0) state.page = bookmark;
  // Nothing of the learner's record is set until they do something: a damaged or outdated
  // state stays in the LMS as it is until then.
  var acted = false;
  var trouble = "";  // what the LMS has not accepted (see lms.js `trouble`)
  var told = {};

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
    var assessed = !!course.assessment && a.score !== null;
    var left = whatIsLeft(course, state, prior);  // the completion rule (finish.js)
    var rule = left.rule, complete = left.complete;
    // The day the module was completed, kept with the state for the record of learning.
    if (complete && !state.completedOn && !reviewOnly) state.completedOn = todayIso();
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
    acted = true;
    var changed = lms.save(record());
    if (commitNow || changed) lms.commit();
    checkSaved();
  }

  /* After each save: keep in this browser what the LMS did not accept, and tell the learner,
     once, when their progress could not be saved; and once more when it is saved again. */
  function checkSaved() {
    if (reviewOnly) return;
    var now = lms.trouble();
    if (now === "result" || now === "progress") copy.write(lms.committed, record());
    else if (!lms.dirty) copy.clear();
    if (now === trouble) return;
    var was = trouble;
    trouble = now;
    if (lms.lost) {
      // Back from the back-forward cache, and the LMS would not start the session again.
      notify(t("status.lost"));
      told.saved = true;
    } else if (now === "result" || now === "progress") {
      if (!told.saved) notify(t("status.not_saved"));
      told.saved = true;
    } else if (now === "report") {
      if (!told.report && !told.saved) notify(t("status.not_reported"));
      told.report = true;
    } else if (was === "result" || was === "progress") {
      notify(t("status.saved_again"), true);
    }
    if (assessment && state.assessment.stage === "done") assessment.render();
  }

  /* Whether the result reached the LMS (a web build has none to reach). */
  function recorded() {
    if (!course.scorm || reviewOnly) return true;
    return lms.version !== "local" && trouble !== "result";
  }

  function updateChrome() {
    var index = state.page;
    // Progress is the position, in words and in the bar; the menu counts the pages read.
    progressText.textContent = t("progress.page", { current: index + 1, total: pages.length });
    var bar = $(".progress-bar");
    bar.setAttribute("aria-valuenow", String(index + 1));
    bar.setAttribute("aria-valuetext", progressText.textContent);
    $(".progress-bar__fill", bar).style.width = ((index + 1) / pages.length * 100).toFixed(2) + "%";
    $("[data-read-count]", menu).textContent = t("menu.read_count",
      { count: state.seen.filter(Boolean).length, total: pages.length });
    prev.disabled = index === 0;
    next.disabled = index === pages.length - 1;
    $all("[data-page-link]", menu).forEach(function (link, i) {
      if (i === index) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
      $("[data-page-state]", link).hidden = !state.seen[i];
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
    if (finish && pages[index] === finish.section) finish.render();
    updateChrome();
    // A page change only sets values, even when it completes the course: it never waits on the
    // LMS. The next commit, leaving the page (visibilitychange, pagehide) or the end delivers them.
    if (!reviewOnly && acted) {
      lms.save(record());
      checkSaved();
    }
    if (moveFocus) {
      window.scrollTo(0, 0);
      $("h1", pages[index]).focus();
    }
  }

  /* On a wide screen the menu is a side panel, always shown; below, the Menu button opens it. */
  var wide = window.matchMedia("(min-width: 68.75em)");
  function docked() { return wide.matches; }
  function dock() {
    root.classList.toggle("menu-docked", docked());
    menuToggle.hidden = docked();
    setMenu(false);
  }

  function setMenu(open) {
    if (docked()) open = true;
    menu.hidden = !open;
    menuToggle.setAttribute("aria-expanded", String(open));
    root.classList.toggle("menu-open", open);
  }

  /* An answered question, as an interaction in the LMS's report. */
  function report(view, answer, correct, latencyMs, weighting) {
    if (reviewOnly) return;
    var formats = QUESTION_TYPES[view.data.type].lms(view.data, answer, lms.version);
    lms.interaction({ id: view.id, type: view.data.lmsType, response: formats.response, patterns: formats.patterns,
                      correct: correct, result: formats.result, latencyMs: latencyMs, description: view.data.text, weighting: weighting });
  }

  // Knowledge checks, scenarios and the assessment.
  $all(".page--lesson form[data-question]").forEach(function (el) {
    var data = course.questions[el.getAttribute("data-question")];
    if (QUESTION_TYPES[data.type].unmarked) {
      // Confidence and reflection (confidence.js): always reported, never marked.
      setupResponseQuestion(el, data, state, course, { version: lms.version, saved: function (view, answer, latencyMs) {
        report(view, answer, false, latencyMs, null);
        save(true);
      } });
      if (reviewOnly) $all("input, textarea, button", el).forEach(function (c) { c.disabled = true; });
      return;
    }
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
  var leftToDo = function () { return whatIsLeft(course, state, prior); };
  var assessmentSection = $(".page--assessment");
  if (assessmentSection && course.assessment) {
    assessment = new AssessmentView(assessmentSection, course, state,
      { changed: save, interaction: report, reviewOnly: reviewOnly, recorded: recorded, left: leftToDo, go: go });
    assessment.render();
  }
  var finishSection = $(".page--completion");
  var finish = finishSection ? new FinishView(finishSection, course, state,
    { left: leftToDo, go: go, launch: launch, lms: lms, reviewOnly: reviewOnly }) : null;

  /* A page change the learner asked for. The second click of a double click (detail 2) is
     not a second page; quick taps on a touch screen are (the bar stays at the foot of the
     window, under the finger, so a learner paging on a phone taps the same spot). */
  function go(index, event) {
    if (event && event.detail > 1 && event.pointerType !== "touch") return;
    acted = true;
    show(index, true);
  }
  prev.addEventListener("click", function (event) { go(state.page - 1, event); });
  next.addEventListener("click", function (event) { go(state.page + 1, event); });
  progressText.hidden = false;
  if (wide.addEventListener) wide.addEventListener("change", dock);
  menuToggle.addEventListener("click", function () { setMenu(menu.hidden); });
  menu.addEventListener("click", function (event) {
    var link = event.target.closest("[data-page-link]");
    if (!link) return;
    event.preventDefault();
    setMenu(false);
    go(pageIndex(link.getAttribute("data-page-link")));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !menu.hidden && !docked()) {
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
    if (document.visibilityState !== "hidden" || !acted) return;
    save(false);
    lms.commit(); // only if something was set since the last commit
    checkSaved();
  });
  window.addEventListener("pagehide", function () {
    if (acted) save(false);
    lms.finish();
    checkSaved();
  });
  // Back from the back-forward cache: the session was finished at pagehide. Start it again,
  // or, if the LMS will not, keep the progress in this browser and say so.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted || reviewOnly) return;
    lms.resume();
    checkSaved();
  });

  if (launchNotice) {
    notify(launchNotice);
  } else if (reviewOnly) {
    var review = [t("status.review")];
    if (launch.score !== "") review.push(t("status.review_score", { score: launch.score }));
    // A review can deliver nothing: the copy in this browser stays, and the learner is told.
    if (unsent) review.push(t("status.review_unsent"));
    notify(review.join(" "));
  } else if (restored === "updated") {
    notify(state.cleared ? t("status.updated_cleared") : t("status.updated_kept"), true);
  } else if (restored === "outdated") {
    notify(t("status.updated"), true);
  } else if (restored === "corrupt") {
    notify(t("status.corrupt"), true);
  } else if (fromCopy) {
    notify(t("status.from_copy"), true);
  } else if (resumed && state.page > 0) {
    notify(t("status.welcome_back"), true);
  }
  dock();
  show(state.page, false);
  // Progress carried over an update is saved at once, in this version's form, so the learner
  // is told of the update only once.
  if (restored === "updated" && !reviewOnly) save(false);

  window.coursesmith = { state: state, lms: lms, show: show,
                         confidenceSummary: function () { return confidenceSummaryHtml(course, state); } };
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", startModule);
else startModule();
