// Export (a download) and import (an upload checked whole before anything is written).
import { h, postForm, say, section, show, statusLine } from "../dom.js";

export async function render() {
  const status = statusLine("import-status");
  const input = h("input", { type: "file", id: "import-file", name: "file", accept: "application/json,.json" });
  const form = h("form", { id: "import-form" },
    h("div", { class: "field" }, h("label", { for: "import-file" }, "Export file (JSON) to import"), input),
    h("button", { type: "submit" }, "Import"),
    status,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!input.files.length) return say(status, "Choose a file first.", "error");
    const body = new FormData();
    body.append("file", input.files[0]);
    say(status, "Checking the file…", "ok");
    try {
      const result = await postForm("/api/import", body);
      say(status, result.text, "ok");
    } catch (error) {
      say(status, `Nothing was imported: ${error.message}`, "error");
    }
  });
  show(
    section("Export",
      h("p", {}, "Everything in one JSON file: sessions, reps, pain, screenings, plan and settings."),
      h("p", {}, h("a", { class: "button", href: "/api/export", download: "" }, "Download the export (JSON)"))),
    section("Import",
      h("p", {}, "A file from psoas export. It is checked whole first: a bad file changes nothing, and sessions already here are skipped."),
      form),
  );
}
