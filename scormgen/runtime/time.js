// @ts-check
// Times and durations in each standard's own format.

/** @param {number} number @param {number} width */
function pad(number, width) {
  var text = String(number);
  while (text.length < width) text = "0" + text;
  return text;
}

/** @param {number} ms */
function centiseconds(ms) { return Math.max(0, Math.round(ms / 10)); }

// SCORM 1.2 CMITimespan: HHHH:MM:SS.SS (hours on at least 2 digits, at most 4).
/** @param {number} ms @returns {string} */
export function scorm12Timespan(ms) {
  var cs = Math.min(centiseconds(ms), 9999 * 360000 + 359999);
  var hours = Math.floor(cs / 360000);
  var minutes = Math.floor((cs % 360000) / 6000);
  var seconds = Math.floor((cs % 6000) / 100);
  return pad(hours, 2) + ":" + pad(minutes, 2) + ":" + pad(seconds, 2) + "." + pad(cs % 100, 2);
}

// SCORM 1.2 CMITime: the time of day, HH:MM:SS.SS (UTC).
/** @param {Date} date @returns {string} */
export function scorm12Time(date) {
  return pad(date.getUTCHours(), 2) + ":" + pad(date.getUTCMinutes(), 2) + ":" +
    pad(date.getUTCSeconds(), 2) + "." + pad(Math.floor(date.getUTCMilliseconds() / 10), 2);
}

// SCORM 2004 timeinterval (ISO 8601 duration), to the hundredth of a second: PT1H2M3.45S.
/** @param {number} ms @returns {string} */
export function iso8601Duration(ms) {
  var cs = centiseconds(ms);
  var hours = Math.floor(cs / 360000);
  var minutes = Math.floor((cs % 360000) / 6000);
  var rest = cs % 6000;
  var seconds = Math.floor(rest / 100) + (rest % 100 ? "." + pad(rest % 100, 2).replace(/0$/, "") : "");
  var out = "PT";
  if (hours) out += hours + "H";
  if (minutes) out += minutes + "M";
  if (rest || out === "PT") out += seconds + "S";
  return out;
}

// SCORM 2004 time (second,10,0) as every LMS stores it: YYYY-MM-DDThh:mm:ss, 19
// characters, no fraction and no zone (both optional in the standard), in the learner's
// local time as ISO 8601 reads a time without a zone. Moodle refuses three fractional
// digits, and ILIAS writes the value into columns that refuse a fraction, a "Z" or more
// than 19 characters (and then drops the interaction).
/** @param {Date} date @returns {string} */
export function scorm2004Timestamp(date) {
  return date.getFullYear() + "-" + pad(date.getMonth() + 1, 2) + "-" + pad(date.getDate(), 2) +
    "T" + pad(date.getHours(), 2) + ":" + pad(date.getMinutes(), 2) + ":" + pad(date.getSeconds(), 2);
}
