// @ts-check
/**
 * BackCare leave guard (anywidget ES module): while `armed`, leaving or reloading the page asks
 * the browser to confirm, so a finished set is not lost unsaved. Renders nothing visible.
 *
 * It marks the page (`data-backcare-unsaved` on <html>). In the workbook's Voila template a
 * listener registered before Voila's own reads that mark, asks, and holds back Voila's kernel
 * shutdown while the person stays; elsewhere (JupyterLab) the listener here asks.
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
    const armed = Boolean(model.get("armed"));
    el.dataset.armed = String(armed);
    document.documentElement.dataset.backcareUnsaved = String(armed);
  };
  sync();
  model.on("change:armed", sync);
  window.addEventListener("beforeunload", onBeforeUnload);
  return () => {
    window.removeEventListener("beforeunload", onBeforeUnload);
    model.off("change:armed", sync);
    delete document.documentElement.dataset.backcareUnsaved;
  };
}
