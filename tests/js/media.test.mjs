// Embedded videos: a button until pressed, then the site's privacy-enhanced player, and
// only one of those (the build writes no other address, and no other is ever loaded).
import test from "node:test";
import assert from "node:assert/strict";
import { createMediaControls, embedFrame } from "../../scormgen/runtime/media.js";

const YOUTUBE = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ";

test("an embed loads the privacy-enhanced player, started by the learner's press; autoplay and fullscreen its only permissions", () => {
  assert.deepEqual(embedFrame(YOUTUBE + "?start=90", "A demonstration"), {
    src: YOUTUBE + "?start=90&autoplay=1", title: "A demonstration", allow: "autoplay; fullscreen", allowfullscreen: "",
    referrerpolicy: "strict-origin-when-cross-origin", class: "sg-embed-player"
  });
  assert.equal(embedFrame("https://player.vimeo.com/video/76979871?dnt=1", "").src,
               "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1");
  assert.equal(embedFrame(YOUTUBE, "").src, YOUTUBE + "?autoplay=1");
});

for (const src of [null, "", "https://www.youtube.com/embed/dQw4w9WgXcQ", "http://www.youtube-nocookie.com/embed/x",
                   "javascript:alert(1)", "https://player.vimeo.com.evil.example/video/1",
                   "https://www.youtube-nocookie.com.evil.example/embed/x", YOUTUBE + "\" onload=\"x",
                   "https://player.vimeo.com/video/1 2"]) {
  test(`no player is loaded from ${JSON.stringify(src)}`, () => {
    assert.equal(embedFrame(src, "t"), null);
  });
}

// A document just large enough for the click handler: one button in one frame box.
function fakeDocument() {
  const listeners = {};
  const made = [];
  const box = {
    children: [],
    insertBefore(node, before) { this.children.splice(before ? this.children.indexOf(before) : this.children.length, 0, node); }
  };
  const button = {
    hidden: false, parentNode: box, nextSibling: null,
    attributes: { "data-sg-action": "play-embed", "data-sg-embed-src": YOUTUBE, "data-sg-embed-title": "A talk" },
    getAttribute(name) { return name in this.attributes ? this.attributes[name] : null; },
    closest(selector) { return selector === '[data-sg-action="play-embed"]' ? this : null; }
  };
  box.children.push(button);
  const doc = {
    body: null,
    addEventListener(type, listener) { listeners[type] = listener; },
    createElement(tag) {
      const element = { tag, attributes: {}, focused: false,
                        setAttribute(name, value) { this.attributes[name] = String(value); },
                        focus() { this.focused = true; } };
      made.push(element);
      return element;
    }
  };
  return { doc, button, box, made, click: (target) => listeners.click({ target }),
           play: (target) => listeners.play({ target }) };
}

function player() {
  return { muted: false, attributes: {}, hasAttribute(name) { return name in this.attributes; },
           setAttribute(name, value) { this.attributes[name] = String(value); } };
}

test("a learner who asked for no sound (cmi5 audioPreference off) gets each player muted at first, once", () => {
  const page = fakeDocument();
  const controls = createMediaControls(page.doc);
  const video = player();
  page.play(video);
  assert.equal(video.muted, false, "sound on unless the learner asked otherwise");
  controls.startMuted(true);
  const other = player();
  page.play(other);
  assert.equal(other.muted, true);
  other.muted = false;  // the learner turns the sound on
  page.play(other);
  assert.equal(other.muted, false, "the learner's choice stands");
});

test("pressing the button puts the player in its place, with the focus", () => {
  const page = fakeDocument();
  createMediaControls(page.doc);
  assert.equal(page.made.length, 0, "nothing is made before the learner presses play");
  page.click({ closest: () => null });  // a click elsewhere
  assert.equal(page.made.length, 0);
  page.click(page.button);
  assert.equal(page.made.length, 1);
  const frame = page.made[0];
  assert.equal(frame.tag, "iframe");
  assert.equal(frame.attributes.src, YOUTUBE + "?autoplay=1");
  assert.equal(frame.attributes.title, "A talk");
  assert.equal(frame.focused, true);
  assert.equal(page.button.hidden, true);
  assert.deepEqual(page.box.children, [page.button, frame]);
});

test("a button whose address is not a player's loads nothing", () => {
  const page = fakeDocument();
  page.button.attributes["data-sg-embed-src"] = "https://tracker.example/embed/x";
  createMediaControls(page.doc);
  page.click(page.button);
  assert.equal(page.made.length, 0);
  assert.equal(page.button.hidden, false);
});
