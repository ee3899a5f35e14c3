// The preview's LMS: strict SCORM 1.2 and SCORM 2004 APIs. Every data-model rule and
// limit is enforced (access, data types, vocabularies, sizes, array order), and so are
// the narrower rules of real LMSs (Moodle and scorm-again refuse line breaks in text
// values; scorm-again reads a 2004 value starting with "{" as a language tag).
// Every call is reported to `observer` with its result and error, never swallowed.

(function (global) {
  "use strict";

  var NO_BREAK = /^[^\r\n]*$/;
  function re(source) { return new RegExp("^(?:" + source + ")$"); }
  function text(max, options) {
    options = options || {};
    return function (value) {
      if (value.length > max) return "value is " + value.length + " characters; the limit is " + max;
      if (options.noBreaks && !NO_BREAK.test(value)) return "a line break (Moodle and scorm-again refuse it)";
      if (options.noBrace && /^\{/.test(value) && !/^\{lang=[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*\}/.test(value)) {
        return "starts with '{' (read as a language tag)";
      }
      return null;
    };
  }
  function pattern(regex, what) { return function (value) { return regex.test(value) ? null : "not a " + what; }; }
  function vocab(words) {
    return function (value) { return words.indexOf(value) >= 0 ? null : "not one of: " + words.join(", "); };
  }
  function real(min, max) {
    return function (value) {
      if (!/^-?\d+(\.\d+)?$/.test(value)) return "not a number";
      var n = parseFloat(value);
      if ((min !== null && n < min) || (max !== null && n > max)) return "out of range [" + min + ", " + max + "]";
      return null;
    };
  }

  var TIMESPAN_12 = pattern(/^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/, "CMITimespan (HHHH:MM:SS.SS)");
  var TIME_12 = pattern(/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$/, "CMITime (HH:MM:SS.SS)");
  var IDENTIFIER_12 = pattern(/^[\u0021-\u007E]{1,255}$/, "CMIIdentifier");
  var DURATION_2004 = pattern(/^P(\d+Y)?(\d+M)?(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/, "timeinterval (PT1H2M3.45S)");
  var TIME_2004 = function (value) {
    if (/\.\d{3,}/.test(value)) return "more than 2 decimals of seconds (Moodle refuses it)";
    return /^\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2}(\.\d{1,2})?)?)?(Z|[+-]\d{2}(:\d{2})?)?)?)?)?$/.test(value)
      ? null : "not a time (second,10,0)";
  };
  var LONG_ID = pattern(/^\S{1,4000}$/, "long_identifier_type");

  // [name pattern, access, check] ; n stands for an array index.
  var MODEL_12 = [
    ["cmi.core._children", "r"], ["cmi.core.student_id", "r"], ["cmi.core.student_name", "r"],
    ["cmi.core.lesson_location", "rw", text(255)], ["cmi.core.credit", "r"],
    ["cmi.core.lesson_status", "rw", vocab(["passed", "completed", "failed", "incomplete", "browsed", "not attempted"])],
    ["cmi.core.entry", "r"], ["cmi.core.score._children", "r"],
    ["cmi.core.score.raw", "rw", real(0, 100)], ["cmi.core.score.min", "rw", real(0, 100)], ["cmi.core.score.max", "rw", real(0, 100)],
    ["cmi.core.total_time", "r"], ["cmi.core.lesson_mode", "r"],
    ["cmi.core.exit", "w", vocab(["time-out", "suspend", "logout", ""])],
    ["cmi.core.session_time", "w", TIMESPAN_12],
    ["cmi.suspend_data", "rw", text(4096)], ["cmi.launch_data", "r"],
    ["cmi.comments", "rw", text(4096, { noBreaks: true })], ["cmi.comments_from_lms", "r"],
    ["cmi.objectives._children", "r"], ["cmi.objectives._count", "r"],
    ["cmi.objectives.n.id", "rw", IDENTIFIER_12],
    ["cmi.objectives.n.status", "rw", vocab(["passed", "completed", "failed", "incomplete", "browsed", "not attempted"])],
    ["cmi.objectives.n.score.raw", "rw", real(0, 100)],
    ["cmi.interactions._children", "r"], ["cmi.interactions._count", "r"],
    ["cmi.interactions.n.id", "w", IDENTIFIER_12],
    ["cmi.interactions.n.type", "w", vocab(["true-false", "choice", "fill-in", "matching", "performance", "sequencing", "likert", "numeric"])],
    ["cmi.interactions.n.time", "w", TIME_12],
    ["cmi.interactions.n.student_response", "w", text(255, { noBreaks: true })],
    ["cmi.interactions.n.result", "w", pattern(/^(correct|wrong|unanticipated|neutral|-?\d+(\.\d+)?)$/, "CMIResult")],
    ["cmi.interactions.n.latency", "w", TIMESPAN_12], ["cmi.interactions.n.weighting", "w", real(null, null)],
    ["cmi.student_data.mastery_score", "r"], ["cmi.student_preference.language", "rw", text(255)]
  ];

  function model2004(suspendLimit) {
    return [
      ["cmi._version", "r"], ["cmi.learner_id", "r"], ["cmi.learner_name", "r"], ["cmi.entry", "r"],
      ["cmi.mode", "r"], ["cmi.credit", "r"], ["cmi.total_time", "r"], ["cmi.launch_data", "r"],
      ["cmi.location", "rw", text(1000)],
      ["cmi.completion_status", "rw", vocab(["completed", "incomplete", "not attempted", "unknown"])],
      ["cmi.success_status", "rw", vocab(["passed", "failed", "unknown"])],
      ["cmi.progress_measure", "rw", real(0, 1)],
      ["cmi.score.scaled", "rw", real(-1, 1)], ["cmi.score.raw", "rw", real(null, null)],
      ["cmi.score.min", "rw", real(null, null)], ["cmi.score.max", "rw", real(null, null)],
      ["cmi.exit", "w", vocab(["time-out", "suspend", "logout", "normal", ""])],
      ["cmi.session_time", "w", DURATION_2004],
      ["cmi.suspend_data", "rw", text(suspendLimit)],
      ["cmi.comments_from_learner._count", "r"],
      ["cmi.comments_from_learner.n.comment", "rw", text(4000, { noBreaks: true, noBrace: true })],
      ["cmi.comments_from_learner.n.location", "rw", text(250)],
      ["cmi.comments_from_learner.n.timestamp", "rw", TIME_2004],
      ["cmi.objectives._count", "r"], ["cmi.objectives.n.id", "rw", LONG_ID],
      ["cmi.objectives.n.completion_status", "rw", vocab(["completed", "incomplete", "not attempted", "unknown"])],
      ["cmi.objectives.n.success_status", "rw", vocab(["passed", "failed", "unknown"])],
      ["cmi.objectives.n.progress_measure", "rw", real(0, 1)],
      ["cmi.objectives.n.description", "rw", text(250, { noBreaks: true, noBrace: true })],
      ["cmi.interactions._count", "r"], ["cmi.interactions.n.id", "rw", LONG_ID],
      ["cmi.interactions.n.type", "rw", vocab(["true-false", "choice", "fill-in", "long-fill-in", "matching", "performance", "sequencing", "likert", "numeric", "other"])],
      ["cmi.interactions.n.timestamp", "rw", TIME_2004],
      ["cmi.interactions.n.learner_response", "rw", text(4000, { noBreaks: true, noBrace: true })],
      ["cmi.interactions.n.description", "rw", text(250, { noBreaks: true, noBrace: true })],
      ["cmi.interactions.n.result", "rw", pattern(/^(correct|incorrect|unanticipated|neutral|-?\d+(\.\d+)?)$/, "result")],
      ["cmi.interactions.n.latency", "rw", DURATION_2004], ["cmi.interactions.n.weighting", "rw", real(null, null)]
    ];
  }

  var ERRORS_12 = { 0: "No error", 101: "General exception", 201: "Invalid argument error",
    301: "Not initialized", 401: "Not implemented error", 402: "Invalid set value, element is a keyword",
    403: "Element is read only", 404: "Element is write only", 405: "Incorrect data type" };
  var ERRORS_2004 = { 0: "No error", 101: "General exception", 103: "Already initialized",
    104: "Content instance terminated", 112: "Termination before initialization",
    113: "Termination after termination", 122: "Retrieve data before initialization",
    123: "Retrieve data after termination", 132: "Store data before initialization",
    133: "Store data after termination", 142: "Commit before initialization",
    143: "Commit after termination", 201: "General argument error", 301: "General get failure",
    351: "General set failure", 391: "General commit failure", 401: "Undefined data model element",
    403: "Data model element value not initialized", 404: "Data model element is read only",
    405: "Data model element is write only", 406: "Data model element type mismatch",
    407: "Data model element value out of range", 408: "Data model dependency not established" };

  // standard: "scorm12" | "scorm2004"; data: the stored values (element -> value);
  // observer(call) is told about every call; onCommit(data) stores.
  function createStrictApi(standard, data, limits, observer, onCommit) {
    var is12 = standard === "scorm12";
    var model = is12 ? MODEL_12 : model2004(limits.suspendData);
    var codes = is12 ? ERRORS_12 : ERRORS_2004;
    var state = "new";  // new -> running -> terminated
    var lastError = 0;
    var lastDetail = "";

    function rule(element) {
      var generic = element.replace(/\.(\d+)\./g, ".n.");
      for (var i = 0; i < model.length; i++) if (model[i][0] === generic) return model[i];
      return null;
    }
    // Entries of an array exist once any of their elements was set.
    function count(array) {
      var n = 0;
      var has = function (index) {
        var prefix = array + "." + index + ".";
        for (var key in data) if (key.indexOf(prefix) === 0) return true;
        return false;
      };
      while (has(n)) n++;
      return n;
    }
    // Arrays whose entries are identified: the id must come first.
    var IDENTIFIED = /^cmi\.(interactions|objectives)$/;
    function fail(code, detail) { lastError = code; lastDetail = detail || ""; return false; }
    function report(method, args, result) {
      observer({ method: method, args: args, result: String(result), error: lastError,
                 errorText: codes[lastError] || "", detail: lastDetail, time: Date.now() });
    }

    function initialize() {
      lastError = 0; lastDetail = "";
      if (state === "running") return fail(is12 ? 101 : 103, "Initialize was already called");
      if (state === "terminated") return fail(is12 ? 101 : 104, "the session has ended");
      state = "running";
      return true;
    }
    function getValue(element) {
      lastError = 0; lastDetail = "";
      if (state !== "running") { fail(is12 ? 301 : (state === "new" ? 122 : 123)); return ""; }
      var match = /^(cmi\.\w+(?:\.\w+)?)\._count$/.exec(element);
      if (match && rule(element)) return String(count(element.replace(/\._count$/, "")));
      var r = rule(element);
      if (!r) { fail(is12 ? 201 : 401, element + " is not in the data model"); return ""; }
      if (r[1] === "w") { fail(is12 ? 404 : 405, element + " is write-only"); return ""; }
      if (!Object.prototype.hasOwnProperty.call(data, element)) {
        if (!is12 && /^cmi\.(location|suspend_data|score\.|progress_measure)/.test(element)) {
          fail(403, element + " has no value yet"); return "";
        }
        return "";
      }
      return String(data[element]);
    }
    function setValue(element, value) {
      lastError = 0; lastDetail = "";
      if (state !== "running") return fail(is12 ? 301 : (state === "new" ? 132 : 133));
      var r = rule(element);
      if (!r) return fail(is12 ? 201 : 401, element + " is not in the data model");
      if (r[1] === "r") return fail(is12 ? 403 : 404, element + " is read-only");
      value = String(value);
      var index = /^(cmi\.\w+)\.(\d+)\.(.+)$/.exec(element);
      if (index) {
        var n = parseInt(index[2], 10);
        var existing = count(index[1]);
        if (n > existing) return fail(is12 ? 201 : 351, "index " + n + " skips past the " + existing + " existing entries");
        if (IDENTIFIED.test(index[1]) && index[3] !== "id" && n === existing) {
          return fail(is12 ? 201 : 408, "set " + index[1] + "." + n + ".id before " + index[3]);
        }
      }
      var problem = r[2] ? r[2](value) : null;
      if (problem) {
        var range = /out of range|characters; the limit/.test(problem) && !is12;
        return fail(is12 ? 405 : (range ? 407 : 406), element + ": " + problem);
      }
      data[element] = value;
      return true;
    }
    function commit() {
      lastError = 0; lastDetail = "";
      if (state !== "running") return fail(is12 ? 301 : (state === "new" ? 142 : 143));
      onCommit(data, false);
      return true;
    }
    function terminate() {
      lastError = 0; lastDetail = "";
      if (state !== "running") return fail(is12 ? 301 : (state === "new" ? 112 : 113));
      state = "terminated";
      onCommit(data, true);
      return true;
    }

    function wrap(name, fn) {
      return function () {
        var args = Array.prototype.slice.call(arguments);
        var result = fn.apply(null, args);
        result = typeof result === "boolean" ? String(result) : result;
        report(name, args, result);
        return result;
      };
    }
    var names = is12
      ? ["LMSInitialize", "LMSGetValue", "LMSSetValue", "LMSCommit", "LMSFinish", "LMSGetLastError", "LMSGetErrorString", "LMSGetDiagnostic"]
      : ["Initialize", "GetValue", "SetValue", "Commit", "Terminate", "GetLastError", "GetErrorString", "GetDiagnostic"];
    var api = {};
    api[names[0]] = wrap(names[0], function () { return initialize(); });
    api[names[1]] = wrap(names[1], getValue);
    api[names[2]] = wrap(names[2], setValue);
    api[names[3]] = wrap(names[3], function () { return commit(); });
    api[names[4]] = wrap(names[4], function () { return terminate(); });
    api[names[5]] = function () { return String(lastError); };
    api[names[6]] = function (code) { return codes[code] || ""; };
    api[names[7]] = function () { return lastDetail; };
    return api;
  }

  global.createStrictApi = createStrictApi;
})(typeof window !== "undefined" ? window : globalThis);
