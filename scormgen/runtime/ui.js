// @ts-check
// The learner's interface: pages, table of contents, progress, reflections, notes, and
// knowledge checks (quiz-ui.js).
// It never calls an LMS: what the learner does goes to `session` (session.js).
// The learner's text is only ever shown as text (value, textContent), never as HTML.
// A page's content is loaded when the learner goes there (pages.js): the page is shown
// once its HTML is in, and its reflections get the learner's answers then.

import { createPageLoader } from "./pages.js";
import { isComplete, progressFraction } from "./progress.js";
import { createQuizView } from "./quiz-ui.js";
import { createWorkTools, saveFile } from "./work.js";

var PAGE_TIMEOUT_MS = 20000;  // a page's script that has not come by then: "Try again"
var LOADING_SHOWN_MS = 300;   // "Loading…" is shown only for a page slower than this
var TOC_LATER_MS = 500;       // the whole table of contents by then, even where frames are not drawn

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
  var loader = createPageLoader(doc, window, pages, PAGE_TIMEOUT_MS);
  /** @type {{ [id: string]: boolean }} the pages whose HTML is in their section */
  var inserted = {};
  var wanted = -1;   // the page asked for last (Previous and Next go from there)
  var pending = 0;   // pages asked for and not shown yet: each is shown in turn, as it was asked for
  var queue = Promise.resolve();
  /** @type {any} */
  var loadingTimer = null;
  /** @type {{ [id: string]: string }} what the LRS said of an answer, for its block when its page comes */
  var delivery = {};

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

  $all("[data-sg-page]").forEach(function (section) { sections[section.getAttribute("data-sg-page")] = section; });

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
  var main = $("main") || doc.body;
  // A long table of contents costs the first page a good part of its time (drawing a
  // thousand entries): the first frame draws the entries a screen shows (course.css,
  // sg-toc-starting, which the launch page starts with, so that the browser's first
  // layout is quick too), the others come in the next frame, once the first page is there.
  toc.classList.add("sg-toc-starting");
  var loadingNote = doc.createElement("p");
  loadingNote.className = "sg-loading";
  loadingNote.hidden = true;
  loadingNote.textContent = t("Loading…");
  main.appendChild(loadingNote);
  var work = createWorkTools(doc, config, session, t);
  var quiz = createQuizView(doc, config, session, t);
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

  // --- pages: loaded, then shown ----------------------------------------------------
  /** The page at `index`, shown once its HTML is in: at once if it is there and no other
   *  page is on its way, else after the pages asked for before it (each is shown in turn,
   *  as when every page was in the launch page).
   *  @param {number} index @param {{ focus: boolean }} options */
  function show(index, options) {
    if (index < 0 || index >= pages.length) return;
    var id = pages[index].id;
    wanted = index;
    if (!pending && (inserted[id] || loader.cached(id) !== null)) {
      display(index, options);
      return;
    }
    // Meanwhile the page on screen stays in view, but is no longer "the page shown"
    // (data-sg-page-id): whoever waits for the page asked for waits until it is there.
    if (current >= 0) sections[pages[current].id].removeAttribute("data-sg-page-id");
    pending++;
    setLoading(true);
    var arriving = loader.load(id);  // (asked for now, alongside the pages before it)
    arriving.catch(function () { /* said when its turn comes */ });
    queue = queue.then(function () {
      return arriving.then(function () {
        pending--;
        display(index, options);
      }, function (/** @type {Error} */ error) {
        pending--;
        // (not in "Connection details", which is about the LMS: the page says it itself)
        if (window.console) window.console.warn("scormgen: the page " + id + " did not load: " + error.message);
        displayFailure(index, options);
      });
    });
  }

  /** @param {boolean} busy */
  function setLoading(busy) {
    window.clearTimeout(loadingTimer);
    loadingTimer = null;
    if (busy) {
      main.setAttribute("aria-busy", "true");
      loadingTimer = window.setTimeout(function () { loadingNote.hidden = false; }, LOADING_SHOWN_MS);
    } else {
      main.removeAttribute("aria-busy");
      loadingNote.hidden = true;
    }
  }

  /** The section of the page at `index` in place of the one shown, with the buttons and
   *  the table of contents saying where the learner is. @param {number} index */
  function switchTo(index) {
    if (!pending) setLoading(false);
    if (current >= 0 && current !== index) {
      var old = sections[pages[current].id];
      old.hidden = true;
      old.removeAttribute("data-sg-page-id");
    }
    current = index;
    var page = pages[index];
    $all("a[data-sg-goto]", toc).forEach(function (link) {
      if (link.getAttribute("data-sg-goto") === page.id) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    });
    prevButton.disabled = index === 0;
    nextButton.disabled = index === pages.length - 1;
    pageCount.textContent = t("Page {n} of {total}", { n: index + 1, total: pages.length });
    var section = sections[page.id];
    section.hidden = false;
    return section;
  }

  function completeToc() {
    if (!toc.classList.contains("sg-toc-starting")) return;
    function complete() { toc.classList.remove("sg-toc-starting"); }
    // after the frame that draws the first page (a hidden window draws none: the time-out then)
    if (window.requestAnimationFrame) window.requestAnimationFrame(function () { window.setTimeout(complete, 0); });
    window.setTimeout(complete, TOC_LATER_MS);
  }

  /** @param {number} index @param {{ focus: boolean }} options */
  function display(index, options) {
    var page = pages[index];
    var section = switchTo(index);
    insert(page.id, section);
    if (!pending) section.setAttribute("data-sg-page-id", page.id);  // (else the page asked for next is)
    session.pageViewed(page.id);
    var tellComplete = refresh();
    if (options.focus) {
      window.scrollTo(0, 0);
      ($(".sg-page-title", section) || section).focus();
      announce(t("Page {n} of {total}: {title}", { n: index + 1, total: pages.length, title: page.title }) +
               (tellComplete ? ". " + t("You have completed this module") : ""));
    }
    // the next page's text, so that Next is quick (kept aside: none of its media is asked for)
    if (index + 1 < pages.length) loader.prefetch(pages[index + 1].id);
    completeToc();
  }

  /** A page's HTML into its section, once; its reflections then get what the learner wrote.
   *  @param {string} id @param {any} section */
  function insert(id, section) {
    if (inserted[id]) return;
    var failed = $("[data-sg-load-failed]", section);
    if (failed) section.removeChild(failed);
    section.insertAdjacentHTML("beforeend", loader.cached(id) || "");
    inserted[id] = true;
    var state = session.state();
    $all("[data-sg-reflection]", section).forEach(function (block) { restoreReflection(block, state); });
    $all("[data-sg-quiz]", section).forEach(function (block) {
      quiz.restore(block);
      var id = block.getAttribute("data-sg-quiz");
      if (delivery[id]) showDelivery(block, delivery[id]);
    });
  }

  // A page whose script did not come: its title, why, and "Try again" (not counted as seen).
  /** @param {number} index @param {{ focus: boolean }} options */
  function displayFailure(index, options) {
    var section = switchTo(index);
    completeToc();
    var failed = $("[data-sg-load-failed]", section);
    if (!failed) {
      failed = doc.createElement("div");
      failed.className = "sg-load-failed";
      failed.setAttribute("data-sg-load-failed", "");
      failed.setAttribute("role", "alert");
      var why = doc.createElement("p");
      var retry = doc.createElement("button");
      retry.type = "button";
      retry.className = "sg-button";
      retry.setAttribute("data-sg-action", "retry-page");
      failed.appendChild(why);
      failed.appendChild(retry);
      var title = $(".sg-page-title", section);
      if (title) title.insertAdjacentElement("afterend", failed); else section.appendChild(failed);
    }
    $("p", failed).textContent = t("This page could not be loaded. Check your connection, then try again.");
    $("button", failed).textContent = t("Try again");
    if (options.focus) {
      window.scrollTo(0, 0);
      ($(".sg-page-title", section) || section).focus();
    }
  }

  /** Progress, seen pages and the end of the module shown again; true when the learner
   *  should now be told that the module is complete. @returns {boolean} */
  function refresh() {
    var state = session.state();
    /** @type {{ [id: string]: boolean }} */
    var seen = {};
    state.pagesSeen.forEach(function (id) { seen[id] = true; });
    $all("a[data-sg-goto]", toc).forEach(function (link) {
      if (seen[link.getAttribute("data-sg-goto")] === true) link.setAttribute("data-sg-seen", "");
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
    quiz.showScore(end);
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
             submit: $('[data-sg-action="submit"]', block) };
  }

  /** @param {ReturnType<typeof reflectionParts>} parts */
  function showSubmitted(parts) {
    parts.expert.hidden = false;
    parts.submit.textContent = t("Update my answer");
  }

  /** A reflection as the learner left it: the answer submitted, the draft, what the LRS said.
   *  @param {any} block @param {import("./types").State} state */
  function restoreReflection(block, state) {
    var parts = reflectionParts(block);
    if (Object.prototype.hasOwnProperty.call(state.reflections, parts.id)) {
      parts.answer.value = state.reflections[parts.id];
      showSubmitted(parts);
    }
    if (state.drafts && typeof state.drafts[parts.id] === "string") parts.answer.value = state.drafts[parts.id];
    if (delivery[parts.id]) showDelivery(block, delivery[parts.id]);
  }

  /** @param {string} id @returns {string} the prompt as text (the page may not be loaded) */
  function promptOf(id) {
    return config.prompts && typeof config.prompts[id] === "string" ? config.prompts[id] : "";
  }

  /** @param {any} block */
  function submitReflection(block) {
    var parts = reflectionParts(block);
    if (!parts.answer.value.trim()) {
      parts.message.textContent = t("Write your answer before you submit it.");
      parts.answer.focus();
      return;
    }
    block.removeAttribute("data-sg-delivery");  // (said again once the LRS answers for this text)
    delete delivery[parts.id];
    session.reflectionSubmitted(parts.id, parts.answer.value, promptOf(parts.id));
    parts.message.textContent = t("Your answer is saved. An answer to compare with yours is below.");
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
      setDelivery(data.ids, "delivered");
    } else if (kind === "suspend-truncated" || kind === "notes-truncated") {
      notesWarning.hidden = false;
      notesWarning.textContent = t("Your notes and answers are longer than this LMS can store ({limit} characters). " +
        "The LMS keeps a shortened copy; the full text is kept in this browser. Download your notes to keep everything.",
        { limit: data.limit.toLocaleString(config.course.language) });
      if (kind === "suspend-truncated") setNotice(notesWarning.textContent);
    }
  }

  // Where each answer is ("delivered", "refused"), said on its block now if its page is
  // in the document, else when the page comes (restoreReflection); a refusal in words too.
  /** @param {any} block @param {string} status */
  function showDelivery(block, status) {
    if (block.hasAttribute("data-sg-quiz")) {
      quiz.showDelivery(block, status);
      return;
    }
    if (status === "refused") {
      reflectionParts(block).message.textContent = t("Your answer is saved in this browser, but the learning " +
        "record store refused it. Download your notes to keep it, and tell your course administrator.");
    }
    block.setAttribute("data-sg-delivery", status);
  }

  /** @param {string[]} ids @param {string} status */
  function setDelivery(ids, status) {
    ids.forEach(function (id) {
      delivery[id] = status;
      var block = $('[data-sg-reflection="' + attr(id) + '"], [data-sg-quiz="' + attr(id) + '"]');
      if (block) showDelivery(block, status);
    });
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
    setDelivery(ids, "refused");
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
      show(wanted - 1, { focus: true });
    } else if (target === nextButton) {
      show(wanted + 1, { focus: true });
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
    } else if (target.matches('[data-sg-action="retry-page"]')) {
      show(wanted, { focus: true });
    } else if (target === tocToggle) {
      toggleToc(!toc.classList.contains("sg-open"));
    } else if (target.matches('[data-sg-reflection] [data-sg-action="submit"]')) {
      submitReflection(target.closest("[data-sg-reflection]"));
    } else if (target.matches('[data-sg-quiz] [data-sg-action="submit"]')) {
      quiz.check(target.closest("[data-sg-quiz]"));
      refresh();  // (the score on the closing page)
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
