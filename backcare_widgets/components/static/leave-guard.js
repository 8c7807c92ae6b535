// @ts-check
/**
 * BackCare leave guard (anywidget ES module): while `armed`, leaving or reloading the page asks
 * the browser to confirm, so a finished set is not lost unsaved. Renders nothing visible.
 */

/** @param {{ model: any, el: HTMLElement }} ctx */
export function render({ model, el }) {
  el.classList.add("backcare-leave-guard");
  el.hidden = true;
  /** @param {BeforeUnloadEvent} event */
  const onBeforeUnload = (event) => {
    if (!model.get("armed")) return;
    event.preventDefault();
    event.returnValue = ""; // older Chromium asks only when returnValue is set
  };
  const sync = () => {
    el.dataset.armed = String(Boolean(model.get("armed")));
  };
  sync();
  model.on("change:armed", sync);
  window.addEventListener("beforeunload", onBeforeUnload);
  return () => {
    window.removeEventListener("beforeunload", onBeforeUnload);
    model.off("change:armed", sync);
  };
}
