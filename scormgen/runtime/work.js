// @ts-check
// The learner's own copy of their work: notes and reflections downloaded (text or web
// page) or printed, and, for an administrator, the statements an LRS refused. Only
// text is ever written into the page or the files made here (no HTML from the learner).

/** @param {string} text */
function escapeHtml(text) {
  return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** @param {Document} doc @param {string} name @param {string} type @param {string} body */
export function saveFile(doc, name, type, body) {
  var blob = new Blob([body], { type: type + ";charset=utf-8" });
  var link = doc.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = name;
  doc.body.appendChild(link);
  link.click();
  doc.body.removeChild(link);
  window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
}

/**
 * @param {Document} doc @param {import("./types").Config} config
 * @param {{ state(): import("./types").State }} session
 * @param {(message: string) => string} t the interface's words
 */
export function createWorkTools(doc, config, session, t) {
  /** @param {string} selector @returns {any[]} */
  function $all(selector) { return Array.prototype.slice.call(doc.querySelectorAll(selector)); }

  // Every reflection answered, in the course's order, with its prompt from the settings
  // (a page not visited is not in the document).
  function collectWork() {
    var state = session.state();
    /** @type {Array<{ prompt: string, answer: string }>} */
    var items = [];
    config.pages.forEach(function (page) {
      page.reflections.forEach(function (id) {
        if (Object.prototype.hasOwnProperty.call(state.reflections, id)) {
          items.push({ prompt: (config.prompts && config.prompts[id]) || "", answer: state.reflections[id] });
        }
      });
    });
    return { notes: state.notes || "", reflections: items };
  }

  /** @param {string} kind "html" or "txt" */
  function download(kind) {
    var work = collectWork();
    var title = config.course.title;
    var body;
    if (kind === "html") {
      body = "<!doctype html>\n<html lang=\"" + escapeHtml(config.course.language) + "\">\n<head><meta charset=\"utf-8\"><title>" +
        escapeHtml(title) + ": " + escapeHtml(t("My notes")) + "</title></head>\n<body>\n<h1>" + escapeHtml(title) + "</h1>\n<h2>" + escapeHtml(t("My notes")) + "</h2>\n" +
        "<div style=\"white-space: pre-wrap\">" + escapeHtml(work.notes) + "</div>\n<h2>" + escapeHtml(t("My reflections")) + "</h2>\n" +
        work.reflections.map(function (item) {
          return "<h3>" + escapeHtml(item.prompt) + "</h3>\n<div style=\"white-space: pre-wrap\">" + escapeHtml(item.answer) + "</div>\n";
        }).join("") + "</body>\n</html>\n";
    } else {
      body = title + "\n\n" + t("My notes").toUpperCase() + "\n\n" + work.notes + "\n\n" + t("My reflections").toUpperCase() + "\n" +
        work.reflections.map(function (item) { return "\n" + item.prompt + "\n\n" + item.answer + "\n"; }).join("");
    }
    saveFile(doc, config.course.id + "-my-notes." + (kind === "html" ? "html" : "txt"), kind === "html" ? "text/html" : "text/plain", body);
  }

  // --- printing: answers as text, and the learner's own work ----------------------
  function beforePrint() {
    $all("[data-sg-reflection]").forEach(function (block) {
      var printed = block.querySelector(".sg-printed-answer");
      if (!printed) {
        printed = doc.createElement("div");
        printed.className = "sg-printed-answer";
        block.querySelector("textarea").insertAdjacentElement("afterend", printed);
      }
      printed.textContent = block.querySelector("textarea").value;
    });
    var work = collectWork();
    var sheet = /** @type {HTMLElement} */ (doc.querySelector("[data-sg-print-work]"));
    sheet.textContent = "";
    /** @param {string} tag @param {string} text */
    function add(tag, text) { var el = doc.createElement(tag); el.textContent = text; sheet.appendChild(el); }
    add("h1", config.course.title);
    add("h2", t("My notes"));
    add("div", work.notes);
    add("h2", t("My reflections"));
    work.reflections.forEach(function (item) { add("h3", item.prompt); add("div", item.answer); });
  }

  function printWork() {
    doc.body.classList.add("sg-printing-work");
    window.print();
  }
  window.addEventListener("beforeprint", beforePrint);
  window.addEventListener("afterprint", function () { doc.body.classList.remove("sg-printing-work"); });

  return { download: download, beforePrint: beforePrint, printWork: printWork };
}
