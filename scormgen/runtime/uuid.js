// @ts-check
// Random (version 4) UUIDs, made in the browser: every statement gets its id when it
// is created, so a resend is the same statement and the LRS keeps it once.

/** @returns {string} */
export function uuid4() {
  var bytes = new Uint8Array(16);
  var crypto = /** @type {Crypto} */ ((typeof window !== "undefined" && window.crypto) ||
    (typeof globalThis !== "undefined" && globalThis.crypto));
  crypto.getRandomValues(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  var hex = [];
  for (var i = 0; i < 16; i++) hex.push((bytes[i] + 0x100).toString(16).slice(1));
  return hex.slice(0, 4).join("") + "-" + hex.slice(4, 6).join("") + "-" + hex.slice(6, 8).join("") + "-" +
    hex.slice(8, 10).join("") + "-" + hex.slice(10, 16).join("");
}
