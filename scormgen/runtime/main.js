// @ts-check
// Start-up: read the settings the build wrote into the launch page, find the LMS (or
// work without one), connect the LRS when there is one, and start the session and the
// interface. The xapi and cmi5 packages first read their launch (cmi5: token, launch
// data, learner preferences) and the learner's resume state in the LRS, so that a
// learner resumes in any browser.

import { createLocalAdapter } from "./adapter-local.js";
import { createScormAdapter } from "./adapter-scorm.js";
import { findApi } from "./api-finder.js";
import { createStorage } from "./backup.js";
import { cmi5Launch, markSessionEnded, parseActor, queryParams, safeDecode, scormActor, tinCanLaunch } from "./launch.js";
import { createLog } from "./lms.js";
import { createStateDocument } from "./lrs-state.js";
import { createMediaControls } from "./media.js";
import { createLrsTransport, createOutbox, lrsHeaders } from "./outbox.js";
import { preferredEdition } from "./preferences.js";
import { masteryPercent } from "./quiz.js";
import { createSession } from "./session.js";
import { createUI } from "./ui.js";
import { uuid4 } from "./uuid.js";
import { carriedBy, createXapiReporter, fromEarlierSession, verbOf } from "./xapi.js";

/** @typedef {import("./types").Config} Config */
/** @typedef {import("./types").Storage} Storage */
/** @typedef {import("./types").Launch} Launch */

/** @type {import("./types").Clock} */
var CLOCK = {
  now: function () { return Date.now(); },
  setTimeout: function (fn, ms) { return setTimeout(fn, ms); },
  clearTimeout: function (id) { clearTimeout(id); }
};
var LAUNCH_WAIT_MS = 10000;   // an LMS slower than this to launch: the course opens without it
var EXIT_WAIT_MS = 10000;     // how long Exit waits for `terminated` to be taken

// The LMS's adapter when the LMS's API is found, else the browser's; the browser's is
// also the fallback when the LMS's API will not start.
/** @param {Config} config @param {import("./types").Log} log @param {Storage} storage */
function chooseScormAdapter(config, log, storage) {
  var local = createLocalAdapter(storage, "scormgen-local:" + config.course.id + ":" + config.target,
                                 config.localLimits);
  var lms = null;
  var table = config.dataModel;
  if (table) {
    var api = findApi(window, table.apiName);
    if (api) lms = createScormAdapter(api, log, table, config.standard);
  }
  // A SCORM 2004 package where the LMS offers only the SCORM 1.2 API (Chamilo): speak
  // SCORM 1.2 to it, and say so, rather than keep everything in this browser alone.
  var table12 = config.dataModel12;
  if (!lms && table12) {
    var api12 = findApi(window, table12.apiName);
    if (api12) {
      lms = createScormAdapter(api12, log, table12, "scorm12");
      log.failure({ call: "(API search)", element: "", error: { code: "scorm12", text: "no SCORM 2004 API " +
        "found, but a SCORM 1.2 one: this package speaks SCORM 1.2 to the LMS" } });
    }
  }
  return { adapter: lms || local, fallback: local };
}

/** @param {import("./types").Actor | null} actor @returns {string} */
function actorKey(actor) {
  if (!actor) return "anonymous";
  if (actor.account) return actor.account.homePage + "|" + actor.account.name;
  return actor.mbox || actor.mbox_sha1sum || actor.openid || "anonymous";
}

// A registration for launches that bring none (a Tin Can launch without one, a SCORM
// package mirroring to an LRS): made once per learner and kept in this browser.
/** @param {Storage} storage @param {string} key @returns {string} */
function registrationFor(storage, key) {
  var stored = storage.read(key);
  if (stored && stored.registration) return stored.registration;
  var registration = uuid4();
  storage.write(key, { registration: registration });
  return registration;
}

// The statement ids of `statements` the LRS already has (sent by keepalive as the page
// closed): asked one by one, a few dozen at most; unknown counts as missing (sent again
// with the same id, a statement the LRS has is answered 409 and not stored twice).
/** @param {Launch} launch @param {import("./types").Statement[]} statements @returns {Promise<string[]>} */
function alreadyStored(launch, statements) {
  var headers = lrsHeaders(launch.auth);
  return Promise.all(statements.slice(0, 40).map(function (statement) {
    return fetch(launch.endpoint + "statements?statementId=" + encodeURIComponent(statement.id),
                 { headers: headers, credentials: "omit" })
      .then(function (response) { return response.status === 200 ? statement.id : ""; }, function () { return ""; });
  })).then(function (ids) { return ids.filter(Boolean); });
}

// The launch of an xapi or cmi5 package, then its resume state; rejects when the page
// was not launched with an LRS (the course then keeps everything in this browser).
/** @param {Config} config @param {any} params @param {import("./types").Log} log @returns {Promise<Launch>} */
function lrsLaunch(config, params, log) {
  var launching = config.standard === "cmi5" ? cmi5Launch(params, window) : new Promise(function (resolve, reject) {
    var tinCan = tinCanLaunch(params, config);
    if (tinCan) resolve(tinCan); else reject(new Error("no launch parameters"));
  });
  return launching.then(function (launch) {
    var state = createStateDocument(launch, log, CLOCK);
    return state.read().then(function (document) {
      launch.stateDocument = state;
      launch.resume = document;
      return launch;
    });
  });
}

function start() {
  var players = createMediaControls(document);
  /** @type {Config} */
  var config = JSON.parse(/** @type {HTMLElement} */ (document.getElementById("sg-config")).textContent || "");
  var params = queryParams(window.location.search);
  var log = createLog();
  var storage = createStorage(window);
  var xapiTarget = config.standard === "xapi" || config.standard === "cmi5";
  /** @type {import("./types").Outbox | null} */
  var outbox = null;
  /** @type {import("./types").Reporter | null} */
  var reporter = null;
  if (xapiTarget || config.xapi.endpoint) {
    outbox = createOutbox(storage, "scormgen-outbox:" + config.course.id, log, CLOCK);
    reporter = createXapiReporter(config, outbox, CLOCK);
  }

  /** @type {ReturnType<typeof createUI> | null} */
  var ui = null;
  /** @type {Array<[string, any]>} */
  var early = [];
  /** @type {import("./types").Notify} */
  function notify(kind, data) {
    if (kind === "commit-refused") {  // said in the console and the "Connection details" box
      log.failure({ call: "Commit", element: "", error: { code: "unsaved",
        text: "the LMS did not save; the runtime tries again in " + Math.round(data.retryMs / 1000) + " s" } });
      return;
    }
    if (kind === "resume-unreadable") {
      log.failure({ call: "GetValue", element: "cmi.suspend_data", error: { code: "unreadable",
        text: "the LMS holds resume data this course cannot read (" + data.length + " characters); it is kept as " +
              "it is, never overwritten, and this session's work is kept in this browser" } });
    }
    if (ui) ui.notify(kind, data); else early.push([kind, data]);
  }

  /** @type {Launch | null} */
  var connected = null;
  /** @type {ReturnType<typeof createSession> | null} */
  var current = null;

  // The reflections and questions whose `answered` statements the LRS took, or refused:
  // each says so (refused: in words, to the learner too). Their ids are unique in a course.
  /** @param {string} kind @returns {(statements: import("./types").Statement[]) => void} */
  function answers(kind) {
    return function (statements) {
      var ids = statements.filter(function (s) {
        return verbOf(s) === "answered" && /\/(reflections|questions)\/[^/]*$/.test(String(s.object && s.object.id || ""));
      }).map(function (s) {
        return safeDecode(String(s.object && s.object.id || "").split("/").pop() || "");
      });
      if (ids.length) notify(kind, { ids: ids });
    };
  }

  /** @param {Launch} launch @param {{ completed: boolean }} begun */
  function connect(launch, begun) {
    if (!reporter || !outbox) return;  // (only a launch with an LRS connects)
    var box = outbox;
    var tell = reporter;
    connected = launch;
    if (!launch.registration) launch.registration = registrationFor(storage, "scormgen-registration:" + config.course.id + ":" + actorKey(launch.actor));
    launch.alreadyCompleted = begun.completed;
    // cmi5: LMS.LaunchData's masteryScore (0..1) is the passing score, before anything is judged
    var mastery = masteryPercent(launch.masteryScore, 100);
    if (current && mastery !== null) current.setMasteryScore(mastery);
    tell.ready(launch);
    box.setTransport(createLrsTransport(launch.endpoint, launch.auth), carriedBy(launch));
    if (!launch.cmi5) return;
    // what an earlier session of this learner left undelivered goes again as this one's
    var earlier = box.find(function (s) { return fromEarlierSession(s, launch); });
    if (!earlier.length) return;
    var unsure = box.unsure();
    alreadyStored(launch, earlier.filter(function (s) { return unsure.indexOf(s.id) >= 0; })).then(function (stored) {
      var ids = earlier.map(function (s) { return s.id; });
      var taken = box.take(function (s) { return ids.indexOf(s.id) >= 0; });
      tell.reissue(taken.filter(function (s) { return stored.indexOf(s.id) < 0; }));
    });
  }

  // Exit (cmi5: Exit, and "Return to the course"): the session ends, `terminated` is
  // taken (or EXIT_WAIT_MS passes), then the LMS's returnURL (cmi5 10.2.6.0-1).
  // The resume state is written first: a cmi5 LMS takes nothing of a session after its
  // `terminated`.
  /** @param {string} returnURL */
  function leave(returnURL) {
    var session = current;
    if (!session) return;
    var box = outbox;
    var state = connected && connected.stateDocument;
    var deadline = CLOCK.now() + EXIT_WAIT_MS;
    session.save();
    /** @param {() => boolean} done @param {() => void} then */
    function when(done, then) {
      (function wait() {
        if (!done() && CLOCK.now() < deadline) CLOCK.setTimeout(wait, 100); else then();
      })();
    }
    when(function () { return !state || state.settled(); }, function () {
      /** @type {ReturnType<typeof createSession>} */ (session).finish();
      if (connected && connected.cmi5) markSessionEnded(params, window);
      when(function () { return !box || !connected || !box.pending(); }, function () {
        window.location.assign(returnURL);
      });
    });
  }

  /**
   * @param {import("./types").Adapter} adapter @param {import("./types").Adapter | null} fallback
   * @param {Launch | null} launch @param {string} [returnTo] where Exit leads without a launch (a session ended)
   */
  function begin(adapter, fallback, launch, returnTo) {
    var session = current = createSession(config, adapter, storage, notify, CLOCK, fallback, reporter);
    var returnURL = launch && launch.cmi5 ? launch.returnURL || "" : returnTo || "";
    var view = createUI(document, config, session, log, {
      returnURL: returnURL,
      exit: function () { leave(returnURL); },
      refused: function () { return outbox ? outbox.rejected() : []; }
    });
    ui = view;
    var begun = session.start();
    early.forEach(function (event) { view.notify(event[0], event[1]); });
    if (launch) connect(launch, begun);
    if (launch && launch.preferences) {
      players.startMuted(launch.preferences.audioPreference === "off");
      var edition = preferredEdition(config, launch.preferences.languagePreference);
      if (edition) view.notify("other-edition", edition);
    }
    if (outbox) {
      outbox.onRejected(answers("answers-refused"));
      outbox.onDelivered(answers("answers-delivered"));
      answers("answers-refused")(outbox.rejected());
    }
    var requested = window.location.hash ? safeDecode(window.location.hash.slice(1)) : "";
    view.start(requested || begun.location);
    window.scormgen = { config: config, session: session, log: log, ui: view, outbox: outbox };
    return begun;
  }

  window.addEventListener("pagehide", function () {
    if (!current) return;
    current.finish();
    if (outbox) outbox.unload();
    if (connected && connected.cmi5) markSessionEnded(params, window);
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && current) current.flush();
  });

  if (!xapiTarget) {
    var chosen = chooseScormAdapter(config, log, storage);
    var begun = begin(chosen.adapter, chosen.fallback, null);
    if (reporter) {
      connect({ endpoint: config.xapi.endpoint, auth: params.auth || config.xapi.auth || "",
                actor: scormActor(config, begun.learnerId, begun.learnerName, window), registration: "",
                activityId: config.xapi.activityId, cmi5: false }, begun);
    }
    return;
  }
  var learner = actorKey(params.actor ? parseActor(params.actor) : null) + "|" + (params.registration || "");
  var localKey = "scormgen-local:" + config.course.id + ":" + config.target + ":" + learner;
  /** @param {Launch | null} launch */
  function localAdapter(launch) {
    var remote = launch && launch.stateDocument ? { document: launch.resume || null, state: launch.stateDocument } : null;
    return createLocalAdapter(storage, localKey, config.localLimits, learner, remote);
  }
  var opened = false;
  // an LMS too slow to launch: the course opens without it, and connects when it can
  var slow = CLOCK.setTimeout(function () {
    opened = true;
    begin(localAdapter(null), null, null);
  }, LAUNCH_WAIT_MS);
  lrsLaunch(config, params, log).then(function (launch) {
    CLOCK.clearTimeout(slow);
    if (!opened) { opened = true; begin(localAdapter(launch), null, launch); return; }
    if (current) connect(launch, { completed: current.isComplete() });
  }, function (error) {
    CLOCK.clearTimeout(slow);
    notify("lrs-unavailable", { reason: error.message });
    if (!opened) { opened = true; begin(localAdapter(null), null, null, error.returnURL || ""); }
  });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
