// @ts-check
/**
 * BackCare pose animation view (anywidget ES module; no bundler, no CDN).
 *
 * Python lays the figure out for a row of frames from the start pose to the end pose (`_frames`,
 * each a flat list of x1, y1, r1, x2, y2, r2 per shape). This view keeps a progress value
 * between 0 (start) and 1 (end), blends the two nearest frames, and draws every shape as a
 * tapered capsule, the same construction as `capsule_path` in `figures.py`. `phase` says where
 * the figure should go; "loop" repeats the movement on its own.
 */

const PREFIX = "backcare-pose-animation";
const SVG_NS = "http://www.w3.org/2000/svg";
const LOOP_REST_MS = 1000;
const LOOP_HOLD_MS = 1500;

/** @param {number} value */
function fmt(value) {
  const text = value.toFixed(1);
  return text === "-0.0" ? "0.0" : text;
}

/**
 * The SVG path of a capsule: two circles joined by their outer tangents (y points down).
 * @param {number} x1 @param {number} y1 @param {number} r1
 * @param {number} x2 @param {number} y2 @param {number} r2
 */
export function capsulePath(x1, y1, r1, x2, y2, r2) {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const d = Math.hypot(dx, dy);
  if (d <= Math.abs(r1 - r2) + 1e-6) {
    const [x, y, r] = r1 >= r2 ? [x1, y1, r1] : [x2, y2, r2];
    return (
      `M${fmt(x - r)} ${fmt(y)}a${fmt(r)} ${fmt(r)} 0 1 0 ${fmt(2 * r)} 0` +
      `a${fmt(r)} ${fmt(r)} 0 1 0 ${fmt(-2 * r)} 0Z`
    );
  }
  const theta = Math.atan2(dy, dx);
  const alpha = Math.acos((r1 - r2) / d);
  const p1 = [x1 + r1 * Math.cos(theta + alpha), y1 + r1 * Math.sin(theta + alpha)];
  const p2 = [x2 + r2 * Math.cos(theta + alpha), y2 + r2 * Math.sin(theta + alpha)];
  const p3 = [x2 + r2 * Math.cos(theta - alpha), y2 + r2 * Math.sin(theta - alpha)];
  const p4 = [x1 + r1 * Math.cos(theta - alpha), y1 + r1 * Math.sin(theta - alpha)];
  const largeEnd = alpha > Math.PI / 2 ? 1 : 0;
  return (
    `M${fmt(p1[0])} ${fmt(p1[1])}L${fmt(p2[0])} ${fmt(p2[1])}` +
    `A${fmt(r2)} ${fmt(r2)} 0 ${largeEnd} 0 ${fmt(p3[0])} ${fmt(p3[1])}` +
    `L${fmt(p4[0])} ${fmt(p4[1])}` +
    `A${fmt(r1)} ${fmt(r1)} 0 ${1 - largeEnd} 0 ${fmt(p1[0])} ${fmt(p1[1])}Z`
  );
}

/**
 * Shapes at `progress` (0 = start pose, 1 = end pose), blended from the two nearest frames.
 * @param {number[][]} frames
 * @param {number} progress
 * @returns {number[]}
 */
export function blend(frames, progress) {
  const last = frames.length - 1;
  const at = Math.min(Math.max(progress, 0), 1) * last;
  const i = Math.min(Math.floor(at), last - 1);
  const t = at - i;
  const a = frames[i];
  const b = frames[i + 1];
  return a.map((value, k) => value + (b[k] - value) * t);
}

/** Ease in and out, so the figure starts and stops gently. @param {number} t */
export function ease(t) {
  return t < 0.5 ? 2 * t * t : 1 - 2 * (1 - t) * (1 - t);
}

/**
 * Where the loop is after `ms`: rest at the start, move, hold at the end, move back.
 * @param {number} ms
 * @param {number} moveMs
 */
export function loopProgress(ms, moveMs) {
  const cycle = LOOP_REST_MS + moveMs + LOOP_HOLD_MS + moveMs;
  let t = ms % cycle;
  if (t < LOOP_REST_MS) return 0;
  t -= LOOP_REST_MS;
  if (t < moveMs) return ease(t / moveMs);
  t -= moveMs;
  if (t < LOOP_HOLD_MS) return 1;
  t -= LOOP_HOLD_MS;
  return 1 - ease(t / moveMs);
}

/** @param {string} phase */
function targetOf(phase) {
  return phase === "moving" || phase === "hold" ? 1 : 0;
}

/**
 * @param {{model: any, el: HTMLElement}} context
 */
export function render({ model, el }) {
  el.classList.add(PREFIX);
  const uid = `${PREFIX}-${Math.random().toString(36).slice(2, 10)}`;
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-labelledby", `${uid}-title ${uid}-desc`);
  const title = document.createElementNS(SVG_NS, "title");
  title.id = `${uid}-title`;
  const desc = document.createElementNS(SVG_NS, "desc");
  desc.id = `${uid}-desc`;
  const scenery = document.createElementNS(SVG_NS, "g");
  const figure = document.createElementNS(SVG_NS, "g");
  scenery.setAttribute("aria-hidden", "true");
  figure.setAttribute("aria-hidden", "true");
  svg.append(title, desc, scenery, figure);
  el.append(svg);

  const motion = window.matchMedia("(prefers-reduced-motion: reduce)");
  /** @type {SVGPathElement[]} */
  let paths = [];
  let progress = 0;
  let from = 0;
  let to = 0;
  let tweenStart = 0;
  let tweenMs = 0;
  let loopStart = performance.now();
  let raf = 0;

  function build() {
    const box = model.get("_view_box");
    if (box.length === 4) svg.setAttribute("viewBox", box.join(" "));
    title.textContent = model.get("title");
    desc.textContent = model.get("description");
    scenery.innerHTML = model.get("_scenery"); // markup made by Python, texts escaped there
    figure.replaceChildren();
    paths = model.get("_paints").map((/** @type {string[]} */ [fill, stroke, kind]) => {
      const path = document.createElementNS(SVG_NS, "path");
      path.setAttribute("fill", fill);
      path.setAttribute("stroke", stroke);
      // the working muscle's outline is wide and dashed, as views/figures.py draws it
      path.setAttribute("stroke-width", kind === "muscle" ? "1.2" : "0.6");
      if (kind === "muscle") path.setAttribute("stroke-dasharray", "2.4 1.4");
      path.setAttribute("stroke-linejoin", "round");
      path.dataset.kind = kind;
      figure.append(path);
      return path;
    });
    draw(progress);
  }

  /** @param {number} value */
  function draw(value) {
    const frames = model.get("_frames");
    if (!frames.length) return;
    const shapes = blend(frames, value);
    paths.forEach((path, k) => {
      const s = shapes.slice(6 * k, 6 * k + 6);
      path.setAttribute("d", capsulePath(s[0], s[1], s[2], s[3], s[4], s[5]));
    });
    el.dataset.progress = value.toFixed(3);
  }

  function retarget() {
    const phase = model.get("phase");
    el.dataset.phase = phase;
    if (phase === "loop") {
      loopStart = performance.now();
      if (motion.matches) {
        progress = 1; // no movement: show the position the exercise is about
        draw(progress);
      }
      schedule();
      return;
    }
    from = progress;
    to = targetOf(phase);
    tweenStart = performance.now();
    tweenMs = motion.matches ? 0 : Math.abs(to - from) * model.get("move_s") * 1000;
    schedule();
  }

  function schedule() {
    if (!raf) raf = requestAnimationFrame(tick);
  }

  /** @param {number} now */
  function tick(now) {
    raf = 0;
    const phase = model.get("phase");
    if (phase === "loop") {
      if (motion.matches) return;
      progress = loopProgress(now - loopStart, model.get("move_s") * 1000);
      draw(progress);
      schedule();
      return;
    }
    const t = tweenMs > 0 ? Math.min((now - tweenStart) / tweenMs, 1) : 1;
    progress = from + (to - from) * ease(t);
    draw(progress);
    if (t < 1) schedule();
  }

  const onMotion = () => retarget();
  // every listener, added here and removed in the cleanup below
  const domEvents = [
    [motion, "change", onMotion],
  ];
  const modelEvents = [
    ["change:phase", retarget],
    ["change:move_s", retarget],
    ["change:_frames", build],
    ["change:_paints", build],
    ["change:_scenery", build],
    ["change:title", build],
    ["change:description", build],
  ];
  for (const [target, type, fn] of domEvents) target.addEventListener(type, fn);
  for (const [name, fn] of modelEvents) model.on(name, fn);
  build();
  retarget();

  return () => {
    cancelAnimationFrame(raf);
    for (const [target, type, fn] of domEvents) target.removeEventListener(type, fn);
    for (const [name, fn] of modelEvents) model.off(name, fn);
  };
}

export default { render };
