import { getJSON, h, section, show } from "../dom.js";

export async function render(data) {
  if (data.exercise) return renderOne(data.exercise);
  const list = await getJSON("/api/exercises");
  show(
    h("ul", { class: "cards" },
      ...list.map((e) =>
        h("li", { class: "card" },
          h("h2", {}, h("a", { href: `/exercises/${e.id}` }, e.name)),
          h("img", { src: e.pictures.hold, alt: `${e.name}, the hold position`, class: "thumb", width: 460, height: 330 }),
          h("p", {}, e.dose_text),
        ),
      ),
    ),
  );
}

const list = (tag, items) => h(tag, {}, ...items.map((text) => h("li", {}, text)));

async function renderOne(id) {
  const e = await getJSON(`/api/exercises/${encodeURIComponent(id)}`);
  show(
    h("p", { class: "lead" }, "Stretches: ", e.stretches),
    h("figure", { class: "picture" },
      h("img", { src: e.pictures.both, alt: e.alt.both, width: 920, height: 420 }),
      h("figcaption", {}, `Start: ${e.start_position}. Hold: ${e.hold_position}. The numbers mark the key cues.`),
    ),
    h("p", {}, "Why: ", e.why),
    section("Set up", list("ol", e.setup)),
    section("Movement", list("ol", e.movement)),
    section("Cues", list("ul", e.cues)),
    section("Cautions", list("ul", e.cautions)),
    section("Dose", h("p", {}, e.dose_text), h("p", { class: "source" }, "Source: ", e.dose.source)),
    h("p", {}, h("a", { href: "/exercises" }, "All exercises")),
  );
}
