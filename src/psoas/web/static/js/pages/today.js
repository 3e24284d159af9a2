// Today: the screening when one is needed, the pre-session check and pain before, the guided
// session (run by the coach over /ws), then pain after, then the next session when wanted.
import { CameraView } from "../camera.js";
import { getJSON, h, say, section, show, statusLine } from "../dom.js";
import { SessionArea } from "../session.js";
import { runScreening } from "./screening.js";

let current = null; // the session area on the page (one socket, one key handler)

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

// ?speed=10 runs the session's clock ten times faster (demos and tests; the server bounds it).
function speed() {
  const asked = Number(new URLSearchParams(location.search).get("speed"));
  return Number.isFinite(asked) && asked > 0 ? asked : 1;
}

async function voiceSetting() {
  try {
    const data = await getJSON("/api/settings");
    return Boolean(data.settings.find((s) => s.key === "voice")?.value);
  } catch (_error) {
    return false;
  }
}

export async function render() {
  if (current) current.dispose();
  current = null;
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
  const area = new SessionArea({ hurtText: today.hurt_text, voice: await voiceSetting() });
  current = area;
  area.alts = Object.fromEntries(today.exercises.map((e) => [e.id, e.alt]));
  const names = Object.fromEntries(today.exercises.map((e) => [e.id, e.name]));
  const camera = new CameraView({ socket: () => area.socket, names });
  camera.onChange = (on) => area.running && area.send({ type: "camera", on });
  camera.switch.setAttribute("aria-keyshortcuts", "C");
  area.onCamera = () => camera.switch.click(); // C, as the terminal's c

  const status = statusLine("start-status");
  const startButton = h("button", { type: "submit", id: "start-button" }, "Start today's session");
  const form = h("form", { id: "before-form" },
    today.session_check ? checkQuestion(today.session_check) : null,
    painInput("pain-before", "Pain in your back or hips right now"),
    startButton,
    status,
  );
  const afterStatus = statusLine("after-status");
  const after = h("form", { id: "after-form", hidden: true },
    painInput("pain-after", "Pain in your back or hips now, after the session"),
    h("button", { type: "submit", id: "after-button" }, "Save"),
    afterStatus);
  const again = h("p", { id: "again", hidden: true },
    h("button", { type: "button", id: "again-button", onclick: () => render().then(() => document.getElementById("main").focus()) }, "Another session"));

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = form.querySelector('input[name="check"]:checked');
    if (today.session_check && !chosen) {
      say(status, "Please answer the question first.", "error");
      form.querySelector('input[name="check"]').focus();
      return;
    }
    const pain = form.elements.namedItem("pain-before");
    const sent = area.start({ check: chosen ? chosen.value : null, pain_before: painValue(pain), speed: speed(), camera: camera.running });
    if (sent) {
      startButton.disabled = true;
      say(status, "Starting…");
    }
  });
  after.addEventListener("submit", (event) => {
    event.preventDefault();
    const input = after.elements.namedItem("pain-after");
    if (input.value !== "" && !input.checkValidity()) return say(afterStatus, "A whole number from 0 to 10, or leave it empty.", "error");
    const later = area.dropped;
    Promise.resolve(area.painAfter(painValue(input))).then((sent) => sent && say(afterStatus, later ? "Saving once connected again…" : "Saving…"));
  });
  area.onMessage = (message) => {
    camera.message(message);
    if ((message.type === "hello" || message.type === "resumed") && area.finished) { // lost for too long
      startButton.disabled = false;
      if (area.state === "ended" && area.orphan === null) [after.hidden, again.hidden] = [true, false];
    }
    if (message.type === "hello" && !message.live) {
      say(status, "The guided session is not available on this page; run it in a terminal with: psoas start", "note");
    } else if (message.type === "error" && area.state === "starting") {
      area.setState("idle"); // the start was not taken (the server says why): try again
      startButton.disabled = false;
      say(status, message.message, "error");
    } else if (message.type === "refused") {
      form.hidden = true;
      again.hidden = false;
      say(status, "");
    } else if ((message.type === "event" && message.event.event === "session_started") || (message.type === "resumed" && message.running)) {
      form.hidden = true;
    } else if (message.type === "event" && message.event.event === "session_ended") {
      after.hidden = false;
      after.elements.namedItem("pain-after").focus();
    } else if (message.type === "ended") {
      after.hidden = true;
      again.hidden = false;
      document.getElementById("again-button").focus();
    }
  };
  area.connect();
  const steps = today.exercises.map((e) =>
    h("li", { class: "card" },
      h("h3", {}, h("a", { href: `/exercises/${e.id}` }, e.name)),
      h("img", { src: e.pictures.both, alt: e.alt.both, class: "thumb", width: 460, height: 330 }),
      h("p", {}, e.dose_text),
      h("p", { class: "hint" }, today.stop_rule[e.id])));
  show(
    today.lines.length ? section("Before you start", ...today.lines.map((t) => h("p", { class: "note" }, t))) : null,
    section("Check in", form),
    section("Session", area.element, after, again),
    section("Camera (optional)", camera.element),
    section("Today's exercises", h("ul", { class: "cards" }, ...steps)),
  );
}
