// @ts-check
// Videos in the pages. An embedded YouTube or Vimeo video is a button until the
// learner presses it: nothing is asked of the video site before (no request, no
// cookie); then the site's privacy-enhanced player takes the button's place and has
// the focus. A page that is hidden stops what plays on it (its players pause, an
// embedded player is put back to its button).

// The players an embed may load: the build writes no other, and no other is loaded.
var PLAYERS = ["https://www.youtube-nocookie.com/embed/", "https://player.vimeo.com/video/"];

/**
 * The attributes of the iframe an embed button loads, or null for an address that is
 * not one of the players above.
 * @param {string | null} src @param {string | null} title
 * @returns {{ [name: string]: string } | null}
 */
export function embedFrame(src, title) {
  if (!src || !PLAYERS.some(function (prefix) { return src.indexOf(prefix) === 0; })) return null;
  if (/[\s"'<>\\]/.test(src)) return null;
  // the learner pressed "Play video": the player starts (a second press would be one too many)
  return {
    src: src + (src.indexOf("?") < 0 ? "?" : "&") + "autoplay=1",
    title: title || "",
    allow: "autoplay; fullscreen",
    allowfullscreen: "",
    referrerpolicy: "strict-origin-when-cross-origin",
    class: "sg-embed-player"
  };
}

/**
 * @param {Document} doc
 * @returns {{ startMuted: (muted: boolean) => void }} startMuted: the learner asked the LMS for
 *   no sound (cmi5 learner preferences, audioPreference "off"; cmi5 11.2.0.0-1): each player
 *   starts muted, and the learner can turn its sound on
 */
export function createMediaControls(doc) {
  var muted = false;
  // ("play" does not bubble: heard on its way down)
  doc.addEventListener("play", function (event) {
    var media = /** @type {HTMLMediaElement} */ (event.target);
    if (!muted || !media || media.hasAttribute("data-sg-sound-set")) return;
    media.setAttribute("data-sg-sound-set", "");
    media.muted = true;
  }, true);
  doc.addEventListener("click", function (event) {
    var target = /** @type {Element | null} */ (event.target);
    var button = target && target.closest ? target.closest('[data-sg-action="play-embed"]') : null;
    if (!button || !button.parentNode) return;
    var attributes = embedFrame(button.getAttribute("data-sg-embed-src"), button.getAttribute("data-sg-embed-title"));
    if (!attributes) return;
    var frame = doc.createElement("iframe");
    var values = attributes;
    Object.keys(values).forEach(function (name) { frame.setAttribute(name, values[name]); });
    /** @type {HTMLElement} */ (button).hidden = true;
    button.parentNode.insertBefore(frame, button.nextSibling);
    frame.focus();
  });
  var controls = { startMuted: function (/** @type {boolean} */ value) { muted = value; } };
  if (typeof MutationObserver === "undefined" || !doc.body) return controls;
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      var element = /** @type {HTMLElement} */ (record.target);
      if (element.hidden) quiet(element);
    });
  }).observe(doc.body, { attributes: true, attributeFilter: ["hidden"], subtree: true });
  return controls;
}

// What plays inside an element that was just hidden stops.
/** @param {HTMLElement} element */
function quiet(element) {
  Array.prototype.forEach.call(element.querySelectorAll("video, audio"), function (/** @type {HTMLMediaElement} */ media) {
    if (!media.paused) media.pause();
  });
  Array.prototype.forEach.call(element.querySelectorAll("iframe.sg-embed-player"), function (/** @type {Element} */ frame) {
    var button = /** @type {HTMLElement | null} */ (frame.previousElementSibling);
    if (button && button.getAttribute("data-sg-action") === "play-embed") button.hidden = false;
    if (frame.parentNode) frame.parentNode.removeChild(frame);
  });
}
