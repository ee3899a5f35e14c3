// Start-up: read the settings the build wrote into the launch page, find the LMS (or
// work without one), and start the session and the interface.

function chooseAdapter(config, log, storage) {
  var localLimits = { suspendData: 64000 };
  var local = createLocalAdapter(storage, "scormgen-local:" + config.course.id + ":" + config.target, localLimits);
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

function start() {
  var config = JSON.parse(document.getElementById("sg-config").textContent);
  var log = createLog();
  var storage = createStorage(window);
  var chosen = chooseAdapter(config, log, storage);
  var ui = null;
  var early = [];
  var session = createSession(config, chosen.adapter, storage, function (kind, data) {
    if (ui) ui.notify(kind, data); else early.push([kind, data]);
  }, null, chosen.fallback);
  ui = createUI(document, config, session, log);
  var begun = session.start();
  early.forEach(function (event) { ui.notify(event[0], event[1]); });
  var requested = window.location.hash ? decodeURIComponent(window.location.hash.slice(1)) : "";
  ui.start(requested || begun.location);

  window.addEventListener("pagehide", function () { session.finish(); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") session.flush();
  });
  window.scormgen = { config: config, session: session, log: log, ui: ui };
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
