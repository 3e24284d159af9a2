// The camera on the Today page: the webcam's picture with the skeleton drawn over it, MediaPipe's
// PoseLandmarker run here in the page (served by psoas: /static/vendor/tasks-vision/ and the same
// .task bundle the Python side uses, /models/), and each frame's landmarks sent to the coach over
// the page's WebSocket. No frame or image leaves the page: only the numbers below do.
//
// The model runs in a module Worker (js/pose-worker.js) fed with the newest video frame, so the
// page's main thread stays free for the WebSocket, the drawing and the coach's replies. Where a
// Worker cannot be had (or the model fails to start in one), it runs on the main thread instead.
//
//   const camera = new CameraView({ socket: () => area.socket, names: {glute_bridge: "Glute Bridge"} });
//   place camera.element on the page;
//   const on = await camera.start();      // true: the camera runs; false: its trouble is shown in words
//   start message: {..., camera: camera.running}
//   every server message: camera.message(data)   (events update "what the coach sees" and the cue)
//   camera.onChange = (on) => ...          // the switch moved, or the camera failed: send {"type": "camera", "on": on}
//
// The frame message (psoas/web/landmarks.py reads it; docs/web-camera.md):
//   {"type": "frame", "t_ms": ..., "width": W, "height": H, "seq": n,
//    "landmarks": [[x, y, z, visibility] x 33] | null, "world": [[x, y, z] x 33] | null}

const VENDOR = "/static/vendor/tasks-vision";
export const MODEL = "/models/pose_landmarker_full.task"; // psoas start --camera's model too
export const WORKER = "/static/js/pose-worker.js";
// MediaPipe's body connections without the face (psoas.pose.frame.EDGES).
const EDGES = [[11, 12], [11, 13], [13, 15], [12, 14], [14, 16], [11, 23], [12, 24], [23, 24],
  [23, 25], [25, 27], [27, 29], [29, 31], [27, 31], [24, 26], [26, 28], [28, 30], [30, 32], [28, 32], [0, 7], [0, 8]];
// A body part drawn only when the model is at least even odds sure it is in view.
const SEEN = 0.5;
// Frames are skipped while the socket still holds this much unsent: the newest frame matters,
// a queue of old ones would only add lag (a frame is about 2.5 KB).
const MAX_BUFFERED = 16 * 1024;
// Decimal places sent: 1e-5 of the picture is well under a pixel, 0.1 mm in world metres.
const round = (value, places) => Number(value.toFixed(places));
const PHASES = { rest: "start position", moving: "moving", hold: "holding" };

export const TROUBLE = {
  none: "No webcam was found on this computer.",
  denied: "Camera permission was denied for this page.",
  busy: "The camera is busy: another program or tab is using it.",
  simd: "This browser lacks WebAssembly SIMD, which the pose model needs.",
  nomedia: "This browser gives this page no camera (it needs a current browser, on this computer's own address).",
  model: "The pose model could not be started in this browser.",
  lost: "The camera stopped giving pictures.",
};
export const TIMER_ONLY = "The session runs on the timer alone: start it as usual.";
export const PRIVACY = "The picture stays in this page: no frame or image leaves it. Only the body's landmarks (numbers) go to psoas on this computer.";

// A 43-byte WebAssembly module whose one function returns a v128 constant: it validates only
// where the browser has SIMD.
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0,
  10, 22, 1, 20, 0, 253, 12, ...new Array(16).fill(0), 11]);

export function hasSimd() {
  try {
    return typeof WebAssembly === "object" && WebAssembly.validate(SIMD_PROBE);
  } catch (_error) {
    return false;
  }
}

/** getUserMedia's error in words. */
export function troubleOf(error) {
  const name = error && error.name;
  if (name === "NotAllowedError" || name === "SecurityError" || name === "PermissionDeniedError") return TROUBLE.denied;
  if (name === "NotFoundError" || name === "OverconstrainedError" || name === "DevicesNotFoundError") return TROUBLE.none;
  if (name === "NotReadableError" || name === "AbortError" || name === "TrackStartError") return TROUBLE.busy;
  return TROUBLE.lost;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (key === "class") node.className = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  node.append(...children);
  return node;
}

function loadStyle() {
  if (document.querySelector('link[data-camera-style]')) return;
  document.head.append(el("link", { rel: "stylesheet", href: "/static/camera.css", "data-camera-style": true }));
}

/**
 * Whether the browser offers a real GPU: WebGL 2 from a graphics card, not a software stand-in
 * (SwiftShader, llvmpipe), on which MediaPipe's GPU path takes seconds a frame where the CPU path
 * takes tens of milliseconds.
 */
export function hasGpu() {
  try {
    const gl = document.createElement("canvas").getContext("webgl2");
    if (!gl) return false;
    const info = gl.getExtension("WEBGL_debug_renderer_info");
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    const lose = gl.getExtension("WEBGL_lose_context");
    if (lose) lose.loseContext();
    return !/swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer);
  } catch (_error) {
    return false;
  }
}

/** The PoseLandmarker in VIDEO mode: the GPU where the browser offers one, else the CPU. */
export async function createLandmarker(model = MODEL, preferred = hasGpu() ? "GPU" : "CPU") {
  const vision = await import(`${VENDOR}/vision_bundle.mjs`);
  const fileset = { wasmLoaderPath: `${VENDOR}/vision_wasm_internal.js`, wasmBinaryPath: `${VENDOR}/vision_wasm_internal.wasm` };
  const options = (delegate) => ({
    baseOptions: { modelAssetPath: model, delegate },
    runningMode: "VIDEO",
    numPoses: 1,
  });
  const delegates = preferred === "GPU" ? ["GPU", "CPU"] : ["CPU"];
  let last;
  for (const delegate of delegates) {
    try {
      const landmarker = await vision.PoseLandmarker.createFromOptions(fileset, options(delegate));
      return { landmarker, delegate };
    } catch (error) {
      last = error;
    }
  }
  throw last;
}

/**
 * The pose model in a dedicated module Worker (js/pose-worker.js): {worker, delegate} once the
 * landmarker runs there, or null when the browser starts no such Worker or the model fails in it
 * (the page then runs the model on its main thread).
 */
export function openWorker(model = MODEL, preferred = "CPU", url = WORKER) {
  let worker;
  try {
    worker = new Worker(url, { type: "module", name: "pose" });
  } catch (_error) {
    return Promise.resolve(null);
  }
  return new Promise((resolve) => {
    const done = (value) => {
      worker.onmessage = null;
      worker.onerror = null;
      if (!value) worker.terminate();
      resolve(value);
    };
    worker.onmessage = (event) => {
      const data = event.data || {};
      if (data.type === "opened") done({ worker, delegate: data.delegate });
      else if (data.type === "failed") done(null);
    };
    worker.onerror = (event) => {
      event.preventDefault(); // the module did not load (an old browser, a policy): not a page error
      done(null);
    };
    worker.postMessage({ type: "open", model, delegate: preferred });
  });
}

/** One frame's result as the frame message. */
export function frameMessage(result, tMs, width, height, seq) {
  const pose = result && result.landmarks && result.landmarks[0];
  const world = result && result.worldLandmarks && result.worldLandmarks[0];
  const message = { type: "frame", t_ms: round(tMs, 3), width, height, seq, landmarks: null, world: null };
  if (pose && pose.length === 33) {
    message.landmarks = pose.map((p) => [round(p.x, 5), round(p.y, 5), round(p.z, 5), round(p.visibility ?? 0, 4)]);
    if (world && world.length === 33) message.world = world.map((p) => [round(p.x, 4), round(p.y, 4), round(p.z, 4)]);
  }
  return message;
}

export class CameraView {
  constructor({ socket, names = {}, model = MODEL, delegate, worker = true } = {}) {
    loadStyle();
    this.useWorker = worker; // false: the model on the main thread (the benchmark's comparison)
    this.socket = socket || (() => null);
    this.names = names;
    this.model = model;
    this.preferred = delegate;
    this.running = false; // the camera and the model run
    this.session = false; // a camera session is on: frames go to the coach
    this.seq = 0;
    this.lastT = -1;
    this.newestT = -1; // the newest video frame's time (worker mode: taken when the worker is free)
    this.busy = false; // a frame is with the worker
    // estimated: frames estimated; dropped: frames never estimated because a newer one came first;
    // skipped: estimated but not sent (socket closed or full); estimateMs: summed model time.
    this.stats = { estimated: 0, sent: 0, skipped: 0, dropped: 0, present: 0, started: 0, estimateMs: 0 };
    this.onChange = null;
    this.onFrame = null; // (message) => void, for the page's own measures
    this.switch = el("input", { type: "checkbox", id: "camera-switch", role: "switch", "aria-describedby": "camera-privacy" });
    this.switch.addEventListener("change", () => this.toggle());
    this.video = el("video", { id: "camera-video", muted: true, playsinline: true, "aria-hidden": "true" });
    this.video.muted = true;
    this.canvas = el("canvas", { id: "camera-skeleton", "aria-hidden": "true" });
    this.picture = el("div", { class: "camera-picture", hidden: true }, this.video, this.canvas);
    this.seen = el("dl", { class: "camera-seen", id: "camera-seen" });
    this.fields = {};
    for (const [key, label] of [["exercise", "Exercise"], ["phase", "Phase"], ["side", "Side"], ["hold", "Hold"]]) {
      this.fields[key] = el("dd", { id: `camera-${key}` }, "–");
      this.seen.append(el("dt", {}, label), this.fields[key]);
    }
    this.cue = el("p", { class: "camera-cue", id: "camera-cue", role: "status", "aria-live": "assertive" });
    this.status = el("p", { class: "status", id: "camera-status", role: "status", "aria-live": "polite" });
    this.element = el("div", { class: "camera", id: "camera" },
      el("div", { class: "field check" }, this.switch, el("label", { for: "camera-switch" }, "Camera: follow me with the webcam")),
      el("p", { class: "hint", id: "camera-privacy" }, PRIVACY),
      el("div", { class: "camera-body" }, this.picture,
        el("div", { class: "camera-side" }, el("h3", {}, "What the coach sees"), this.seen, this.cue)),
      this.status);
    this.element.camera = this; // for the page's own checks (the browser tests read its stats)
  }

  say(text, kind = "ok") {
    this.status.textContent = text;
    this.status.dataset.kind = kind;
  }

  async toggle() {
    if (this.switch.checked) {
      const on = await this.start();
      if (this.onChange) this.onChange(on);
    } else {
      this.stop();
      this.say("Camera off: the timer alone.");
      if (this.onChange) this.onChange(false);
    }
  }

  trouble(text) {
    this.stop();
    this.switch.checked = false;
    this.element.dataset.trouble = "true";
    this.say(`${text} ${TIMER_ONLY}`, "error");
    return false;
  }

  /** The webcam and the model; false (and the trouble in words) when either cannot be had. */
  async start() {
    if (this.running) return true;
    this.switch.checked = true;
    delete this.element.dataset.trouble;
    if (!hasSimd()) return this.trouble(TROUBLE.simd);
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return this.trouble(TROUBLE.nomedia);
    this.say("Starting the camera…");
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: "user" }, audio: false });
    } catch (error) {
      return this.trouble(troubleOf(error));
    }
    this.stream = stream;
    for (const track of stream.getVideoTracks()) track.addEventListener("ended", () => this.lost());
    this.video.srcObject = stream;
    try {
      await this.video.play();
    } catch (_error) {
      return this.trouble(TROUBLE.busy);
    }
    if (!this.landmarker && !this.worker) {
      this.say("Loading the pose model (it runs in this page)…");
      const preferred = this.preferred || (hasGpu() ? "GPU" : "CPU");
      const opened = this.useWorker ? await openWorker(this.model, preferred) : null;
      if (opened) {
        this.worker = opened.worker;
        this.delegate = opened.delegate;
        this.thread = "worker";
        this.worker.onmessage = (event) => this.estimated(event.data || {});
        this.worker.onerror = (event) => {
          event.preventDefault();
          this.failed();
        };
      } else {
        try {
          const made = await createLandmarker(this.model, preferred);
          this.landmarker = made.landmarker;
          this.delegate = made.delegate;
          this.thread = "page";
        } catch (_error) {
          return this.trouble(TROUBLE.model);
        }
      }
    }
    if (!this.stream) return false; // switched off while loading
    this.picture.hidden = false;
    this.running = true;
    this.element.dataset.delegate = this.delegate;
    this.element.dataset.thread = this.thread;
    this.element.dataset.running = "true";
    this.stats.started = performance.now();
    this.say(`Camera on (pose on the ${this.delegate}).`);
    this.next();
    return true;
  }

  lost() {
    if (!this.running) return;
    this.trouble(TROUBLE.lost);
    if (this.onChange) this.onChange(false);
  }

  stop() {
    this.running = false;
    delete this.element.dataset.running;
    if (this.stream) for (const track of this.stream.getTracks()) track.stop();
    this.stream = null;
    this.video.srcObject = null;
    this.picture.hidden = true;
  }

  failed() {
    if (this.worker) this.worker.terminate();
    this.worker = null;
    this.busy = false;
    if (!this.running) return;
    this.trouble(TROUBLE.model);
    if (this.onChange) this.onChange(false);
  }

  // The newest frame only. The browser calls back once per new video frame. On the main thread an
  // estimate runs to its end before the next callback, so frames in between are never seen. With
  // the worker, a frame is taken from the video only when the worker is free: the newest one then,
  // and those that came and went while it worked are dropped without being copied.
  next() {
    if (!this.running) return;
    const frame = this.worker ? (tMs) => this.arrived(tMs) : (tMs) => this.estimate(tMs);
    if ("requestVideoFrameCallback" in this.video) {
      this.video.requestVideoFrameCallback((now, meta) => frame(meta.captureTime || meta.expectedDisplayTime || now));
    } else {
      requestAnimationFrame((now) => frame(now));
    }
  }

  arrived(tMs) {
    if (!this.running) return;
    if (tMs > this.newestT) {
      if (this.newestT > this.lastT) this.stats.dropped += 1; // a newer frame came before the worker was free
      this.newestT = tMs;
    }
    this.feed();
    this.next();
  }

  /** The newest frame to the worker, when it is free and there is a frame it has not had. */
  async feed() {
    if (!this.running || this.busy || !this.worker || this.newestT <= this.lastT || this.video.videoWidth === 0) return;
    const tMs = this.newestT;
    this.busy = true;
    this.lastT = tMs; // detectForVideo needs strictly increasing times
    let frame;
    try {
      // A VideoFrame is the picture itself, handed over without a copy; else an ImageBitmap.
      frame = typeof VideoFrame === "function"
        ? new VideoFrame(this.video, { timestamp: Math.round(tMs * 1000) })
        : await createImageBitmap(this.video);
    } catch (_error) {
      this.busy = false; // no picture to take yet: the next frame's callback tries again
      return;
    }
    if (!this.running || !this.worker) {
      frame.close();
      this.busy = false;
      return;
    }
    try {
      this.worker.postMessage({ type: "frame", frame, t_ms: tMs }, [frame]);
    } catch (_error) {
      frame.close(); // not handed over: the next frame's callback tries again
      this.busy = false;
    }
  }

  /** The worker's answer for one frame: drawn here, sent to the coach, and the next frame fed. */
  estimated(data) {
    if (data.type !== "estimated" && data.type !== "error") return;
    this.busy = false;
    if (!this.running) return;
    if (data.type === "error") {
      this.failed();
      return;
    }
    this.stats.estimateMs += data.ms;
    this.stats.estimated += 1;
    const result = { landmarks: data.landmarks, worldLandmarks: data.worldLandmarks };
    this.deliver(frameMessage(result, data.t_ms, data.width, data.height, this.seq++));
    this.feed();
  }

  deliver(message) {
    if (message.landmarks) this.stats.present += 1;
    this.draw(message);
    this.send(message);
    if (!this.session) this.local(message);
  }

  estimate(tMs) {
    if (!this.running) return;
    try {
      // detectForVideo needs strictly increasing times; the same frame twice is skipped.
      if (tMs > this.lastT && this.video.videoWidth > 0) {
        this.lastT = tMs;
        const began = performance.now();
        const result = this.landmarker.detectForVideo(this.video, tMs);
        this.stats.estimateMs += performance.now() - began;
        this.stats.estimated += 1;
        this.deliver(frameMessage(result, tMs, this.video.videoWidth, this.video.videoHeight, this.seq++));
      }
    } catch (_error) {
      this.trouble(TROUBLE.model);
      if (this.onChange) this.onChange(false);
      return;
    }
    this.next();
  }

  send(message) {
    if (!this.session) return;
    const socket = this.socket();
    if (!socket || socket.readyState !== WebSocket.OPEN || socket.bufferedAmount > MAX_BUFFERED) {
      this.stats.skipped += 1;
      return;
    }
    if (this.onFrame) this.onFrame(message);
    socket.send(JSON.stringify(message));
    this.stats.sent += 1;
  }

  /** Before the session: whether the page itself finds a person (the coach says more once it runs). */
  local(message) {
    const text = message.landmarks ? "The camera sees you." : "The camera sees nobody yet: your whole body in view, side-on.";
    if (this.cue.textContent !== text) this.cue.textContent = text;
  }

  draw(message) {
    const canvas = this.canvas;
    if (canvas.width !== message.width || canvas.height !== message.height) {
      canvas.width = message.width;
      canvas.height = message.height;
    }
    const ctx = canvas.getContext("2d");
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    const points = message.landmarks;
    if (!points) return;
    const w = canvas.width;
    const h = canvas.height;
    ctx.lineWidth = Math.max(2, w / 160);
    ctx.strokeStyle = "#2dd4bf";
    ctx.fillStyle = "#f59e0b";
    for (const [a, b] of EDGES) {
      if (points[a][3] < SEEN || points[b][3] < SEEN) continue;
      ctx.beginPath();
      ctx.moveTo(points[a][0] * w, points[a][1] * h);
      ctx.lineTo(points[b][0] * w, points[b][1] * h);
      ctx.stroke();
    }
    for (const p of points.slice(11)) {
      if (p[3] < SEEN) continue;
      ctx.beginPath();
      ctx.arc(p[0] * w, p[1] * h, ctx.lineWidth * 1.5, 0, 2 * Math.PI);
      ctx.fill();
    }
  }

  name(id) {
    return this.names[id] || (id ? id.replaceAll("_", " ") : "–");
  }

  /** Every message from the server: the coach's events drive the panel beside the picture. */
  message(data) {
    if (data.type === "ended") this.session = false;
    if (data.type !== "event") return;
    const e = data.event;
    switch (e.event) {
      case "session_started":
        this.session = true; // frames go to the coach from now on, whenever the camera runs
        this.cue.textContent = "";
        break;
      case "session_ended":
        this.session = false;
        break;
      case "camera_seen":
        this.fields.exercise.textContent = e.visible ? this.name(e.exercise) : "nobody in view";
        this.fields.phase.textContent = e.visible && e.phase ? PHASES[e.phase] || e.phase : "–";
        this.fields.side.textContent = e.visible && e.side ? `${e.side} side` : "–";
        this.fields.hold.textContent = e.visible && e.phase === "hold" ? `${e.hold_s} s` : "–";
        break;
      case "cue":
        this.cue.textContent = e.text;
        this.cue.dataset.kind = e.kind;
        break;
      case "camera_switched":
        this.say(e.reason || (e.on ? "Camera on." : "Camera off."), e.on ? "ok" : "note");
        break;
      case "rep_confirmed":
        this.say(`The camera saw rep ${e.rep}${e.side ? ` (${e.side} side)` : ""}: held ${Math.round(e.hold_s)} s.`);
        break;
      default:
        break;
    }
  }
}

/**
 * The page's WebSocket, opened again after a drop: `onOpen(socket, again)` is called on each
 * connection (again: true after a drop), `onMessage(data)` for each message. Waits 0.5 s, 1 s,
 * 2 s ... (at most 5 s) between tries.
 */
export class LiveSocket {
  constructor({ onOpen, onMessage, onDrop, url = `ws://${location.host}/ws` }) {
    this.url = url;
    this.onOpen = onOpen;
    this.onMessage = onMessage;
    this.onDrop = onDrop;
    this.socket = null;
    this.opened = 0;
    this.wait = 500;
    this.closed = false;
    this.connect();
  }

  connect() {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener("open", () => {
      this.wait = 500;
      this.opened += 1;
      if (this.onOpen) this.onOpen(socket, this.opened > 1);
    });
    socket.addEventListener("message", (message) => this.onMessage && this.onMessage(JSON.parse(message.data)));
    socket.addEventListener("close", () => {
      if (this.closed) return;
      if (this.onDrop) this.onDrop();
      setTimeout(() => this.connect(), this.wait);
      this.wait = Math.min(this.wait * 2, 5000);
    });
  }

  send(message) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify(message));
      return true;
    }
    return false;
  }

  close() {
    this.closed = true;
    if (this.socket) this.socket.close();
  }
}
