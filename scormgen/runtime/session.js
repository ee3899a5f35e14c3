// @ts-check
// The learning session: what the learner does, turned into what the LMS must hold.
// The UI talks to this object only; it talks to the LMS only through an adapter.
//
// Commits: one right after each page change, one after each reflection submitted or
// question checked, one after the learner pauses typing notes (NOTES_PAUSE_MS); none while
// the page unloads (Chromium refuses a synchronous request then): Terminate carries the
// last values.
//
// A course with questions is scored (quiz.js): each check is an interaction, and the score
// and verdict go to the LMS after each check, and to the LRS as passed or failed once every
// question is answered and a mastery score is set (the LMS's, when it gives one, wins).

import { newestState } from "./backup.js";
import { isComplete, progressFraction } from "./progress.js";
import { answersFor, chosenIds, courseScore, isOver, isRight } from "./quiz.js";
import { TRUNCATION_MARKER } from "./codec.js";
import { decodeState, encodeState } from "./suspend.js";

/** @typedef {import("./types").State} State */
/** @typedef {State & { drafts: { [id: string]: string } }} SessionState */

var NOTES_PAUSE_MS = 1500;
// A Commit the LMS refused (ILIAS: error 391, "persisting failed") is data not yet saved:
// it is tried again after this long, doubling up to a minute, until the LMS accepts it.
var COMMIT_RETRY_MS = 2000;
var COMMIT_RETRY_MAX_MS = 60000;

/** @returns {SessionState} */
function emptyState() {
  return { rev: 0, pagesSeen: [], reflections: {}, notes: "", truncated: [], drafts: {} };
}

// `fallback` is the adapter to use when the LMS's API is there but will not start;
// `reporter`, if any, tells the same story to an LRS (xapi.js).
/**
 * @param {import("./types").Config} config @param {import("./types").Adapter} adapter
 * @param {import("./types").Storage} storage @param {import("./types").Notify} notify
 * @param {import("./types").Clock | null} clock @param {import("./types").Adapter | null} fallback
 * @param {import("./types").Reporter | null} reporter
 */
export function createSession(config, adapter, storage, notify, clock, fallback, reporter) {
  /** @type {import("./types").Clock} */
  var timing = clock || {
    now: function () { return Date.now(); },
    setTimeout: function (fn, ms) { return setTimeout(fn, ms); },
    clearTimeout: function (id) { clearTimeout(id); }
  };
  /** @type {SessionState} */
  var state = emptyState();
  var backupKey = "";
  var started = 0;
  var finished = false;
  /** @type {any} */
  var notesTimer = null;
  var completed = false;
  var objectiveIds = config.objectives || [];
  var unsaved = false;
  // The LMS holds a resume state this runtime cannot read (not ours, or damaged beyond
  // repair): it is never overwritten; what the learner does is kept in this browser.
  var keepLmsState = false;
  /** @type {any} */
  var retryTimer = null;
  var retryMs = COMMIT_RETRY_MS;
  var questions = config.questions || {};
  var scored = !!config.questionOrder && config.questionOrder.length > 0;
  /** @type {number | null} the passing score in percent */
  var mastery = typeof config.masteryScore === "number" ? config.masteryScore : null;
  var learnerId = "";
  /** @type {{ [pageId: string]: number }} when each page was last shown */
  var shownAt = {};
  /** @type {{ [questionId: string]: number }} when each question was last checked here */
  var checkedAt = {};

  function backup() {
    storage.write(backupKey, state);
  }

  /** @param {string | undefined} a @param {string} b */
  function sameText(a, b) { return (a || "") === (b || ""); }

  function score() { return courseScore(config, state.questions || {}, mastery); }

  // The score and verdict to the LMS; the verdict to the LRS when its rules let it go
  // (xapi.js decides, once the launch is known; what it sent is kept for the next session).
  function judge() {
    adapter.setScore(score());
    if (!reporter) return;
    var now = true;
    reporter.judge(score, state.outcome || "", function (verb) {
      state.outcome = verb;
      if (!now) save(true);  // (decided at once, the caller saves it)
    });
    now = false;
  }

  function saveSuspendData() {
    var encoded = encodeState(config, state, adapter.limits.suspendData, adapter.limits.suspendBytes);
    if (keepLmsState) return encoded;
    adapter.setSuspendData(encoded.data);
    if (encoded.truncated.length) notify("suspend-truncated", { keys: encoded.truncated, limit: adapter.limits.suspendData });
    return encoded;
  }

  function updateCompletion() {
    var nowComplete = completed || isComplete(config, state);
    adapter.setProgress(progressFraction(config, state), nowComplete);
    if (nowComplete && !completed) {
      completed = true;
      adapter.setObjectives(objectiveIds, true);
      if (reporter) reporter.completed();
    }
  }

  // Commit; a refusal leaves the values unsaved, and a later commit carries them again.
  function commit() {
    if (adapter.commit()) {
      unsaved = false;
      retryMs = COMMIT_RETRY_MS;
      return;
    }
    unsaved = true;
    if (retryTimer !== null || finished) return;
    notify("commit-refused", { retryMs: retryMs });
    retryTimer = timing.setTimeout(function () {
      retryTimer = null;
      if (unsaved && !finished) commit();
    }, retryMs);
    retryMs = Math.min(retryMs * 2, COMMIT_RETRY_MAX_MS);
  }

  /** @param {boolean} withCommit */
  function save(withCommit) {
    state.rev += 1;
    backup();
    saveSuspendData();
    if (withCommit) commit();
  }

  function writeNotes() {
    var result = adapter.setNotes(state.notes);
    if (result.truncated) notify("notes-truncated", { limit: result.limit });
  }

  // Texts suspend_data had to shorten, restored in full from where else the LMS kept them
  // (SCORM 2004: each interaction's response; the notes' own element): only when what
  // the LMS kept is the same text, longer and not shortened itself.
  /** @param {import("./types").StartInfo} info */
  function restoreFromLms(info) {
    /** @param {string} key @param {string | undefined} shortened @param {string | undefined} kept */
    function fuller(key, shortened, kept) {
      if (state.truncated.indexOf(key) < 0 || !kept || !shortened) return null;
      var marker = TRUNCATION_MARKER.length;
      if (kept.slice(-marker) === TRUNCATION_MARKER || shortened.slice(-marker) !== TRUNCATION_MARKER) return null;
      var start = shortened.slice(0, shortened.length - TRUNCATION_MARKER.length);
      return kept.length > start.length && kept.indexOf(start) === 0 ? kept : null;
    }
    var responses = info.responses || {};
    Object.keys(responses).forEach(function (id) {
      var text = fuller("a:" + id, state.reflections[id], responses[id]);
      if (text === null) return;
      state.reflections[id] = text;
      state.truncated = state.truncated.filter(function (key) { return key !== "a:" + id; });
    });
    var notes = fuller("n", state.notes, info.notes);
    if (notes !== null) {
      state.notes = notes;
      state.truncated = state.truncated.filter(function (key) { return key !== "n"; });
    }
  }

  // Notes typed and not yet in the data model go there now; true if there were any.
  function flushNotes() {
    if (notesTimer === null) return false;
    timing.clearTimeout(notesTimer);
    notesTimer = null;
    writeNotes();
    return true;
  }

  return {
    start: function () {
      started = timing.now();
      var info = adapter.start();
      var lmsFailed = false;
      if (!info.connected && fallback && adapter.standard !== "local") {
        adapter = fallback;
        info = adapter.start();
        lmsFailed = true;
      }
      backupKey = "scormgen:" + config.course.id + ":" + config.target + ":" + (info.learnerId || "anonymous");
      var lmsState = info.suspendData ? decodeState(config, info.suspendData) : null;
      keepLmsState = !!info.suspendData && !lmsState;
      if (keepLmsState) notify("resume-unreadable", { length: (info.suspendData || "").length });
      var localState = storage.read(backupKey);
      if (localState && !Array.isArray(localState.pagesSeen)) localState = null;
      // A new attempt by the LMS's will (not a resume): start afresh, not from this browser.
      if (info.connected && info.entry === "ab-initio") localState = null;
      state = /** @type {SessionState} */ (newestState(lmsState, localState) || emptyState());
      state.drafts = (localState && localState.drafts) || {};
      state.truncated = state.truncated || [];
      restoreFromLms(info);
      state.questions = answersFor(config, state.questions);
      learnerId = info.learnerId || "";
      // (not "failed": Moodle's "mastery score overrides status" writes it for a SCORM 1.2
      // learner who left after a question, the course far from complete)
      completed = info.status === "completed" || info.status === "passed";
      if (!lmsState) adapter.setObjectives(objectiveIds, completed);
      notify("started", { connected: info.connected, lmsFailed: lmsFailed, storage: storage.available });
      if (reporter) reporter.started();
      if (scored) {
        // the LMS's passing score wins (read only where the course has one: the manifest then
        // gives it to the LMS, which else may answer "not initialized")
        var lmsMastery = mastery !== null ? adapter.masteryScore() : null;
        if (lmsMastery !== null) mastery = lmsMastery;
        judge();
      }
      return { location: info.location || state.location || "", learnerId: info.learnerId || "",
               learnerName: info.learnerName || "", completed: completed };
    },
    state: function () { return state; },
    /** @returns {string} the learner's id as the LMS gave it ("" without one) */
    learner: function () { return learnerId; },
    /** @param {string} pageId */
    pageViewed: function (pageId) {
      shownAt[pageId] = timing.now();
      if (state.pagesSeen.indexOf(pageId) < 0) state.pagesSeen.push(pageId);
      state.location = pageId;
      adapter.setLocation(pageId);
      if (reporter) reporter.pageViewed(pageId);
      flushNotes();
      updateCompletion();
      save(true);
    },
    /** @param {string} reflectionId @param {string} text @param {string} prompt */
    reflectionSubmitted: function (reflectionId, text, prompt) {
      if (sameText(state.reflections[reflectionId], text)) return { truncated: false };
      state.reflections[reflectionId] = text;
      delete state.drafts[reflectionId];
      var result = adapter.addInteraction({ id: reflectionId, response: text, time: new Date(timing.now()),
                                            description: prompt });
      if (reporter) reporter.reflectionSubmitted(reflectionId, text, prompt);
      flushNotes();
      updateCompletion();
      save(true);
      return result;
    },
    /**
     * A question checked with the options `chosen` (ids; "true"/"false"): one attempt used,
     * the interaction, the score. Returns the question's latest answer; nothing changes when
     * nothing is chosen or the question is over.
     * @param {string} questionId @param {string[]} chosen @returns {import("./types").Answer | null}
     */
    questionChecked: function (questionId, chosen) {
      var question = questions[questionId];
      if (!question) return null;
      /** @type {{ [id: string]: import("./types").Answer }} */
      var answers = state.questions = state.questions || {};
      var before = answers[questionId];
      var ids = chosenIds(question, chosen);
      if (!ids.length || isOver(question, before)) return before || null;
      var now = timing.now();
      var right = isRight(question, ids);
      answers[questionId] = { response: ids, attempts: (before ? before.attempts : 0) + 1, correct: right };
      // latency: from the question shown (its page), or its previous check, to this check
      var since = Math.max(shownAt[question.page] || started, checkedAt[questionId] || 0);
      checkedAt[questionId] = now;
      adapter.addAnswer({ id: questionId, type: question.type, options: question.options, chosen: ids,
                          correct: question.correct, right: right, time: new Date(now), latencyMs: now - since,
                          description: question.prompt });
      if (reporter) reporter.questionAnswered(questionId, ids, right);
      judge();
      flushNotes();
      updateCompletion();
      save(true);
      return answers[questionId];
    },
    /** @param {string} questionId @returns {import("./types").Answer | null} */
    answerOf: function (questionId) { return (state.questions && state.questions[questionId]) || null; },
    /** @returns {import("./types").Score} the course's score, and verdict once every question is answered */
    score: score,
    // The passing score from the launch (cmi5: LMS.LaunchData's masteryScore), which wins.
    /** @param {number} percent */
    setMasteryScore: function (percent) {
      mastery = percent;
      if (scored) adapter.setScore(score());
    },
    /** @param {string} reflectionId @param {string} text */
    draftChanged: function (reflectionId, text) {
      state.drafts[reflectionId] = text;
      backup();
    },
    /** @param {string} text */
    notesChanged: function (text) {
      state.notes = text;
      backup();
      if (notesTimer !== null) timing.clearTimeout(notesTimer);
      notesTimer = timing.setTimeout(function () {
        notesTimer = null;
        writeNotes();
        save(true);
      }, NOTES_PAUSE_MS);
    },
    // The learner leaves (Exit): everything into the data model, committed.
    save: function () {
      flushNotes();
      save(true);
    },
    // The page is being hidden (tab switched, window closing): put pending values
    // into the data model, without a commit.
    flush: function () {
      if (flushNotes()) save(false);
    },
    finish: function () {
      if (finished) return;
      finished = true;
      if (retryTimer !== null) timing.clearTimeout(retryTimer);
      if (flushNotes()) save(false);
      adapter.finish(timing.now() - started);
      if (reporter) reporter.finished();
    },
    isComplete: function () { return completed; },
    // Whether the LMS refused to save what it was last given (a retry is on its way).
    hasUnsaved: function () { return unsaved; }
  };
}
