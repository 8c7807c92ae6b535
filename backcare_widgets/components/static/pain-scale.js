// @ts-check
/**
 * BackCare pain scale view (anywidget ES module; no bundler, no CDN).
 *
 * One radio group of 0 to 10, as the WAI-ARIA radio group pattern has it: one Tab stop (the
 * chosen number, or 0 while none is chosen), arrow keys move and choose, Home and End jump to
 * the ends, and the chosen number carries aria-checked. "Clear" appears only once a number is
 * chosen, so it never sits beside the words "not recorded".
 */

const PREFIX = "backcare-pain-scale";
const SCORES = Array.from({ length: 11 }, (_, score) => score);
let views = 0;

/**
 * The score an arrow (or Home / End) key moves to from the focused number `from`, wrapping at
 * the ends as the radio group pattern does; null for other keys.
 * @param {string} key
 * @param {number} from
 * @returns {number | null}
 */
export function moveTo(key, from) {
  if (key === "ArrowRight" || key === "ArrowDown") return (from + 1) % 11;
  if (key === "ArrowLeft" || key === "ArrowUp") return (from + 10) % 11;
  if (key === "Home") return 0;
  if (key === "End") return 10;
  return null;
}

/**
 * What the status line under the scale says: the scale's heading is right above it, so the
 * line does not repeat it.
 * @param {number | null} value
 */
export function statusText(value) {
  return value === null ? "Not recorded yet" : `Chosen: ${value} of 10`;
}

/** @param {{model: any, el: HTMLElement}} ctx */
export function render({ model, el }) {
  el.classList.add(PREFIX);
  const id = `${PREFIX}-${++views}`;
  el.innerHTML = `
  <p class="${PREFIX}__label" id="${id}-label"></p>
  <div class="${PREFIX}__choices" role="radiogroup" aria-labelledby="${id}-label"
       aria-describedby="${id}-ends"></div>
  <p class="${PREFIX}__ends" id="${id}-ends"><span class="${PREFIX}__low"></span>
    <span class="${PREFIX}__high"></span></p>
  <p class="${PREFIX}__status-row">
    <span class="${PREFIX}__status" role="status"></span>
    <button type="button" class="${PREFIX}__clear">Clear</button>
  </p>`;
  const q = (/** @type {string} */ name) =>
    /** @type {HTMLElement} */ (el.querySelector(`.${PREFIX}__${name}`));
  const ui = {
    label: q("label"),
    group: q("choices"),
    low: q("low"),
    high: q("high"),
    status: q("status"),
    clear: /** @type {HTMLButtonElement} */ (q("clear")),
  };
  const choices = SCORES.map((score) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = `${PREFIX}__choice`;
    button.setAttribute("role", "radio");
    button.dataset.score = String(score);
    button.textContent = String(score);
    ui.group.append(button);
    return button;
  });

  /** @returns {number | null} */
  const value = () => model.get("value");
  /** @param {number | null} score */
  const choose = (score) => {
    model.set("value", score);
    model.save_changes();
  };

  function show() {
    const chosen = value();
    const label = model.get("label");
    ui.label.textContent = label;
    ui.low.textContent = model.get("low_label");
    ui.high.textContent = model.get("high_label");
    ui.status.textContent = statusText(chosen);
    ui.clear.hidden = chosen === null;
    ui.clear.setAttribute("aria-label", `Clear ${label.toLowerCase()}: back to not recorded`);
    for (const [score, button] of choices.entries()) {
      const checked = score === chosen;
      button.setAttribute("aria-checked", String(checked));
      button.tabIndex = checked || (chosen === null && score === 0) ? 0 : -1;
    }
  }

  /** @param {MouseEvent} event */
  const onClick = (event) => {
    const button = /** @type {HTMLElement} */ (event.target).closest(`.${PREFIX}__choice`);
    if (button instanceof HTMLElement) choose(Number(button.dataset.score));
  };
  /** @param {KeyboardEvent} event */
  const onKey = (event) => {
    const focused = /** @type {HTMLElement} */ (event.target).closest(`.${PREFIX}__choice`);
    if (!(focused instanceof HTMLElement)) return;
    const next = moveTo(event.key, Number(focused.dataset.score));
    if (next === null) return;
    event.preventDefault();
    choose(next);
    show(); // before the kernel answers, so focus lands on the right number at once
    choices[next].focus();
  };
  const onClear = () => {
    choose(null);
    show();
    choices[0].focus(); // the clear button hides itself: keep focus in the scale
  };

  const domEvents = [
    [ui.group, "click", onClick],
    [ui.group, "keydown", onKey],
    [ui.clear, "click", onClear],
  ];
  const modelEvents = [
    ["change:value", show],
    ["change:label", show],
    ["change:low_label", show],
    ["change:high_label", show],
  ];
  for (const [target, type, fn] of domEvents) target.addEventListener(type, fn);
  for (const [name, fn] of modelEvents) model.on(name, fn);
  show();

  return () => {
    for (const [target, type, fn] of domEvents) target.removeEventListener(type, fn);
    for (const [name, fn] of modelEvents) model.off(name, fn);
  };
}

export default { render };
