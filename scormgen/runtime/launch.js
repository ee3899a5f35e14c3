// @ts-check
// How the package learns where its LRS is and who the learner is. Credentials come
// from the launch, never from the package (unless the designer embedded them,
// explicitly and with a warning, at build time).
//
// - xapi target ("Tin Can" launch): ?endpoint=&auth=&actor=&registration=&activity_id=
// - cmi5 target: ?endpoint=&fetch=&actor=&registration=&activityId=; the auth token is
//   fetched once from the fetch URL, then LMS.LaunchData is read from the State API.
// - SCORM targets mirroring to an LRS: the endpoint from the build, the auth from the
//   launch URL's `auth` parameter (or embedded), the actor from the SCORM learner.

import { lrsHeaders } from "./outbox.js";
import { CMI5_SESSION } from "./xapi.js";

/** @typedef {import("./types").Config} Config */
/** @typedef {import("./types").Launch} Launch */
/** @typedef {import("./types").Actor} Actor */
/** @typedef {{ [name: string]: string }} Params */

// A part of a URL, percent-decoded; a malformed escape (a link cut short, "%E0%A4%A")
// stays as written instead of stopping the course with "URI malformed".
/** @param {string} text @returns {string} */
export function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch (e) {
    return text.replace(/(%[0-9A-Fa-f]{2})+/g, function (run) {
      try { return decodeURIComponent(run); } catch (e2) { return run; }
    });
  }
}

/** @param {string} search @returns {Params} */
export function queryParams(search) {
  /** @type {Params} */
  var params = {};
  String(search || "").replace(/^\?/, "").split("&").forEach(function (pair) {
    if (!pair) return;
    var index = pair.indexOf("=");
    var name = safeDecode((index < 0 ? pair : pair.slice(0, index)).replace(/\+/g, " "));
    params[name] = index < 0 ? "" : safeDecode(pair.slice(index + 1).replace(/\+/g, " "));
  });
  return params;
}

/** @param {string} text @returns {Actor | null} */
export function parseActor(text) {
  try {
    var actor = JSON.parse(text);
    // Tin Can launches sometimes send arrays of identifiers: take the first of each.
    ["name", "mbox", "mbox_sha1sum", "openid"].forEach(function (key) {
      if (Array.isArray(actor[key])) actor[key] = actor[key][0];
    });
    if (Array.isArray(actor.account)) actor.account = actor.account[0];
    if (actor.account && actor.account.accountServiceHomePage) {
      actor.account = { homePage: actor.account.accountServiceHomePage, name: actor.account.accountName };
    }
    actor.objectType = "Agent";
    return actor;
  } catch (e) {
    return null;
  }
}

/** @param {Params} params @param {Config} config @returns {Launch | null} */
export function tinCanLaunch(params, config) {
  var actor = params.actor ? parseActor(params.actor) : null;
  if (!params.endpoint || !actor) return null;
  return { endpoint: params.endpoint, auth: params.auth || "", actor: actor,
           registration: params.registration || "", activityId: params.activity_id || config.xapi.activityId,
           cmi5: false };
}

// Resolves to the launch, or rejects with a message for the learner.
// The cmi5 launch's actor, exactly as the LMS gave it (cmi5 8.1.3.0-3: the AU uses it
// unchanged; a reference player refuses even an added "objectType").
/** @param {string} text @returns {Actor | null} */
export function exactActor(text) {
  try {
    var actor = JSON.parse(text);
    return actor && typeof actor === "object" && !Array.isArray(actor) ? actor : null;
  } catch (e) {
    return null;
  }
}

// A session's key in this tab: its fetch URL (one per session, cmi5 8.2.3.0-1).
/** @param {Params} params */
function sessionKey(params) { return params.fetch || ""; }

/** @param {Window} win @param {string} key @returns {string | null} */
function tabRead(win, key) {
  try { return win.sessionStorage.getItem(key); } catch (e) { return null; }
}

/** @param {Window} win @param {string} key @param {string} value */
function tabWrite(win, key, value) {
  try { win.sessionStorage.setItem(key, value); } catch (e) { /* no storage */ }
}

// The cmi5 session of this tab has ended (terminated sent): a reload of the page cannot
// send anything more in it (cmi5 9.3.0.0-5); the learner launches again from the LMS.
/** @param {Params} params @param {Window} win */
export function markSessionEnded(params, win) { tabWrite(win, "scormgen-cmi5-ended:" + sessionKey(params), "1"); }

/** @param {Response} response @param {string} what @returns {Promise<any>} */
function jsonOrNull(response, what) {
  if (response.status === 404) return Promise.resolve(null);
  if (!response.ok) throw new Error(what + " could not be read (HTTP " + response.status + ")");
  return response.json();
}

// The cmi5 launch: the auth token from the fetch URL (once per session, kept for a reload
// of the page), LMS.LaunchData, then the learner's preferences, which cmi5 requires the AU
// to read before it sends any statement (11.0.0.0-3; 404: the learner has none).
/** @param {Params} params @param {Window} win @returns {Promise<Launch>} */
export function cmi5Launch(params, win) {
  var actor = params.actor ? exactActor(params.actor) : null;
  if (!params.endpoint || !params.fetch || !actor || !params.activityId || !params.registration) {
    return Promise.reject(new Error("this page was not opened by a cmi5 LMS (launch parameters missing)"));
  }
  if (tabRead(win, "scormgen-cmi5-ended:" + sessionKey(params))) {
    /** @type {any} */
    var ended = new Error("this session has ended; to go on, launch the module again from your course");
    ended.returnURL = tabRead(win, "scormgen-cmi5-return:" + sessionKey(params)) || "";
    return Promise.reject(ended);
  }
  var learner = actor;
  var endpoint = params.endpoint.replace(/\/?$/, "/");
  var agent = "&agent=" + encodeURIComponent(JSON.stringify(learner));
  var tokenKey = "scormgen-cmi5-token:" + sessionKey(params);
  var cached = tabRead(win, tokenKey);
  var token = cached ? Promise.resolve(cached) : fetch(params.fetch, { method: "POST", credentials: "omit" })
    .then(function (response) { return response.json(); })
    .then(function (body) {
      if (!body["auth-token"]) throw new Error("the LMS gave no auth token: " + (body["error-text"] || ""));
      tabWrite(win, tokenKey, body["auth-token"]);
      return body["auth-token"];
    });
  /** @type {string} */
  var auth = "";
  /** @type {any} */
  var launchData = null;
  return token.then(function (value) {
    auth = "Basic " + value;
    var url = endpoint + "activities/state?stateId=LMS.LaunchData&activityId=" + encodeURIComponent(params.activityId) +
      agent + "&registration=" + encodeURIComponent(params.registration);
    return fetch(url, { headers: lrsHeaders(auth), credentials: "omit" });
  }).then(function (response) {
    if (!response.ok) throw new Error("the LMS's launch data could not be read (HTTP " + response.status + ")");
    return response.json();
  }).then(function (data) {
    launchData = data || {};
    var url = endpoint + "agents/profile?profileId=cmi5LearnerPreferences" + agent;
    return fetch(url, { headers: lrsHeaders(auth), credentials: "omit" });
  }).then(function (response) {
    return jsonOrNull(response, "the learner's preferences");
  }).then(function (preferences) {
    var template = launchData.contextTemplate || {};
    var returnURL = typeof launchData.returnURL === "string" ? launchData.returnURL : "";
    tabWrite(win, "scormgen-cmi5-return:" + sessionKey(params), returnURL);
    var session = template.extensions && template.extensions[CMI5_SESSION];
    return { endpoint: endpoint, auth: auth, actor: learner, registration: params.registration,
             activityId: params.activityId, cmi5: true, contextTemplate: template, sessionId: session || "",
             launchMode: launchData.launchMode || "Normal", moveOn: launchData.moveOn || "",
             masteryScore: typeof launchData.masteryScore === "number" && isFinite(launchData.masteryScore)
               ? launchData.masteryScore : null,
             returnURL: returnURL,
             preferences: preferences && typeof preferences === "object" ? preferences : null };
  });
}

// The actor of a SCORM learner, as an account on the LMS.
/**
 * @param {Config} config @param {string} learnerId @param {string} learnerName @param {Window} win
 * @returns {Actor}
 */
export function scormActor(config, learnerId, learnerName, win) {
  var home = config.xapi.homePage || win.location.origin;
  /** @type {Actor} */
  var actor = { objectType: "Agent", account: { homePage: home, name: learnerId || "anonymous" } };
  if (learnerName) actor.name = learnerName;
  return actor;
}
