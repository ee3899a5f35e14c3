// @ts-check
// Without an LMS (the package opened from a folder, or a preview): the same adapter
// interface, kept in this browser's localStorage, so the learner can still resume.

/**
 * @param {import("./types").Storage} storage
 * @param {string} key where the record is kept
 * @param {import("./types").Limits} limits config.localLimits
 * @param {string} [learnerId]
 * @returns {import("./types").Adapter}
 */
export function createLocalAdapter(storage, key, limits, learnerId) {
  var record = storage.read(key) || {};
  function save() { storage.write(key, record); }
  return {
    standard: "local",
    limits: limits,
    start: function () {
      var resume = !!record.suspendData;
      return { connected: false, entry: resume ? "resume" : "ab-initio", learnerId: learnerId || "",
               location: record.location || "", suspendData: record.suspendData || "",
               status: record.completed ? "completed" : "incomplete" };
    },
    setLocation: function (pageId) { record.location = pageId; },
    setProgress: function (fraction, completed) { record.completed = record.completed || completed; },
    setObjectives: function () {},
    addInteraction: function () { return { truncated: false }; },
    setNotes: function () { return { truncated: false }; },
    setSuspendData: function (data) { record.suspendData = data; },
    commit: function () { save(); return true; },
    finish: function () { save(); return true; }
  };
}
