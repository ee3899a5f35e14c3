// @ts-check
// The preview page: plays the LMS (the strict API from strict-api.js, on the data
// model the server gives, learner data kept in this browser across reloads until
// reset), shows live what the package reports, and relaunches the course when the
// server has rebuilt it.
(function () {
  "use strict";
  /** @type {any} */
  var config = JSON.parse(/** @type {HTMLElement} */ (document.getElementById("preview-config")).textContent || "");
  var model = config.model;
  var is12 = model.standard === "scorm12";
  var lms = model.lms;
  var KEY = "scormgen-preview:" + config.courseId + ":" + config.target + ":" + lms.name;
  // The elements the panel shows, by role (scormgen/standards/datamodel.py).
  var E = model.roles;
  // The score, success and passing score elements of this standard, found in its model
  // (SCORM 1.2: cmi.core.score.*, the lesson status says passed/failed, the LMS's
  // cmi.student_data.mastery_score; SCORM 2004: cmi.score.*, cmi.success_status,
  // cmi.scaled_passing_score).
  /** @param {RegExp} pattern @returns {string} */
  function named(pattern) {
    var found = model.elements.filter(function (/** @type {any} */ e) { return pattern.test(e.name); })[0];
    return found ? found.name : "";
  }
  var S = { raw: named(/^cmi\.(core\.)?score\.raw$/), min: named(/^cmi\.(core\.)?score\.min$/),
            max: named(/^cmi\.(core\.)?score\.max$/), scaled: named(/^cmi\.score\.scaled$/),
            success: named(/^cmi\.success_status$/), passing: named(/^cmi\.(scaled_passing_score|student_data\.mastery_score)$/) };
  // What the LMS read from the package's manifest and gives the course (the mastery score).
  var given = config.lmsValues || {};
  var suspend = model.suspend;
  var frame = /** @type {HTMLIFrameElement} */ (document.getElementById("pv-course"));
  /** @type {any[]} */
  var errors = [];
  var commits = 0;
  /** @type {{ [element: string]: string }} */
  var live = {};
  /** @type {number | null} */
  var version = null;
  // The API of the session on screen: a session ended by a relaunch says nothing.
  /** @type {object | null} */
  var current = null;
  // What the last session that ended reported as its duration (the runtime says it at
  // Terminate only), shown until the session on screen says its own.
  var lastSessionTime = "";
  // How many of the cmi5 LMS's refusals the panel has shown.
  var refusalsShown = 0;

  /** @param {string} name @returns {any} */
  function $(name) { return document.querySelector('[data-panel="' + name + '"]'); }
  /** @returns {any} */
  function stored() { try { return JSON.parse(localStorage.getItem(KEY) || "null") || {}; } catch (e) { return {}; } }
  /** @param {object} record */
  function save(record) { try { localStorage.setItem(KEY, JSON.stringify(record)); } catch (e) { /* full */ } }

  function render() {
    $("standard").textContent = config.title + (model.standard === "scorm12" && config.title.indexOf("1.2") < 0
      ? " (run on the SCORM 1.2 API)" : "");
    $("lms").textContent = lms.title;
    $("status").textContent = live[E.status] || "";
    $("success").textContent = S.success ? live[S.success] || "" : "(" + model.title + ": in the status)";
    $("score").textContent = scoreText();
    $("passing").textContent = S.passing && live[S.passing] !== undefined ? live[S.passing] : "(none)";
    $("location").textContent = live[E.location] || "";
    $("progress").textContent = E.progress ? live[E.progress] || "" : "(" + model.title + " has none)";
    $("exit").textContent = live[E.exit] || "";
    $("session-time").textContent = live[E.sessionTime] ||
      (lastSessionTime ? lastSessionTime + " (the last session)" : "");
    var resume = live[E.suspendData] || "";
    $("suspend").textContent = resume.length + " of " + suspend.limit + " " + suspend.unit + " ";
    $("suspend-meter").value = resume.length / suspend.limit;
    $("commits").textContent = String(commits);
    $("comments").textContent = live[E.notes] || "";
    var list = $("interactions");
    list.textContent = "";
    var at = E.interactions + ".";
    for (var n = 0; live[at + n + ".id"] !== undefined; n++) {
      var item = document.createElement("li");
      item.textContent = interactionText(at + n + ".");
      list.appendChild(item);
    }
    $("error-count").textContent = "(" + errors.length + ")";
  }

  // "83 (0 to 100), scaled 0.83"; "" before any score.
  function scoreText() {
    var raw = live[S.raw];
    if (raw === undefined && (!S.scaled || live[S.scaled] === undefined)) return "";
    var text = raw !== undefined ? raw + " (" + (live[S.min] || "?") + " to " + (live[S.max] || "?") + ")" : "";
    if (S.scaled && live[S.scaled] !== undefined) text += (text ? ", " : "") + "scaled " + live[S.scaled];
    return text;
  }

  // One interaction: "q-a: a,c (choice) wrong; correct: b, latency 00:00:04"; a reflection
  // "id: its text".
  /** @param {string} at */
  function interactionText(at) {
    var text = live[at + "id"] + ": " + (live[at + E.response] || "");
    var type = live[at + "type"];
    if (type === "choice" || type === "true-false") text += " (" + type + ")";
    if (live[at + "result"] !== undefined) text += " " + live[at + "result"];
    var correct = [];
    for (var c = 0; live[at + "correct_responses." + c + ".pattern"] !== undefined; c++) {
      correct.push(live[at + "correct_responses." + c + ".pattern"]);
    }
    if (correct.length) text += "; correct: " + correct.join(" or ");
    if (live[at + "latency"] !== undefined) text += ", latency " + live[at + "latency"];
    return text;
  }

  // "answered <object> goals[,]fees: incorrect"; "passed <course> score 0.83".
  /** @param {any} s */
  function statementText(s) {
    var text = (s.verb && s.verb.id || "").replace("http://adlnet.gov/expapi/verbs/", "") + " " + (s.object && s.object.id || "");
    var result = s.result || {};
    var interaction = s.object && s.object.definition && s.object.definition.interactionType;
    if ((interaction === "choice" || interaction === "true-false") && result.response !== undefined) {
      text += " " + result.response + (result.success === undefined ? "" : result.success ? ": correct" : ": incorrect");
    }
    if (result.score && result.score.scaled !== undefined && !interaction) text += " score " + result.score.scaled;
    return text;
  }

  /** @param {any} error @param {string} text */
  function showError(error, text) {
    errors.push(error);
    var item = document.createElement("li");
    item.textContent = text;
    $("errors").appendChild(item);
  }

  /** @param {any} call */
  function observe(call) {
    if (call.error && call.error !== 0) {
      showError(call, call.method + "(" + call.args.map(function (/** @type {any} */ a) { return JSON.stringify(String(a).slice(0, 80)); }).join(", ") +
        ") refused: " + call.error + " " + call.errorText + (call.detail ? " (" + call.detail + ")" : ""));
    }
    render();
  }

  // The cmi5 LMS's refusals not shown yet (the server keeps the last 50 of them).
  /** @param {any} status */
  function showRefusals(status) {
    var fresh = status.refusals.slice(Math.max(0, status.refusals.length - (status.refusalCount - refusalsShown)));
    refusalsShown = status.refusalCount;
    fresh.forEach(function (/** @type {any} */ refusal) {
      showError(refusal, "cmi5 LMS refused " + refusal.request + ": " + refusal.status +
        (refusal.requirement ? " (requirement " + refusal.requirement + ")" : "") + " " + refusal.detail);
    });
    if (fresh.length) render();
  }

  /** @param {string} url */
  function load(url) {
    frame.src = url + (url.indexOf("?") < 0 ? "?" : "&") + "build=" + version;
  }

  // A cmi5 launch is a session of its own: the server makes a new one (and a new
  // registration, a new learner record, if `reset`) for each.
  /** @param {boolean} [reset] */
  function launch(reset) {
    var record = stored();
    var data = JSON.parse(JSON.stringify(record.data || {}));
    delete data[E.exit];
    delete data[E.sessionTime];
    data[E.learnerId] = "preview-learner";
    // (SCORM 1.2 writes the learner's name "last, first")
    data[E.learnerName] = is12 ? "Learner, Preview" : "Preview Learner";
    data[E.entry] = record.exit === "suspend" ? "resume" : (is12 ? "" : "ab-initio");
    Object.keys(given).forEach(function (element) { data[element] = given[element]; });
    Object.keys(lms.answers).forEach(function (element) { data[element] = lms.answers[element]; });
    live = data;
    var api = createStrictApi(model, data, observe, function (/** @type {any} */ values, /** @type {boolean} */ final) {
      commits += 1;
      save({ data: values, exit: values[E.exit] || (record.exit || "") });
      if (final) {
        lastSessionTime = values[E.sessionTime] || lastSessionTime;
        if (api === current) $("session").textContent = "The session ended (Terminate). Relaunch to continue.";
      }
      render();
    });
    current = api;
    $("session").textContent = "";
    /** @type {any} */
    var host = window;
    delete host.API;
    delete host.API_1484_11;
    host[model.apiName] = api;
    if (config.cmi5) {
      fetch("/cmi5/launch", { method: "POST", headers: { "Content-Type": "application/json" },
                              body: JSON.stringify({ reset: !!reset }) })
        .then(function (r) { return r.json(); })
        .then(function (answer) {
          if (!answer.url) throw new Error(answer.detail);
          if (api === current) load(answer.url);
        })
        .catch(function (/** @type {any} */ e) { $("session").textContent = "The preview could not launch the course: " + e.message; });
    } else {
      load(config.launchUrl);
    }
    render();
  }

  function relaunch() {
    current = null;  // the session the course ends now was ended on purpose
    frame.src = "about:blank";   // the course's pagehide ends its session (Terminate)
    setTimeout(launch, 100);
  }

  /** @type {HTMLElement} */ (document.getElementById("pv-relaunch")).addEventListener("click", relaunch);
  /** @type {HTMLElement} */ (document.getElementById("pv-reset")).addEventListener("click", function () {
    localStorage.removeItem(KEY);
    errors = [];
    $("errors").textContent = "";
    commits = 0;
    current = null;
    frame.src = "about:blank";
    setTimeout(function () { localStorage.removeItem(KEY); lastSessionTime = ""; launch(true); }, 100);
  });

  // What the LMS played here does differently, said once.
  lms.notes.forEach(function (/** @type {string} */ note) {
    var item = document.createElement("li");
    item.textContent = note;
    $("lms-notes").appendChild(item);
  });

  function poll() {
    fetch("/status", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (status) {
      var build = $("build");
      build.classList.toggle("pv-failed", !status.ok);
      if (!status.ok) build.textContent = "The last build failed:\n" + status.error;
      else if (status.version !== version) build.textContent = "Build " + status.version + " (" + status.built + ")";
      showRefusals(status);
      var list = $("statements");
      $("statement-count").textContent = "(" + status.statementCount + ")";
      list.textContent = "";
      status.statements.forEach(function (/** @type {any} */ s) {
        var item = document.createElement("li");
        item.textContent = statementText(s);
        list.appendChild(item);
      });
      if (status.ok && status.version !== version) {
        given = status.lmsValues || {};  // the new build's manifest may say another mastery score
        var first = version === null;
        version = status.version;
        if (first) launch(); else relaunch();
      }
    }).catch(function () { $("build").textContent = "The preview server stopped."; })
      .then(function () { setTimeout(poll, 700); });
  }
  poll();
})();
