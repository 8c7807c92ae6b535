// @ts-check
/**
 * BackCare camera coach view (anywidget ES module; no bundler, no CDN).
 *
 * Off until the person turns it on. Then: ask for the camera, import the pose library from the
 * workbook's own server (`<base>backcare/coach/human.esm.js`, only now, so a page where the coach
 * stays off loads no model file), and for each frame compute one angle per side from the body's
 * keypoints. Only those numbers go to the kernel (`model.send`, at most `rate_hz` a second); the
 * picture stays here, drawn mirrored in a small preview with the outline the model found.
 * Turning it off stops every camera track, so the camera's light goes out.
 */

const PREFIX = "backcare-camera-coach";
/** Keypoints below this confidence are not used (nor drawn). */
const MIN_SCORE = 0.2;
/** Detection runs at most this often, whatever rate the kernel is sent measures at. */
const MAX_DETECT_HZ = 30;
/** MoveNet's 17 keypoints, in the order the model gives them. */
const KEYPOINTS = [
  "nose", "leftEye", "rightEye", "leftEar", "rightEar", "leftShoulder", "rightShoulder",
  "leftElbow", "rightElbow", "leftWrist", "rightWrist", "leftHip", "rightHip", "leftKnee",
  "rightKnee", "leftAnkle", "rightAnkle",
];
/** A knee straighter than this (the angle hip-knee-ankle, degrees) is a straight leg. */
const STRAIGHT_KNEE = 140;
const BONES = [
  ["leftShoulder", "rightShoulder"],
  ["leftShoulder", "leftElbow"],
  ["leftElbow", "leftWrist"],
  ["rightShoulder", "rightElbow"],
  ["rightElbow", "rightWrist"],
  ["leftShoulder", "leftHip"],
  ["rightShoulder", "rightHip"],
  ["leftHip", "rightHip"],
  ["leftHip", "leftKnee"],
  ["leftKnee", "leftAnkle"],
  ["rightHip", "rightKnee"],
  ["rightKnee", "rightAnkle"],
];

/**
 * @typedef {{part: string, position: number[], score: number}} Keypoint
 * @typedef {Record<string, {x: number, y: number, score: number}>} Points
 */

// --- plain functions: angles from keypoints (image coordinates, y down) -------------------------

/** @param {Keypoint[]} keypoints @returns {Points} */
export function pointsOf(keypoints) {
  /** @type {Points} */
  const points = {};
  for (const kp of keypoints || []) {
    if (kp && kp.score >= MIN_SCORE && kp.position) {
      points[kp.part] = { x: kp.position[0], y: kp.position[1], score: kp.score };
    }
  }
  return points;
}

/**
 * Angle of the line from `a` to `b` above the horizontal, in degrees (-90 to 90), whichever
 * side of the person the camera is on.
 * @param {{x: number, y: number}} a @param {{x: number, y: number}} b
 */
export function elevation(a, b) {
  return (Math.atan2(a.y - b.y, Math.abs(b.x - a.x)) * 180) / Math.PI;
}

/**
 * The angle at `b` between `a` and `c`, in degrees (0 to 180).
 * @param {{x: number, y: number}} a @param {{x: number, y: number}} b
 * @param {{x: number, y: number}} c
 */
export function angleAt(a, b, c) {
  const v1 = [a.x - b.x, a.y - b.y];
  const v2 = [c.x - b.x, c.y - b.y];
  const norm = Math.hypot(...v1) * Math.hypot(...v2);
  if (norm === 0) return null;
  const cos = Math.max(-1, Math.min(1, (v1[0] * v2[0] + v1[1] * v2[1]) / norm));
  return (Math.acos(cos) * 180) / Math.PI;
}

/**
 * Each side's value of `fn` over the named parts, when all of them were seen.
 * @param {Points} points @param {string[]} parts @param {(...p: any[]) => number | null} fn
 */
function perSide(points, parts, fn) {
  /** @type {{side: string, value: number, score: number}[]} */
  const found = [];
  for (const side of ["left", "right"]) {
    const named = parts.map((part) => points[side + part]);
    if (named.every(Boolean)) {
      const value = fn(...named);
      if (value !== null && Number.isFinite(value)) {
        const score = named.reduce((sum, p) => sum + p.score, 0) / named.length;
        found.push({ side, value, score });
      }
    }
  }
  return found;
}

/** @param {{value: number, score: number}[]} found */
const surest = (found) =>
  found.length ? found.reduce((a, b) => (b.score > a.score ? b : a)).value : null;

/**
 * The measures the catalogue can name (backcare_widgets/data/coach.py says the same in words).
 * @type {Record<string, (points: Points) => Record<string, number | null>>}
 */
export const MEASURES = {
  shoulder_lift: (p) => ({ any: surest(perSide(p, ["Hip", "Shoulder"], elevation)) }),
  hip_lift: (p) => ({ any: surest(perSide(p, ["Shoulder", "Hip", "Knee"], angleAt)) }),
  leg_raise: (p) => {
    // the straight leg only: a bent knee's ankle is not a raised leg
    const straight = (/** @type {any} */ hip, /** @type {any} */ knee, /** @type {any} */ ankle) =>
      (angleAt(hip, knee, ankle) ?? 0) >= STRAIGHT_KNEE ? elevation(hip, ankle) : null;
    const found = perSide(p, ["Hip", "Knee", "Ankle"], straight);
    return { any: found.length ? Math.max(...found.map((f) => f.value)) : null };
  },
  knee_height: (p) => {
    const found = perSide(p, ["Hip", "Knee"], elevation);
    const mean = found.reduce((sum, f) => sum + f.value, 0) / (found.length || 1);
    return { any: found.length ? mean : null };
  },
};

/** @param {Record<string, number | null>} values */
export function rounded(values) {
  /** @type {Record<string, number | null>} */
  const out = {};
  for (const [side, value] of Object.entries(values)) {
    out[side] = value === null ? null : Math.round(value * 10) / 10;
  }
  return out;
}

/**
 * The server's base URL as a full address on the page's own origin (this module runs from a
 * blob: URL, where a bare path cannot be imported).
 */
export function baseUrl() {
  return new URL(basePath(), window.location.origin).href;
}

/** The server's base path, as the page says it (Voila and Jupyter server alike). */
function basePath() {
  const config = document.getElementById("jupyter-config-data");
  if (config) {
    try {
      const base = JSON.parse(config.textContent || "{}").baseUrl;
      if (typeof base === "string" && base) return base.endsWith("/") ? base : `${base}/`;
    } catch {
      // fall through
    }
  }
  const voila = document.body && document.body.dataset.baseUrl;
  if (voila) return voila.replace(/voila\/$/, "");
  return "/";
}

// --- the view ----------------------------------------------------------------------------------

const MARKUP = `
  <h3 class="${PREFIX}__title">Camera coach <span class="${PREFIX}__optional">(optional)</span></h3>
  <p class="${PREFIX}__what"></p>
  <p class="${PREFIX}__private"><strong>Private:</strong> the picture stays in this browser;
    nothing is recorded or sent. Only the angles it measures reach the workbook.</p>
  <button type="button" class="backcare-button ${PREFIX}__switch" role="switch"
    aria-checked="false">Camera coach: off</button>
  <p class="${PREFIX}__status" aria-live="off"></p>
  <div class="${PREFIX}__preview" hidden>
    <video class="${PREFIX}__video" muted playsinline autoplay></video>
    <canvas class="${PREFIX}__outline" aria-hidden="true"></canvas>
  </div>
  <p class="${PREFIX}__rule"></p>
  <div class="${PREFIX}__live" role="status" aria-live="polite" aria-atomic="true"></div>
`;

/** @type {Promise<any> | null} the library, imported once per page */
let library = null;

/**
 * Load MoveNet with the library's own TensorFlow.js and return a detector giving all 17
 * keypoints with their scores. The library's own `detect()` is not used: its body
 * post-processing assumes a person standing (it drops knees higher than the shoulders, as a
 * person lying with bent knees always has them, and swaps left and right by position).
 * @param {any} human the library, initialised on a backend
 * @param {string} base the coach's files' address, ending in a slash
 */
async function movenet(human, base) {
  const tf = human.tf;
  const net = await tf.loadGraphModel(`${base}models/movenet-lightning.json`);
  const size = net.inputs[0].shape[1] > 0 ? net.inputs[0].shape[1] : 192;
  /** @param {HTMLVideoElement} video */
  return async (video) => {
    const width = video.videoWidth;
    const height = video.videoHeight;
    const side = Math.max(width, height);
    const padY = Math.floor((side - height) / 2);
    const padX = Math.floor((side - width) / 2);
    const output = tf.tidy(() => {
      const image = tf.browser.fromPixels(video);
      const square = tf.pad(image, [[padY, side - height - padY], [padX, side - width - padX], [0, 0]]);
      const input = tf.cast(tf.image.resizeBilinear(square, [size, size]), "int32");
      return net.execute(tf.expandDims(input, 0));
    });
    const rows = (await output.array())[0][0];
    output.dispose();
    /** @type {Keypoint[]} */
    const keypoints = rows.map((/** @type {number[]} */ row, /** @type {number} */ i) => ({
      part: KEYPOINTS[i],
      score: row[2],
      position: [row[1] * side - padX, row[0] * side - padY],
    }));
    return keypoints;
  };
}

/** @param {{model: any, el: HTMLElement}} context */
export function render({ model, el }) {
  el.classList.add(PREFIX);
  el.setAttribute("role", "group");
  el.innerHTML = MARKUP;
  /** @param {string} name */
  const part = (name) => /** @type {HTMLElement} */ (el.querySelector(`.${PREFIX}__${name}`));
  const ui = {
    what: part("what"),
    button: /** @type {HTMLButtonElement} */ (part("switch")),
    status: part("status"),
    preview: part("preview"),
    video: /** @type {HTMLVideoElement} */ (part("video")),
    canvas: /** @type {HTMLCanvasElement} */ (part("outline")),
    rule: part("rule"),
    live: part("live"),
  };

  /** @type {null | {stream: MediaStream | null, detect: any, stopped: boolean,
   *   timeout: number | undefined, lastSent: number, times: number[]}} */
  let run = null;

  /** @param {string} text */
  const announce = (text) => {
    ui.live.textContent = text;
  };

  /** @param {Record<string, any>} changes */
  function sync(changes) {
    for (const [key, value] of Object.entries(changes)) model.set(key, value);
    model.save_changes();
  }

  /** @param {string} status @param {string} message */
  function setStatus(status, message) {
    el.dataset.status = status;
    ui.status.textContent = message;
    sync({ status, message });
  }

  function showSwitch() {
    const on = Boolean(model.get("enabled"));
    ui.button.setAttribute("aria-checked", String(on));
    ui.button.textContent = on ? "Camera coach: on (turn off)" : "Camera coach: off";
    ui.preview.hidden = !(on && run && run.stream);
  }

  function showWords() {
    const title = model.get("title") || "";
    el.setAttribute("aria-label", title ? `Camera coach: ${title}` : "Camera coach");
    ui.what.textContent =
      model.get("does") === "count"
        ? "Counts your repetitions into the counter below (you can still correct it)."
        : "Starts the hold when you are in position, instead of a fixed get-ready time.";
    const words = model.get("rule_words") || "";
    ui.rule.textContent = words ? `The workbook's own rule: ${words}` : "";
  }

  function showState() {
    el.dataset.count = String(model.get("count"));
    el.dataset.inPosition = (model.get("in_position") || []).join(" ");
  }

  /** Stop the camera and the loop; the model stays loaded for the next time. */
  function stopCamera() {
    if (!run) return;
    run.stopped = true;
    clearTimeout(run.timeout);
    if (run.stream) for (const track of run.stream.getTracks()) track.stop();
    ui.video.srcObject = null;
    const context = ui.canvas.getContext("2d");
    if (context) context.clearRect(0, 0, ui.canvas.width, ui.canvas.height);
    run = null;
    ui.preview.hidden = true;
  }

  /** @param {string} status @param {string} message */
  function giveUp(status, message) {
    stopCamera();
    setStatus(status, message);
    sync({ enabled: false });
    showSwitch();
    announce(message);
  }

  /** @param {Points} points */
  function draw(points) {
    const { videoWidth: width, videoHeight: height } = ui.video;
    if (!width || !height) return;
    if (ui.canvas.width !== width) ui.canvas.width = width;
    if (ui.canvas.height !== height) ui.canvas.height = height;
    const context = ui.canvas.getContext("2d");
    if (!context) return;
    context.clearRect(0, 0, width, height);
    context.lineWidth = Math.max(3, width / 120);
    context.strokeStyle = "#22c55e";
    context.fillStyle = "#facc15";
    for (const [a, b] of BONES) {
      if (!points[a] || !points[b]) continue;
      context.beginPath();
      context.moveTo(points[a].x, points[a].y);
      context.lineTo(points[b].x, points[b].y);
      context.stroke();
    }
    for (const p of Object.values(points)) {
      context.beginPath();
      context.arc(p.x, p.y, context.lineWidth * 1.5, 0, 2 * Math.PI);
      context.fill();
    }
  }

  /** @param {any} current */
  async function loop(current) {
    while (run === current && !current.stopped) {
      const started = performance.now();
      let result = null;
      try {
        if (ui.video.readyState >= 2 && ui.video.videoWidth) result = await current.detect(ui.video);
      } catch (error) {
        console.warn("camera coach: detection failed", error);
      }
      if (run !== current || current.stopped) return;
      if (result) {
        const points = pointsOf(result);
        draw(points);
        const measure = MEASURES[model.get("measure")];
        const now = performance.now();
        current.times.push(now);
        while (current.times.length && now - current.times[0] > 2000) current.times.shift();
        const fps = current.times.length > 1 ? (current.times.length - 1) / ((now - current.times[0]) / 1000) : 0;
        el.dataset.fps = fps.toFixed(1);
        const interval = 1000 / Math.max(1, model.get("rate_hz") || 12);
        if (measure && now - current.lastSent >= interval - 5) {
          current.lastSent = now;
          const values = rounded(measure(points));
          el.dataset.values = JSON.stringify(values);
          model.send({ type: "measure", t: Math.round(now), values });
        }
        if (current.times.length % 10 === 0) sync({ fps: Math.round(fps * 10) / 10 });
      }
      const wait = Math.max(0, 1000 / MAX_DETECT_HZ - (performance.now() - started));
      await new Promise((resolve) => {
        current.timeout = window.setTimeout(resolve, wait);
      });
    }
  }

  async function turnOn() {
    const current = { stream: null, detect: null, stopped: false, timeout: undefined, lastSent: 0, times: [] };
    run = current;
    sync({ enabled: true });
    showSwitch();
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      return giveUp("no_camera", "No camera here: count and time by hand, as before.");
    }
    setStatus("starting", "Asking for the camera...");
    try {
      current.stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: "user", width: { ideal: 640 }, height: { ideal: 480 } },
        audio: false,
      });
    } catch (error) {
      if (run !== current) return;
      const name = /** @type {any} */ (error).name;
      if (name === "NotAllowedError" || name === "SecurityError") {
        return giveUp("refused", "The camera was not allowed: count and time by hand, as before.");
      }
      return giveUp("no_camera", "No camera found: count and time by hand, as before.");
    }
    if (run !== current || current.stopped) {
      for (const track of current.stream.getTracks()) track.stop();
      return;
    }
    ui.video.srcObject = current.stream;
    ui.preview.hidden = false;
    await ui.video.play().catch(() => {}); // headless Chromium needs it, autoplay or not
    setStatus("starting", "Loading the pose model (once per visit)...");
    try {
      const base = `${baseUrl()}backcare/coach/`;
      library = library || import(`${base}human.esm.js`);
      const { Human } = await library;
      const config = {
        backend: model.get("backend"),
        modelBasePath: `${base}models/`,
        wasmPath: base, // never the library's CDN default
        cacheModels: false,
        debug: false,
        warmup: "none",
        face: { enabled: false },
        hand: { enabled: false },
        object: { enabled: false },
        gesture: { enabled: false },
        segmentation: { enabled: false },
        body: { enabled: false },
      };
      let human = null;
      // the chosen backend first, then the others: wasm is fast on a CPU, webgl needs a GPU
      for (const backend of [config.backend, "wasm", "webgl", "cpu"]) {
        try {
          const candidate = new Human({ ...config, backend });
          await candidate.init();
          if (candidate.tf.getBackend() !== backend) throw new Error(`${backend} did not start`);
          human = candidate;
          break;
        } catch (error) {
          console.warn(`camera coach: the ${backend} backend did not start`, error);
        }
      }
      if (!human) throw new Error("no backend started");
      current.detect = await movenet(human, base);
      el.dataset.backend = human.tf.getBackend();
    } catch (error) {
      console.warn("camera coach: the pose model did not load", error);
      library = null;
      if (run !== current) return;
      return giveUp("failed", "The camera coach could not start its pose model: count and time by hand, as before.");
    }
    if (run !== current || current.stopped) return;
    const what =
      model.get("does") === "count"
        ? "On: counting your repetitions."
        : "On: the hold starts when you are in position.";
    setStatus("on", what);
    announce(what);
    loop(current);
  }

  function turnOff() {
    stopCamera();
    sync({ enabled: false });
    setStatus("off", "Off. The camera is stopped.");
    announce("Camera coach off. The camera is stopped.");
    showSwitch();
  }

  const onSwitch = () => {
    if (run) turnOff();
    else turnOn();
  };
  let lastCount = model.get("count");
  const onCount = () => {
    const count = model.get("count");
    if (run && count > lastCount) announce(`Counted ${count}`);
    lastCount = count;
    showState();
  };
  let wasIn = (model.get("in_position") || []).length > 0;
  const onPosition = () => {
    const isIn = (model.get("in_position") || []).length > 0;
    if (run && isIn && !wasIn) announce("In position");
    wasIn = isIn;
    showState();
  };
  const onEnabled = () => {
    if (!model.get("enabled") && run) turnOff(); // Python turned it off
    showSwitch();
  };

  const modelEvents = [
    ["change:count", onCount],
    ["change:in_position", onPosition],
    ["change:enabled", onEnabled],
    ["change:rule_words", showWords],
    ["change:title", showWords],
  ];
  ui.button.addEventListener("click", onSwitch);
  for (const [name, fn] of modelEvents) model.on(name, fn);
  // a page shown again starts with the camera off: the person turns it on each time
  if (model.get("enabled") || model.get("status") !== "off") sync({ enabled: false, status: "off", message: "" });
  el.dataset.status = "off";
  showWords();
  showSwitch();
  showState();

  return () => {
    stopCamera();
    ui.button.removeEventListener("click", onSwitch);
    for (const [name, fn] of modelEvents) model.off(name, fn);
  };
}

export default { render };
