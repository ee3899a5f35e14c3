// @ts-check
// What the course's completion rule asks for, and how much of it is done.

/** @typedef {import("./types").Config} Config */
/** @typedef {import("./types").State} State */

/** @param {Config} config @returns {Array<{ kind: string, id: string }>} */
function requiredUnits(config) {
  var rule = config.completion;
  /** @type {Array<{ kind: string, id: string }>} */
  var units = [];
  // Pages count when the rule asks for them, or when it asks for nothing at all (so
  // that progress still means something).
  var countPages = rule.pages === "all" || rule.reflections !== "all";
  config.pages.forEach(function (page) {
    if (countPages) units.push({ kind: "page", id: page.id });
    if (rule.reflections === "all") {
      page.reflections.forEach(function (id) { units.push({ kind: "reflection", id: id }); });
    }
  });
  return units;
}

// Share of the required units done, from 0 to 1.
/** @param {Config} config @param {State} state @returns {number} */
export function progressFraction(config, state) {
  var units = requiredUnits(config);
  if (!units.length) return 1;
  var done = units.filter(function (unit) {
    return unit.kind === "page" ? state.pagesSeen.indexOf(unit.id) >= 0
      : Object.prototype.hasOwnProperty.call(state.reflections, unit.id);
  }).length;
  return done / units.length;
}

// The completion rule holds: every page asked for seen, every reflection asked for submitted.
/** @param {Config} config @param {State} state @returns {boolean} */
export function isComplete(config, state) {
  var rule = config.completion;
  var pagesDone = rule.pages !== "all" || config.pages.every(function (page) {
    return state.pagesSeen.indexOf(page.id) >= 0;
  });
  var reflectionsDone = rule.reflections !== "all" || config.pages.every(function (page) {
    return page.reflections.every(function (id) {
      return Object.prototype.hasOwnProperty.call(state.reflections, id);
    });
  });
  var somethingDone = state.pagesSeen.length > 0;
  return pagesDone && reflectionsDone && somethingDone;
}
