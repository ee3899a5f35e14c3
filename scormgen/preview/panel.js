// The preview page: plays the LMS (the strict API from strict-api.js, learner data
// kept in this browser across reloads until reset), shows live what the package
// reports, and relaunches the course when the server has rebuilt it.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("preview-config").textContent);
  var is12 = config.standard === "scorm12";
  var KEY = "scormgen-preview:" + config.courseId + ":" + config.target;
  var E = is12
    ? { status: "cmi.core.lesson_status", location: "cmi.core.lesson_location", exit: "cmi.core.exit",
        time: "cmi.core.session_time", entry: "cmi.core.entry", id: "cmi.core.student_id", name: "cmi.core.student_name",
        comments: "cmi.comments", response: "student_response" }
    : { status: "cmi.completion_status", location: "cmi.location", exit: "cmi.exit", time: "cmi.session_time",
        entry: "cmi.entry", id: "cmi.learner_id", name: "cmi.learner_name",
        comments: "cmi.comments_from_learner.0.comment", response: "learner_response" };
  var frame = document.getElementById("pv-course");
  var errors = [];
  var commits = 0;
  var live = {};
  var version = null;

  function $(name) { return document.querySelector('[data-panel="' + name + '"]'); }
  function stored() { try { return JSON.parse(localStorage.getItem(KEY)) || {}; } catch (e) { return {}; } }
  function save(record) { try { localStorage.setItem(KEY, JSON.stringify(record)); } catch (e) { /* full */ } }

  function render() {
    $("standard").textContent = config.title;
    $("status").textContent = live[E.status] || "";
    $("location").textContent = live[E.location] || "";
    $("progress").textContent = is12 ? "(SCORM 1.2 has none)" : (live["cmi.progress_measure"] || "");
    $("exit").textContent = live[E.exit] || "";
    $("session-time").textContent = live[E.time] || "";
    var suspend = live["cmi.suspend_data"] || "";
    $("suspend").textContent = suspend.length + " of " + config.suspendLimit + " " + config.suspendUnit + " ";
    $("suspend-meter").value = suspend.length / config.suspendLimit;
    $("commits").textContent = String(commits);
    $("comments").textContent = live[E.comments] || "";
    var list = $("interactions");
    list.textContent = "";
    for (var n = 0; live["cmi.interactions." + n + ".id"] !== undefined; n++) {
      var item = document.createElement("li");
      item.textContent = live["cmi.interactions." + n + ".id"] + ": " + (live["cmi.interactions." + n + "." + E.response] || "");
      list.appendChild(item);
    }
    $("error-count").textContent = "(" + errors.length + ")";
  }

  function observe(call) {
    if (call.error && call.error !== 0) {
      errors.push(call);
      var item = document.createElement("li");
      item.textContent = call.method + "(" + call.args.map(function (a) { return JSON.stringify(String(a).slice(0, 80)); }).join(", ") +
        ") refused: " + call.error + " " + call.errorText + (call.detail ? " (" + call.detail + ")" : "");
      $("errors").appendChild(item);
    }
    render();
  }

  function launch() {
    var record = stored();
    var data = JSON.parse(JSON.stringify(record.data || {}));
    delete data[E.exit];
    delete data[E.time];
    data[E.id] = "preview-learner";
    data[E.name] = is12 ? "Learner, Preview" : "Preview Learner";
    data[E.entry] = record.exit === "suspend" ? "resume" : (is12 ? "" : "ab-initio");
    live = data;
    var api = createStrictApi(config.standard, data, { suspendData: config.suspendLimit }, observe, function (values, final) {
      commits += 1;
      save({ data: values, exit: values[E.exit] || (record.exit || "") });
      if (final) $("build").textContent = "The session ended (Terminate). Relaunch to continue.";
      render();
    });
    delete window.API;
    delete window.API_1484_11;
    if (is12) window.API = api; else window.API_1484_11 = api;
    frame.src = config.launchUrl + (config.launchUrl.indexOf("?") < 0 ? "?" : "&") + "build=" + version;
    render();
  }

  function relaunch() {
    frame.src = "about:blank";   // the course's pagehide ends its session (Terminate)
    setTimeout(launch, 100);
  }

  document.getElementById("pv-relaunch").addEventListener("click", relaunch);
  document.getElementById("pv-reset").addEventListener("click", function () {
    localStorage.removeItem(KEY);
    errors = [];
    $("errors").textContent = "";
    commits = 0;
    frame.src = "about:blank";
    setTimeout(function () { localStorage.removeItem(KEY); launch(); }, 100);
  });

  function poll() {
    fetch("/status", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (status) {
      var build = $("build");
      build.classList.toggle("pv-failed", !status.ok);
      if (!status.ok) build.textContent = "The last build failed:\n" + status.error;
      else if (status.version !== version) build.textContent = "Build " + status.version + " (" + status.built + ")";
      var list = $("statements");
      $("statement-count").textContent = "(" + status.statementCount + ")";
      list.textContent = "";
      status.statements.forEach(function (s) {
        var item = document.createElement("li");
        item.textContent = (s.verb && s.verb.id || "").replace("http://adlnet.gov/expapi/verbs/", "") + " " + (s.object && s.object.id || "");
        list.appendChild(item);
      });
      if (status.ok && status.version !== version) {
        var first = version === null;
        version = status.version;
        if (first) launch(); else relaunch();
      }
    }).catch(function () { $("build").textContent = "The preview server stopped."; })
      .then(function () { setTimeout(poll, 700); });
  }
  poll();
})();
