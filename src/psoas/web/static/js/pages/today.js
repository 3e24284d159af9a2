// Today: the screening when one is needed, the pre-session check and pain before, the guided
// session (run by the coach over /ws), then pain after.
import { getJSON, h, say, section, show, statusLine } from "../dom.js";
import { SessionArea } from "../session.js";
import { runScreening } from "./screening.js";

function painInput(id, label) {
  return h("div", { class: "field" },
    h("label", { for: id }, label),
    h("input", { type: "number", id, name: id, min: "0", max: "10", step: "1", inputmode: "numeric", "aria-describedby": `${id}-help` }),
    h("p", { class: "hint", id: `${id}-help` }, "0 (none) to 10 (worst); leave it empty to skip."));
}

function checkQuestion(check) {
  const options = [["no", "No"], ["yes", "Yes"], ["not_sure", "Not sure"]];
  return h("fieldset", { class: "check-question" },
    h("legend", {}, check.text),
    ...options.map(([value, label]) =>
      h("div", { class: "radio" },
        h("input", { type: "radio", id: `check-${value}`, name: "check", value, required: true }),
        h("label", { for: `check-${value}` }, label))),
    h("p", { class: "hint" }, "'Not sure' counts as yes."));
}

const painValue = (input) => (input.value === "" ? null : Number(input.value));

export async function render() {
  const today = await getJSON("/api/today");
  if (today.screening) {
    const box = h("div", { class: "screening" });
    show(
      today.stale_text ? h("p", { class: "advice" }, today.stale_text) : h("p", {}, "Before the first session: a few safety questions."),
      box);
    runScreening(box, () => box.append(h("p", {}, h("button", { type: "button", onclick: () => render() }, "Continue to today's session"))));
    return;
  }
  if (today.hold) {
    show(h("p", { class: "alert", role: "alert" }, today.hold),
      h("p", {}, h("a", { href: "/screening" }, "Answer the screening again"), " once you have been checked."));
    return;
  }
  const area = new SessionArea({ hurtText: today.hurt_text });
  const status = statusLine("start-status");
  const form = h("form", { id: "before-form" },
    today.session_check ? checkQuestion(today.session_check) : null,
    painInput("pain-before", "Pain in your back or hips right now"),
    h("button", { type: "submit", id: "start-button" }, "Start today's session"),
    status,
  );
  const after = h("form", { id: "after-form", hidden: true },
    painInput("pain-after", "Pain in your back or hips now, after the session"),
    h("button", { type: "submit" }, "Save"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = form.querySelector('input[name="check"]:checked');
    if (today.session_check && !chosen) return say(status, "Please answer the question first.", "error");
    const pain = form.elements.namedItem("pain-before");
    area.send({ type: "start", check: chosen ? chosen.value : null, pain_before: painValue(pain) });
  });
  after.addEventListener("submit", (event) => {
    event.preventDefault();
    area.send({ type: "pain_after", pain: painValue(after.elements.namedItem("pain-after")) });
    after.hidden = true;
  });
  area.connect((message) => {
    if (message.type === "hello" && !message.live) {
      say(status, "The guided session on this page comes with the coach; for now run it in a terminal with: psoas start", "note");
    }
    if (message.type === "event" && message.event.event === "session_ended") after.hidden = false;
  });
  const steps = today.exercises.map((e) =>
    h("li", { class: "card" },
      h("h3", {}, h("a", { href: `/exercises/${e.id}` }, e.name)),
      h("img", { src: e.pictures.hold, alt: `${e.name}, the hold position`, class: "thumb", width: 460, height: 330 }),
      h("p", {}, e.dose_text),
      h("p", { class: "hint" }, today.stop_rule[e.id])));
  show(
    today.lines.length ? section("Before you start", ...today.lines.map((t) => h("p", { class: "note" }, t))) : null,
    section("Check in", form),
    section("Session", area.element, after),
    section("Today's exercises", h("ul", { class: "cards" }, ...steps)),
  );
}
