// @ts-check
// The learning story as xAPI 1.0.3 statements: initialized, experienced (each page
// shown), answered (each reflection, the full text), completed, terminated. In a cmi5
// launch the cmi5 rules apply: the LMS's context template, the session id, the cmi5
// and moveOn categories, and the AU as the object of the cmi5 statements.

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
    /** @param {number} durationMs */
    completed: function (durationMs) {
      return statement("completed", courseActivity, "moveon",
                       { completion: true, duration: iso8601Duration(durationMs) });
    },
    /** @param {number} durationMs */
    terminated: function (durationMs) {
      return statement("terminated", courseActivity, "course", { duration: iso8601Duration(durationMs) });
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
  /** @type {Array<(factory: Factory) => Statement>} */
  var waiting = [];
  var started = clock.now();
  var completedSent = false;
  var launchMode = "Normal";

  /** @param {(factory: Factory) => Statement} make */
  function emit(make) {
    if (factory) outbox.add(make(factory));
    else waiting.push(make);
  }

  return {
    ready: function (launch) {
      var made = factory = createStatementFactory(config, launch, clock);
      launchMode = launch.launchMode || "Normal";
      completedSent = !!launch.alreadyCompleted;
      waiting.forEach(function (make) { outbox.add(make(made)); });
      waiting = [];
    },
    started: function () { started = clock.now(); emit(function (f) { return f.initialized(); }); },
    pageViewed: function (pageId) { emit(function (f) { return f.experienced(pageId); }); },
    reflectionSubmitted: function (id, text, prompt) { emit(function (f) { return f.answered(id, text, prompt); }); },
    completed: function () {
      // cmi5: completed once per registration, and never in Browse or Review mode
      if (completedSent || launchMode !== "Normal") return;
      completedSent = true;
      var at = clock.now();
      emit(function (f) { return f.completed(at - started); });
    },
    finished: function () {
      var at = clock.now();
      emit(function (f) { return f.terminated(at - started); });
      outbox.unload();
    },
    wasCompleted: function () { return completedSent; }
  };
}
