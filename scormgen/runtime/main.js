// Start-up: read the settings the build wrote into the launch page, find the LMS (or
// work without one), connect the LRS when there is one, and start the session and the
// interface.

var CLOCK = {
  now: function () { return Date.now(); },
  setTimeout: function (fn, ms) { return setTimeout(fn, ms); },
  clearTimeout: function (id) { clearTimeout(id); }
};

function chooseScormAdapter(config, log, storage) {
  var local = createLocalAdapter(storage, "scormgen-local:" + config.course.id + ":" + config.target,
                                 { suspendData: 64000 });
  var lms = null;
  if (config.standard === "scorm12") {
    var api12 = findApi(window, SCORM12.apiName);
    if (api12) lms = createScorm12Adapter(api12, log);
  } else if (config.standard === "scorm2004") {
    var api2004 = findApi(window, SCORM2004.apiName);
    if (api2004) lms = createScorm2004Adapter(api2004, log, config.target);
  }
  return { adapter: lms || local, fallback: local };
}

function actorKey(actor) {
  if (!actor) return "anonymous";
  if (actor.account) return actor.account.homePage + "|" + actor.account.name;
  return actor.mbox || actor.mbox_sha1sum || actor.openid || "anonymous";
}

// A registration for launches that bring none (a Tin Can launch without one, a SCORM
// package mirroring to an LRS): made once per learner and kept in this browser.
function registrationFor(storage, key) {
  var stored = storage.read(key);
  if (stored && stored.registration) return stored.registration;
  var registration = uuid4();
  storage.write(key, { registration: registration });
  return registration;
}

function start() {
  var config = JSON.parse(document.getElementById("sg-config").textContent);
  var params = queryParams(window.location.search);
  var log = createLog();
  var storage = createStorage(window);
  var xapiTarget = config.standard === "xapi" || config.standard === "cmi5";
  var outbox = null;
  var reporter = null;
  if (xapiTarget || config.xapi.endpoint) {
    outbox = createOutbox(storage, "scormgen-outbox:" + config.course.id, log, CLOCK);
    reporter = createXapiReporter(config, outbox, CLOCK);
  }
  var chosen;
  if (xapiTarget) {
    var learner = actorKey(params.actor ? parseActor(params.actor) : null) + "|" + (params.registration || "");
    chosen = { adapter: createLocalAdapter(storage, "scormgen-local:" + config.course.id + ":" + config.target + ":" + learner,
                                           { suspendData: 64000 }, learner), fallback: null };
  } else {
    chosen = chooseScormAdapter(config, log, storage);
  }

  var ui = null;
  var early = [];
  function notify(kind, data) { if (ui) ui.notify(kind, data); else early.push([kind, data]); }
  var session = createSession(config, chosen.adapter, storage, notify, CLOCK, chosen.fallback, reporter);
  ui = createUI(document, config, session, log);
  var begun = session.start();
  early.forEach(function (event) { ui.notify(event[0], event[1]); });

  function connect(launch) {
    if (!launch.registration) launch.registration = registrationFor(storage, "scormgen-registration:" + config.course.id + ":" + actorKey(launch.actor));
    launch.alreadyCompleted = begun.completed;
    reporter.ready(launch);
    outbox.setTransport(createLrsTransport(launch.endpoint, launch.auth));
  }
  function noLrs(reason) { ui.notify("lrs-unavailable", { reason: reason }); }
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

  var requested = window.location.hash ? decodeURIComponent(window.location.hash.slice(1)) : "";
  ui.start(requested || begun.location);

  window.addEventListener("pagehide", function () { session.finish(); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") session.flush();
  });
  window.scormgen = { config: config, session: session, log: log, ui: ui, outbox: outbox };
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
