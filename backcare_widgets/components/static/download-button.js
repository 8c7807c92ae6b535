// @ts-check
/**
 * BackCare download button (anywidget ES module; no bundler, no CDN).
 *
 * Pressing it asks Python for the file; Python answers with one custom message carrying the
 * bytes, which are saved through a blob: URL revoked at once. Nothing of the file is kept in
 * the widget's state or in the page.
 */

/** @param {{ model: any, el: HTMLElement }} ctx */
export function render({ model, el }) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "backcare-download";
  const status = document.createElement("span");
  status.className = "backcare-download__status";
  status.setAttribute("role", "status");
  el.append(button, status);

  const sync = () => {
    button.textContent = model.get("label");
    button.disabled = model.get("disabled");
    status.textContent = model.get("message");
  };
  sync();
  model.on("change:label", sync);
  model.on("change:disabled", sync);
  model.on("change:message", sync);

  button.addEventListener("click", () => {
    status.textContent = "Preparing the file…";
    model.send({ kind: "request" });
  });

  /** @param {any} msg @param {DataView[]} buffers */
  const onMessage = (msg, buffers) => {
    if (!msg || typeof msg !== "object") return;
    if (msg.kind === "failed") {
      status.textContent = String(msg.message || "The download failed.");
      return;
    }
    if (msg.kind !== "file" || !buffers || !buffers.length) return;
    const view = buffers[0];
    const blob = new Blob([view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength)], {
      type: String(msg.type || "application/octet-stream"),
    });
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = String(msg.name || model.get("filename"));
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    status.textContent = "";
  };
  model.on("msg:custom", onMessage);
  return () => model.off("msg:custom", onMessage);
}
