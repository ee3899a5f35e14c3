// @ts-check
// Knowledge checks, the pure part: whether an answer is right, when a question is over,
// the course's score and verdict, a response written as each standard wants it, the
// learner's own order of shuffled options, and a question's state as suspend_data keeps it.
//
// How a standard writes a response is data, not code: a format from the data-model table
// (config.dataModel.scoring.responses, scormgen/standards) or XAPI_RESPONSES below says
// it. A choice's format has "by" ("letter": a..z by the option's place in the source, as
// SCORM 1.2 writes it; "id": the option's id) and "delimiter"; a true-false one has the
// word for "true" and for "false".

/** @typedef {import("./types").Question} Question */
/** @typedef {import("./types").Answer} Answer */
/** @typedef {import("./types").ResponseFormat} ResponseFormat */

export var LETTERS = "abcdefghijklmnopqrstuvwxyz";

// xAPI 1.0.3 (Data 2.4.4.1, interaction activities): a choice response is the ids of the
// choices joined by "[,]", a true-false one "true" or "false" (as SCORM 2004 writes them).
/** @type {{ [type: string]: ResponseFormat }} */
export var XAPI_RESPONSES = { "choice": { by: "id", delimiter: "[,]" }, "true-false": { "true": "true", "false": "false" } };

// How suspend_data keeps a response: a choice as its letters without a delimiter ("ac"), a
// true-false as "t" or "f"; the attempts used follow ("ac2").
/** @type {{ [type: string]: ResponseFormat }} */
var KEPT = { "choice": { by: "letter", delimiter: "" }, "true-false": { "true": "t", "false": "f" } };

/** @param {string[]} ids @param {string} id */
function has(ids, id) { return ids.indexOf(id) >= 0; }

// The ids a learner's choice stands for: a choice's known options in source order (one at
// most for a single choice); a true-false's "true" or "false". [] when nothing is chosen.
/** @param {Question} question @param {string[]} chosen @returns {string[]} */
export function chosenIds(question, chosen) {
  if (!question.options.length) {
    var word = chosen.filter(function (id) { return id === "true" || id === "false"; })[0];
    return word ? [word] : [];
  }
  var ids = question.options.filter(function (id) { return has(chosen, id); });
  return question.multiple ? ids : ids.slice(0, 1);
}

// Right when exactly the correct options are chosen.
/** @param {Question} question @param {string[]} ids @returns {boolean} */
export function isRight(question, ids) {
  return ids.length === question.correct.length && ids.every(function (id) { return has(question.correct, id); });
}

// A question is over once answered right or once its last attempt is used.
/** @param {Question} question @param {Answer | undefined} answer @returns {boolean} */
export function isOver(question, answer) {
  return !!answer && (answer.correct || answer.attempts >= question.attempts);
}

// `ids` (chosen or correct option ids) in a standard's format.
/** @param {ResponseFormat} format @param {{ options: string[] }} question @param {string[]} ids @returns {string} */
export function formatResponse(format, question, ids) {
  if (!format.by) return format[ids[0]] || "";
  var items = question.options.filter(function (id) { return has(ids, id); }).map(function (id) {
    return format.by === "letter" ? LETTERS.charAt(question.options.indexOf(id)) : id;
  });
  return items.join(format.delimiter || "");
}

/**
 * The course's score over all its questions (unanswered ones count as wrong) and, once every
 * question is answered and a mastery score is set, whether the learner passed.
 * @param {import("./types").Config} config @param {{ [id: string]: Answer }} answers
 * @param {number | null} mastery the passing score, in percent
 * @returns {import("./types").Score}
 */
export function courseScore(config, answers, mastery) {
  var ids = config.questionOrder || [];
  var answered = 0;
  var correct = 0;
  ids.forEach(function (id) {
    if (!answers[id]) return;
    answered += 1;
    if (answers[id].correct) correct += 1;
  });
  var total = ids.length;
  var raw = total ? Math.round(10000 * correct / total) / 100 : 0;  // a percentage, two decimals at most
  var complete = total > 0 && answered === total;
  return { total: total, answered: answered, correct: correct, raw: raw, scaled: Math.round(raw * 100) / 10000,
           complete: complete, mastery: mastery, passed: complete && mastery !== null ? raw >= mastery : null };
}

// A mastery value an LMS gives (SCORM 1.2 0..100, SCORM 2004 -1..1, cmi5 0..1) as a
// percentage, given what makes it one; null when there is none.
/** @param {string | number | null | undefined} value @param {number} scale @returns {number | null} */
export function masteryPercent(value, scale) {
  if (value === null || value === undefined || value === "") return null;
  var number = typeof value === "number" ? value : parseFloat(value);
  if (!isFinite(number)) return null;
  // (to 5 decimals: 0.57 x 100 is 56.99999999999999 in binary)
  return Math.min(100, Math.max(0, Math.round(number * scale * 100000) / 100000));
}

// --- each learner's order of shuffled options ------------------------------------------

// A 32-bit hash of a text (FNV-1a), the seed of the learner's order.
/** @param {string} text @returns {number} */
function hash(text) {
  var value = 0x811c9dc5;
  for (var i = 0; i < text.length; i++) {
    value ^= text.charCodeAt(i);
    value = Math.imul(value, 0x01000193) >>> 0;
  }
  return value;
}

// `ids` in an order fixed by `seed` (the learner and the question): the same learner gets
// the same order in every session, in every browser; another learner, likely another.
/** @param {string[]} ids @param {string} seed @returns {string[]} */
export function shuffled(ids, seed) {
  var state = hash(seed);
  function next() {  // mulberry32: a small generator, enough to deal options
    state = (state + 0x6d2b79f5) >>> 0;
    var t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  var out = ids.slice();
  for (var i = out.length - 1; i > 0; i--) {
    var j = Math.floor(next() * (i + 1));
    var swap = out[i];
    out[i] = out[j];
    out[j] = swap;
  }
  return out;
}

// --- a question's state in suspend_data --------------------------------------------------

// "ac2": the response (as KEPT writes it), then the attempts used.
/** @param {Question} question @param {Answer} answer @returns {string} */
export function keepAnswer(question, answer) {
  return formatResponse(KEPT[question.type], question, answer.response) + String(answer.attempts);
}

// The answer kept as `text`, or null when it does not fit the question (the course changed).
/** @param {Question} question @param {unknown} text @returns {Answer | null} */
export function readAnswer(question, text) {
  var match = typeof text === "string" ? /^([a-z]+)([1-9]\d*)$/.exec(text) : null;
  if (!match) return null;
  /** @type {string[]} */
  var ids = [];
  var format = KEPT[question.type];
  if (format.by) {
    for (var i = 0; i < match[1].length; i++) {
      var id = question.options[LETTERS.indexOf(match[1].charAt(i))];
      if (!id || has(ids, id)) return null;
      ids.push(id);
    }
  } else {
    var kept = match[1];
    ids = Object.keys(format).filter(function (word) { return format[word] === kept; });
  }
  ids = chosenIds(question, ids);
  if (!ids.length) return null;
  return { response: ids, attempts: Math.min(parseInt(match[2], 10), question.attempts), correct: isRight(question, ids) };
}

// Answers from anywhere (the browser's copy, an older record) as they hold for this course:
// only known questions, each response checked again and judged by today's correct options.
/** @param {import("./types").Config} config @param {any} answers @returns {{ [id: string]: Answer }} */
export function answersFor(config, answers) {
  /** @type {{ [id: string]: Answer }} */
  var out = {};
  var questions = config.questions || {};
  Object.keys(answers && typeof answers === "object" ? answers : {}).forEach(function (id) {
    var question = questions[id];
    var answer = answers[id];
    if (!question || !answer || !Array.isArray(answer.response) || typeof answer.attempts !== "number") return;
    var again = readAnswer(question, keepAnswer(question, { response: chosenIds(question, answer.response),
                                                           attempts: Math.max(1, Math.floor(answer.attempts)), correct: false }));
    if (again) out[id] = again;
  });
  return out;
}
