// @ts-check
/**
 * BackCare presenter view (anywidget ES module; no bundler, no CDN).
 *
 * Shows one slide of `_slides` large, for a projector: an exercise (pictures, what it works, the
 * muscle, every form cue, its cautions and the dosage, the workbook's own text marked "*" as on
 * the pages), or the last slide, the warning signs in their three tiers. The whole view is focusable: ArrowLeft/ArrowRight, PageUp/PageDown, Home and
 * End step through the slides; the buttons do the same. Each change is announced through an
 * aria-live region. Texts are set with textContent; the pictures are the workbook's own SVG.
 */

const PREFIX = "backcare-presenter";

/**
 * The slide index a key leads to, or null if the key is not ours.
 * @param {string} key @param {number} index @param {number} count
 * @returns {number | null}
 */
export function target(key, index, count) {
  switch (key) {
    case "ArrowRight":
    case "PageDown":
      return Math.min(index + 1, count - 1);
    case "ArrowLeft":
    case "PageUp":
      return Math.max(index - 1, 0);
    case "Home":
      return 0;
    case "End":
      return count - 1;
    default:
      return null;
  }
}

/**
 * @param {string} tag @param {string} cls @param {string} [text]
 * @returns {HTMLElement}
 */
function make(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = `${PREFIX}__${cls}`;
  if (text !== undefined) node.textContent = text;
  return node;
}

const WORKBOOK = "general guidance written by the workbook";

/**
 * A text node, followed by the workbook mark when the text is the workbook's own.
 * @param {{ text: string, workbook: boolean }} item
 * @returns {Node[]}
 */
function marked(item) {
  const nodes = /** @type {Node[]} */ ([document.createTextNode(item.text)]);
  if (item.workbook) nodes.push(mark());
  return nodes;
}

/** The "*" that the legend explains, read out in full by screen readers. */
function mark() {
  const wrap = make("span", "mark");
  wrap.title = WORKBOOK;
  const star = make("span", "", " *");
  star.setAttribute("aria-hidden", "true");
  wrap.append(star, make("span", "hidden-text", ` (${WORKBOOK})`));
  return wrap;
}

/** @param {{ model: any, el: HTMLElement }} ctx */
export function render({ model, el }) {
  el.classList.add(PREFIX);
  const root = make("section", "root");
  root.tabIndex = 0;
  root.setAttribute("role", "region");
  root.setAttribute("aria-roledescription", "slide show");
  root.setAttribute("aria-label", "Exercise presenter: use the arrow keys to change exercise");

  const bar = make("div", "bar");
  const prev = /** @type {HTMLButtonElement} */ (make("button", "button", "◀ Previous"));
  const next = /** @type {HTMLButtonElement} */ (make("button", "button", "Next ▶"));
  prev.type = next.type = "button";
  prev.setAttribute("aria-label", "Previous exercise");
  next.setAttribute("aria-label", "Next exercise");
  const counter = make("p", "counter");
  counter.setAttribute("aria-live", "polite");
  counter.setAttribute("aria-atomic", "true");
  // full screen for a projector: the browser's own, on the slides only (Esc leaves it too)
  const full = /** @type {HTMLButtonElement} */ (make("button", "button", "Full screen"));
  full.type = "button";
  full.classList.add(`${PREFIX}__full`);
  full.setAttribute("aria-pressed", "false");
  full.hidden = !document.fullscreenEnabled;
  bar.append(prev, counter, next, full);

  const title = make("h2", "title");
  const pictures = make("div", "pictures");
  const text = make("div", "text");
  const works = make("p", "works");
  const muscle = make("p", "muscle");
  const cuesHead = make("h3", "cues-heading", "Check your form");
  const cues = make("ul", "cues");
  const cautionsHead = make("h3", "cautions-heading", "Take care");
  const cautions = make("ul", "cautions");
  const dosage = make("p", "dosage");
  const dosageNote = make("p", "dosage-note");
  const legend = make(
    "p",
    "legend",
    "* General guidance written by the workbook where its source text is silent.",
  );
  text.append(muscle, works, cuesHead, cues, cautionsHead, cautions, dosage, dosageNote, legend);
  const body = make("div", "body");
  body.append(pictures, text);
  const signs = make("div", "signs");
  const safety = make("p", "safety");
  const hint = make("p", "hint", "Keys: ← → to step, Home and End for the first and last.");
  root.append(bar, title, body, signs, safety, hint);
  el.replaceChildren(root);

  function draw() {
    /** @type {any[]} */
    const slides = model.get("_slides") || [];
    const count = slides.length;
    const index = Math.min(Math.max(model.get("index") || 0, 0), Math.max(count - 1, 0));
    const s = slides[index];
    if (!s) return;
    title.textContent = s.name;
    root.dataset.exercise = s.id;
    const isSigns = s.kind === "signs";
    body.hidden = isSigns;
    signs.hidden = !isSigns;
    safety.textContent = model.get("safety_line");
    prev.disabled = index === 0;
    next.disabled = index >= count - 1;
    if (isSigns) {
      counter.textContent = `Last slide: ${s.name}`;
      signs.replaceChildren(
        ...s.tiers.flatMap((/** @type {any} */ tier) => {
          const head = make("h3", `action ${PREFIX}__action--${tier.key}`, `${tier.action}:`);
          const list = make("ul", `tier ${PREFIX}__tier--${tier.key}`);
          list.replaceChildren(...tier.signs.map((/** @type {string} */ t) => make("li", "", t)));
          return [head, list];
        }),
      );
      pictures.replaceChildren();
      return;
    }
    const exercises = slides.filter((/** @type {any} */ x) => x.kind !== "signs").length;
    counter.textContent = `Exercise ${index + 1} of ${exercises}: ${s.name}`;
    muscle.replaceChildren(make("strong", "", "Muscle worked: "), document.createTextNode(s.muscle));
    works.replaceChildren(...marked({ text: s.works, workbook: s.works_workbook }));
    /** @param {{ text: string, workbook: boolean }} item */
    const item = (item) => {
      const li = make("li", "");
      li.append(...marked(item));
      return li;
    };
    cues.replaceChildren(...s.cues.map(item));
    cautions.replaceChildren(...s.cautions.map(item));
    cautionsHead.hidden = cautions.hidden = s.cautions.length === 0;
    dosage.replaceChildren(make("strong", "", "How much: "), document.createTextNode(s.dosage));
    dosageNote.replaceChildren();
    if (s.dosage_workbook) {
      dosageNote.append(make("strong", "", "The workbook's own default"), mark(), ". ");
    }
    if (s.dosage_note) dosageNote.append(...marked(s.dosage_note));
    dosageNote.hidden = !dosageNote.hasChildNodes();
    legend.hidden = !(
      s.works_workbook ||
      s.dosage_workbook ||
      [...s.cues, ...s.cautions].some((/** @type {any} */ t) => t.workbook)
    );
    pictures.replaceChildren(
      ...s.pictures.map((/** @type {string} */ svg, /** @type {number} */ i) => {
        const figure = make("figure", "picture");
        figure.innerHTML = svg; // the workbook's own SVG, made in Python from the catalogue
        figure.append(make("figcaption", "", i === 0 ? "Start" : "End"));
        return figure;
      }),
    );
  }

  /** @param {number} index */
  function go(index) {
    if (index === model.get("index")) return;
    model.set("index", index);
    model.save_changes();
    draw(); // at once, without waiting for the kernel
  }

  /** @param {KeyboardEvent} event */
  function onKey(event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const count = (model.get("_slides") || []).length;
    const to = target(event.key, model.get("index") || 0, count);
    if (to === null) return;
    event.preventDefault();
    event.stopPropagation(); // keep JupyterLab's own shortcuts out of it
    go(to);
  }

  const onFull = () => {
    if (document.fullscreenElement === root) document.exitFullscreen().catch(() => {});
    else root.requestFullscreen().catch(() => {});
  };
  const onFullChange = () => {
    const on = document.fullscreenElement === root;
    full.textContent = on ? "Exit full screen" : "Full screen";
    full.setAttribute("aria-pressed", String(on));
  };

  const onPrev = () => go(Math.max((model.get("index") || 0) - 1, 0));
  const onNext = () =>
    go(Math.min((model.get("index") || 0) + 1, (model.get("_slides") || []).length - 1));
  // every listener, added here and removed in the cleanup below
  const domEvents = [
    [root, "keydown", onKey],
    [prev, "click", onPrev],
    [next, "click", onNext],
    [full, "click", onFull],
    [document, "fullscreenchange", onFullChange],
  ];
  const modelEvents = [
    ["change:index", draw],
    ["change:_slides", draw],
    ["change:safety_line", draw],
  ];
  for (const [target, type, fn] of domEvents) target.addEventListener(type, fn);
  for (const [name, fn] of modelEvents) model.on(name, fn);
  draw();

  return () => {
    for (const [target, type, fn] of domEvents) target.removeEventListener(type, fn);
    for (const [name, fn] of modelEvents) model.off(name, fn);
  };
}

export default { render };
