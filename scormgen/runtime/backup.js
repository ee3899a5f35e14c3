// @ts-check
// The learner's full work, kept in this browser (localStorage): the LMS may hold only
// a shortened copy when the learner writes more than the standard allows, and drafts
// of answers not yet submitted never go to the LMS. Browsers that refuse storage
// (some private modes, sandboxed frames) simply get no backup.

/** @typedef {import("./types").State} State */

/** @param {Window} win @returns {import("./types").Storage} */
export function createStorage(win) {
  /** @type {globalThis.Storage | null} */
  var store = null;
  try {
    store = win.localStorage;
    var probe = "scormgen:probe";
    store.setItem(probe, "1");
    store.removeItem(probe);
  } catch (e) {
    store = null;
  }
  return {
    available: !!store,
    read: function (key) {
      if (!store) return null;
      try { return JSON.parse(store.getItem(key) || "null"); } catch (e) { return null; }
    },
    write: function (key, value) {
      if (!store) return false;
      try { store.setItem(key, JSON.stringify(value)); return true; } catch (e) { return false; }
    }
  };
}

// The newer of the LMS's copy and the browser's copy of the learner's state: the
// browser's when it is at least as recent (it has the full texts), else the LMS's
// (the learner went on in another browser since).
/** @param {State | null} lmsState @param {State | null} localState @returns {State | null} */
export function newestState(lmsState, localState) {
  if (!localState) return lmsState;
  if (!lmsState) return localState;
  return localState.rev >= lmsState.rev ? localState : lmsState;
}
