// Entry point: the server names the page in <body data-page>; its module fills #view.
import { errorBox, show } from "./dom.js";

const pages = {
  today: () => import("./pages/today.js"),
  plan: () => import("./pages/plan.js"),
  history: () => import("./pages/history.js"),
  exercises: () => import("./pages/exercises.js"),
  settings: () => import("./pages/settings.js"),
  data: () => import("./pages/data.js"),
  screening: () => import("./pages/screening.js"),
};

async function start() {
  const name = document.body.dataset.page;
  const load = pages[name];
  if (!load) return;
  try {
    const module = await load();
    await module.render(document.body.dataset);
  } catch (error) {
    show(errorBox(error));
  }
  document.body.dataset.ready = "true";
}

start();
