// Start-up: read the course settings the build wrote into the launch page, choose
// where the learner's data goes, and start the interface.

// Without an LMS (preview, or the file opened directly) the learner's work is kept
// for this visit only.
function createSessionTracker() {
  var state = { pagesSeen: [], reflections: {}, notes: "" };
  return {
    pageViewed: function (id) { if (state.pagesSeen.indexOf(id) < 0) state.pagesSeen.push(id); },
    reflectionSubmitted: function (id, text) { state.reflections[id] = text; },
    notesChanged: function (text) { state.notes = text; },
    state: function () { return state; }
  };
}

function start() {
  var config = JSON.parse(document.getElementById("sg-config").textContent);
  var tracker = createSessionTracker();
  var ui = createUI(document, config, tracker);
  var requested = window.location.hash ? decodeURIComponent(window.location.hash.slice(1)) : "";
  ui.start(requested);
  window.scormgen = { config: config, ui: ui };
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
