// @ts-check
// Text as the LMS can store it, and back.
//
// Moodle and scorm-again refuse a line break in SCORM text values (interaction
// responses and descriptions, comments), and scorm-again reads a SCORM 2004 value
// that starts with "{" as a language tag. The course team reads these values in the
// LMS's reports, so a line break is written as a mark a person reads naturally:
//   line break -> ¶    carriage return -> \r    leading "{" -> \{
//   a literal ¶ -> \¶    backslash -> \\
// decodeText() undoes it, so the runtime reads back exactly what the learner wrote; it
// also reads \n, the line break as versions before this one wrote it.
// fitText() cuts a text so that its encoded form fits a size limit, never in the
// middle of an escape or of a surrogate pair, ending with a visible marker.

export var TRUNCATION_MARKER = " [\u2026]";
var LINE_BREAK_MARK = "\u00b6";

/** @param {string} text @returns {string} */
export function encodeText(text) {
  var out = String(text)
    .replace(/\\/g, "\\\\")
    .replace(/\u00b6/g, "\\\u00b6")
    .replace(/\r\n/g, "\n")
    .replace(/\n/g, LINE_BREAK_MARK)
    .replace(/\r/g, "\\r");
  return out.charAt(0) === "{" ? "\\" + out : out;
}

/** @type {{ [escaped: string]: string }} */
var UNESCAPED = { n: "\n", r: "\r", "\\": "\\", "{": "{", "\u00b6": "\u00b6" };

/** @param {string} value @returns {string} */
export function decodeText(value) {
  return String(value).replace(/\\([nr\\{\u00b6])|\u00b6/g, function (match, escaped) {
    return escaped ? UNESCAPED[escaped] : "\n";
  });
}

// The longest prefix of `text` whose length is at most `max` code units, not ending
// inside a surrogate pair.
/** @param {string} text @param {number} max @returns {string} */
export function cutText(text, max) {
  if (text.length <= max) return text;
  var cut = text.slice(0, Math.max(0, max));
  var last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return cut;
}

// Encode `text` for a value of at most `max` characters. When it does not fit, keep
// as much of the beginning as fits and end it with TRUNCATION_MARKER.
/**
 * @param {string} text @param {number} max
 * @returns {{ value: string, truncated: boolean }}
 */
export function fitText(text, max) {
  // one line break, whichever way it was typed, so the encoded form is never shorter
  var whole = String(text).replace(/\r\n/g, "\n");
  var encoded = encodeText(whole);
  if (encoded.length <= max) return { value: encoded, truncated: false };
  var room = max - TRUNCATION_MARKER.length;
  if (room <= 0) return { value: cutText(TRUNCATION_MARKER, max), truncated: true };
  // The encoded form is never shorter than the text, so cutting the text to `room`
  // is a start; shorten further while the encoded form is too long.
  var keep = cutText(whole, room);
  while (keep.length && encodeText(keep).length > room) {
    var over = encodeText(keep).length - room;
    keep = cutText(keep, keep.length - Math.max(1, Math.ceil(over / 2)));
  }
  return { value: encodeText(keep) + TRUNCATION_MARKER, truncated: true };
}
