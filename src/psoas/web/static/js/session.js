// The guided session's area on the Today page: the socket to the coach, the controls with their
// keyboard shortcuts, the voice and the chime. The coach runs the session (psoas.coach); this
// only shows its events and sends the user's commands (see psoas/web/live.py for the messages).
import { h, say } from "./dom.js";

// The terminal's keys (psoas.coach.loop.KEY_COMMANDS): space or p pause/resume, n skip, q stop, h hurt.
export const KEYS = { " ": "toggle_pause", p: "toggle_pause", n: "skip", q: "stop", h: "hurt" };

function chime(high) {
  try {
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = high ? 880 : 660;
    gain.gain.setValueAtTime(0.15, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.4);
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.4);
  } catch (_error) {
    // no audio here: the page still shows everything
  }
}

export class SessionArea {
  constructor({ hurtText }) {
    this.hurtText = hurtText;
    this.running = false;
    this.paused = false;
    this.now = h("p", { class: "step-now", id: "step-now" }, "The guided session will appear here.");
    this.detail = h("p", { class: "step-detail", id: "step-detail" });
    this.bar = h("progress", { id: "step-progress", max: "100", value: "0", "aria-label": "Time left in this step" });
    this.next = h("p", { class: "step-next", id: "step-next" });
    this.status = h("p", { class: "status", id: "session-status", role: "status", "aria-live": "polite" });
    this.voice = h("input", { type: "checkbox", id: "voice-switch" });
    const button = (label, command, keys, extra = {}) =>
      h("button", { type: "button", "data-command": command, "aria-keyshortcuts": keys, onclick: () => this.command(command), ...extra },
        label, h("kbd", { "aria-hidden": "true" }, keys.split(" ")[0].toUpperCase()));
    this.pauseButton = button("Pause", "toggle_pause", "p Space", { disabled: true });
    this.buttons = [this.pauseButton, button("Skip", "skip", "n", { disabled: true }), button("Stop and save", "stop", "q", { disabled: true })];
    this.hurtButton = button("This hurts", "hurt", "h", { class: "danger" });
    this.element = h("div", { class: "session", id: "session" },
      h("div", { class: "stage", "aria-live": "polite" }, this.now, this.detail, this.bar, this.next),
      h("div", { class: "controls", role: "group", "aria-label": "Session controls" }, ...this.buttons, this.hurtButton),
      h("div", { class: "field check" }, this.voice, h("label", { for: "voice-switch" }, "Speak the cues (this browser's voice) and chime at each hold")),
      this.status,
    );
    document.addEventListener("keydown", (event) => this.key(event));
  }

  connect(onMessage) {
    this.socket = new WebSocket(`ws://${location.host}/ws`);
    this.socket.addEventListener("message", (message) => {
      const data = JSON.parse(message.data);
      if (data.type === "event") this.event(data.event);
      else if (data.type === "error") say(this.status, data.message, "error");
      if (onMessage) onMessage(data);
    });
    this.socket.addEventListener("close", () => { this.running = false; this.enable(false); });
    return this.socket;
  }

  send(message) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
    else say(this.status, "Not connected to psoas: reload the page.", "error");
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
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT")) return;
    const command = KEYS[event.key.toLowerCase()];
    if (!command || (!this.running && command !== "hurt")) return;
    if (event.key === " " && target && target.tagName === "BUTTON") return; // space on a button presses it
    event.preventDefault();
    this.command(command);
  }

  enable(on) {
    for (const b of this.buttons) b.disabled = !on;
  }

  speak(text) {
    if (!this.voice.checked || !("speechSynthesis" in window) || !text) return;
    window.speechSynthesis.speak(new SpeechSynthesisUtterance(text));
  }

  // A first rendering of the coach's events; the coach's own web view may replace it.
  event(e) {
    switch (e.event) {
      case "session_started":
        this.running = true;
        this.enable(true);
        break;
      case "step_started": {
        const s = e.step;
        const side = s.side ? ` (${s.side} side)` : "";
        const rep = s.reps ? ` — rep ${s.rep} of ${s.reps}` : "";
        this.now.textContent = `${s.exercise_name}: ${s.kind.replace("_", " ")}${rep}${side}`;
        this.detail.textContent = s.side_setup || "";
        this.next.textContent = e.next_step ? `Next: ${e.next_step.exercise_name}, ${e.next_step.kind.replace("_", " ")}` : "";
        this.duration = s.duration_s;
        this.bar.value = 0;
        if (s.kind === "hold") { chime(true); this.speak(this.now.textContent); }
        break;
      }
      case "tick":
        if (this.duration) this.bar.value = Math.round(100 * (1 - e.remaining_s / this.duration));
        this.detail.textContent = `${e.remaining_s} s`;
        break;
      case "step_ended":
        if (e.step.kind === "hold") chime(false);
        break;
      case "paused":
        this.paused = true;
        this.pauseButton.firstChild.textContent = "Resume";
        say(this.status, "Paused.");
        break;
      case "resumed":
        this.paused = false;
        this.pauseButton.firstChild.textContent = "Pause";
        say(this.status, "Going on.");
        break;
      case "said":
      case "cue":
        say(this.status, e.text, e.tone === "warning" ? "error" : "ok");
        this.speak(e.text);
        break;
      case "session_ended":
        this.running = false;
        this.enable(false);
        say(this.status, `Session ${e.status}.`);
        break;
      default:
        break;
    }
  }
}
