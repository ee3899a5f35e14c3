// SCORM 1.2 (Run-Time Environment 1.2): element names, value formats and limits in
// one place, behind the adapter interface every standard shares:
//   start() -> { connected, entry, learnerId, location, suspendData, status }
//   setLocation(id), setProgress(fraction, completed), setObjectives(ids, completed),
//   addInteraction(record) -> { truncated }, setNotes(text) -> { truncated },
//   setSuspendData(text), commit(), finish(sessionMs)

var SCORM12 = {
  apiName: "API",
  methods: { initialize: "LMSInitialize", getValue: "LMSGetValue", setValue: "LMSSetValue",
             commit: "LMSCommit", terminate: "LMSFinish", getLastError: "LMSGetLastError",
             getErrorString: "LMSGetErrorString", getDiagnostic: "LMSGetDiagnostic" },
  limits: {
    suspendData: 4096,        // cmi.suspend_data: CMIString4096
    location: 255,            // cmi.core.lesson_location: CMIString255
    response: 255,            // cmi.interactions.n.student_response: CMIFeedback (255)
    comments: 4096            // cmi.comments: CMIString4096
  }
};

function createScorm12Adapter(api, log) {
  var lms = createLmsConnection(api, SCORM12.methods, log);
  var interactionCount = 0;
  var objectives = createObjectiveRecords(lms, "status");
  var status = "";

  return {
    standard: "scorm12",
    limits: SCORM12.limits,
    start: function () {
      if (!lms.initialize()) return { connected: false };
      var entry = lms.get("cmi.core.entry") || "";
      status = lms.get("cmi.core.lesson_status") || "";
      interactionCount = parseInt(lms.get("cmi.interactions._count"), 10) || 0;
      objectives.read();
      if (status === "" || status === "not attempted") {
        // LMSFinish would make it "incomplete" anyway; say it ourselves from the start.
        lms.set("cmi.core.lesson_status", "incomplete");
        status = "incomplete";
      }
      // Said now, so that every commit carries it: if the final commit is lost while
      // the window closes, the LMS still offers to resume (Moodle reads it so).
      lms.set("cmi.core.exit", "suspend");
      return {
        connected: true,
        entry: entry,
        learnerId: lms.get("cmi.core.student_id") || "",
        learnerName: lms.get("cmi.core.student_name") || "",
        location: lms.get("cmi.core.lesson_location") || "",
        suspendData: lms.get("cmi.suspend_data") || "",
        status: status
      };
    },
    setLocation: function (pageId) { lms.set("cmi.core.lesson_location", cutText(pageId, SCORM12.limits.location)); },
    setProgress: function (fraction, completed) {
      // 1.2 has no progress measure; lesson_status says incomplete or completed.
      if (completed && status !== "completed" && status !== "passed") {
        lms.set("cmi.core.lesson_status", "completed");
        status = "completed";
      }
    },
    setObjectives: objectives.set,
    addInteraction: function (record) {
      var n = interactionCount++;
      var fit = fitText(record.response, SCORM12.limits.response);
      lms.set("cmi.interactions." + n + ".id", record.id);
      lms.set("cmi.interactions." + n + ".type", "fill-in");
      lms.set("cmi.interactions." + n + ".time", scorm12Time(record.time));
      lms.set("cmi.interactions." + n + ".student_response", fit.value);
      return { truncated: fit.truncated, limit: SCORM12.limits.response };
    },
    setNotes: function (text) {
      var fit = fitText(text, SCORM12.limits.comments);
      lms.set("cmi.comments", fit.value);
      return { truncated: fit.truncated, limit: SCORM12.limits.comments };
    },
    setSuspendData: function (data) { lms.set("cmi.suspend_data", data); },
    commit: function () { return lms.commit(); },
    finish: function (sessionMs) {
      lms.set("cmi.core.session_time", scorm12Timespan(sessionMs));
      lms.set("cmi.core.exit", "suspend");
      return lms.terminate();
    }
  };
}
