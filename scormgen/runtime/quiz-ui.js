// @ts-check
// Knowledge checks on the page (templates/question.html): the options in the learner's
// own order when the question shuffles them, the Check button, the result said in words
// with the feedback, the attempts left, the correct answer once none is left, the inputs
// closed once the question is over; and the score on the closing page. What the learner
// does goes to the session (session.js), never to an LMS.
// The feedback shown comes from the block's own <template> elements (the course's HTML);
// everything else written here is text.

import { isOver, shuffled } from "./quiz.js";

/**
 * @param {Document} doc @param {import("./types").Config} config
 * @param {ReturnType<typeof import("./session.js").createSession>} session
 * @param {(message: string, values?: { [name: string]: any }) => string} t the interface's words
 */
export function createQuizView(doc, config, session, t) {
  var questions = config.questions || {};

  /** @param {string} selector @param {any} root @returns {any} */
  function $(selector, root) { return root.querySelector(selector); }
  /** @param {string} selector @param {any} root @returns {any[]} */
  function $all(selector, root) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }
  /** @param {string} value */
  function attr(value) { return String(value).replace(/["\\]/g, "\\$&"); }
  /** @param {number} value */
  function number(value) { return value.toLocaleString(config.course.language); }

  /** @param {any} block the question's fieldset */
  function parts(block) {
    var id = block.getAttribute("data-sg-quiz");
    return { id: id, block: block, question: questions[id], inputs: $all("input", block),
             submit: $('[data-sg-action="submit"]', block), status: $("[data-sg-attempts]", block),
             area: $("[data-sg-feedback-area]", block) };
  }

  // Shuffled options in the learner's order: the same for this learner in every session.
  /** @param {ReturnType<typeof parts>} p */
  function arrange(p) {
    if (!p.question.shuffle) return;
    var options = $all("[data-sg-option]", p.block);
    /** @type {{ [id: string]: any }} */
    var byId = {};
    options.forEach(function (option) { byId[option.getAttribute("data-sg-option")] = option; });
    var ids = options.map(function (option) { return option.getAttribute("data-sg-option"); });
    var order = shuffled(ids, (session.learner() || "anonymous") + "\n" + p.id);
    order.forEach(function (id) { p.block.insertBefore(byId[id], p.submit); });
  }

  /** @param {ReturnType<typeof parts>} p @param {import("./types").Answer | null} answer */
  function showAttempts(p, answer) {
    var left = p.question.attempts - (answer ? answer.attempts : 0);
    p.status.textContent = answer && answer.correct ? ""
      : left <= 0 ? t("No attempts left") : left === 1 ? t("1 attempt left") : t("{n} attempts left", { n: number(left) });
  }

  // A template's content (the course's HTML) in a box of its own.
  /** @param {any} template @param {string} className */
  function copyOf(template, className) {
    var box = doc.createElement("div");
    box.className = className;
    box.appendChild(template.content.cloneNode(true));
    return box;
  }

  // The result of the latest check: right or wrong in words, the feedback of each option
  // chosen that has one, the general feedback, and the correct answer once no attempt is
  // left; the inputs closed once the question is over.
  /** @param {ReturnType<typeof parts>} p @param {import("./types").Answer} answer @param {boolean} checked (now: by the learner) */
  function showResult(p, answer, checked) {
    var over = isOver(p.question, answer);
    var box = doc.createElement("div");
    box.setAttribute("data-sg-feedback", "");
    box.setAttribute("data-sg-result", answer.correct ? "correct" : "incorrect");
    var result = doc.createElement("p");
    result.className = "sg-feedback-result";
    result.textContent = t(answer.correct ? "Correct." : "Incorrect.");
    box.appendChild(result);
    answer.response.forEach(function (id) {
      var feedback = $('template[data-sg-feedback-for="' + attr(id) + '"]', p.block);
      if (feedback) box.appendChild(copyOf(feedback, "sg-feedback-option"));
    });
    var general = $("template[data-sg-feedback-general]", p.block);
    if (general) box.appendChild(copyOf(general, "sg-feedback-general"));
    var correct = $("template[data-sg-correct-answer]", p.block);
    if (over && !answer.correct && correct) box.appendChild(correct.content.cloneNode(true));
    p.area.textContent = "";
    p.area.appendChild(box);
    p.inputs.forEach(function (input) {
      input.checked = answer.response.indexOf(input.value) >= 0;
      input.disabled = over;
    });
    showAttempts(p, answer);
    // The Check button keeps the focus while attempts are left; once the question is over
    // it closes, and the focus goes to the result (said by the feedback area too).
    if (over && checked) {
      box.setAttribute("tabindex", "-1");
      box.focus();
    }
    p.submit.disabled = over;
  }

  return {
    // What the LRS did with the question's latest answer ("delivered", "refused"); a
    // refusal is said in words under the question, the answer being kept in this browser.
    /** @param {any} block @param {string} status */
    showDelivery: function (block, status) {
      block.setAttribute("data-sg-delivery", status);
      var note = $("[data-sg-delivery-note]", block);
      if (status !== "refused") {
        if (note) note.parentNode.removeChild(note);
        return;
      }
      if (!note) {
        note = doc.createElement("p");
        note.className = "sg-question-status";
        note.setAttribute("data-sg-delivery-note", "");
        var area = parts(block).area;
        area.parentNode.insertBefore(note, area);
      }
      note.textContent = t("Your answer is saved in this browser, but the learning record store refused it. " +
                           "Tell your course administrator.");
    },
    // A question as the learner left it, once its page is in the document.
    /** @param {any} block */
    restore: function (block) {
      var p = parts(block);
      if (!p.question) return;
      arrange(p);
      var answer = session.answerOf(p.id);
      if (answer) showResult(p, answer, false); else showAttempts(p, null);
    },
    /** @param {any} block */
    check: function (block) {
      var p = parts(block);
      if (!p.question || p.submit.disabled) return;
      var chosen = p.inputs.filter(function (input) { return input.checked; }).map(function (input) { return input.value; });
      if (!chosen.length) {  // (said above the latest result, which stays)
        var note = $(".sg-question-note", p.area) || doc.createElement("p");
        note.className = "sg-question-note";
        note.textContent = "";
        p.area.insertBefore(note, p.area.firstChild);
        window.setTimeout(function () { note.textContent = t("Choose an answer before you check it."); }, 30);
        return;
      }
      var answer = session.questionChecked(p.id, chosen);
      if (answer) showResult(p, answer, true);
    },
    // The score on the closing page: "Your score: 83% (5 of 6 correct)." and, with a
    // passing score, the result once every question is answered.
    /** @param {any} end the closing section */
    showScore: function (end) {
      var line = $("[data-sg-score]", end);
      var score = session.score();
      if (!line || !score.total) return;
      var text = t("Your score: {percent}% ({correct} of {total} correct).",
                   { percent: number(Math.floor(score.raw)), correct: number(score.correct), total: number(score.total) });
      if (score.mastery !== null) {
        text += " " + t(!score.complete ? "Passing score: {mastery}%. Answer every question to get your result."
          : score.passed ? "Passing score: {mastery}%. Result: passed." : "Passing score: {mastery}%. Result: failed.",
        { mastery: number(score.mastery) });
      }
      line.textContent = text;
      line.hidden = false;
    }
  };
}
