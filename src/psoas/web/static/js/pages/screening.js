// The safety screening, one question at a time. The server replays the terminal's interview on
// the answers so far and says what comes next: the page holds no rule of its own.
import { errorBox, h, postJSON, section, show } from "../dom.js";

/** Run the screening inside `container`; `done(result)` is called once it is recorded. */
export function runScreening(container, done) {
  let answers = {};
  let order = [];

  async function next() {
    let data;
    try {
      data = await postJSON("/api/screening", { answers });
    } catch (error) {
      container.replaceChildren(errorBox(error), restartButton());
      return;
    }
    if (data.done) return finished(data);
    ask(data);
  }

  function answer(id, value) {
    answers = { ...answers, [id]: value };
    order = [...order, id];
    next();
  }

  function back() {
    const last = order.at(-1);
    order = order.slice(0, -1);
    const { [last]: _dropped, ...rest } = answers;
    answers = rest;
    next();
  }

  function restartButton() {
    return h("button", { type: "button", class: "secondary", onclick: () => { answers = {}; order = []; next(); } }, "Start the questions again");
  }

  function ask(step) {
    const headingId = `q-${step.id}`;
    const choices = step.choices.map((choice) =>
      h("button", { type: "button", class: choice.answer === "cleared" ? "choice wide" : "choice", "data-answer": choice.answer, onclick: () => answer(step.id, choice.answer) }, choice.label),
    );
    const intro = step.number === 1 ? step.said.map((text) => h("p", { class: "note" }, text)) : [];
    const heading = h("h2", { id: headingId, tabindex: "-1", class: "question-number" }, `Question ${step.number} of ${step.total}`);
    container.replaceChildren(
      ...intro,
      h("div", { class: "question", role: "group", "aria-labelledby": headingId },
        heading,
        h("p", { class: "question-text" }, step.text),
        h("div", { class: "choices" }, ...choices),
      ),
      h("p", { class: "actions" },
        order.length ? h("button", { type: "button", class: "secondary", onclick: back }, "Back to the previous question") : null,
      ),
    );
    heading.focus();
  }

  function finished(data) {
    const urgent = data.status === "emergency" || data.status === "refer";
    const heading = h("h2", { tabindex: "-1" }, urgent ? "No session for now" : "Screening recorded");
    container.replaceChildren(
      heading,
      h("p", { class: urgent ? "alert" : "ok", role: urgent ? "alert" : "status", "data-status": data.status }, data.message),
      data.details.length ? h("ul", { class: "details" }, ...data.details.map((line) => h("li", {}, line.replace(/^\s*-\s*/, "")))) : null,
    );
    heading.focus();
    if (done) done(data);
  }

  next();
}

export async function render() {
  const box = h("div", { class: "screening" });
  show(h("p", {}, "These questions check that a self-guided routine is sensible for you today."), box);
  runScreening(box, () => {
    box.append(h("p", {}, h("a", { href: "/" }, "Go to today's session")));
  });
}

export { section };
