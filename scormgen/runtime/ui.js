// The learner's interface: pages, table of contents, progress, reflections, notes.
// It never calls an LMS: everything the learner does goes to `tracker`, an object
// with pageViewed(id), reflectionSubmitted(id, text), notesChanged(text) and state().

function createUI(doc, config, tracker) {
  var pages = config.pages;
  var sections = {};
  var current = -1;

  function $(selector, root) { return (root || doc).querySelector(selector); }
  function $all(selector, root) { return Array.prototype.slice.call((root || doc).querySelectorAll(selector)); }

  pages.forEach(function (page) { sections[page.id] = $('[data-sg-page="' + cssEscape(page.id) + '"]'); });

  var prevButton = $('[data-sg-nav="prev"]');
  var nextButton = $('[data-sg-nav="next"]');
  var pageCount = $("[data-sg-page-count]");
  var progress = $("[data-sg-progress]");
  var progressText = $("#sg-progress-text");
  var status = $("[data-sg-status]");
  var toc = $("[data-sg-toc]");
  var notes = $("[data-sg-notes]");
  var notesText = notes ? $("textarea", notes) : null;
  var notesToggle = $('[data-sg-action="toggle-notes"]');
  var tocToggle = $('[data-sg-action="toggle-toc"]');

  function cssEscape(value) { return String(value).replace(/["\\]/g, "\\$&"); }

  function indexOf(pageId) {
    for (var i = 0; i < pages.length; i++) { if (pages[i].id === pageId) return i; }
    return -1;
  }

  function announce(message) {
    if (!status) return;
    status.textContent = "";
    // a fresh text node is announced even when the message repeats
    window.setTimeout(function () { status.textContent = message; }, 30);
  }

  function show(index, options) {
    options = options || {};
    if (index < 0 || index >= pages.length) return;
    if (current >= 0) {
      var old = sections[pages[current].id];
      old.hidden = true;
      old.removeAttribute("data-sg-page-id");
    }
    current = index;
    var page = pages[index];
    var section = sections[page.id];
    section.hidden = false;
    section.setAttribute("data-sg-page-id", page.id);

    $all("a[data-sg-goto]", toc).forEach(function (link) {
      if (link.getAttribute("data-sg-goto") === page.id) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    });
    prevButton.disabled = index === 0;
    nextButton.disabled = index === pages.length - 1;
    pageCount.textContent = "Page " + (index + 1) + " of " + pages.length;

    tracker.pageViewed(page.id);
    markSeen();
    updateProgress();
    if (options.focus) {
      window.scrollTo(0, 0);
      var title = $(".sg-page-title", section) || section;
      title.focus();
      announce("Page " + (index + 1) + " of " + pages.length + ": " + page.title);
    }
  }

  function markSeen() {
    var seen = tracker.state().pagesSeen;
    $all("a[data-sg-goto]", toc).forEach(function (link) {
      if (seen.indexOf(link.getAttribute("data-sg-goto")) >= 0) link.setAttribute("data-sg-seen", "");
    });
  }

  function updateProgress() {
    var percent = progressPercent(config, tracker.state());
    progress.value = percent;
    progress.setAttribute("aria-valuenow", String(percent));
    progress.textContent = percent + "%";
    if (progressText) progressText.textContent = percent + "%";
  }

  function goTo(pageId) {
    var index = indexOf(pageId);
    if (index >= 0) {
      show(index, { focus: true });
      if (toc && toc.classList.contains("sg-open") && tocToggle) toggleToc(false);
    }
  }

  function toggleToc(open) {
    toc.classList.toggle("sg-open", open);
    tocToggle.setAttribute("aria-expanded", open ? "true" : "false");
  }

  function setNotesOpen(open) {
    notes.hidden = !open;
    notesToggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) notesText.focus(); else notesToggle.focus();
  }

  function submitReflection(block) {
    var id = block.getAttribute("data-sg-reflection");
    var answer = $("textarea", block);
    var message = $("[data-sg-message]", block);
    var expert = $("[data-sg-expert-answer]", block);
    if (!answer.value.trim()) {
      message.textContent = "Write your answer before you submit it.";
      answer.focus();
      return;
    }
    tracker.reflectionSubmitted(id, answer.value);
    message.textContent = "Your answer is saved. The expert's answer is below.";
    $('[data-sg-action="submit"]', block).textContent = "Update my answer";
    expert.hidden = false;
    expert.focus();
    updateProgress();
  }

  function restore() {
    var state = tracker.state();
    Object.keys(state.reflections).forEach(function (id) {
      var block = $('[data-sg-reflection="' + cssEscape(id) + '"]');
      if (!block) return;
      $("textarea", block).value = state.reflections[id];
      $("[data-sg-expert-answer]", block).hidden = false;
      $('[data-sg-action="submit"]', block).textContent = "Update my answer";
    });
    if (notesText) notesText.value = state.notes || "";
  }

  doc.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("a[data-sg-goto], button") : null;
    if (!target) return;
    if (target.matches("a[data-sg-goto]")) {
      event.preventDefault();
      goTo(target.getAttribute("data-sg-goto"));
    } else if (target === prevButton) {
      show(current - 1, { focus: true });
    } else if (target === nextButton) {
      show(current + 1, { focus: true });
    } else if (target === notesToggle) {
      setNotesOpen(notes.hidden);
    } else if (target.matches('[data-sg-action="close-notes"]')) {
      setNotesOpen(false);
    } else if (target === tocToggle) {
      toggleToc(!toc.classList.contains("sg-open"));
    } else if (target.matches('[data-sg-reflection] [data-sg-action="submit"]')) {
      submitReflection(target.closest("[data-sg-reflection]"));
    }
  });

  if (notes) {
    notes.addEventListener("keydown", function (event) {
      if (event.key === "Escape") setNotesOpen(false);
    });
    notesText.addEventListener("input", function () { tracker.notesChanged(notesText.value); });
  }

  return {
    start: function (pageId) {
      restore();
      var index = indexOf(pageId);
      show(index >= 0 ? index : 0, { focus: false });
    },
    goTo: goTo,
    currentPage: function () { return current >= 0 ? pages[current].id : null; }
  };
}

// The learner's progress in percent: the share of what the completion rule asks for
// (pages viewed, reflections submitted) that is done; pages only when the rule asks
// for nothing.
function progressPercent(config, state) {
  var total = 0;
  var done = 0;
  var rule = config.completion;
  var countPages = rule.pages === "all" || rule.reflections !== "all";
  config.pages.forEach(function (page) {
    if (countPages) {
      total += 1;
      if (state.pagesSeen.indexOf(page.id) >= 0) done += 1;
    }
    if (rule.reflections === "all") {
      page.reflections.forEach(function (id) {
        total += 1;
        if (Object.prototype.hasOwnProperty.call(state.reflections, id)) done += 1;
      });
    }
  });
  return total ? Math.floor((done * 100) / total) : 100;
}
