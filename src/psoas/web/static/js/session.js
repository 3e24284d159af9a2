// The guided session's area on the Today page: the socket to the coach, the controls with their
// keyboard shortcuts, the voice and the chime. The coach runs the session (psoas.coach, through
// psoas/web/session_host.py); this only shows its events as they come and sends the user's
// commands. Every word shown or spoken comes with the events (label, rep_text, side_text,
// next_label, text, say), the chime's moments too (chime): nothing here decides anything.
//
// A dropped socket does not end the session: the coach carries on (for a grace) and the page
// reconnects (LiveSocket); the server's hello says a session waits ("running": true), the page
// sends resume, and the server answers "resumed" (state, reps) and the current step again.
import { LiveSocket } from "./camera.js";
import { h, postJSON, say } from "./dom.js";

// The terminal's keys (psoas.session.runner.KEY_COMMANDS): space or p pause/resume, n skip, q stop, h hurt.
export const KEYS = { " ": "toggle_pause", p: "toggle_pause", n: "skip", q: "stop", h: "hurt" };
// The page's own key, as the terminal's c: the camera on or off (the camera switch), before and during a session.
export const CAMERA_KEY = "c";
export const KEYS_TEXT = "Keys: P or Space pause, N skip, Q stop and save, H this hurts, C camera on or off.";
const SVG = "http://www.w3.org/2000/svg";
const RING_R = 52;
const RING = 2 * Math.PI * RING_R;
const reducedMotion = () => Boolean(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);

function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
  el.append(...children);
  return el;
}

/** A chime through WebAudio: a short sine tone (high at a hold's start, low at its end); no files. */
class Chime {
  constructor() {
    this.audio = null;
  }

  wake() {
    // Browsers let a page make sound only after a user gesture: the start button is one.
    try {
      if (!this.audio) this.audio = new AudioContext();
      if (this.audio.state === "suspended") this.audio.resume();
    } catch (_error) {
      this.audio = null; // no audio here: the page still shows everything
    }
  }

  play(tone) {
    const audio = this.audio;
    if (!audio) return;
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = tone === "start" ? 880 : 587; // psoas.ui.sound.Chime's two tones
    const now = audio.currentTime;
    gain.gain.setValueAtTime(0.0001, now);
    gain.gain.exponentialRampToValueAtTime(0.2, now + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + 0.35);
    osc.connect(gain).connect(audio.destination);
    osc.start(now);
    osc.stop(now + 0.4);
  }
}

export class SessionArea {
  constructor({ hurtText, voice = false, onMessage = null, onOpen = null, onCamera = null }) {
    this.hurtText = hurtText;
    this.onMessage = onMessage;
    this.onOpen = onOpen;
    this.onCamera = onCamera; // the C key: () => void (the page's camera switch)
    this.state = "idle"; // idle | starting | running | paused | ended
    this.finished = true; // no session, or its record is final ("ended" came): nothing to come back to
    this.dropped = false; // the socket went during a session: the next hello says whether it waits
    this.queued = []; // messages for the session sent while the socket was away (pain after)
    this.sessionId = null; // the stored session's id (with session_started)
    this.orphan = null; // a session that ended, no longer held for this page: its pain after goes by POST
    this.speed = 1;
    this.duration = 0;
    this.anchor = null; // the countdown between the host's ticks: {at, left, floor}
    this.frame = 0;
    this.chime = new Chime();
    this.chimes = 0;

    // What is happening now, in large type, with its countdown.
    this.exercise = h("p", { class: "step-exercise", id: "step-exercise" });
    this.now = h("p", { class: "step-now", id: "step-now", tabindex: "-1" });
    this.rep = h("p", { class: "step-rep", id: "step-rep" });
    this.side = h("p", { class: "step-side", id: "step-side" });
    this.wait = h("p", { class: "step-wait", id: "step-wait", hidden: true });
    this.next = h("p", { class: "step-next", id: "step-next" });
    this.ringArc = svg("circle", { class: "ring-arc", cx: 60, cy: 60, r: RING_R, "stroke-dasharray": RING.toFixed(2), "stroke-dashoffset": "0", transform: "rotate(-90 60 60)" });
    this.ringText = svg("text", { class: "ring-text", x: 60, y: 60, "text-anchor": "middle", "dominant-baseline": "central" }, "–");
    this.ring = h("div", { class: "ring", id: "countdown", role: "timer", "aria-label": "Time left in this step", "aria-live": "off" });
    this.ring.append(svg("svg", { viewBox: "0 0 120 120", "aria-hidden": "true", focusable: "false" },
      svg("circle", { class: "ring-track", cx: 60, cy: 60, r: RING_R }), this.ringArc, this.ringText));
    this.picture = h("img", { class: "step-picture", id: "step-picture", alt: "", width: 460, height: 330, hidden: true });
    this.progress = h("progress", { id: "session-progress", max: "100", value: "0", "aria-label": "The session's progress" });
    this.left = h("span", { class: "hint", id: "session-left" });

    // The controls: always in view during the session, "This hurts" always.
    const button = (label, command, keys, extra = {}) =>
      h("button", { type: "button", "data-command": command, "aria-keyshortcuts": keys, onclick: () => this.command(command), ...extra },
        h("span", { class: "label" }, label), h("kbd", { "aria-hidden": "true" }, keys.split(" ")[0].toUpperCase()));
    this.pauseButton = button("Pause", "toggle_pause", "P Space", { disabled: true, id: "pause-button" });
    this.buttons = [
      this.pauseButton,
      button("Skip", "skip", "N", { disabled: true, id: "skip-button", class: "secondary" }),
      button("Stop and save", "stop", "Q", { disabled: true, id: "stop-button", class: "secondary" }),
    ];
    this.hurtButton = button("This hurts", "hurt", "H", { class: "danger", id: "hurt-button" });
    this.voice = h("input", { type: "checkbox", id: "voice-switch", role: "switch", checked: voice });
    this.chimeSwitch = h("input", { type: "checkbox", id: "chime-switch", role: "switch", checked: true });
    this.status = h("p", { class: "status", id: "session-status", role: "status", "aria-live": "polite" });
    this.notes = h("div", { class: "session-notes", id: "session-notes" });

    this.element = h("div", { class: "session", id: "session", "data-state": "idle" },
      this.notes,
      h("p", { class: "session-idle hint", id: "session-keys" }, `The session shows here once started: each step in large type with its countdown, the side and how to set up, what comes next. ${KEYS_TEXT}`),
      h("div", { class: "session-head" }, this.exercise, h("div", { class: "session-progress" }, this.progress, this.left)),
      h("div", { class: "stage" },
        this.ring,
        h("div", { class: "stage-words", "aria-live": "polite" }, this.now, this.rep, this.side, this.wait, this.next),
        this.picture),
      h("div", { class: "controls", role: "group", "aria-label": "Session controls" }, ...this.buttons, this.hurtButton),
      h("div", { class: "switches" },
        h("div", { class: "field check" }, this.voice, h("label", { for: "voice-switch" }, "Speak the cues (this browser's voice)")),
        h("div", { class: "field check" }, this.chimeSwitch, h("label", { for: "chime-switch" }, "Chime at each hold's start and end"))),
      this.status,
    );
    this.onKey = (event) => this.key(event);
    document.addEventListener("keydown", this.onKey);
  }

  connect() {
    this.live = new LiveSocket({
      onOpen: (_socket, again) => {
        if (again && !this.dropped) say(this.status, "Connected to psoas again.");
        if (this.onOpen) this.onOpen(again);
      },
      onDrop: () => {
        if (this.finished) return;
        this.dropped = true;
        this.element.dataset.connection = "lost";
        say(this.status, "The connection to psoas was lost: trying again. The session goes on meanwhile; every rep is saved.", "error");
      },
      onMessage: (data) => this.message(data),
    });
    return this.live;
  }

  /** The server's hello on a socket opened again: take the session back, or hear it has ended. */
  hello(data) {
    if (!this.dropped) return;
    if (data.running) {
      this.live.send({ type: "resume" });
      return;
    }
    this.lost(this.state === "starting"
      ? "The connection to psoas was lost before the session started: press Start again."
      : this.state === "ended"
        ? "The connection to psoas was lost for a while: the session is saved with what you did."
        : "The connection to psoas was lost for too long: the session was saved as stopped with what you did.");
  }

  lost(text) {
    const pending = this.queued.find((m) => m.type === "pain_after");
    this.orphan = this.state === "ended" && this.sessionId !== null ? this.sessionId : null;
    this.dropped = false;
    this.finished = true;
    this.queued = [];
    this.element.dataset.connection = "ok";
    this.setState(this.state === "starting" ? "idle" : "ended");
    this.still();
    say(this.status, text, "error");
    if (pending && this.orphan !== null) this.painAfter(pending.pain);
  }

  /** Pain after: over the socket (sent once it is back, if it is away), or by POST for a session
   * that ended and is no longer held for this page. True (or a promise of it) when sent. */
  painAfter(pain) {
    if (this.orphan === null) return this.send({ type: "pain_after", pain }, true);
    return postJSON("/api/pain-after", { session: this.orphan, pain }).then((data) => {
      this.orphan = null;
      this.message({ type: "ended", ...data });
      return true;
    }, (error) => {
      say(this.status, error.message, "error");
      return false;
    });
  }

  /** The answer to resume: where the session is; its current step follows as events. */
  resumed(data) {
    if (!data.running) return this.lost(data.message);
    this.dropped = false;
    this.element.dataset.connection = "ok";
    this.element.dataset.reps = String(data.reps); // the reps done, those while the page was away too
    this.element.dataset.resumed = String(Number(this.element.dataset.resumed || 0) + 1);
    if (data.progress !== undefined) this.progress.value = Math.round(100 * data.progress);
    this.setState(data.state === "paused" ? "paused" : data.state === "ended" ? "ended" : "running");
    say(this.status, "Connected to psoas again: the session goes on.");
    const queued = this.queued;
    this.queued = [];
    for (const message of queued) this.live.send(message);
  }

  get socket() {
    return this.live ? this.live.socket : null;
  }

  dispose() {
    document.removeEventListener("keydown", this.onKey);
    this.still();
    if (this.live) this.live.close();
  }

  /** A message for the coach; `queue`: while the socket is away, sent once the session is back. */
  send(message, queue = false) {
    if (this.live && !this.dropped && this.live.send(message)) return true;
    if (queue && !this.finished) { // the socket is going or gone: the session waits for the page
      this.queued.push(message);
      return true;
    }
    say(this.status, this.dropped ? "Not connected to psoas: trying again." : "Not connected to psoas: reload the page.", "error");
    return false;
  }

  start(message) {
    this.chime.wake();
    this.speed = Number(message.speed) || 1;
    this.finished = false;
    this.setState("starting");
    this.notes.replaceChildren();
    this.element.dataset.reps = "0";
    return this.send({ type: "start", ...message });
  }

  get running() {
    return this.state === "running" || this.state === "paused";
  }

  command(name) {
    if (name === "hurt" && !this.running) {
      say(this.status, this.hurtText, "error");
      return;
    }
    if (this.running) this.send({ type: "command", name });
  }

  key(event) {
    const target = event.target;
    if (event.altKey || event.ctrlKey || event.metaKey || event.repeat) return;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT")) return;
    if (event.key.toLowerCase() === CAMERA_KEY && this.onCamera) {
      event.preventDefault();
      this.onCamera();
      return;
    }
    const command = KEYS[event.key.toLowerCase()];
    if (!command || (!this.running && command !== "hurt")) return;
    if (event.key === " " && target && target.tagName === "BUTTON") return; // space on a button presses it
    event.preventDefault();
    this.command(command);
  }

  setState(state) {
    this.state = state;
    if (state === "idle") this.finished = true;
    this.element.dataset.state = state;
    for (const b of this.buttons) b.disabled = !this.running;
    this.pauseButton.querySelector(".label").textContent = state === "paused" ? "Resume" : "Pause";
    this.pauseButton.setAttribute("aria-pressed", state === "paused" ? "true" : "false");
  }

  speak(text) {
    if (!text || !this.voice.checked || !("speechSynthesis" in window)) return;
    // A newer cue cuts an unfinished one short, so the voice never lags behind the timer.
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(new SpeechSynthesisUtterance(text));
    this.element.dataset.spoken = text;
  }

  sound(tone) {
    if (!tone) return;
    this.chimes += 1;
    this.element.dataset.chimes = String(this.chimes);
    if (this.chimeSwitch.checked) this.chime.play(tone);
  }

  /** The host's whole seconds left (a tick, a step's start); the ring runs on smoothly to the next. */
  countdown(remaining) {
    const left = Math.max(0, remaining);
    this.ringText.textContent = `${left} s`;
    this.ring.setAttribute("aria-valuetext", `${left} seconds left`);
    // A tick says N when the time left has just reached N: it runs on down to N - 1, and no further
    // before the host's next tick (a late one, a held countdown, a pause).
    this.anchor = { at: performance.now(), left, floor: Math.max(0, left - 1) };
    this.arc(left);
    if (this.flowing) this.flow();
    else this.anchor.at = null; // it runs from here once the countdown goes on
  }

  arc(left) {
    const fraction = this.duration > 0 ? Math.min(1, left / this.duration) : 0;
    this.ringArc.setAttribute("stroke-dashoffset", (RING * (1 - fraction)).toFixed(2));
  }

  // The ring moves between ticks only while the countdown runs, and not at all for reduced motion.
  get flowing() {
    return this.state === "running" && this.wait.hidden && this.anchor !== null && !reducedMotion();
  }

  flow() {
    if (this.frame || !this.flowing) return;
    if (this.anchor.at === null) this.anchor.at = performance.now();
    const step = (now) => {
      this.frame = 0;
      if (!this.flowing) return;
      const { at, left, floor } = this.anchor;
      this.arc(Math.max(floor, left - ((now - at) / 1000) * this.speed));
      this.frame = requestAnimationFrame(step);
    };
    this.frame = requestAnimationFrame(step);
  }

  /** The countdown stops where it is (paused, held, ended): it goes on from there. */
  still() {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    if (!this.anchor || this.anchor.at === null) return;
    const { at, left, floor } = this.anchor;
    this.anchor = { at: null, left: Math.max(floor, left - ((performance.now() - at) / 1000) * this.speed), floor };
  }

  message(data) {
    if (data.type === "event") this.event(data.event, data);
    else if (data.type === "hello") this.hello(data);
    else if (data.type === "resumed") this.resumed(data);
    else if (data.type === "error") say(this.status, data.message, "error");
    else if (data.type === "refused") {
      this.setState("idle");
      this.finished = true;
      this.notes.append(h("p", { class: "alert", role: "alert", id: "session-refused" }, data.message));
    } else if (data.type === "ended") {
      this.finished = true;
      this.element.dataset.saved = String(data.session.id);
      say(this.status, data.text, data.session.status === "hurt" ? "error" : "ok");
    }
    if (this.onMessage) this.onMessage(data);
  }

  event(e, data) {
    if (data.progress !== undefined) {
      this.progress.value = Math.round(100 * data.progress);
      this.progress.setAttribute("aria-valuetext", `${Math.round(100 * data.progress)}%`);
    }
    if (data.left_text) this.left.textContent = data.left_text;
    if (data.advice) this.notes.append(h("p", { class: "alert", role: "alert", id: "session-advice" }, data.advice));
    switch (e.event) {
      case "session_started":
        this.sessionId = data.session ?? null;
        this.orphan = null;
        this.setState("running");
        this.now.focus({ preventScroll: true }); // the keys work from here on, and a reader hears the step
        break;
      case "exercise_started":
        this.exercise.textContent = e.label;
        break;
      case "step_started": {
        const s = e.step;
        this.element.dataset.kind = s.kind;
        this.element.dataset.step = String(e.index);
        this.now.textContent = e.title;
        this.rep.textContent = e.rep_text;
        this.side.textContent = [e.side_text, s.side_setup].filter(Boolean).join(": ");
        this.next.textContent = e.next_label;
        this.wait.hidden = true;
        this.duration = s.duration_s;
        this.countdown(Math.ceil(s.duration_s));
        this.picture.src = `/pictures/${s.exercise_id}/${e.position}.svg`;
        this.picture.alt = this.alts ? this.alts[s.exercise_id]?.[e.position] || "" : "";
        this.picture.hidden = false;
        break;
      }
      case "tick":
        this.countdown(e.remaining_s);
        break;
      case "rep_completed":
        this.element.dataset.reps = String(Number(this.element.dataset.reps || 0) + 1); // saved as it happens
        break;
      case "waiting":
        this.still();
        this.wait.textContent = e.text;
        this.wait.hidden = false;
        break;
      case "going":
        this.wait.hidden = true;
        this.flow();
        break;
      case "paused":
        this.still();
        this.setState("paused");
        say(this.status, "Paused: press P or Space to go on.");
        break;
      case "resumed":
        this.setState("running");
        this.flow();
        say(this.status, "Going on.");
        break;
      case "said":
        if (this.running) say(this.status, e.text, e.tone === "warning" ? "error" : "ok");
        else this.notes.append(h("p", { class: e.tone === "warning" ? "alert" : "note" }, e.text));
        break;
      case "cue":
        say(this.status, e.text, "ok");
        break;
      case "camera_switched":
        say(this.status, e.reason, "note");
        break;
      case "session_ended":
        this.setState("ended");
        this.element.dataset.status = e.status;
        this.now.textContent = data.say || "";
        this.rep.textContent = "";
        this.side.textContent = "";
        this.next.textContent = "";
        this.wait.hidden = true;
        this.countdown(0);
        this.still();
        break;
      default:
        break;
    }
    this.sound(data.chime);
    this.speak(data.say);
  }
}
