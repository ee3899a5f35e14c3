// @ts-check
// Without an LMS (the package opened from a folder, a preview, or an xAPI/cmi5 launch):
// the same adapter interface, kept in this browser's localStorage, so the learner can
// still resume. Given the launch's state document in the LRS (lrs-state.js), it starts
// from what the LRS kept (the session keeps the newer of that and this browser's copy)
// and writes it there at every commit, so that another browser resumes too.

import { RESUME_FORMAT } from "./lrs-state.js";

/**
 * @param {import("./types").Storage} storage
 * @param {string} key where the record is kept
 * @param {import("./types").Limits} limits config.localLimits
 * @param {string} [learnerId]
 * @param {{ document: import("./types").ResumeDocument | null, state: import("./types").StateDocument } | null} [remote]
 * @returns {import("./types").Adapter}
 */
export function createLocalAdapter(storage, key, limits, learnerId, remote) {
  var record = storage.read(key) || {};
  var changed = false;
  function save() { storage.write(key, record); }
  function resumeDocument() {
    return { format: RESUME_FORMAT, suspendData: record.suspendData || "", location: record.location || "",
             completed: !!record.completed };
  }
  return {
    standard: "local",
    limits: limits,
    start: function () {
      var kept = remote && remote.document;
      if (kept) {
        return { connected: false, entry: "resume", learnerId: learnerId || "", location: kept.location,
                 suspendData: kept.suspendData, status: kept.completed || record.completed ? "completed" : "incomplete" };
      }
      var resume = !!record.suspendData;
      return { connected: false, entry: resume ? "resume" : "ab-initio", learnerId: learnerId || "",
               location: record.location || "", suspendData: record.suspendData || "",
               status: record.completed ? "completed" : "incomplete" };
    },
    setLocation: function (pageId) { changed = changed || record.location !== pageId; record.location = pageId; },
    setProgress: function (fraction, completed) {
      changed = changed || (completed && !record.completed);
      record.completed = record.completed || completed;
    },
    setObjectives: function () {},
    addInteraction: function () { return { truncated: false }; },
    // (the questions' state is in suspend_data, their story in the LRS)
    addAnswer: function () {},
    setScore: function () {},
    masteryScore: function () { return null; },
    setNotes: function () { return { truncated: false }; },
    setSuspendData: function (data) { changed = changed || record.suspendData !== data; record.suspendData = data; },
    commit: function () {
      save();
      if (remote && changed) remote.state.write(resumeDocument());
      changed = false;
      return true;
    },
    // (the state goes to the LRS only if it changed since the last commit: written
    // after `terminated`, a cmi5 LMS refuses it)
    finish: function () {
      save();
      if (remote && changed) remote.state.writeOnUnload(resumeDocument());
      changed = false;
      return true;
    }
  };
}
