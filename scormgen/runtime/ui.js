// @ts-check
// The learner's interface: pages, table of contents, progress, reflections, notes.
// It never calls an LMS: what the learner does goes to `session` (session.js).
// The learner's text is only ever shown as text (value, textContent), never as HTML.

import { isComplete, progressFraction } from "./progress.js";
import { createWorkTools, saveFile } from "./work.js";

/**
 * @param {Document} doc @param {import("./types").Config} config
 * @param {ReturnType<typeof import("./session.js").createSession>} session
 * @param {import("./types").Log | null} log
 * @param {import("./types").UiActions} [actions] what the interface may ask of the launch
 */
export function createUI(doc, config, session, log, actions) {
  var pages = config.pages;
  /** @type {{ [id: string]: any }} */
  var sections = {};
  var current = -1;

  // The interface's words, translated at build time (config.messages); {name} is filled in.
  /** @param {string} message @param {{ [name: string]: any }} [values] @returns {string} */
  function t(message, values) {
    var text = (config.messages && config.messages[message]) || message;
    return text.replace(/\{(\w+)\}/g, function (/** @type {string} */ all, /** @type {string} */ name) { return values && name in values ? values[name] : all; });
  }

  // The launch page's template holds every element asked for here (templates/index.html).
  /** @param {string} selector @param {any} [root] @returns {any} */
  function $(selector, root) { return (root || doc).querySelector(selector); }
  /** @param {string} selector @param {any} [root] @returns {any[]} */
  function $all(selector, root) { return Array.prototype.slice.call((root || doc).querySelectorAll(selector)); }
  /** @param {string} value */
  function attr(value) { return String(value).replace(/["\\]/g, "\\$&"); }

  pages.forEach(function (page) { sections[page.id] = $('[data-sg-page="' + attr(page.id) + '"]'); });

  var prevButton = $('[data-sg-nav="prev"]');
  var nextButton = $('[data-sg-nav="next"]');
  var pageCount = $("[data-sg-page-count]");
  var progress = $("[data-sg-progress]");
  var progressText = $("[data-sg-progress-text]");
  var status = $("[data-sg-status]");
  var notice = $("[data-sg-notice]");
  var toc = $("[data-sg-toc]");
  var notes = $("[data-sg-notes]");
  var notesText = $("textarea", notes);
  var notesWarning = $("[data-sg-notes-warning]", notes);
  var notesToggle = $('[data-sg-action="toggle-notes"]');
  var tocToggle = $('[data-sg-action="toggle-toc"]');
  var debug = $("[data-sg-debug]");
  var end = $("[data-sg-complete]");
  var work = createWorkTools(doc, config, session, t);
  // Exit and "Return to the course": only where the LMS gave a place to return to (cmi5)
  var returnURL = actions && actions.returnURL || "";
  $all('[data-sg-action="exit"]').forEach(function (button) { button.hidden = !returnURL; });
  var toldComplete = false;  // the completion was announced (or was there at launch)

  /** @param {string} pageId */
  function indexOf(pageId) {
    for (var i = 0; i < pages.length; i++) { if (pages[i].id === pageId) return i; }
    return -1;
  }

  /** @param {string} message */
  function announce(message) {
    status.textContent = "";
    // a fresh text is announced even when the same message comes twice
    window.setTimeout(function () { status.textContent = message; }, 30);
  }

  /** @param {number} index @param {{ focus: boolean }} options */
  function show(index, options) {
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
    pageCount.textContent = t("Page {n} of {total}", { n: index + 1, total: pages.length });

    session.pageViewed(page.id);
    var tellComplete = refresh();
    if (options.focus) {
      window.scrollTo(0, 0);
      ($(".sg-page-title", section) || section).focus();
      announce(t("Page {n} of {total}: {title}", { n: index + 1, total: pages.length, title: page.title }) +
               (tellComplete ? ". " + t("You have completed this module") : ""));
    }
  }

  /** Progress, seen pages and the end of the module shown again; true when the learner
   *  should now be told that the module is complete. @returns {boolean} */
  function refresh() {
    var state = session.state();
    $all("a[data-sg-goto]", toc).forEach(function (link) {
      if (state.pagesSeen.indexOf(link.getAttribute("data-sg-goto")) >= 0) link.setAttribute("data-sg-seen", "");
    });
    var percent = Math.floor(progressFraction(config, state) * 100);
    progress.value = percent;
    progress.setAttribute("aria-valuenow", String(percent));
    progressText.textContent = percent + "%";
    return showEnd(state, percent);
  }

  // --- the end of the module: what the learner did, and how to keep their notes ------
  /** @param {import("./types").State} state @param {number} percent @returns {boolean} */
  function showEnd(state, percent) {
    var done = isComplete(config, state);
    end.hidden = current !== pages.length - 1;
    var tellNow = done && !toldComplete && !end.hidden;
    if (tellNow) toldComplete = true;
    end.setAttribute("data-sg-complete", done ? "complete" : "incomplete");
    var ids = pages.reduce(function (/** @type {string[]} */ all, page) { return all.concat(page.reflections); }, []);
    var answered = ids.filter(function (id) { return Object.prototype.hasOwnProperty.call(state.reflections, id); });
    var seen = pages.filter(function (page) { return state.pagesSeen.indexOf(page.id) >= 0; });
    $("[data-sg-complete-title]", end).textContent =
      t(done ? "You have completed this module" : "You have reached the end of the module");
    var counts = { seen: seen.length, pages: pages.length, answered: answered.length, reflections: ids.length };
    $("[data-sg-complete-summary]", end).textContent = !done
      ? t("The module is not complete yet ({percent}% done): the table of contents marks the pages you have seen.",
          { percent: percent })
      : ids.length ? t("You viewed {seen} of {pages} pages and answered {answered} of {reflections} reflections.", counts)
        : t("You viewed {seen} of {pages} pages.", counts);
    return tellNow;
  }

  /** @param {string} pageId */
  function goTo(pageId) {
    var index = indexOf(pageId);
    if (index < 0) return;
    if (toc.classList.contains("sg-open")) toggleToc(false);
    show(index, { focus: true });
  }

  /** @param {boolean} open */
  function toggleToc(open) {
    toc.classList.toggle("sg-open", open);
    tocToggle.setAttribute("aria-expanded", open ? "true" : "false");
  }

  /** @param {boolean} open */
  function setNotesOpen(open) {
    notes.hidden = !open;
    notesToggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) notesText.focus(); else notesToggle.focus();
  }

  /** @param {string} message */
  function setNotice(message) {
    notice.textContent = message;
    notice.hidden = !message;
  }

  // --- reflections -----------------------------------------------------------------
  /** @param {any} block the reflection's element */
  function reflectionParts(block) {
    return { id: block.getAttribute("data-sg-reflection"), answer: $("textarea", block),
             message: $("[data-sg-message]", block), expert: $("[data-sg-expert-answer]", block),
             submit: $('[data-sg-action="submit"]', block), prompt: $(".sg-reflection-prompt", block) };
  }

  /** @param {ReturnType<typeof reflectionParts>} parts */
  function showSubmitted(parts) {
    parts.expert.hidden = false;
    parts.submit.textContent = t("Update my answer");
  }

  /** @param {any} block */
  function submitReflection(block) {
    var parts = reflectionParts(block);
    if (!parts.answer.value.trim()) {
      parts.message.textContent = t("Write your answer before you submit it.");
      parts.answer.focus();
      return;
    }
    var prompt = parts.prompt ? parts.prompt.textContent.replace(/\s+/g, " ").trim() : "";
    block.removeAttribute("data-sg-delivery");  // (said again once the LRS answers for this text)
    session.reflectionSubmitted(parts.id, parts.answer.value, prompt);
    parts.message.textContent = t("Your answer is saved. The expert's answer is below.");
    showSubmitted(parts);
    parts.expert.focus();
    if (refresh()) announce(t("You have completed this module"));
  }

  // --- LMS problems, shown without blocking ---------------------------------------
  /** @param {import("./types").LogEntry} entry */
  function addDebug(entry) {
    debug.hidden = false;
    var item = doc.createElement("li");
    item.textContent = entry.call + "(" + (entry.element || "") + "): " + entry.error.code + " " +
      entry.error.text + (entry.error.diagnostic ? " - " + entry.error.diagnostic : "");
    $("ol", debug).appendChild(item);
    $("[data-sg-debug-count]", debug).textContent = String($all("li", debug).length);
  }

  /** @type {import("./types").Notify} */
  function notify(kind, data) {
    if (kind === "started") {
      if (data.lmsFailed) setNotice(t("The LMS did not answer: your progress is kept in this browser only, for now."));
      // (xapi and cmi5 packages talk to an LRS, not to an LMS API: their notice comes
      // from the launch, when it brings no LRS)
      else if (!data.connected && /^scorm/.test(config.standard)) {
        setNotice(t("Not connected to an LMS: your progress is kept in this browser only."));
      }
    } else if (kind === "resume-unreadable") {
      setNotice(t("The LMS holds earlier progress this module cannot read. It is kept as it is; what you do now is kept in this browser. Download your notes to keep them."));
    } else if (kind === "lrs-unavailable") {
      setNotice(t("Not connected to a learning record store ({reason}): your progress is kept in this browser only.",
                  { reason: data.reason }));
    } else if (kind === "other-edition") {
      setNotice(t("This module also exists in another language you prefer ({language}): “{title}”. Ask your course for that edition.",
                  { language: languageName(data.language), title: data.title }));
    } else if (kind === "answers-refused") {
      showRefused(data.ids);
    } else if (kind === "answers-delivered") {
      data.ids.forEach(function (/** @type {string} */ id) {
        var block = $('[data-sg-reflection="' + attr(id) + '"]');
        if (block) block.setAttribute("data-sg-delivery", "delivered");
      });
    } else if (kind === "suspend-truncated" || kind === "notes-truncated") {
      notesWarning.hidden = false;
      notesWarning.textContent = t("Your notes and answers are longer than this LMS can store ({limit} characters). " +
        "The LMS keeps a shortened copy; the full text is kept in this browser. Download your notes to keep everything.",
        { limit: data.limit.toLocaleString(config.course.language) });
      if (kind === "suspend-truncated") setNotice(notesWarning.textContent);
    }
  }

  /** @param {string} tag @returns {string} the language's name, in the course's language */
  function languageName(tag) {
    try {
      /** @type {any} */
      var intl = Intl;  // (Intl.DisplayNames: every browser since 2021; older ones show the tag)
      var names = new intl.DisplayNames([config.course.language], { type: "language" });
      return names.of(tag) || tag;
    } catch (e) {
      return tag;
    }
  }

  // Answers the LRS refused: said on each, and in the connection details (which offer
  // the refused statements as a file); the answers themselves stay in this browser.
  /** @param {string[]} ids */
  function showRefused(ids) {
    ids.forEach(function (id) {
      var block = $('[data-sg-reflection="' + attr(id) + '"]');
      if (!block) return;
      reflectionParts(block).message.textContent = t("Your answer is saved in this browser, but the learning record " +
        "store refused it. Download your notes to keep it, and tell your course administrator.");
      block.setAttribute("data-sg-delivery", "refused");
    });
    var offer = $('[data-sg-action="download-refused"]', debug);
    if (offer) offer.hidden = false;
  }

  // --- events --------------------------------------------------------------------------
  doc.addEventListener("click", function (/** @type {any} */ event) {
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
    } else if (target.matches('[data-sg-action="open-notes"]')) {
      setNotesOpen(true);
    } else if (target.matches('[data-sg-action="close-notes"]')) {
      setNotesOpen(false);
    } else if (target.matches('[data-sg-action="print-work"]')) {
      work.printWork();
    } else if (target.matches('[data-sg-action="download-notes"]')) {
      work.download(target.getAttribute("data-sg-format"));
    } else if (target.matches('[data-sg-action="download-refused"]')) {
      saveFile(doc, config.course.id + "-not-delivered.json", "application/json",
               JSON.stringify(actions ? actions.refused() : [], null, 2) + "\n");
    } else if (target.matches('[data-sg-action="exit"]') && actions && returnURL) {
      $all('[data-sg-action="exit"]').forEach(function (button) { button.disabled = true; });
      announce(t("Saving your work and returning to the course…"));
      actions.exit();
    } else if (target === tocToggle) {
      toggleToc(!toc.classList.contains("sg-open"));
    } else if (target.matches('[data-sg-reflection] [data-sg-action="submit"]')) {
      submitReflection(target.closest("[data-sg-reflection]"));
    }
  });

  doc.addEventListener("input", function (/** @type {any} */ event) {
    if (event.target === notesText) {
      session.notesChanged(notesText.value);
    } else if (event.target.matches("[data-sg-reflection] textarea")) {
      session.draftChanged(event.target.closest("[data-sg-reflection]").getAttribute("data-sg-reflection"),
                           event.target.value);
    }
  });

  notes.addEventListener("keydown", function (/** @type {KeyboardEvent} */ event) {
    if (event.key === "Escape") setNotesOpen(false);
  });

  if (log) log.onFailure(addDebug);

  return {
    notify: notify,
    /** @param {string} pageId the page to show first */
    start: function (pageId) {
      var state = session.state();
      $all("[data-sg-reflection]").forEach(function (block) {
        var parts = reflectionParts(block);
        if (Object.prototype.hasOwnProperty.call(state.reflections, parts.id)) {
          parts.answer.value = state.reflections[parts.id];
          showSubmitted(parts);
        }
        if (state.drafts && typeof state.drafts[parts.id] === "string") parts.answer.value = state.drafts[parts.id];
      });
      notesText.value = state.notes || "";
      toldComplete = isComplete(config, state);  // announced only when it happens here
      if (log) log.failures().forEach(addDebug);
      var index = indexOf(pageId);
      show(index >= 0 ? index : 0, { focus: false });
    },
    goTo: goTo,
    preparePrint: work.beforePrint,
    currentPage: function () { return current >= 0 ? pages[current].id : null; }
  };
}
