// @ts-check
// Pages loaded when the learner reaches them. The launch page holds each page's place
// (its section and title); each page's content is a script of its own,
// `pages/<page id>.js` (render.py), which only hands its HTML over:
//   (window.scormgenPages = window.scormgenPages || []).push(["page-id", "<html>"]);
// A script rather than a file read with fetch(): browsers refuse fetch and XHR of a
// file:// address, and a package must work opened from a folder too. The loader keeps
// what arrived; the interface (ui.js) puts a page's HTML into the document only when the
// page is shown, so that its images and media are requested then, and not before.

/** @typedef {{ promise: Promise<string>, resolve: (html: string) => void, reject: (error: Error) => void,
 *              script: HTMLScriptElement, timer: any }} Waiting */

/**
 * @param {Document} doc
 * @param {any} win the window: where the page scripts find the queue `scormgenPages`, and its timers
 * @param {Array<{ id: string, file: string }>} pages
 * @param {number} timeoutMs a page's script not there by then has failed
 */
export function createPageLoader(doc, win, pages, timeoutMs) {
  /** @type {{ [id: string]: string }} */
  var files = {};
  pages.forEach(function (page) { files[page.id] = page.file; });
  /** @type {{ [id: string]: string }} */
  var arrived = {};
  /** @type {{ [id: string]: Waiting }} */
  var waiting = {};

  /** @param {string} id */
  function known(id) { return Object.prototype.hasOwnProperty.call(files, id); }

  /** @param {string} id @returns {string | null} the page's HTML, if it arrived */
  function cached(id) {
    return Object.prototype.hasOwnProperty.call(arrived, id) ? arrived[id] : null;
  }

  /** @param {string} id */
  function settle(id) {
    var wait = waiting[id];
    delete waiting[id];
    win.clearTimeout(wait.timer);
    wait.script.onload = wait.script.onerror = null;
    if (wait.script.parentNode) wait.script.parentNode.removeChild(wait.script);
    return wait;
  }

  /** @param {any} entry [page id, HTML], as a page's script pushes it */
  function receive(entry) {
    if (!entry || typeof entry[0] !== "string" || typeof entry[1] !== "string" || !known(entry[0])) return;
    arrived[entry[0]] = entry[1];
    if (waiting[entry[0]]) settle(entry[0]).resolve(entry[1]);
  }

  /** @param {string} id @param {string} why */
  function fail(id, why) {
    if (waiting[id]) settle(id).reject(new Error(files[id] + ": " + why));
  }

  /** @param {string} id @returns {Promise<string>} the page's HTML, once its script handed it over */
  function load(id) {
    var html = cached(id);
    if (html !== null) return Promise.resolve(html);
    if (!known(id)) return Promise.reject(new Error("no page " + id));
    if (waiting[id]) return waiting[id].promise;
    var script = doc.createElement("script");
    /** @type {any} */
    var wait = { script: script };
    wait.promise = new Promise(function (resolve, reject) { wait.resolve = resolve; wait.reject = reject; });
    waiting[id] = wait;
    // the script runs before its load event: a script that ran without handing the page over is broken
    script.onload = function () { fail(id, "the script holds no such page"); };
    script.onerror = function () { fail(id, "the script could not be loaded"); };
    wait.timer = win.setTimeout(function () { fail(id, "no answer in " + timeoutMs + " ms"); }, timeoutMs);
    script.src = files[id];
    (doc.head || doc.documentElement).appendChild(script);
    return wait.promise;
  }

  // The scripts that ran before the loader was there (none in a package: only the
  // loader adds them), then every one as it runs.
  var early = win.scormgenPages;
  win.scormgenPages = { push: function () {
    for (var i = 0; i < arguments.length; i++) receive(arguments[i]);
    return 0;
  } };
  if (early && typeof early.length === "number") Array.prototype.forEach.call(early, receive);

  return {
    load: load,
    cached: cached,
    /** A page the learner may go to next: its HTML is kept, not shown (a failure is
     *  said only if the learner goes there). @param {string} id */
    prefetch: function (id) {
      if (known(id) && cached(id) === null) load(id).catch(function () { /* tried again when shown */ });
    }
  };
}
