// @ts-check
// Finding the LMS's API object the standard way: up the chain of parent frames, then
// in the window that opened this one (and its parents). Bounded, and safe when a
// frame on the way belongs to another origin (reading it throws; we go on).

export var MAX_FRAME_DEPTH = 500;

/** @param {any} win @param {string} name @returns {object | null} */
function readApi(win, name) {
  try {
    var api = win[name];
    return api && typeof api === "object" ? api : null;
  } catch (e) {
    return null; // a frame of another origin
  }
}

/** @param {any} win @param {string} name @returns {object | null} */
function searchUp(win, name) {
  for (var depth = 0; win && depth < MAX_FRAME_DEPTH; depth++) {
    var api = readApi(win, name);
    if (api) return api;
    var parent = null;
    try { parent = win.parent; } catch (e) { parent = null; }
    if (!parent || parent === win) break;
    win = parent;
  }
  return null;
}

/**
 * The LMS's API object named `name` ("API", "API_1484_11"), or null.
 * @param {any} win @param {string} name @returns {object | null}
 */
export function findApi(win, name) {
  var api = searchUp(win, name);
  if (api) return api;
  var opener = null;
  try { opener = win.top && win.top.opener; } catch (e) { opener = null; }
  if (!opener) { try { opener = win.opener; } catch (e) { opener = null; } }
  return opener ? searchUp(opener, name) : null;
}
