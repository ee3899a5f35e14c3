// @ts-check
// The adapter for an LMS's SCORM API, SCORM 1.2 and SCORM 2004 alike. What the
// standards differ in is data, not code: element names, the words written, the limits
// and the time formats come from the data-model table the build writes into the launch
// page (config.dataModel, made by scormgen/standards/datamodel.py).
//
// Every adapter offers the same interface (types.d.ts, Adapter):
//   start() -> { connected, entry, learnerId, learnerName, location, suspendData, status }
//   setLocation(id), setProgress(fraction, completed), setObjectives(ids, completed),
//   addInteraction(record) -> { truncated, limit }, setNotes(text) -> { truncated, limit },
//   setSuspendData(text), commit(), finish(sessionMs);
//   in a course with questions (the table's `scoring`): addAnswer(record), setScore(score),
//   masteryScore() -> the LMS's passing score in percent, or null

import { cutText, decodeText, fitText } from "./codec.js";
import { createLmsConnection, createObjectiveRecords } from "./lms.js";
import { formatResponse, masteryPercent } from "./quiz.js";
import { iso8601Duration, scorm12Time, scorm12Timespan, scorm2004Timestamp } from "./time.js";

/** @typedef {import("./types").DataModelTable} DataModelTable */

// Each time value in the format of its data type, as the table names it.
/** @type {{ [type: string]: (value: any) => string }} */
var TIME_FORMATS = {
  "CMITimespan": scorm12Timespan,                  // SCORM 1.2 session time: HHHH:MM:SS.SS
  "CMITime": scorm12Time,                          // SCORM 1.2 time of day: HH:MM:SS.SS
  "timeinterval (second,10,2)": iso8601Duration,   // SCORM 2004 duration: PT1H2M3.45S
  "time (second,10,0)": scorm2004Timestamp         // SCORM 2004 point in time (UTC)
};

/**
 * @param {any} api the LMS's API object
 * @param {import("./types").Log} log
 * @param {DataModelTable} table the standard's data-model table
 * @param {string} standard "scorm12" or "scorm2004"
 * @returns {import("./types").Adapter}
 */
export function createScormAdapter(api, log, table, standard) {
  var el = table.elements;
  var words = table.vocabulary;
  var limits = table.limits;
  var lms = createLmsConnection(api, table.methods, log);
  var objectives = createObjectiveRecords(lms, el.objectives, table.objectiveStatus, words);
  var interactionCount = 0;
  var status = "";
  var scoring = table.scoring || null;
  /** @type {import("./types").Score | null} the course's score, once the session gave it (a course with questions) */
  var score = null;

  /** @param {"sessionTime" | "interactionTime" | "notesTime"} role @param {number | Date} value */
  function time(role, value) { return TIME_FORMATS[table.times[role] || ""](value); }

  // The status the course's completion is written as. Where the status also says passed
  // or failed (SCORM 1.2: no success element) and a mastery score is set, it waits until
  // every question is answered ("" until then), then says the verdict; without a mastery
  // score nothing is judged, and completion is said as in a course without questions.
  function completionWord() {
    if (!scoring || scoring.elements.success || !score || score.mastery === null) return words.completed;
    if (!score.complete) return "";
    return score.passed ? scoring.vocabulary.passed : scoring.vocabulary.failed;
  }

  /** @param {string} array */
  function count(array) { return parseInt(lms.get(array + "._count") || "", 10) || 0; }

  // What the LMS does not implement, by role (SCORM 1.2: cmi._children lists the parts it
  // has; Chamilo has no cmi.comments and answers 401). Nothing is set there: the notes
  // then live in suspend_data alone. An LMS that lists nothing is taken to have it all.
  /** @type {{ [role: string]: boolean }} */
  var missing = {};
  /** @type {string[]} what cmi._children listed ([]: nothing, taken as everything) */
  var children = [];
  function readChildren() {
    if (!el.children) return;
    var parts = (lms.get(el.children) || "").split(",").map(function (part) { return part.trim(); });
    if (!parts.join("")) return;
    children = parts;
    /** @type {Array<"notes" | "interactions" | "objectives">} */
    var roles = ["notes", "interactions", "objectives"];
    roles.forEach(function (role) {
      if (parts.indexOf(el[role].split(".")[1]) < 0) missing[role] = true;
    });
  }

  // What the LMS holds for the learner. Some elements may be read only once something
  // was stored in them (SCORM 2004: error 403 before that): those only on a resume.
  /** @param {"learnerId" | "learnerName" | "location" | "suspendData"} role @param {boolean} resume */
  function stored(role, resume) {
    if (!resume && table.resumeOnly.indexOf(role) >= 0) return "";
    return lms.get(el[role]) || "";
  }

  // What the LMS kept beyond suspend_data, where the standard lets it be read: each
  // interaction's latest response (SCORM 2004), the notes (both). The session restores
  // from it what suspend_data had to shorten.
  /** @param {number} notesCount */
  function readBack(notesCount) {
    /** @type {{ [id: string]: string }} */
    var responses = {};
    var can = table.readBack || { responses: false, notes: false };
    if (can.responses && !missing.interactions) {
      for (var n = 0; n < interactionCount; n++) {
        var at = el.interactions + "." + n + ".";
        var id = lms.get(at + table.interaction.id);
        var response = id ? lms.get(at + table.interaction.response) : null;
        if (id && response !== null) responses[id] = decodeText(response);
      }
    }
    var notes = can.notes && !missing.notes && notesCount > 0 ? lms.get(el.notes) : null;
    return { responses: responses, notes: notes === null ? "" : decodeText(notes) };
  }

  return {
    standard: standard,
    limits: limits,
    start: function () {
      if (!lms.initialize()) return { connected: false };
      readChildren();
      var entry = lms.get(el.entry) || "";
      status = lms.get(el.status) || "";
      if (!missing.interactions) interactionCount = count(el.interactions);
      if (!missing.objectives) objectives.read();
      // Counted like the other arrays; the learner's notes are always the first
      // comment, rewritten in place.
      var notesCount = el.notesCount ? count(el.notesCount.replace(/\._count$/, "")) : 1;
      if (words.notStarted.indexOf(status) >= 0) {
        // Terminate would make it "incomplete" anyway; say it ourselves from the start.
        lms.set(el.status, words.incomplete);
        status = words.incomplete;
      }
      // Said now, so that every commit carries it: if the final commit is lost while
      // the window closes, the LMS still offers to resume (Moodle reads it so).
      lms.set(el.exit, words.suspend);
      var resume = entry === words.resume;
      var kept = readBack(notesCount);
      return {
        connected: true,
        responses: kept.responses,
        notes: kept.notes,
        entry: entry,
        learnerId: stored("learnerId", resume),
        learnerName: stored("learnerName", resume),
        location: stored("location", resume),
        suspendData: stored("suspendData", resume),
        status: status
      };
    },
    setLocation: function (pageId) { lms.set(el.location, cutText(pageId, limits.location)); },
    setProgress: function (fraction, completed) {
      // SCORM 1.2 has no progress measure: there the status alone tells it.
      if (el.progress) lms.set(el.progress, String(Math.round(fraction * 1e7) / 1e7));  // real(10,7)
      var word = completed ? completionWord() : "";
      if (!word || word === status) return;
      // completed leaves a status that says as much; a verdict changes any but passed
      var kept = word === words.completed ? words.done.indexOf(status) >= 0
        : !!scoring && status === scoring.vocabulary.passed;
      if (kept) return;
      lms.set(el.status, word);
      status = word;
    },
    setObjectives: function (ids, completed) { if (!missing.objectives) objectives.set(ids, completed); },
    addInteraction: function (record) {
      if (missing.interactions) return { truncated: false, limit: limits.response };
      var fields = table.interaction;
      var at = el.interactions + "." + interactionCount++ + ".";
      var fit = fitText(record.response, limits.response);
      lms.set(at + fields.id, record.id);
      lms.set(at + fields.type, words.interactionType);
      lms.set(at + fields.time, time("interactionTime", record.time));
      lms.set(at + fields.response, fit.value);
      if (fields.description && limits.description && record.description) {
        lms.set(at + fields.description, fitText(record.description, limits.description).value);
      }
      return { truncated: fit.truncated, limit: limits.response };
    },
    addAnswer: function (record) {
      if (missing.interactions || !scoring) return;
      var fields = table.interaction;
      var more = scoring.interaction;
      var format = scoring.responses[record.type];
      var at = el.interactions + "." + interactionCount++ + ".";
      // (SCORM 2004: the id first, and the type before the response and the pattern)
      lms.set(at + fields.id, record.id);
      lms.set(at + fields.type, record.type);
      lms.set(at + fields.time, time("interactionTime", record.time));
      if (fields.description && limits.description && record.description) {
        lms.set(at + fields.description, fitText(record.description, limits.description).value);
      }
      lms.set(at + fields.response, formatResponse(format, record, record.chosen));
      lms.set(at + more.pattern, formatResponse(format, record, record.correct));
      lms.set(at + more.result, record.right ? scoring.vocabulary.correct : scoring.vocabulary.incorrect);
      lms.set(at + more.weighting, "1");
      lms.set(at + more.latency, TIME_FORMATS[scoring.times.latency](record.latencyMs));
    },
    setScore: function (value) {
      if (!scoring) return;
      score = value;
      if (!value.answered) return;  // no score before the first check
      var at = scoring.elements;
      if (at.scoreScaled) lms.set(at.scoreScaled, String(value.scaled));
      lms.set(at.scoreRaw, String(value.raw));
      lms.set(at.scoreMin, "0");
      lms.set(at.scoreMax, "100");
      if (at.success) {
        var word = value.passed === null ? scoring.vocabulary.unknown : value.passed ? scoring.vocabulary.passed
          : scoring.vocabulary.failed;
        if (word) lms.set(at.success, word);
      }
    },
    masteryScore: function () {
      var element = scoring && scoring.elements.mastery;
      // (not asked of an LMS whose cmi._children leaves it out: Chamilo answers 401)
      if (!scoring || !element || (children.length && children.indexOf(element.split(".")[1]) < 0)) return null;
      return masteryPercent(lms.get(element), scoring.masteryScale);
    },
    setNotes: function (text) {
      if (missing.notes) return { truncated: false, limit: limits.comments };
      var fit = fitText(text, limits.comments);
      lms.set(el.notes, fit.value);
      if (el.notesTime) lms.set(el.notesTime, time("notesTime", new Date()));
      return { truncated: fit.truncated, limit: limits.comments };
    },
    setSuspendData: function (data) { lms.set(el.suspendData, data); },
    commit: function () { return lms.commit(); },
    finish: function (sessionMs) {
      lms.set(el.sessionTime, time("sessionTime", sessionMs));
      lms.set(el.exit, words.suspend);
      return lms.terminate();
    }
  };
}
