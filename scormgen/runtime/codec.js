// @ts-check
// Text as the LMS can store it, and back.
//
// Moodle and scorm-again refuse a line break in SCORM text values (interaction
// responses and descriptions, comments), and scorm-again reads a SCORM 2004 value
// that starts with "{" as a language tag. encodeText() escapes exactly those:
//   backslash -> \\    line break -> \n    carriage return -> \r    leading "{" -> \{
// and decodeText() undoes it, so the runtime reads back what the learner wrote.
// fitText() cuts a text so that its encoded form fits a size limit, never in the
// middle of an escape or of a surrogate pair, ending with a visible marker.

export var TRUNCATION_MARKER = " [\u2026]";

/** @param {string} text @returns {string} */
export function encodeText(text) {
  var out = String(text)
    .replace(/\\/g, "\\\\")
    .replace(/\r\n/g, "\n")
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r");
  return out.charAt(0) === "{" ? "\\" + out : out;
}

/** @param {string} value @returns {string} */
export function decodeText(value) {
  var text = String(value);
  var out = "";
  for (var i = 0; i < text.length; i++) {
    var ch = text.charAt(i);
    if (ch === "\\" && i + 1 < text.length) {
      var next = text.charAt(i + 1);
      if (next === "n") { out += "\n"; i++; continue; }
      if (next === "r") { out += "\r"; i++; continue; }
      if (next === "\\" || next === "{") { out += next; i++; continue; }
    }
    out += ch;
  }
  return out;
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
  var encoded = encodeText(text);
  if (encoded.length <= max) return { value: encoded, truncated: false };
  var room = max - TRUNCATION_MARKER.length;
  if (room <= 0) return { value: cutText(TRUNCATION_MARKER, max), truncated: true };
  // The encoded form is never shorter than the text, so cutting the text to `room`
  // is a start; shorten further while the encoded form is too long.
  var keep = cutText(text, room);
  while (keep.length && encodeText(keep).length > room) {
    var over = encodeText(keep).length - room;
    keep = cutText(keep, keep.length - Math.max(1, Math.ceil(over / 2)));
  }
  return { value: encodeText(keep) + TRUNCATION_MARKER, truncated: true };
}
