// @ts-check
// A durable outbox for xAPI statements: every statement is stored in the browser
// before it is sent, sent in batches, retried with back-off while the LRS is slow,
// failing or absent, and removed only once the LRS has it. What is left when the page
// closes is sent with fetch(keepalive) and kept: the next launch sends it again with
// the same ids, and the LRS stores each statement once.

/** @typedef {import("./types").Statement} Statement */

var OUTBOX_BATCH = 20;
var OUTBOX_MAX_DELAY_MS = 60000;
var OUTBOX_UNLOAD_BYTES = 60000;  // fetch keepalive carries 64 KiB at most

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
  /** @type {import("./types").Transport | null} */
  var transport = null;
  var sending = false;
  var delay = 0;
  /** @type {any} */
  var timer = null;
  /** @type {Array<(pending: number) => void>} */
  var listeners = [];

  function persist() { storage.write(key, { queue: queue, rejected: rejected }); }
  function changed() { listeners.forEach(function (listener) { listener(queue.length); }); }

  /** @param {number} ms */
  function schedule(ms) {
    if (timer !== null) return;
    timer = clock.setTimeout(function () { timer = null; flush(); }, ms);
  }

  /** @param {string[]} ids */
  function remove(ids) {
    queue = queue.filter(function (statement) { return ids.indexOf(statement.id) < 0; });
  }

  function flush() {
    if (sending || !transport || !queue.length) return;
    sending = true;
    var batch = queue.slice(0, OUTBOX_BATCH);
    var ids = batch.map(function (statement) { return statement.id; });
    transport.send(batch).then(function (result) {
      sending = false;
      if (result.ok) {
        remove(ids);
        delay = 0;
        persist();
        changed();
        if (queue.length) schedule(0);
      } else if (result.rejected) {
        // The LRS will never take these as they are (400): keep them aside, say so.
        rejected = rejected.concat(batch);
        remove(ids);
        persist();
        changed();
        log.failure({ call: "POST statements", element: "", error: { code: String(result.status), text: result.text || "statements rejected by the LRS" } });
        if (queue.length) schedule(0);
      } else {
        var firstFailure = delay === 0;
        delay = Math.min(Math.max(1000, delay * 2), OUTBOX_MAX_DELAY_MS);
        if (firstFailure) {
          log.failure({ call: "POST statements", element: "", error: { code: String(result.status), text: result.text || "the LRS did not take the statements; retrying" } });
        }
        schedule(delay);
      }
    });
  }

  return {
    add: function (statement) {
      queue.push(statement);
      persist();
      changed();
      schedule(0);
    },
    setTransport: function (value) { transport = value; schedule(0); },
    // The page is closing: send what is waiting without waiting for an answer.
    unload: function () {
      if (!transport || !queue.length) return;
      var batch = [];
      var size = 2;
      for (var i = 0; i < queue.length; i++) {
        var length = JSON.stringify(queue[i]).length * 3 + 1;  // bytes, at worst
        if (size + length > OUTBOX_UNLOAD_BYTES) break;
        batch.push(queue[i]);
        size += length;
      }
      if (batch.length) transport.sendOnUnload(batch);
    },
    pending: function () { return queue.length; },
    onChange: function (listener) { listeners.push(listener); },
    flush: flush
  };
}

// Statements to an LRS's statements resource (xAPI 1.0.3), with the launch's auth.
/**
 * @param {string} endpoint @param {string} auth @param {number} [timeoutMs]
 * @returns {import("./types").Transport}
 */
export function createLrsTransport(endpoint, auth, timeoutMs) {
  var url = endpoint.replace(/\/?$/, "/") + "statements";
  /** @type {{ [name: string]: string }} */
  var headers = { "Content-Type": "application/json", "X-Experience-API-Version": "1.0.3" };
  if (auth) headers.Authorization = auth;
  return {
    send: function (batch) {
      var controller = typeof AbortController !== "undefined" ? new AbortController() : null;
      /** @type {any} */
      var timer = controller ? setTimeout(function () { if (controller) controller.abort(); }, timeoutMs || 15000) : null;
      return fetch(url, { method: "POST", headers: headers, body: JSON.stringify(batch), credentials: "omit",
                          signal: controller ? controller.signal : undefined })
        .then(function (response) {
          clearTimeout(timer);
          // 409: the LRS already has statements with these ids (sent before): done.
          var ok = response.ok || response.status === 409;
          return { ok: ok, rejected: response.status === 400, status: response.status,
                   text: ok ? "" : "HTTP " + response.status };
        }, function (error) {
          clearTimeout(timer);
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
