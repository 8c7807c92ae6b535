// @ts-check
/**
 * BackCare browser clock (anywidget ES module): tells the kernel the browser's IANA time zone,
 * so times are shown in the person's local time. Renders nothing visible.
 */

/** @param {{ model: any, el: HTMLElement }} ctx */
export function render({ model, el }) {
  el.classList.add("backcare-browser-clock");
  el.hidden = true;
  let zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (_error) {
    zone = "";
  }
  if (zone && model.get("time_zone") !== zone) {
    model.set("time_zone", zone);
    model.save_changes();
  }
}
