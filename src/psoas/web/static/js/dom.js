// Small helpers every page uses: build elements (text only, never HTML strings) and call the API.

/** h("p", {class: "note"}, "text", child, ...): an element; attributes starting with "on" are listeners. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replace the page's view with these nodes. */
export function show(...nodes) {
  const view = document.getElementById("view");
  view.replaceChildren(...nodes.flat().filter(Boolean));
  return view;
}

const csrf = () => document.querySelector('meta[name="psoas-csrf"]')?.content || "";

/** An error with the server's one-line message. */
export class ApiError extends Error {}

async function answer(response) {
  const type = response.headers.get("content-type") || "";
  const data = type.includes("application/json") ? await response.json() : null;
  if (!response.ok) throw new ApiError((data && data.error) || `request failed (${response.status})`);
  return data;
}

export async function getJSON(path) {
  return answer(await fetch(path, { headers: { accept: "application/json" }, credentials: "same-origin" }));
}

export async function postJSON(path, body) {
  return answer(
    await fetch(path, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json", accept: "application/json", "x-psoas-csrf": csrf() },
      body: JSON.stringify(body),
    }),
  );
}

export async function postForm(path, form) {
  return answer(
    await fetch(path, {
      method: "POST",
      credentials: "same-origin",
      headers: { accept: "application/json", "x-psoas-csrf": csrf() },
      body: form,
    }),
  );
}

/** A status line that screen readers announce. */
export function statusLine(id) {
  return h("p", { id, class: "status", role: "status", "aria-live": "polite" });
}

export function say(el, text, kind = "ok") {
  el.textContent = text;
  el.dataset.kind = kind;
}

export function errorBox(error) {
  return h("p", { class: "error", role: "alert" }, error instanceof Error ? error.message : String(error));
}

export function section(title, ...children) {
  const id = "s-" + title.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return h("section", { "aria-labelledby": id }, h("h2", { id }, title), ...children);
}
