// SCORM 2004 (Run-Time Environment, 3rd and 4th Edition): element names, value
// formats and limits in one place, behind the shared adapter interface (see
// adapter-scorm12.js). The editions differ only in the size of cmi.suspend_data.

var SCORM2004 = {
  apiName: "API_1484_11",
  methods: { initialize: "Initialize", getValue: "GetValue", setValue: "SetValue",
             commit: "Commit", terminate: "Terminate", getLastError: "GetLastError",
             getErrorString: "GetErrorString", getDiagnostic: "GetDiagnostic" },
  limits: {
    suspendData: { "scorm2004-3rd": 4000, "scorm2004-4th": 64000 },  // characterstring SPM
    // In 4th Edition, suspend_data is also kept under this many UTF-8 bytes, so that the
    // whole data model still fits the 64 KiB of the sendBeacon request many LMS
    // runtimes use for the final commit (see suspend.js).
    suspendBytes: { "scorm2004-4th": 24000 },
    location: 1000,           // cmi.location: characterstring (SPM 1000)
    response: 4000,           // cmi.interactions.n.learner_response, long-fill-in: SPM 4000
    description: 250,         // cmi.interactions.n.description: localized_string_type (SPM 250)
    comments: 4000            // cmi.comments_from_learner.n.comment: localized_string_type (SPM 4000)
  }
};

function createScorm2004Adapter(api, log, target) {
  var lms = createLmsConnection(api, SCORM2004.methods, log);
  var limits = {
    suspendData: SCORM2004.limits.suspendData[target] || SCORM2004.limits.suspendData["scorm2004-3rd"],
    suspendBytes: SCORM2004.limits.suspendBytes[target] || 0,
    location: SCORM2004.limits.location, response: SCORM2004.limits.response,
    description: SCORM2004.limits.description, comments: SCORM2004.limits.comments
  };
  var interactionCount = 0;
  var objectives = createObjectiveRecords(lms, "completion_status");
  var completion = "";
  var notesIndex = null;

  return {
    standard: "scorm2004",
    limits: limits,
    start: function () {
      if (!lms.initialize()) return { connected: false };
      var entry = lms.get("cmi.entry") || "";
      completion = lms.get("cmi.completion_status") || "";
      interactionCount = parseInt(lms.get("cmi.interactions._count"), 10) || 0;
      objectives.read();
      var comments = parseInt(lms.get("cmi.comments_from_learner._count"), 10) || 0;
      notesIndex = comments > 0 ? 0 : null;
      if (completion === "" || completion === "unknown" || completion === "not attempted") {
        lms.set("cmi.completion_status", "incomplete");
        completion = "incomplete";
      }
      // Said now, so that every commit carries it: if the final commit is lost while
      // the window closes, the LMS still offers to resume.
      lms.set("cmi.exit", "suspend");
      // cmi.location and cmi.suspend_data may be read only once something was stored:
      // before that the LMS answers error 403.
      var resume = entry === "resume";
      return {
        connected: true,
        entry: entry,
        learnerId: lms.get("cmi.learner_id") || "",
        learnerName: lms.get("cmi.learner_name") || "",
        location: resume ? lms.get("cmi.location") || "" : "",
        suspendData: resume ? lms.get("cmi.suspend_data") || "" : "",
        status: completion
      };
    },
    setLocation: function (pageId) { lms.set("cmi.location", cutText(pageId, limits.location)); },
    setProgress: function (fraction, completed) {
      lms.set("cmi.progress_measure", String(Math.round(fraction * 1e7) / 1e7));  // real(10,7)
      if (completed && completion !== "completed") {
        lms.set("cmi.completion_status", "completed");
        completion = "completed";
      }
    },
    setObjectives: objectives.set,
    addInteraction: function (record) {
      var n = interactionCount++;
      var fit = fitText(record.response, limits.response);
      lms.set("cmi.interactions." + n + ".id", record.id);
      lms.set("cmi.interactions." + n + ".type", "long-fill-in");
      lms.set("cmi.interactions." + n + ".timestamp", scorm2004Timestamp(record.time));
      lms.set("cmi.interactions." + n + ".learner_response", fit.value);
      if (record.description) {
        lms.set("cmi.interactions." + n + ".description", fitText(record.description, limits.description).value);
      }
      return { truncated: fit.truncated, limit: limits.response };
    },
    setNotes: function (text) {
      var fit = fitText(text, limits.comments);
      var n = notesIndex === null ? 0 : notesIndex;
      lms.set("cmi.comments_from_learner." + n + ".comment", fit.value);
      lms.set("cmi.comments_from_learner." + n + ".timestamp", scorm2004Timestamp(new Date()));
      notesIndex = n;
      return { truncated: fit.truncated, limit: limits.comments };
    },
    setSuspendData: function (data) { lms.set("cmi.suspend_data", data); },
    commit: function () { return lms.commit(); },
    finish: function (sessionMs) {
      lms.set("cmi.session_time", iso8601Duration(sessionMs));
      lms.set("cmi.exit", "suspend");
      return lms.terminate();
    }
  };
}
