import test from "node:test";
import assert from "node:assert/strict";
import { cutText, decodeText, encodeText, fitText, TRUNCATION_MARKER } from "../../scormgen/runtime/codec.js";

// What Moodle and scorm-again refuse in SCORM text values: any line break, and (in
// scorm-again, SCORM 2004) a value starting with "{".
const REFUSED = /[\n\r]|^\{/;

const SAMPLES = [
  ["plain", "The bond matters."],
  ["line breaks", "first line\nsecond line\r\nthird\rfourth"],
  ["leading brace", "{lang=fr} is not my language tag"],
  ["backslashes", "C:\\notes\\n is not a line break"],
  ["escape look-alikes", "\\{ and \\n and \\\\"],
  ["accents and emoji", "Fran\u00e7ais, \u00e9motions \ud83d\ude0a"],
  ["empty", ""],
  ["only breaks", "\n\n\n"],
  ["pilcrows and breaks", "\u00b6 literal\n\\\u00b6 and \\n"],
];

for (const [name, text] of SAMPLES) {
  test(`encodeText/decodeText round trip: ${name}`, () => {
    const encoded = encodeText(text);
    assert.doesNotMatch(encoded, REFUSED);
    assert.equal(decodeText(encoded), text.replace(/\r\n/g, "\n"));
  });
}

const LIMITS = [
  ["fits exactly", "a".repeat(255), 255, false],
  ["one over", "a".repeat(256), 255, true],
  ["a line break takes one character", "\n".repeat(255), 255, false],
  ["escaped characters count twice", "\\".repeat(200), 255, true],
  ["long reflection in 2004", "word ".repeat(2000), 4000, true],
  ["tiny limit", "abcdef", 3, true],
];

for (const [name, text, max, truncated] of LIMITS) {
  test(`fitText never exceeds the limit: ${name}`, () => {
    const result = fitText(text, max);
    assert.ok(result.value.length <= max, `${result.value.length} > ${max}`);
    assert.equal(result.truncated, truncated);
    assert.doesNotMatch(result.value, REFUSED);
    if (truncated && max > TRUNCATION_MARKER.length) {
      assert.ok(result.value.endsWith(TRUNCATION_MARKER));
      const kept = decodeText(result.value.slice(0, -TRUNCATION_MARKER.length));
      assert.ok(text.replace(/\r\n/g, "\n").startsWith(kept), "keeps the beginning of the text");
    }
  });
}

test("fitText never leaves half an escape or half a surrogate pair", () => {
  for (let max = 10; max < 40; max++) {
    for (const text of ["\\".repeat(60), "\ud83d\ude0a".repeat(30), "a\nb\\c{\u00b6".repeat(10)]) {
      const value = fitText(text, max).value;
      const body = value.endsWith(TRUNCATION_MARKER) ? value.slice(0, -TRUNCATION_MARKER.length) : value;
      // an odd run of trailing backslashes would be a broken escape
      const trailing = body.match(/\\*$/)[0].length;
      assert.equal(trailing % 2, 0, `broken escape at max ${max}: ${JSON.stringify(value)}`);
      const last = body.charCodeAt(body.length - 1);
      assert.ok(!(last >= 0xd800 && last <= 0xdbff), "no lone high surrogate");
    }
  }
});

test("a line break reads as a pilcrow in the LMS's reports", () => {
  assert.equal(encodeText("First line\nSecond line\r\nThird"), "First line\u00b6Second line\u00b6Third");
  assert.equal(encodeText("\u00b6 is a pilcrow"), "\\\u00b6 is a pilcrow");
  assert.equal(decodeText("\\\u00b6\u00b6"), "\u00b6\n");
});

test("values written by earlier versions, with \\n for a line break, still read back", () => {
  assert.equal(decodeText("line one\\nline two \\\\n \\{"), "line one\nline two \\n {");
});

test("cutText keeps surrogate pairs whole", () => {
  assert.equal(cutText("a\ud83d\ude0a", 2), "a");
  assert.equal(cutText("a\ud83d\ude0a", 3), "a\ud83d\ude0a");
});
