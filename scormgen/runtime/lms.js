// @ts-check
// Calls to an LMS API, checked: after every call the LMS error code is read, and a
// failure goes to the log (console and debug view). A failure never stops the learner.

/** @typedef {import("./types").Log} Log */
/** @typedef {import("./types").LogEntry} LogEntry */
/** @typedef {ReturnType<typeof createLmsConnection>} LmsConnection */

/**
 * The API's methods, called by role ("getValue"...) under the standard's names.
 * @param {any} api the LMS's API object
 * @param {import("./types").ApiMethods} methods role -> the API's method name
 * @param {Log} log
 */
export function createLmsConnection(api, methods, log) {
  function lastError() {
    var code = "0";
    try { code = String(api[methods.getLastError]()); } catch (e) { code = "?"; }
    if (code === "0" || code === "") return null;
    var text = "";
    var diagnostic = "";
    try { text = String(api[methods.getErrorString](code)); } catch (e) { text = ""; }
    try { diagnostic = String(api[methods.getDiagnostic](code)); } catch (e) { diagnostic = ""; }
    return { code: code, text: text, diagnostic: diagnostic };
  }

  /** @param {keyof import("./types").ApiMethods} method @param {string[]} args @param {string} what */
  function call(method, args, what) {
    var result;
    try {
      result = api[methods[method]].apply(api, args);
    } catch (e) {
      log.failure({ call: methods[method], element: what, error: { code: "exception", text: String(e) } });
      return { ok: false, value: "" };
    }
    var error = lastError();
    var ok = method === "getValue" ? !error : String(result) === "true" && !error;
    if (!ok) {
      log.failure({ call: methods[method], element: what, value: args[1],
                    error: error || { code: "0", text: "the call returned " + result } });
    }
    return { ok: ok, value: result === undefined || result === null ? "" : String(result) };
  }

  return {
    /** @returns {boolean} */
    initialize: function () { return call("initialize", [""], "").ok; },
    /** @param {string} element @returns {string | null} */
    get: function (element) { var r = call("getValue", [element], element); return r.ok ? r.value : null; },
    /** @param {string} element @param {string} value @returns {boolean} */
    set: function (element, value) { return call("setValue", [element, String(value)], element).ok; },
    /** @returns {boolean} */
    commit: function () { return call("commit", [""], "").ok; },
    /** @returns {boolean} */
    terminate: function () { return call("terminate", [""], "").ok; }
  };
}

/**
 * The entries of an array of the data model (cmi.objectives): found by id, added when
 * missing, their status set.
 * @param {LmsConnection} lms
 * @param {string} array the array's element, e.g. "cmi.objectives"
 * @param {string} statusField the entries' status field: "status" or "completion_status"
 * @param {{ completed: string, incomplete: string }} words the status values
 */
export function createObjectiveRecords(lms, array, statusField, words) {
  /** @type {{ [id: string]: number }} */
  var index = {};
  return {
    read: function () {
      var count = parseInt(lms.get(array + "._count") || "", 10) || 0;
      for (var n = 0; n < count; n++) {
        var id = lms.get(array + "." + n + ".id");
        if (id) index[id] = n;
      }
    },
    /** @param {string[]} ids @param {boolean} completed */
    set: function (ids, completed) {
      ids.forEach(function (id) {
        var n = index[id];
        if (n === undefined) {
          n = Object.keys(index).length;
          if (!lms.set(array + "." + n + ".id", id)) return;
          index[id] = n;
        }
        lms.set(array + "." + n + "." + statusField, completed ? words.completed : words.incomplete);
      });
    }
  };
}

// The log of what went wrong between the runtime and the LMS.
/** @returns {Log} */
export function createLog() {
  /** @type {LogEntry[]} */
  var failures = [];
  /** @type {Array<(entry: LogEntry) => void>} */
  var listeners = [];
  return {
    failure: function (entry) {
      failures.push(entry);
      if (typeof console !== "undefined") {
        console.warn("scormgen: " + entry.call + "(" + (entry.element || "") + ") failed: " +
          entry.error.code + " " + entry.error.text + (entry.error.diagnostic ? " (" + entry.error.diagnostic + ")" : ""));
      }
      listeners.forEach(function (listener) { listener(entry); });
    },
    failures: function () { return failures.slice(); },
    onFailure: function (listener) { listeners.push(listener); }
  };
}
