// @ts-check
// The preview's LMS: a strict SCORM 1.2 or SCORM 2004 API, playing the data model the
// preview's page is given (scormgen/standards/datamodel.py, strict_model): every
// element with its access, data type and limit or vocabulary, the data types' value
// rules, and the standard's error codes. Every rule is enforced (access, data types,
// vocabularies, sizes, array order), and so are the narrower rules of real LMSs
// (LMS_RULES below), and so is what the chosen LMS does differently (model.lms, from
// scormgen/standards/lmsprofiles.py: elements it lacks or never keeps, values it gives,
// what its Commit refuses). An interaction's response and correct responses are held to
// the format of its type (model.responses: SCORM 1.2's letters "a,c" and t/f, SCORM
// 2004's short identifiers joined by "[,]" and true/false). Every call is reported to
// `observer` with its result and error, never swallowed.

(function (global) {
  "use strict";

  /**
   * @typedef {{ kind: string, label?: string, pattern?: string }} DataType
   * @typedef {{ name: string, access: string, type: string, limit?: number, vocabulary?: string[],
   *             range?: Array<number | null>, lmsRules?: string[], unsetError?: boolean }} Element
   * @typedef {{ item: string, delimiter: string, maxItems: number, unique: boolean, braces: boolean }} Format
   * @typedef {{ standard: string, apiName: string, methods: { [role: string]: string },
   *             types: { [name: string]: DataType }, elements: Element[], errors: { [code: string]: string },
   *             codes: { [situation: string]: number }, lms?: Lms, roles?: { [role: string]: string },
   *             responses?: { [type: string]: Format } }} Model
   * @typedef {{ name: string, title: string, notes: string[], unimplemented: string[], forgotten: string[],
   *             answers: { [element: string]: string }, commitRules: { [rule: string]: string[] } }} Lms
   * @typedef {{ method: string, args: any[], result: string, error: number, errorText: string,
   *             detail: string, time: number }} Call
   */

  // What real LMSs refuse beyond the standard, by the name the data model uses.
  /** @type {{ [name: string]: (value: string) => string | null }} */
  var LMS_RULES = {
    "line-break": function (value) {
      return /^[^\r\n]*$/.test(value) ? null : "a line break (Moodle and scorm-again refuse it)";
    },
    "leading-brace": function (value) {
      return /^\{/.test(value) && !/^\{lang=[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*\}/.test(value)
        ? "starts with '{' (read as a language tag)" : null;
    },
    "centiseconds": function (value) {
      return /\.\d{3,}/.test(value) ? "more than 2 decimals of seconds (Moodle refuses it)" : null;
    }
  };

  // What an LMS's Commit refuses in what was stored, by the name its profile uses
  // (scormgen/standards/lmsprofiles.py).
  /** @type {{ [name: string]: (value: string) => string | null }} */
  var COMMIT_RULES = {
    "plain-timestamp": function (value) {
      return value.length > 19 || /[.Z+]|T.*-/.test(value)
        ? "a fraction of seconds, a time zone or more than 19 characters (ILIAS refuses it)" : null;
    }
  };

  // What is wrong with a value for an element, or null. `range` tells a value too long
  // or out of range from one of the wrong type (SCORM 2004 gives them different codes).
  /** @param {Element} rule @param {DataType} type @param {string} value */
  function problem(rule, type, value) {
    if (type.kind === "text" && rule.limit !== undefined && value.length > rule.limit) {
      return { range: true, text: "value is " + value.length + " characters; the limit is " + rule.limit };
    }
    var lmsRules = rule.lmsRules || [];
    for (var i = 0; i < lmsRules.length; i++) {
      var refused = LMS_RULES[lmsRules[i]](value);
      if (refused) return { range: false, text: refused };
    }
    var words = rule.vocabulary || [];
    if (type.kind === "vocabulary" && words.indexOf(value) < 0) {
      return { range: false, text: "not one of: " + words.join(", ") };
    }
    if (type.pattern && !new RegExp(type.pattern).test(value)) return { range: false, text: "not a " + type.label };
    if (type.kind === "real" && rule.range) {
      var n = parseFloat(value);
      var min = rule.range[0];
      var max = rule.range[1];
      if ((min !== null && n < min) || (max !== null && n > max)) {
        return { range: true, text: "out of range [" + min + ", " + max + "]" };
      }
    }
    return null;
  }

  // What is wrong with a response (or a correct response pattern) for an interaction type
  // whose format is `format`, or null.
  /** @param {Format} format @param {string} type @param {string} value */
  function responseProblem(format, type, value) {
    var list = format.braces && /^\{.*\}$/.test(value) ? value.slice(1, -1) : value;
    var items = format.delimiter ? list.split(format.delimiter) : [list];
    var item = new RegExp(format.item);
    var wrong = items.filter(function (one) { return !item.test(one); });
    if (wrong.length) {
      return "not a " + type + " response: " + JSON.stringify(wrong[0]) + " is not one of its items" +
        (format.delimiter ? " (joined by " + JSON.stringify(format.delimiter) + ")" : "");
    }
    if (items.length > format.maxItems) return "a " + type + " response of " + items.length + " items; at most " + format.maxItems;
    var repeated = items.filter(function (one, i) { return items.indexOf(one) !== i; });
    if (format.unique && repeated.length) return "a " + type + " response names " + JSON.stringify(repeated[0]) + " twice (a set)";
    return null;
  }

  // model: the standard's data model (strict_model); data: the stored values
  // (element -> value); observer(call) is told about every call; onCommit(data, final) stores.
  /**
   * @param {Model} model @param {{ [element: string]: string }} data
   * @param {(call: Call) => void} observer @param {(data: object, final: boolean) => void} onCommit
   */
  function createStrictApi(model, data, observer, onCommit) {
    var codes = model.codes;
    /** @type {{ [name: string]: Element }} */
    var rules = {};
    /** @type {{ [array: string]: boolean }} */
    var identified = {};  // arrays whose entries are identified: the id must come first
    model.elements.forEach(function (element) {
      rules[element.name] = element;
      var array = /^(.+)\.n\.id$/.exec(element.name);
      if (array) identified[array[1]] = true;
    });
    /** @type {Lms} */
    var lms = model.lms || { name: "strict", title: "", notes: [], unimplemented: [], forgotten: [],
                             answers: {}, commitRules: {} };
    var state = "new";  // new -> running -> terminated
    var lastError = 0;
    var lastDetail = "";

    /** @param {string} element */
    function rule(element) {
      var generic = element.replace(/\.(\d+)\./g, ".n.");
      return Object.prototype.hasOwnProperty.call(rules, generic) ? rules[generic] : null;
    }
    // Entries of an array exist once any of their elements was set.
    /** @param {string} array */
    function count(array) {
      var n = 0;
      /** @param {number} index */
      var has = function (index) {
        var prefix = array + "." + index + ".";
        for (var key in data) if (key.indexOf(prefix) === 0) return true;
        return false;
      };
      while (has(n)) n++;
      return n;
    }
    /** @param {string} situation @param {string} [detail] */
    function fail(situation, detail) { lastError = codes[situation]; lastDetail = detail || ""; return false; }
    // The situation's name for a call out of the session's order: "getBeforeStart"...
    /** @param {string} call */
    function outOfOrder(call) { return call + (state === "new" ? "BeforeStart" : "AfterEnd"); }
    /** @param {string} method @param {any[]} args @param {any} result */
    function report(method, args, result) {
      observer({ method: method, args: args, result: String(result), error: lastError,
                 errorText: model.errors[lastError] || "", detail: lastDetail, time: Date.now() });
    }

    function initialize() {
      lastError = 0; lastDetail = "";
      if (state === "running") return fail("alreadyInitialized", "Initialize was already called");
      if (state === "terminated") return fail("initializeAfterEnd", "the session has ended");
      state = "running";
      return true;
    }
    /** @param {string} element */
    function getValue(element) {
      lastError = 0; lastDetail = "";
      if (state !== "running") { fail(outOfOrder("get")); return ""; }
      if (/\._count$/.test(element) && rule(element)) return String(count(element.replace(/\._count$/, "")));
      if (lms.unimplemented.indexOf(element) >= 0) { fail("notImplemented", element + ": not in " + lms.title); return ""; }
      var r = rule(element);
      if (!r) { fail("undefinedElement", element + " is not in the data model"); return ""; }
      if (Object.prototype.hasOwnProperty.call(lms.answers, element)) return lms.answers[element];
      if (r.access === "w") { fail("writeOnly", element + " is write-only"); return ""; }
      if (!Object.prototype.hasOwnProperty.call(data, element)) {
        if (r.unsetError) { fail("notInitialized", element + " has no value yet"); return ""; }
        return "";
      }
      return String(data[element]);
    }
    /** @param {string} element @param {any} value */
    function setValue(element, value) {
      lastError = 0; lastDetail = "";
      if (state !== "running") return fail(outOfOrder("set"));
      if (lms.unimplemented.indexOf(element) >= 0) return fail("notImplemented", element + ": not in " + lms.title);
      var r = rule(element);
      if (!r) return fail("undefinedElement", element + " is not in the data model");
      if (r.access === "r") return fail("readOnly", element + " is read-only");
      value = String(value);
      var index = /^(cmi\.\w+)\.(\d+)\.(.+)$/.exec(element);
      if (index) {
        var n = parseInt(index[2], 10);
        var existing = count(index[1]);
        if (n > existing) return fail("indexSkipped", "index " + n + " skips past the " + existing + " existing entries");
        if (identified[index[1]] && index[3] !== "id" && n === existing) {
          return fail("idFirst", "set " + index[1] + "." + n + ".id before " + index[3]);
        }
      }
      var nested = /^(cmi\.interactions\.\d+\.correct_responses)\.(\d+)\./.exec(element);
      if (nested && parseInt(nested[2], 10) > count(nested[1])) {
        return fail("indexSkipped", "index " + nested[2] + " skips past the " + count(nested[1]) + " existing entries");
      }
      var wrong = problem(r, model.types[r.type], value);
      if (wrong) return fail(wrong.range ? "outOfRange" : "typeMismatch", element + ": " + wrong.text);
      var refused = interactionProblem(element, value);
      if (refused) return fail(refused.situation, element + ": " + refused.text);
      if (lms.forgotten.indexOf(element) < 0) data[element] = value;
      return true;
    }
    // An interaction's response and correct response patterns follow the format of its type
    // (SCORM 1.2 RTE 3.4.4; SCORM 2004 RTE 4.2.9); SCORM 2004 also wants the type set first
    // (408, "dependency not established").
    /** @param {string} element @param {string} value */
    function interactionProblem(element, value) {
      var field = /^(cmi\.interactions\.\d+)\.(.+)$/.exec(element);
      var responseField = model.roles ? model.roles.response : "";
      if (!field || !(field[2] === responseField || /^correct_responses\.\d+\.pattern$/.test(field[2]))) return null;
      var type = data[field[1] + ".type"];
      if (type === undefined) {
        return model.standard === "scorm2004"
          ? { situation: "idFirst", text: "set " + field[1] + ".type before " + field[2] } : null;
      }
      var format = model.responses && model.responses[type];
      var wrong = format ? responseProblem(format, type, value) : null;
      return wrong ? { situation: "typeMismatch", text: wrong } : null;
    }
    // What the LMS's Commit refuses in the stored values, or "".
    function commitProblem() {
      for (var name in lms.commitRules) {
        for (var element in data) {
          var generic = element.replace(/\.(\d+)\./g, ".n.");
          var refused = lms.commitRules[name].indexOf(generic) >= 0 ? COMMIT_RULES[name](data[element]) : null;
          if (refused) return element + ": " + refused;
        }
      }
      return "";
    }
    /** @param {boolean} final */
    function store(final) {
      var refused = commitProblem();
      if (refused) return fail("commitFailed", refused);
      onCommit(data, final);
      return true;
    }
    function commit() {
      lastError = 0; lastDetail = "";
      if (state !== "running") return fail(outOfOrder("commit"));
      return store(false);
    }
    function terminate() {
      lastError = 0; lastDetail = "";
      if (state !== "running") return fail(outOfOrder("end"));
      state = "terminated";
      return store(true);
    }

    /** @param {string} name @param {(...args: any[]) => any} fn */
    function wrap(name, fn) {
      return function () {
        var args = Array.prototype.slice.call(arguments);
        var result = fn.apply(null, args);
        result = typeof result === "boolean" ? String(result) : result;
        report(name, args, result);
        return result;
      };
    }
    var names = model.methods;
    /** @type {{ [method: string]: Function }} */
    var api = {};
    api[names.initialize] = wrap(names.initialize, function () { return initialize(); });
    api[names.getValue] = wrap(names.getValue, getValue);
    api[names.setValue] = wrap(names.setValue, setValue);
    api[names.commit] = wrap(names.commit, function () { return commit(); });
    api[names.terminate] = wrap(names.terminate, function () { return terminate(); });
    api[names.getLastError] = function () { return String(lastError); };
    api[names.getErrorString] = function (/** @type {any} */ code) { return model.errors[code] || ""; };
    api[names.getDiagnostic] = function () { return lastDetail; };
    return api;
  }

  global.createStrictApi = createStrictApi;
})(/** @type {any} */ (typeof window !== "undefined" ? window : globalThis));
