// Calls to an LMS API, checked: after every call the LMS error code is read, and a
// failure goes to the log (console and debug view). A failure never stops the learner.

function createLmsConnection(api, methods, log) {
  function lastError() {
    var code = "0";
    try { code = String(api[methods.getLastError]()); } catch (e) { code = "?"; }
    if (code === "0" || code === "") return null;
    var text = "";
    var diagnostic = "";
    try { text = String(api[methods.getErrorString](code)); } catch (e) { text = ""; }
    try { diagnostic = String(api[methods.getDiagnostic](code)); } catch (e) { diagnostic = ""; }
    return { code: code, text: text, diagnostic: diagnostic };
  }

  function call(method, args, what) {
    var result;
    try {
      result = api[methods[method]].apply(api, args);
    } catch (e) {
      log.failure({ call: methods[method], element: what, error: { code: "exception", text: String(e) } });
      return { ok: false, value: "" };
    }
    var error = lastError();
    var ok = method === "getValue" ? !error : String(result) === "true" && !error;
    if (!ok) {
      log.failure({ call: methods[method], element: what, value: args[1],
                    error: error || { code: "0", text: "the call returned " + result } });
    }
    return { ok: ok, value: result === undefined || result === null ? "" : String(result) };
  }

  return {
    initialize: function () { return call("initialize", [""], "").ok; },
    get: function (element) { var r = call("getValue", [element], element); return r.ok ? r.value : null; },
    set: function (element, value) { return call("setValue", [element, String(value)], element).ok; },
    commit: function () { return call("commit", [""], "").ok; },
    terminate: function () { return call("terminate", [""], "").ok; }
  };
}

// cmi.objectives.n, the same in both standards but for the status element: found by
// id, added when missing, their status set.
function createObjectiveRecords(lms, statusElement) {
  var index = {};
  return {
    read: function () {
      var count = parseInt(lms.get("cmi.objectives._count"), 10) || 0;
      for (var n = 0; n < count; n++) {
        var id = lms.get("cmi.objectives." + n + ".id");
        if (id) index[id] = n;
      }
    },
    set: function (ids, completed) {
      ids.forEach(function (id) {
        var n = index[id];
        if (n === undefined) {
          n = Object.keys(index).length;
          if (!lms.set("cmi.objectives." + n + ".id", id)) return;
          index[id] = n;
        }
        lms.set("cmi.objectives." + n + "." + statusElement, completed ? "completed" : "incomplete");
      });
    }
  };
}

// The log of what went wrong between the runtime and the LMS.
function createLog() {
  var failures = [];
  var listeners = [];
  return {
    failure: function (entry) {
      failures.push(entry);
      if (typeof console !== "undefined") {
        console.warn("scormgen: " + entry.call + "(" + (entry.element || "") + ") failed: " +
          entry.error.code + " " + entry.error.text + (entry.error.diagnostic ? " (" + entry.error.diagnostic + ")" : ""));
      }
      listeners.forEach(function (listener) { listener(entry); });
    },
    failures: function () { return failures.slice(); },
    onFailure: function (listener) { listeners.push(listener); }
  };
}
