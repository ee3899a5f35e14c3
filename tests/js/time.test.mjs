import test from "node:test";
import assert from "node:assert/strict";
import { iso8601Duration, scorm12Time, scorm12Timespan, scorm2004Timestamp } from "../../scormgen/runtime/time.js";

// The formats as scorm-again checks them (SCORM 1.2 RTE A.3, 2004 RTE C.1.4/C.1.5),
// and Moodle's refusal of three fractional digits in 2004 timestamps.
const CMI_TIMESPAN_12 = /^([0-9]{2,4}):([0-9]{2}):([0-9]{2})(\.\d{1,2})?$/;
const CMI_TIME_12 = /^(?:[01]\d|2[0123]):(?:[012345]\d):(?:[012345]\d)(\.\d{1,2})?$/;
const DURATION_2004 = /^P(?:T?(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,2})?)S)?)?$/;
// what every LMS stores (ILIAS refuses a fraction, a zone or more than 19 characters)
const TIMESTAMP_2004 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

const SPANS = [
  [0, "00:00:00.00", "PT0S"],
  [490, "00:00:00.49", "PT0.49S"],
  [61000, "00:01:01.00", "PT1M1S"],
  [3723450, "01:02:03.45", "PT1H2M3.45S"],
  [3600000, "01:00:00.00", "PT1H"],
  [36000000 * 10, "100:00:00.00", "PT100H"],
  [1234, "00:00:01.23", "PT1.23S"],
  [1005, "00:00:01.01", "PT1.01S"],
];

for (const [ms, span12, duration] of SPANS) {
  test(`session time of ${ms} ms`, () => {
    assert.equal(scorm12Timespan(ms), span12);
    assert.match(scorm12Timespan(ms), CMI_TIMESPAN_12);
    assert.equal(iso8601Duration(ms), duration);
    assert.match(iso8601Duration(ms), DURATION_2004);
  });
}

test("1.2 timespan is capped at 9999 hours", () => {
  assert.equal(scorm12Timespan(1e12), "9999:59:59.99");
});

test("timestamps", () => {
  const date = new Date(Date.UTC(2026, 10, 25, 9, 5, 7, 89));
  assert.equal(scorm12Time(date), "09:05:07.08");
  assert.match(scorm12Time(date), CMI_TIME_12);
  const local = new Date(2026, 10, 25, 9, 5, 7, 890);  // the learner's clock
  assert.equal(scorm2004Timestamp(local), "2026-11-25T09:05:07");
  assert.match(scorm2004Timestamp(local), TIMESTAMP_2004);
  assert.equal(scorm2004Timestamp(local).length, 19);
});
