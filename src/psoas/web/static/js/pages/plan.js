import { getJSON, h, section, show } from "../dom.js";

export async function render() {
  const plan = await getJSON("/api/plan");
  if (plan.on_hold) {
    show(h("p", { class: "alert", role: "alert" }, plan.hold),
      h("p", {}, "Your plan is on hold: no sessions until you have seen a clinician and the screening is redone. ",
        h("a", { href: "/screening" }, "Answer the screening again")));
    return;
  }
  const items = plan.entries.map((entry) =>
    h("li", { class: "card" },
      h("h3", {}, h("a", { href: `/exercises/${entry.id}` }, entry.name)),
      entry.left_out
        ? h("p", { class: "alert" }, "Left out: ", entry.left_out.join(" "))
        : [h("p", { class: "dose" }, entry.dose_text), h("p", { class: "why" }, entry.reason)],
    ),
  );
  show(
    h("p", {}, `Today's plan (${plan.today}):`),
    h("ul", { class: "cards" }, ...items),
    plan.advice.length ? section("Advice", ...plan.advice.map((text) => h("p", { class: "advice" }, text))) : null,
    plan.screening === null
      ? h("p", { class: "note" }, "No safety screening on record yet. ", h("a", { href: "/screening" }, "Answer it now"))
      : null,
  );
}
