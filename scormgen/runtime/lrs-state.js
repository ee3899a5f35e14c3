// @ts-check
// The learner's resume state in the LRS's State API (xAPI 1.0.3, activities/state), for
// the cmi5 and xapi targets: an activity state document for the AU (or course), the
// learner and the registration, read at launch so that another browser resumes, and
// written with the same care as a SCORM package's suspend_data: bounded (the encoded
// state is already cut to the runtime's limit), at most one write on its way (the
// newest wins), retried with back-off while the LRS fails, and never again once the
// LRS refuses (a 4xx answer). The last write of a session goes with fetch(keepalive).

import { fetchWithin, isRefusal, lrsHeaders } from "./outbox.js";

/** @typedef {import("./types").ResumeDocument} ResumeDocument */

export var RESUME_STATE_ID = "scormgen.resume";
export var RESUME_FORMAT = 1;
var STATE_READ_TIMEOUT_MS = 8000;
var STATE_RETRY_MAX_MS = 60000;
var STATE_UNLOAD_BYTES = 60000;

// Whether a value read back is a resume document of ours (the LRS's answer is untrusted).
/** @param {any} value @returns {value is ResumeDocument} */
export function isResumeDocument(value) {
  return !!value && typeof value === "object" && value.format === RESUME_FORMAT &&
    typeof value.suspendData === "string" && typeof value.location === "string" && typeof value.completed === "boolean";
}

/**
 * @param {import("./types").Launch} launch @param {import("./types").Log} log
 * @param {import("./types").Clock} clock
 * @returns {import("./types").StateDocument}
 */
export function createStateDocument(launch, log, clock) {
  var url = launch.endpoint.replace(/\/?$/, "/") + "activities/state?stateId=" + encodeURIComponent(RESUME_STATE_ID) +
    "&activityId=" + encodeURIComponent(launch.activityId) + "&agent=" + encodeURIComponent(JSON.stringify(launch.actor)) +
    (launch.registration ? "&registration=" + encodeURIComponent(launch.registration) : "");
  var headers = lrsHeaders(launch.auth, true);
  /** @type {ResumeDocument | null} */
  var next = null;   // the newest document not yet written
  var writing = false;
  var refused = false;
  var delay = 0;
  /** @type {any} */
  var timer = null;

  /** @param {string} status @param {string} text */
  function fail(status, text) {
    log.failure({ call: "PUT activities/state", element: RESUME_STATE_ID, error: { code: status, text: text } });
  }

  function writeNext() {
    if (writing || refused || !next || timer !== null) return;
    var body = JSON.stringify(next);
    next = null;
    writing = true;
    fetch(url, { method: "PUT", headers: headers, body: body, credentials: "omit" }).then(function (response) {
      return response.status;
    }, function () { return 0; }).then(function (status) {
      writing = false;
      if (status >= 200 && status < 300) {
        delay = 0;
      } else if (isRefusal(status)) {
        refused = true;
        fail(String(status), "the LRS refused to keep the resume state; it is kept in this browser only");
        return;
      } else {
        if (!next) next = JSON.parse(body);  // the newest stays the one to write
        if (delay === 0) fail(String(status), "the LRS did not keep the resume state; retrying");
        delay = Math.min(Math.max(2000, delay * 2), STATE_RETRY_MAX_MS);
        timer = clock.setTimeout(function () { timer = null; writeNext(); }, delay);
        return;
      }
      writeNext();
    });
  }

  return {
    // The document kept by the LRS, or null (none yet, not ours, or not reachable in time).
    read: function () {
      return fetchWithin(url, { headers: headers, credentials: "omit" }, STATE_READ_TIMEOUT_MS)
        .then(function (response) {
          if (response.status === 404) return null;
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json().then(function (value) {
            if (isResumeDocument(value)) return value;
            fail("unreadable", "the LRS holds a resume state this module cannot read; it is left as it is");
            refused = true;  // never overwritten
            return null;
          });
        })
        .catch(function (error) {
          log.failure({ call: "GET activities/state", element: RESUME_STATE_ID, error: { code: "0",
            text: "the resume state could not be read (" + String(error && error.message || error) + "); " +
                  "this browser's copy is used" } });
          return null;
        });
    },
    write: function (document) {
      next = document;
      writeNext();
    },
    // Whether no write is waiting or on its way (Exit waits for this before `terminated`).
    settled: function () { return refused || (!writing && !next); },
    writeOnUnload: function (document) {
      if (refused) return;
      var body = JSON.stringify(document);
      // keepalive carries 64 KiB at most: a larger state goes as a plain request, which
      // the browser may cut short (this browser keeps its own copy either way)
      var small = body.length * 3 <= STATE_UNLOAD_BYTES;
      try {
        fetch(url, { method: "PUT", headers: headers, body: body, keepalive: small, credentials: "omit" })
          .catch(function () {});
      } catch (e) { /* the browser refused: this browser's copy is there */ }
    }
  };
}
