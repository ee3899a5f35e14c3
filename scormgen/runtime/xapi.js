// @ts-check
// The learning story as xAPI 1.0.3 statements: initialized, experienced (each page
// shown), answered (each reflection, the full text; each question checked, with success
// and score), completed, passed or failed (a scored course), terminated. In a cmi5
// launch the cmi5 rules apply: the LMS's context template, the session id, the cmi5
// and moveOn categories, and the AU as the object of the cmi5 statements.

import { formatResponse, XAPI_RESPONSES } from "./quiz.js";
import { iso8601Duration } from "./time.js";
import { uuid4 } from "./uuid.js";

/** @typedef {import("./types").Config} Config */
/** @typedef {import("./types").Launch} Launch */
/** @typedef {import("./types").Clock} Clock */
/** @typedef {import("./types").Statement} Statement */

var ADL_VERB = "http://adlnet.gov/expapi/verbs/";
var ACTIVITY_TYPE = {
  course: "http://adlnet.gov/expapi/activities/course",
  page: "http://activitystrea.ms/schema/1.0/page",
  interaction: "http://adlnet.gov/expapi/activities/cmi.interaction"
};
var CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
var CMI5_MOVEON = "https://w3id.org/xapi/cmi5/context/categories/moveon";
export var CMI5_SESSION = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
// cmi5 9.6.3.2: LMS.LaunchData's masteryScore, on the passed and failed statements judged by it
export var CMI5_MASTERY = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";
// On a statement an earlier session could not deliver, sent again in this one: when it
// was first made, and in which session.
export var REISSUED = "urn:scormgen:xapi:extension:reissued";

/** @param {Statement} statement @returns {string} the cmi5 session it was made in ("" if none) */
export function sessionOf(statement) {
  var extensions = statement.context && statement.context.extensions;
  var value = extensions && extensions[CMI5_SESSION];
  return typeof value === "string" ? value : "";
}

/** @param {Statement} statement @returns {string} the ADL verb's name ("answered") */
export function verbOf(statement) {
  var id = statement.verb && typeof statement.verb.id === "string" ? statement.verb.id : "";
  return id.indexOf(ADL_VERB) === 0 ? id.slice(ADL_VERB.length) : id;
}

/** @param {any} a @param {any} b @returns {boolean} the same JSON value */
export function sameJson(a, b) {
  if (a === b) return true;
  if (!a || !b || typeof a !== "object" || typeof b !== "object" || Array.isArray(a) !== Array.isArray(b)) return false;
  var keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every(function (k) { return Object.prototype.hasOwnProperty.call(b, k) && sameJson(a[k], b[k]); });
}

// A statement made by an earlier cmi5 session of this launch's learner, registration
// and AU: never sent under this session's token; what matters of it is sent again.
/** @param {Statement} statement @param {Launch} launch @returns {boolean} */
export function fromEarlierSession(statement, launch) {
  var session = sessionOf(statement);
  if (!launch.cmi5 || !session || session === launch.sessionId) return false;
  var ctx = statement.context || {};
  var parents = (ctx.contextActivities && ctx.contextActivities.parent) || [];
  var au = (statement.object && statement.object.id === launch.activityId) ||
    parents.some(function (/** @type {any} */ p) { return p && p.id === launch.activityId; });
  return au && ctx.registration === launch.registration && sameJson(statement.actor, launch.actor);
}

// What a launch's transport may carry: in cmi5, this session's statements only; else
// those of no cmi5 session (a cmi5 package of the same course in the same browser keeps
// its own for its LMS).
/** @param {Launch} launch @returns {(statement: Statement) => boolean} */
export function carriedBy(launch) {
  var session = launch.cmi5 ? launch.sessionId || "" : "";
  return function (statement) { return sessionOf(statement) === session; };
}

/** @param {any} value @returns {any} */
function copy(value) { return JSON.parse(JSON.stringify(value)); }

/** @param {Config} config @param {Launch} launch @param {Clock} clock */
function createStatementFactory(config, launch, clock) {
  var lang = config.course.language;
  /** @param {string} text */
  function map(text) {
    /** @type {{ [lang: string]: string }} */
    var m = {};
    m[lang] = text;
    return m;
  }
  /** @type {any} */
  var courseActivity = {
    objectType: "Activity", id: launch.activityId,
    definition: { type: ACTIVITY_TYPE.course, name: map(config.course.title) }
  };
  if (config.course.description) courseActivity.definition.description = map(config.course.description);
  var base = config.xapi.activityBase;

  /** @param {string} kind */
  function context(kind) {
    /** @type {any} */
    var ctx = launch.contextTemplate ? copy(launch.contextTemplate) : {};
    if (launch.registration) ctx.registration = launch.registration;
    ctx.language = lang;
    /** @type {any} */
    var activities = ctx.contextActivities = ctx.contextActivities || {};
    if (kind === "child") activities.parent = [{ objectType: "Activity", id: launch.activityId }];
    if (!launch.cmi5) {
      activities.grouping = (activities.grouping || []).concat([{ objectType: "Activity", id: launch.activityId }]);
    }
    if (launch.cmi5 && kind !== "child") {
      activities.category = (activities.category || []).concat([{ id: CMI5_CATEGORY }]);
      if (kind === "moveon") activities.category.push({ id: CMI5_MOVEON });
    }
    if (launch.sessionId) {
      ctx.extensions = ctx.extensions || {};
      ctx.extensions[CMI5_SESSION] = launch.sessionId;
    }
    return ctx;
  }

  /**
   * @param {string} verb @param {object} object @param {string} kind @param {object} [result]
   * @returns {Statement}
   */
  function statement(verb, object, kind, result) {
    /** @type {Statement} */
    var s = {
      id: uuid4(),
      timestamp: new Date(clock.now()).toISOString(),
      actor: launch.actor,
      verb: { id: ADL_VERB + verb, display: { "en-US": verb } },
      object: object,
      context: context(kind)
    };
    if (result) s.result = result;
    return s;
  }

  /** @type {{ [id: string]: string }} */
  var pageTitles = {};
  config.pages.forEach(function (page) { pageTitles[page.id] = page.title; });

  return {
    initialized: function () { return statement("initialized", courseActivity, "course"); },
    /** @param {string} pageId */
    experienced: function (pageId) {
      return statement("experienced", {
        objectType: "Activity", id: base + "/pages/" + encodeURIComponent(pageId),
        definition: { type: ACTIVITY_TYPE.page, name: map(pageTitles[pageId] || pageId) }
      }, "child");
    },
    /** @param {string} reflectionId @param {string} text @param {string} prompt */
    answered: function (reflectionId, text, prompt) {
      return statement("answered", {
        objectType: "Activity", id: base + "/reflections/" + encodeURIComponent(reflectionId),
        definition: { type: ACTIVITY_TYPE.interaction, interactionType: "long-fill-in",
                      name: map((config.messages && config.messages["Pause and reflect"]) || "Pause and reflect"),
                      description: map(prompt || reflectionId) }
      }, "child", { response: text });
    },
    /** @param {string} questionId @param {string[]} ids @param {boolean} right */
    checked: function (questionId, ids, right) {
      var question = (config.questions || {})[questionId];
      var format = XAPI_RESPONSES[question.type];
      /** @type {any} */
      var definition = { type: ACTIVITY_TYPE.interaction, interactionType: question.type,
                         name: map(question.prompt || questionId), description: map(question.prompt || questionId),
                         correctResponsesPattern: [formatResponse(format, question, question.correct)] };
      if (question.options.length) {
        definition.choices = question.options.map(function (id) {
          return { id: id, description: map(question.choices[id] || id) };
        });
      }
      var point = right ? 1 : 0;
      return statement("answered", {
        objectType: "Activity", id: base + "/questions/" + encodeURIComponent(questionId), definition: definition
      }, "child", { response: formatResponse(format, question, ids), success: right,
                    score: { scaled: point, raw: point, min: 0, max: 1 } });
    },
    // The course's verdict. raw counts the questions answered right (cmi5 9.5.1: an integer
    // between min and max); scaled is the percentage / 100.
    /** @param {string} verb @param {import("./types").Score} score @param {number} durationMs */
    judged: function (verb, score, durationMs) {
      var s = statement(verb, courseActivity, "moveon", {
        score: { scaled: score.scaled, raw: score.correct, min: 0, max: score.total },
        success: verb === "passed", duration: iso8601Duration(durationMs) });
      if (launch.cmi5 && typeof launch.masteryScore === "number") {
        s.context.extensions = s.context.extensions || {};
        s.context.extensions[CMI5_MASTERY] = launch.masteryScore;
      }
      return s;
    },
    /** @param {number} durationMs */
    completed: function (durationMs) {
      return statement("completed", courseActivity, "moveon",
                       { completion: true, duration: iso8601Duration(durationMs) });
    },
    /** @param {number} durationMs */
    terminated: function (durationMs) {
      return statement("terminated", courseActivity, "course", { duration: iso8601Duration(durationMs) });
    },
    // An earlier session's statement as this session's: the same id (if the LRS has it
    // after all, it answers 409 and nothing is stored twice), this session's context,
    // and when and in which session it was first made.
    /** @param {Statement} old @param {string} kind */
    again: function (old, kind) {
      var s = statement(verbOf(old), old.object, kind, old.result);
      s.id = old.id;
      s.verb = old.verb;
      s.context.extensions = s.context.extensions || {};
      s.context.extensions[REISSUED] = { writtenAt: old.timestamp, session: sessionOf(old) };
      var mastery = old.context && old.context.extensions && old.context.extensions[CMI5_MASTERY];
      if (mastery !== undefined) s.context.extensions[CMI5_MASTERY] = mastery;
      return s;
    }
  };
}

// What the session tells the LRS, through the outbox. Events that come before the
// launch is ready (the cmi5 token and launch data are fetched first) wait in order.
/**
 * @param {Config} config @param {import("./types").Outbox} outbox @param {Clock} clock
 * @returns {import("./types").Reporter}
 */
export function createXapiReporter(config, outbox, clock) {
  /** @typedef {ReturnType<typeof createStatementFactory>} Factory */
  /** @type {Factory | null} */
  var factory = null;
  /** @type {Array<(factory: Factory) => Statement | null>} (null: it decided to send nothing, or sent it itself) */
  var waiting = [];
  var started = clock.now();
  var completedSent = false;
  var completedHere = false;  // sent in this session
  var launchMode = "Normal";
  var cmi5 = false;
  var verdictSent = "";       // the course verdict sent last, here or (as the session says) before
  var judgedHere = false;     // a passed or failed sent in this session

  // Whether the verdict `verb` may go now: in Normal mode, not the verdict sent last, never
  // after passed (cmi5 9.3.0.0-7, -8), and in cmi5 one passed or failed a session (9.3.0.0-3;
  // a verdict that could not go then goes at the start of the next session).
  /** @param {string} verb */
  function mayJudge(verb) {
    return launchMode === "Normal" && verdictSent !== verb && verdictSent !== "passed" && !(cmi5 && judgedHere);
  }

  /** @param {Statement} s */
  function add(s) {
    // cmi5 9.3.0.0-4: `initialized` first, alone, and taken before anything else goes
    outbox.add(s, { alone: cmi5 && verbOf(s) === "initialized" });
  }

  /** @param {(factory: Factory) => Statement} make */
  function emit(make) {
    if (factory) add(make(factory));
    else waiting.push(make);
  }

  return {
    ready: function (launch) {
      var made = factory = createStatementFactory(config, launch, clock);
      launchMode = launch.launchMode || "Normal";
      cmi5 = launch.cmi5;
      completedSent = !!launch.alreadyCompleted;
      waiting.forEach(function (make) {
        var s = make(made);
        if (s) add(s);
      });
      waiting = [];
    },
    started: function () { started = clock.now(); emit(function (f) { return f.initialized(); }); },
    pageViewed: function (pageId) { emit(function (f) { return f.experienced(pageId); }); },
    reflectionSubmitted: function (id, text, prompt) { emit(function (f) { return f.answered(id, text, prompt); }); },
    questionAnswered: function (id, ids, right) { emit(function (f) { return f.checked(id, ids, right); }); },
    // Decided once the launch is known (its mode, its masteryScore), on the verdict then.
    judge: function (verdict, sent, record) {
      var at = clock.now();
      /** @param {Factory} made */
      function decide(made) {
        var score = verdict();
        if (!score.complete || score.passed === null) return;
        var verb = score.passed ? "passed" : "failed";
        if (sent === "passed" || sent === "failed") verdictSent = verdictSent || sent;
        if (!mayJudge(verb)) return;
        verdictSent = verb;
        judgedHere = true;
        add(made.judged(verb, score, at - started));
        record(verb);
      }
      if (factory) decide(factory);
      else waiting.push(function (made) { decide(made); return null; });
    },
    completed: function () {
      // cmi5: completed once per registration, and never in Browse or Review mode
      if (completedSent || launchMode !== "Normal") return;
      completedSent = completedHere = true;
      var at = clock.now();
      emit(function (f) { return f.completed(at - started); });
    },
    finished: function () {
      var at = clock.now();
      emit(function (f) { return f.terminated(at - started); });
    },
    wasCompleted: function () { return completedSent; },
    // What an earlier session left undelivered: pages and answers again, `completed`
    // once (Normal mode only), never another session's `initialized`/`terminated`.
    reissue: function (statements) {
      var made = factory;
      if (made === null) return;
      var again = made.again;
      var dropped = 0;
      // of the verdicts left undelivered, the latest: one a session (cmi5 9.3.0.0-3), and a
      // failed never once passed was sent
      var verdicts = statements.filter(function (old) { return verbOf(old) === "passed" || verbOf(old) === "failed"; });
      var verdict = verdicts[verdicts.length - 1];
      statements.forEach(function (old) {
        var verb = verbOf(old);
        if (verb === "experienced" || verb === "answered") {
          add(again(old, "child"));
        } else if (verb === "completed" && launchMode === "Normal" && !completedHere) {
          completedSent = completedHere = true;
          add(again(old, "moveon"));
        } else if (old === verdict && launchMode === "Normal" && !judgedHere &&
                   !(verb === "failed" && verdictSent === "passed")) {
          verdictSent = verb;
          judgedHere = true;
          add(again(old, "moveon"));
        } else {
          dropped += 1;
        }
      });
      if (dropped && typeof console !== "undefined") {
        console.info("scormgen: " + dropped + " statement(s) of an earlier session (its start or end, or a " +
                     "verdict another one replaced) are not sent in this one: cmi5 allows them in their own session only");
      }
    }
  };
}
