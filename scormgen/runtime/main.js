// @ts-check
// Start-up: read the settings the build wrote into the launch page, find the LMS (or
// work without one), connect the LRS when there is one, and start the session and the
// interface.

import { createLocalAdapter } from "./adapter-local.js";
import { createScormAdapter } from "./adapter-scorm.js";
import { findApi } from "./api-finder.js";
import { createStorage } from "./backup.js";
import { cmi5Launch, parseActor, queryParams, safeDecode, scormActor, tinCanLaunch } from "./launch.js";
import { createLog } from "./lms.js";
import { createLrsTransport, createOutbox } from "./outbox.js";
import { createSession } from "./session.js";
import { createUI } from "./ui.js";
import { uuid4 } from "./uuid.js";
import { createXapiReporter } from "./xapi.js";

/** @typedef {import("./types").Config} Config */
/** @typedef {import("./types").Storage} Storage */

/** @type {import("./types").Clock} */
var CLOCK = {
  now: function () { return Date.now(); },
  setTimeout: function (fn, ms) { return setTimeout(fn, ms); },
  clearTimeout: function (id) { clearTimeout(id); }
};

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

function start() {
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
  var chosen;
  if (xapiTarget) {
    var learner = actorKey(params.actor ? parseActor(params.actor) : null) + "|" + (params.registration || "");
    chosen = { adapter: createLocalAdapter(storage, "scormgen-local:" + config.course.id + ":" + config.target + ":" + learner,
                                           config.localLimits, learner), fallback: null };
  } else {
    chosen = chooseScormAdapter(config, log, storage);
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
  var session = createSession(config, chosen.adapter, storage, notify, CLOCK, chosen.fallback, reporter);
  var view = createUI(document, config, session, log);
  ui = view;
  var begun = session.start();
  early.forEach(function (event) { view.notify(event[0], event[1]); });

  /** @param {import("./types").Launch} launch */
  function connect(launch) {
    if (!reporter || !outbox) return;  // (only a launch with an LRS connects)
    if (!launch.registration) launch.registration = registrationFor(storage, "scormgen-registration:" + config.course.id + ":" + actorKey(launch.actor));
    launch.alreadyCompleted = begun.completed;
    reporter.ready(launch);
    outbox.setTransport(createLrsTransport(launch.endpoint, launch.auth));
  }
  /** @param {string} reason */
  function noLrs(reason) { view.notify("lrs-unavailable", { reason: reason }); }
  if (config.standard === "xapi") {
    var tinCan = tinCanLaunch(params, config);
    if (tinCan) connect(tinCan); else noLrs("no launch parameters");
  } else if (config.standard === "cmi5") {
    cmi5Launch(params, window).then(connect, function (error) { noLrs(error.message); });
  } else if (reporter) {
    connect({ endpoint: config.xapi.endpoint, auth: params.auth || config.xapi.auth || "",
              actor: scormActor(config, begun.learnerId, begun.learnerName, window), registration: "",
              activityId: config.xapi.activityId, cmi5: false });
  }

  var requested = window.location.hash ? safeDecode(window.location.hash.slice(1)) : "";
  view.start(requested || begun.location);

  window.addEventListener("pagehide", function () { session.finish(); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") session.flush();
  });
  window.scormgen = { config: config, session: session, log: log, ui: view, outbox: outbox };
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
