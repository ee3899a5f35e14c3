// @ts-check
// The learner's resume state in cmi.suspend_data: versioned, compact, never over the
// standard's limit, whatever the learner writes.
//
// The record is JSON with short keys, in this order:
//   v  format version (2; 1 is still read)
//   r  revision: +1 at every save; tells a newer copy from an older one
//   h  hash of the course's page ids, so a changed course does not misread "p"
//   p  pages seen: a bit per page in course order, as hexadecimal
//   q  questions checked: { question id: response and attempts used, "ac2" } (quiz.js;
//      a choice as the letters of its options, a true-false as t or f)  (omitted when none)
//   o  the course verdict last sent to the LRS: "p" passed, "f" failed  (omitted when none)
//   a  reflections: { reflection id: the learner's text }   (omitted when empty)
//   n  the learner's notes                                  (omitted when empty)
//   x  keys whose text was shortened to fit: "n", or "a:<id>" (omitted when none)
// When everything does not fit, the longest texts are shortened first, each ending
// with the truncation marker; the full texts stay in the browser (see backup.js).
//
// Format 2 stores that JSON without a backslash or a double quote, because some LMSs
// mangle both: Chamilo writes suspend_data into a JavaScript string escaping quotes and
// line breaks but not backslashes, so format 1's escapes came back as other characters
// and the learner started over. Character by character, format 2 writes
//   "  as  '        '  as  ~a        \  as  ~b        ~  as  ~~
// (and U+2028, U+2029, line breaks in older JavaScript, as the escapes ~bu2028, ~bu2029).
// Every "~" starts a pair, so reading it back is exact. Format 1 is plain JSON.
//
// Besides the standard's limit in characters, a limit in UTF-8 bytes may be given:
// SCORM 2004 4th Edition allows 64,000 characters, but many LMS runtimes send the
// final commit of a session with navigator.sendBeacon, which carries 64 KiB at most
// for the whole data model; the 4th Edition adapter keeps suspend_data well below.

import { cutText, TRUNCATION_MARKER } from "./codec.js";
import { keepAnswer, readAnswer } from "./quiz.js";

/** @typedef {import("./types").Config} Config */
/** @typedef {import("./types").State} State */
/** @typedef {{ key: string, text: string, cut: boolean }} Text */

var SUSPEND_FORMAT = 2;

/** @param {Config} config @returns {string} */
export function pageHash(config) {
  // FNV-1a, 32 bits, over the page ids: enough to notice that the pages changed.
  var hash = 0x811c9dc5;
  var text = config.pages.map(function (p) { return p.id; }).join("\n");
  for (var i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = (hash + ((hash << 1) + (hash << 4) + (hash << 7) + (hash << 8) + (hash << 24))) >>> 0;
  }
  return hash.toString(36);
}

/** @param {Config} config @param {string[]} pagesSeen */
function pagesToBits(config, pagesSeen) {
  var out = "";
  for (var start = 0; start < config.pages.length; start += 4) {
    var nibble = 0;
    for (var bit = 0; bit < 4; bit++) {
      var page = config.pages[start + bit];
      if (page && pagesSeen.indexOf(page.id) >= 0) nibble |= 1 << bit;
    }
    out += nibble.toString(16);
  }
  return out;
}

/** @param {Config} config @param {string} bits */
function bitsToPages(config, bits) {
  /** @type {string[]} */
  var seen = [];
  config.pages.forEach(function (page, index) {
    var nibble = parseInt(bits.charAt(Math.floor(index / 4)) || "0", 16);
    if (nibble & (1 << (index % 4))) seen.push(page.id);
  });
  return seen;
}

/** @type {{ [ch: string]: string }} */
var PROTECT = { '"': "'", "'": "~a", "\\": "~b", "~": "~~", "\u2028": "~bu2028", "\u2029": "~bu2029" };
/** @type {{ [ch: string]: string }} */
var UNPROTECT = { "'": '"', "~a": "'", "~b": "\\", "~~": "~" };

// JSON text in format 2: no backslash, no double quote.
/** @param {string} json @returns {string} */
export function protectJson(json) {
  return json.replace(/["'\\~\u2028\u2029]/g, function (c) { return PROTECT[c]; });
}

// Back from format 2 to JSON. A backslash is never part of format 2: any found was
// added by the LMS (a quote escaped twice, say) and is dropped.
/** @param {string} data @returns {string} */
export function unprotectJson(data) {
  return data.replace(/\\/g, "").replace(/~[ab~]|'/g, function (token) { return UNPROTECT[token]; });
}

// What `text` takes in the record, quotes included: every length the fitting counts.
/** @param {string} text */
function jsonLength(text) { return protectJson(JSON.stringify(text)).length; }

/** @param {string} text */
function utf8Length(text) {
  var bytes = 0;
  for (var i = 0; i < text.length; i++) {
    var code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) { bytes += 4; i++; }
    else bytes += 3;
  }
  return bytes;
}

// How far `data` is over the limits (0 when it fits).
/** @param {string} data @param {number} limit @param {number | undefined} maxBytes */
function excessOver(data, limit, maxBytes) {
  var over = data.length - limit;
  if (maxBytes) over = Math.max(over, utf8Length(data) - maxBytes);
  return Math.max(0, over);
}

// The longest beginning of `text` that, with the marker, takes at most `max`
// characters as a JSON string (quotes included).
/** @param {string} text @param {number} max @param {string} marker */
function cutForJson(text, max, marker) {
  if (jsonLength(text) <= max) return text;
  var low = 0;
  var high = text.length;
  while (low < high) {
    var mid = Math.ceil((low + high) / 2);
    if (jsonLength(cutText(text, mid) + marker) <= max) low = mid; else high = mid - 1;
  }
  var kept = cutText(text, low) + marker;
  return jsonLength(kept) <= max ? kept : "";
}

var OUTCOMES = { passed: "p", failed: "f" };

// The questions checked, as the record keeps them (never shortened: they are small).
/** @param {Config} config @param {State} state */
function keptAnswers(config, state) {
  var answers = state.questions || {};
  /** @type {{ [id: string]: string } | null} */
  var kept = null;
  (config.questionOrder || []).forEach(function (id) {
    var question = config.questions && config.questions[id];
    if (!question || !answers[id]) return;
    kept = kept || {};
    kept[id] = keepAnswer(question, answers[id]);
  });
  return kept;
}

/** @param {Config} config @param {State} state @param {Text[]} texts */
function buildRecord(config, state, texts) {
  /** @type {{ v: number, r: number, h: string, p: string, q?: object, o?: string, a?: object, n?: string, x?: string[] }} */
  var record = { v: SUSPEND_FORMAT, r: state.rev, h: pageHash(config), p: pagesToBits(config, state.pagesSeen) };
  var kept = keptAnswers(config, state);
  if (kept) record.q = kept;
  if (state.outcome === "passed" || state.outcome === "failed") record.o = OUTCOMES[state.outcome];
  /** @type {{ [id: string]: string }} */
  var answers = {};
  var any = false;
  texts.forEach(function (entry) {
    if (entry.key.indexOf("a:") === 0) { answers[entry.key.slice(2)] = entry.text; any = true; }
  });
  if (any) record.a = answers;
  texts.forEach(function (entry) { if (entry.key === "n" && entry.text) record.n = entry.text; });
  var cut = texts.filter(function (entry) { return entry.cut; }).map(function (entry) { return entry.key; });
  if (cut.length) record.x = cut;
  return protectJson(JSON.stringify(record));
}

// Share the room left for texts fairly: every text that fits its share is kept whole,
// the others are cut to an equal share of what remains (longest last).
/**
 * @param {Config} config @param {State} state @param {Text[]} texts
 * @param {number} limit @param {number | undefined} maxBytes
 */
function shareRoom(config, state, texts, limit, maxBytes) {
  var marked = texts.map(function (entry) { return { key: entry.key, text: "", cut: true }; });
  var skeleton = buildRecord(config, state, marked);
  var room = Math.min(limit, maxBytes || limit) - skeleton.length - 2;
  var order = texts.slice().sort(function (a, b) { return jsonLength(a.text) - jsonLength(b.text); });
  order.forEach(function (entry, index) {
    var share = Math.floor(room / (order.length - index));
    var need = jsonLength(entry.text) - 2;
    if (need <= share) {
      room -= need;
      return;
    }
    entry.text = share > TRUNCATION_MARKER.length + 2 ? cutForJson(entry.text, share + 2, TRUNCATION_MARKER) : "";
    entry.cut = true;
    room -= Math.max(0, jsonLength(entry.text) - 2);
  });
}

// Encode `state` in at most `limit` characters (and `maxBytes` UTF-8 bytes, if given).
/**
 * @param {Config} config @param {State} state @param {number} limit @param {number} [maxBytes]
 * @returns {{ data: string, truncated: string[] }}
 */
export function encodeState(config, state, limit, maxBytes) {
  /** @type {Text[]} */
  var texts = [];
  config.pages.forEach(function (page) {
    page.reflections.forEach(function (id) {
      if (Object.prototype.hasOwnProperty.call(state.reflections, id)) {
        texts.push({ key: "a:" + id, text: state.reflections[id], cut: false });
      }
    });
  });
  if (state.notes) texts.push({ key: "n", text: state.notes, cut: false });

  var data = buildRecord(config, state, texts);
  if (excessOver(data, limit, maxBytes) > 0) shareRoom(config, state, texts, limit, maxBytes);
  data = buildRecord(config, state, texts);
  // Shares are computed in characters; a byte limit may still be passed: shorten the
  // longest text until everything fits.
  for (var round = 0; excessOver(data, limit, maxBytes) > 0 && round < 4 * texts.length + 4; round++) {
    /** @type {Text | null} */
    var longest = null;
    for (var i = 0; i < texts.length; i++) {
      if (texts[i].text && (!longest || jsonLength(texts[i].text) > jsonLength(longest.text))) longest = texts[i];
    }
    if (!longest) break;
    var excess = excessOver(data, limit, maxBytes);
    // a character cut saves at least one byte, so this also closes a byte excess
    var target = jsonLength(longest.text) - excess;
    longest.text = target > TRUNCATION_MARKER.length + 2 ? cutForJson(longest.text, target, TRUNCATION_MARKER) : "";
    longest.cut = true;
    data = buildRecord(config, state, texts);
  }
  if (excessOver(data, limit, maxBytes) > 0) {
    // Even without any text the record is too long (a course with very many
    // reflections and a tiny limit): keep the pages seen only.
    data = buildRecord(config, state, []);
    texts.forEach(function (entry) { if (entry.text) entry.cut = true; });
  }
  return { data: data, truncated: texts.filter(function (e) { return e.cut; }).map(function (e) { return e.key; }) };
}

// The record in `data` (format 2, or format 1 saved by an earlier version), or null.
// Format 1 could come back mangled: Chamilo writes suspend_data into a JavaScript string
// without escaping backslashes, so the JSON escapes \n, \t, \r came back as the raw
// control characters; those are escaped again.
/** @param {string} data @returns {any} */
export function parseRecord(data) {
  if (data.indexOf('"') < 0) {  // format 2: format 1 always has quoted keys
    try { return JSON.parse(unprotectJson(data)); } catch (e) { return null; }
  }
  try { return JSON.parse(data); } catch (e) { /* try the repair below */ }
  var repaired = data.replace(/[\u0000-\u001f]/g, function (c) {
    return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4);
  });
  try { return JSON.parse(repaired); } catch (e) { return null; }
}

// Read suspend_data back; null when it is not ours or is damaged beyond repair.
/** @param {Config} config @param {string} data @returns {State | null} */
export function decodeState(config, data) {
  var record = parseRecord(data);
  if (!record || typeof record !== "object" || (record.v !== SUSPEND_FORMAT && record.v !== 1)) return null;
  /** @type {{ [id: string]: boolean }} */
  var known = {};
  config.pages.forEach(function (page) { page.reflections.forEach(function (id) { known[id] = true; }); });
  /** @type {{ [id: string]: string }} */
  var reflections = {};
  Object.keys(record.a || {}).forEach(function (id) {
    if (known[id] && typeof record.a[id] === "string") reflections[id] = record.a[id];
  });
  /** @type {State} */
  var state = {
    rev: typeof record.r === "number" ? record.r : 0,
    pagesSeen: record.h === pageHash(config) && typeof record.p === "string" ? bitsToPages(config, record.p) : [],
    reflections: reflections,
    notes: typeof record.n === "string" ? record.n : "",
    truncated: Array.isArray(record.x) ? record.x.slice() : []
  };
  if (config.questions) {
    state.questions = readAnswers(config, record.q);
    if (record.o === "p" || record.o === "f") state.outcome = record.o === "p" ? "passed" : "failed";
  }
  return state;
}

// The questions a record kept, those the course still has in the same shape.
/** @param {Config} config @param {any} kept */
function readAnswers(config, kept) {
  /** @type {{ [id: string]: import("./types").Answer }} */
  var answers = {};
  var questions = config.questions || {};
  Object.keys(kept && typeof kept === "object" ? kept : {}).forEach(function (id) {
    var answer = questions[id] ? readAnswer(questions[id], kept[id]) : null;
    if (answer) answers[id] = answer;
  });
  return answers;
}
