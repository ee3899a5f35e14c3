// @ts-check
// A durable outbox for xAPI statements: every statement is stored in the browser
// before it is sent, sent in batches, retried with back-off while the LRS is slow,
// failing or absent, and removed only once the LRS has it. What is left when the page
// closes is sent with fetch(keepalive) and kept: the next launch sends it again with
// the same ids, and the LRS stores each statement once.
//
// Two rules come from cmi5 (and do no harm elsewhere):
// - a statement added `alone` (cmi5's `initialized`) goes in a batch of its own, and
//   nothing after it goes before the LRS has taken it;
// - a transport carries only the statements it `accepts` (cmi5: this session's); the
//   others stay stored, untouched, for the launch they belong to (see `take`).
// A refusal (HTTP 4xx but 408 and 429) is final: that batch is never sent again; its
// statements are kept aside (`rejected`), said in the log and to `onRejected`.

/** @typedef {import("./types").Statement} Statement */
/** @typedef {import("./types").SendResult} SendResult */

var OUTBOX_BATCH = 20;
var OUTBOX_MAX_DELAY_MS = 60000;
var OUTBOX_UNLOAD_BYTES = 60000;  // fetch keepalive carries 64 KiB at most
var OUTBOX_KEPT_ASIDE = 500;      // refused statements kept for the learner, at most

// Whether an answer of the LRS means "never, as it is": client errors, except a
// timeout (408) and "too many requests" (429), which a later try can pass.
/** @param {number} status @returns {boolean} */
export function isRefusal(status) {
  return status >= 400 && status < 500 && status !== 408 && status !== 429 && status !== 409;
}

/**
 * @param {import("./types").Storage} storage @param {string} key
 * @param {import("./types").Log} log @param {import("./types").Clock} clock
 * @returns {import("./types").Outbox}
 */
export function createOutbox(storage, key, log, clock) {
  var record = storage.read(key) || {};
  /** @type {Statement[]} */
  var queue = Array.isArray(record.queue) ? record.queue : [];
  /** @type {Statement[]} */
  var rejected = Array.isArray(record.rejected) ? record.rejected : [];
  /** @type {string[]} ids of the statements that go alone */
  var alone = Array.isArray(record.alone) ? record.alone : [];
  /** @type {string[]} ids sent without an answer (as the page closed): the LRS may have them */
  var unsure = Array.isArray(record.unsure) ? record.unsure : [];
  /** @type {string[]} */
  var inFlight = [];
  /** @type {import("./types").Transport | null} */
  var transport = null;
  /** @type {(statement: Statement) => boolean} */
  var accepts = function () { return true; };
  var sending = false;
  var delay = 0;
  /** @type {any} */
  var timer = null;
  /** @type {Array<(pending: number) => void>} */
  var listeners = [];
  /** @type {Array<(statements: Statement[], status: number) => void>} */
  var refusalListeners = [];
  /** @type {Array<(statements: Statement[]) => void>} */
  var deliveryListeners = [];

  function persist() {
    var ids = queue.map(function (statement) { return statement.id; });
    /** @param {string} id */
    function queued(id) { return ids.indexOf(id) >= 0; }
    alone = alone.filter(queued);
    unsure = unsure.filter(queued);
    storage.write(key, { queue: queue, rejected: rejected, alone: alone, unsure: unsure });
  }
  function mine() { return queue.filter(function (statement) { return accepts(statement); }); }
  function changed() { var count = mine().length; listeners.forEach(function (listener) { listener(count); }); }

  /** @param {number} ms */
  function schedule(ms) {
    if (timer !== null || !mine().length) return;
    timer = clock.setTimeout(function () { timer = null; flush(); }, ms);
  }

  /** @param {string[]} ids */
  function remove(ids) {
    queue = queue.filter(function (statement) { return ids.indexOf(statement.id) < 0; });
  }

  /** @param {Statement} statement */
  function goesAlone(statement) { return alone.indexOf(statement.id) >= 0; }

  // The next batch: a statement that goes alone, or the run of statements before one.
  /** @returns {Statement[]} */
  function nextBatch() {
    var waiting = mine();
    if (!waiting.length) return [];
    if (goesAlone(waiting[0])) return waiting.slice(0, 1);
    var batch = [];
    for (var i = 0; i < waiting.length && batch.length < OUTBOX_BATCH && !goesAlone(waiting[i]); i++) batch.push(waiting[i]);
    return batch;
  }

  /** @param {Statement[]} batch @param {SendResult} result */
  function setAside(batch, result) {
    // a refused gate (cmi5's initialized) closes the session: nothing after it can pass
    var refused = goesAlone(batch[0]) ? mine() : batch;
    var ids = refused.map(function (statement) { return statement.id; });
    rejected = rejected.concat(refused).slice(-OUTBOX_KEPT_ASIDE);
    remove(ids);
    persist();
    changed();
    log.failure({ call: "POST statements", element: "", error: { code: String(result.status),
      text: (result.text || "refused") + ": the LRS refused " + refused.length + " statement(s); they are not sent " +
            "again and are kept in this browser (download them from here)" } });
    refusalListeners.forEach(function (listener) { listener(refused, result.status); });
  }

  /** @param {SendResult} result */
  function retryLater(result) {
    var firstFailure = delay === 0;
    delay = Math.min(Math.max(1000, delay * 2), OUTBOX_MAX_DELAY_MS);
    if (firstFailure) {
      log.failure({ call: "POST statements", element: "", error: { code: String(result.status), text: result.text || "the LRS did not take the statements; retrying" } });
    }
    schedule(delay);
  }

  function flush() {
    if (sending || !transport) return;
    var batch = nextBatch();
    if (!batch.length) return;
    sending = true;
    var ids = inFlight = batch.map(function (statement) { return statement.id; });
    transport.send(batch).then(function (result) {
      sending = false;
      inFlight = [];
      if (result.ok || (result.status === 409 && batch.length === 1)) {
        // (409 for one statement: the LRS has one with this id, sent before: done)
        remove(ids);
        delay = 0;
        persist();
        changed();
        deliveryListeners.forEach(function (listener) { listener(batch); });
        schedule(0);
      } else if (result.status === 409) {
        // one of them was there already, and the LRS took none: each goes alone
        alone = alone.concat(ids);
        persist();
        schedule(0);
      } else if (result.rejected || isRefusal(result.status)) {
        setAside(batch, result);
        schedule(0);
      } else {
        retryLater(result);
      }
    });
  }

  return {
    add: function (statement, options) {
      queue.push(statement);
      if (options && options.alone) alone.push(statement.id);
      persist();
      changed();
      schedule(0);
    },
    setTransport: function (value, accepted) {
      transport = value;
      if (accepted) accepts = accepted;
      schedule(0);
    },
    // Stored statements the caller looks at (this transport's or not), left in place.
    find: function (wanted) { return queue.filter(function (statement) { return wanted(statement); }); },
    // Statements stored by an earlier launch that the caller takes over (and removes).
    take: function (wanted) {
      var taken = queue.filter(function (statement) { return wanted(statement); });
      if (taken.length) {
        remove(taken.map(function (statement) { return statement.id; }));
        persist();
        changed();
      }
      return taken;
    },
    // The page is closing: send what is waiting without waiting for an answer (a
    // statement that goes alone and waits first goes alone, the rest next launch).
    unload: function () {
      if (!transport) return;
      var waiting = mine();
      var batch = [];
      var size = 2;
      for (var i = 0; i < waiting.length; i++) {
        var length = JSON.stringify(waiting[i]).length * 3 + 1;  // bytes, at worst
        if (size + length > OUTBOX_UNLOAD_BYTES) break;
        if (goesAlone(waiting[i]) && i > 0) break;
        batch.push(waiting[i]);
        size += length;
        if (goesAlone(waiting[i])) break;
      }
      if (batch.length) transport.sendOnUnload(batch);
      unsure = unsure.concat(inFlight, batch.map(function (statement) { return statement.id; }));
      persist();
    },
    // The ids of stored statements the LRS may have after all (sent as a page closed).
    unsure: function () { return unsure.slice(); },
    pending: function () { return mine().length; },
    rejected: function () { return rejected.slice(); },
    onChange: function (listener) { listeners.push(listener); },
    onRejected: function (listener) { refusalListeners.push(listener); },
    onDelivered: function (listener) { deliveryListeners.push(listener); },
    flush: flush
  };
}

// The headers of a request to an LRS (xAPI 1.0.3): the launch's auth, if any, and for a
// request with a body, its type.
/** @param {string} auth @param {boolean} [json] @returns {{ [name: string]: string }} */
export function lrsHeaders(auth, json) {
  /** @type {{ [name: string]: string }} */
  var headers = { "X-Experience-API-Version": "1.0.3" };
  if (json) headers["Content-Type"] = "application/json";
  if (auth) headers.Authorization = auth;
  return headers;
}

// fetch, given up when no answer came within `ms` (an LRS that hangs costs a retry, not
// the session): rejects then, as fetch does when the network fails.
/** @param {string} url @param {RequestInit} options @param {number} ms @returns {Promise<Response>} */
export function fetchWithin(url, options, ms) {
  var controller = typeof AbortController !== "undefined" ? new AbortController() : null;
  /** @type {any} */
  var timer = controller ? setTimeout(function () { if (controller) controller.abort(); }, ms) : null;
  if (controller) options.signal = controller.signal;
  return fetch(url, options).then(function (response) {
    clearTimeout(timer);
    return response;
  }, function (error) {
    clearTimeout(timer);
    throw error;
  });
}

// Statements to an LRS's statements resource (xAPI 1.0.3), with the launch's auth.
/**
 * @param {string} endpoint @param {string} auth @param {number} [timeoutMs]
 * @returns {import("./types").Transport}
 */
export function createLrsTransport(endpoint, auth, timeoutMs) {
  var url = endpoint.replace(/\/?$/, "/") + "statements";
  var headers = lrsHeaders(auth, true);
  return {
    send: function (batch) {
      return fetchWithin(url, { method: "POST", headers: headers, body: JSON.stringify(batch), credentials: "omit" },
                         timeoutMs || 15000)
        .then(/** @returns {SendResult | Promise<SendResult>} */ function (response) {
          if (response.ok) return { ok: true, rejected: false, status: response.status, text: "" };
          return response.text().then(function (body) {
            return { ok: false, rejected: isRefusal(response.status), status: response.status,
                     text: "HTTP " + response.status + refusalReason(body) };
          }, function () {
            return { ok: false, rejected: isRefusal(response.status), status: response.status, text: "HTTP " + response.status };
          });
        }, function (error) {
          return { ok: false, rejected: false, status: 0, text: String(error) };
        });
    },
    sendOnUnload: function (batch) {
      try {
        fetch(url, { method: "POST", headers: headers, body: JSON.stringify(batch), keepalive: true, credentials: "omit" })
          .catch(function () {});
      } catch (e) { /* the browser refused: the statements stay in the outbox */ }
    }
  };
}

// What an LRS said when it refused, for the log: a cmi5 LMS names the requirement. Only
// short plain text is kept (the answer is untrusted and shown to the learner as text).
/** @param {string} body @returns {string} */
export function refusalReason(body) {
  var reason = "";
  try {
    var data = JSON.parse(body);
    if (data && typeof data === "object") {
      reason = [data.requirement, data.detail || data.message || data.error].filter(function (part) {
        return typeof part === "string" && part;
      }).join(": ");
    }
  } catch (e) {
    reason = "";
  }
  reason = reason.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, " ").slice(0, 200);
  return reason ? " (" + reason + ")" : "";
}
