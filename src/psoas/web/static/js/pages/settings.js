// Settings: each value is sent as typed and checked by the server as `psoas config set` checks it.
import { errorBox, getJSON, h, postJSON, say, show, statusLine } from "../dom.js";

const LABELS = {
  voice: "Speak the cues",
  reminder_time: "Daily reminder time",
  sitting_interval: "Sitting reminder after (minutes)",
  snooze: "Snooze (minutes)",
  quiet_hours: "Quiet hours",
};

function field(setting) {
  const id = `set-${setting.key}`;
  const help = h("p", { id: `${id}-help`, class: "hint" }, setting.description, setting.default ? " (default)" : "");
  if (setting.key === "voice") {
    return h("div", { class: "field check" },
      h("input", { type: "checkbox", id, name: setting.key, checked: setting.value, "aria-describedby": `${id}-help` }),
      h("label", { for: id }, LABELS[setting.key]), help);
  }
  const numeric = setting.key === "sitting_interval" || setting.key === "snooze";
  return h("div", { class: "field" },
    h("label", { for: id }, LABELS[setting.key]),
    h("input", {
      type: "text", id, name: setting.key, value: setting.value === null ? "off" : String(setting.value),
      inputmode: numeric ? "numeric" : "text", autocomplete: "off", "aria-describedby": `${id}-help`,
    }),
    help);
}

export async function render() {
  const data = await getJSON("/api/settings");
  const status = statusLine("settings-status");
  const form = h("form", { id: "settings-form", novalidate: true },
    ...data.settings.map(field),
    h("p", { class: "hint" }, "Times as HH:MM (24-hour), or off."),
    h("button", { type: "submit" }, "Save settings"),
    status,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = {};
    for (const setting of data.settings) {
      const input = form.elements.namedItem(setting.key);
      values[setting.key] = input.type === "checkbox" ? (input.checked ? "on" : "off") : input.value;
    }
    try {
      await postJSON("/api/settings", { values });
      say(status, "Saved.", "ok");
    } catch (error) {
      say(status, error.message, "error");
    }
  });
  show(form);
}

export { errorBox };
