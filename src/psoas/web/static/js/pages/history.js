import { getJSON, h, section, show } from "../dom.js";

const dash = (v) => (v === null || v === undefined ? "-" : v);
const plural = (n, word) => `${n} ${n === 1 ? word : word + "s"}`;

function table(caption, headers, rows) {
  return h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": caption },
    h("table", {},
      h("caption", {}, caption),
      h("thead", {}, h("tr", {}, ...headers.map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, ...rows.map((cells) => h("tr", {}, ...cells.map((c) => h("td", {}, String(c)))))),
    ),
  );
}

export async function render() {
  const data = await getJSON("/api/history");
  const t = data.totals;
  const summary = h("p", { class: "summary", id: "streak" },
    `Streak: ${plural(data.streak, "day")} in a row. ${plural(t.sessions, "session")} (${t.completed} completed) on ${plural(t.days, "day")}, ${plural(t.reps, "rep")}, ${t.hold_minutes.toFixed(1)} min of holds.`);
  if (!data.count) {
    show(h("p", {}, "No sessions yet. ", h("a", { href: "/" }, "Start one today")), summary);
    return;
  }
  const sessions = table(
    data.count > data.sessions.length ? `The last ${data.sessions.length} of ${data.count} sessions` : "Your sessions",
    ["#", "date", "status", "pain", "done"],
    data.sessions.map((s) => [s.id, s.local_start, s.status, `${dash(s.pain_before)} → ${dash(s.pain_after)}`, s.done_text]),
  );
  const weekly = table(
    "Week by week",
    ["week of", "days done", "adherence", "sessions", "reps", "hold min", "pain before", "pain after"],
    data.weekly.map((w) => [w.week_start, `${w.days_done}/7`, `${Math.round(w.adherence * 100)}%`, w.sessions, w.reps,
      w.hold_minutes.toFixed(1), w.pain_before_mean === null ? "-" : w.pain_before_mean.toFixed(1),
      w.pain_after_mean === null ? "-" : w.pain_after_mean.toFixed(1)]),
  );
  show(
    summary,
    section("Sessions", sessions),
    section("Weeks", weekly),
    section("Charts",
      h("img", { class: "report", src: "/charts/report.svg", width: 827, height: 1169,
        alt: "Progress charts: pain before and after sessions with the meaningful-change band, days done, hold time per rep and reps per session over time." })),
  );
}
