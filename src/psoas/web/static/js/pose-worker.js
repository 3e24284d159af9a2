// The pose model off the page's main thread: a dedicated module Worker (js/camera.js starts it)
// runs MediaPipe's PoseLandmarker in VIDEO mode on the frames the page hands it, one at a time.
// The page keeps the WebSocket, the drawing and the timing; an estimate here (tens of ms on a CPU)
// no longer holds up the coach's replies there.
//
// Messages, page -> worker:
//   {type: "open", model, delegate: "GPU" | "CPU"}            once; answered with opened or failed
//   {type: "frame", frame: VideoFrame | ImageBitmap, t_ms}    transferred; answered with estimated
// worker -> page:
//   {type: "opened", delegate}      the delegate that started (GPU falls back to CPU)
//   {type: "failed", message}       no landmarker here: the page runs the model itself instead
//   {type: "estimated", t_ms, width, height, ms, landmarks, worldLandmarks}   ms: the estimate's own time
//   {type: "error", t_ms, message}  this frame could not be estimated
// Every frame is closed here once estimated: the page sends a frame only after the answer to the
// one before, so no frame waits here and none goes stale.

const VENDOR = "/static/vendor/tasks-vision";

// tasks-vision loads its WASM runtime (a classic script that declares `var ModuleFactory`) with
// importScripts, which module workers lack: the library then calls self.import(url) when there is
// one. Imported as a module, the script's var stays in its own scope, but its UMD tail hands the
// factory to an AMD `define` when one exists; this one puts it where the library looks
// (self.ModuleFactory). A module runs once: the factory is kept for a second landmarker.
let factory = null;
self.import = async (url) => {
  if (!factory) {
    const define = (_deps, make) => {
      factory = make();
    };
    define.amd = true;
    self.define = define;
    try {
      await import(url);
    } finally {
      delete self.define;
    }
    if (!factory) throw new Error(`no ModuleFactory from ${url}`);
  }
  self.ModuleFactory = factory;
};

// The runtime's debug printer is declared inside an `if` block and called after it, which works
// only in a classic script: a module is strict, where such a function stays in its block. With a
// global one the block is skipped and the call finds this (the same console.warn).
self.custom_dbg = (...text) => console.warn(...text);

let landmarker = null;

async function open(model, preferred) {
  const vision = await import(`${VENDOR}/vision_bundle.mjs`);
  const fileset = { wasmLoaderPath: `${VENDOR}/vision_wasm_internal.js`, wasmBinaryPath: `${VENDOR}/vision_wasm_internal.wasm` };
  const delegates = preferred === "GPU" ? ["GPU", "CPU"] : ["CPU"];
  let last;
  for (const delegate of delegates) {
    try {
      // The GPU path draws on an OffscreenCanvas, which workers have.
      landmarker = await vision.PoseLandmarker.createFromOptions(fileset, {
        baseOptions: { modelAssetPath: model, delegate },
        runningMode: "VIDEO",
        numPoses: 1,
      });
      return delegate;
    } catch (error) {
      last = error;
    }
  }
  throw last;
}

// Plain objects only: the result crosses back by structured clone.
const points = (list) => (list || []).map((pose) => pose.map((p) => ({ x: p.x, y: p.y, z: p.z, visibility: p.visibility })));

function estimate(frame, tMs) {
  try {
    const width = frame.displayWidth ?? frame.width;
    const height = frame.displayHeight ?? frame.height;
    const began = performance.now();
    const result = landmarker.detectForVideo(frame, tMs);
    const ms = performance.now() - began;
    self.postMessage({ type: "estimated", t_ms: tMs, width, height, ms,
      landmarks: points(result.landmarks), worldLandmarks: points(result.worldLandmarks) });
  } catch (error) {
    self.postMessage({ type: "error", t_ms: tMs, message: String(error && error.message ? error.message : error) });
  } finally {
    frame.close();
  }
}

self.addEventListener("message", async (event) => {
  const data = event.data || {};
  if (data.type === "open") {
    try {
      self.postMessage({ type: "opened", delegate: await open(data.model, data.delegate) });
    } catch (error) {
      self.postMessage({ type: "failed", message: String(error && error.message ? error.message : error) });
    }
  } else if (data.type === "frame") {
    if (landmarker) estimate(data.frame, data.t_ms);
    else data.frame.close();
  }
});
