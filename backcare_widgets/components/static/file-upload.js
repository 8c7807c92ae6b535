// @ts-check
/**
 * BackCare file upload view (anywidget ES module; no bundler, no CDN).
 *
 * A real button opens the (visually hidden) file input. The chosen files are checked here,
 * before anything is sent: too many files, any file over `max_bytes`, or more than `max_total_bytes`
 * together, and nothing is sent;
 * the alert says which file, how big, and the limit. Otherwise each file goes to Python in a
 * message of its own (far under Voila's websocket limit, which drops bigger messages silently),
 * the next one only after Python's "ack", then an "end" message; Python sets `value` once.
 */

const PREFIX = "backcare-file-upload";
/** How long to wait for Python's answer to one message before giving up. */
export const REPLY_TIMEOUT_MS = 300_000;
const MAX_NAMED_FILES = 5;

// --- plain functions: what the messages say ---------------------------------------------------

/**
 * A file size as people read it, in decimal units (the same rule as Python's `format_bytes`).
 * @param {number} size
 */
export function formatBytes(size) {
  if (size < 1000) return `${size} byte${size === 1 ? "" : "s"}`;
  const [value, unit] = size < 1e6 ? [size / 1e3, "kB"] : [size / 1e6, "MB"];
  return `${value.toFixed(1).replace(/\.0$/, "")} ${unit}`;
}

/**
 * Size and limit as text; exact bytes when rounding would make them look the same.
 * @param {number} size
 * @param {number} limit
 * @returns {[string, string]}
 */
function sizeAgainstLimit(size, limit) {
  const shown = formatBytes(size);
  const limitShown = formatBytes(limit);
  if (shown !== limitShown) return [shown, limitShown];
  return [`${size.toLocaleString("en")} bytes`, `${limit.toLocaleString("en")} bytes`];
}

/**
 * What is wrong with a choice of files; empty when it may be sent.
 * @param {{name: string, size: number}[]} files
 * @param {{maxBytes: number, maxFiles: number, maxTotalBytes?: number}} limits
 * @returns {string[]}
 */
export function problems(files, { maxBytes, maxFiles, maxTotalBytes = 0 }) {
  /** @type {string[]} */
  const found = [];
  if (files.length > maxFiles) {
    found.push(
      `You chose ${files.length} files; at most ${maxFiles} can be sent at once. ` +
        "Choose fewer files, or send them in several goes.",
    );
  }
  const big = files.filter((file) => file.size > maxBytes);
  if (big.length === 1) {
    const [size, limit] = sizeAgainstLimit(big[0].size, maxBytes);
    found.push(`${big[0].name} is ${size}, larger than the limit of ${limit} per file.`);
  } else if (big.length > 1) {
    const named = big
      .slice(0, MAX_NAMED_FILES)
      .map((file) => `${file.name} (${sizeAgainstLimit(file.size, maxBytes)[0]})`);
    if (big.length > MAX_NAMED_FILES) named.push(`${big.length - MAX_NAMED_FILES} more`);
    found.push(
      `${big.length} files are larger than the limit of ${formatBytes(maxBytes)} per file: ` +
        `${named.join(", ")}.`,
    );
  }
  const total = files.reduce((sum, file) => sum + file.size, 0);
  if (maxTotalBytes && big.length === 0 && total > maxTotalBytes) {
    const [size, limit] = sizeAgainstLimit(total, maxTotalBytes);
    found.push(
      `These ${files.length} files come to ${size}, more than the limit of ${limit} at once. ` +
        "Send them in several goes.",
    );
  }
  return found;
}

/**
 * The progress line while file `index` (from 0) is being sent.
 * @param {number} index
 * @param {{name: string}[]} files
 */
export function progressText(index, files) {
  if (files.length === 1) return `Sending ${files[0].name}…`;
  return `Sending ${index + 1} of ${files.length} files…`;
}

/**
 * The line shown once Python has every file.
 * @param {{name: string}[]} files
 */
export function sentText(files) {
  return files.length === 1 ? `Sent ${files[0].name}.` : `Sent ${files.length} files.`;
}

/** A fresh id for one choice of files (crypto.randomUUID needs a secure context). */
function newBatchId() {
  if (globalThis.crypto?.randomUUID) return globalThis.crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/** Python refused the batch; `message` says why (shown as it is). */
class Refused extends Error {}

// --- the view ----------------------------------------------------------------------------------

/**
 * @param {{ model: any, el: HTMLElement }} context
 */
function render({ model, el }) {
  el.classList.add(PREFIX);

  const button = document.createElement("button");
  button.type = "button";
  button.className = `${PREFIX}__button`;
  const input = document.createElement("input");
  input.type = "file";
  input.className = `${PREFIX}__input`;
  input.tabIndex = -1; // the button is the one place to focus
  input.setAttribute("aria-hidden", "true");
  const status = document.createElement("p");
  status.className = `${PREFIX}__status`;
  status.setAttribute("role", "status");
  const alert = document.createElement("div");
  alert.className = `${PREFIX}__alert`;
  alert.setAttribute("role", "alert");
  el.append(button, input, status, alert);

  let disposed = false;
  let sending = false;
  /** @type {{batch: string, kind: string, index: number, done: () => void,
   *   fail: (error: Error) => void} | null} */
  let waiting = null;

  const sync = () => {
    button.textContent = model.get("description");
    button.title = model.get("tooltip");
    input.accept = model.get("accept");
    input.multiple = Boolean(model.get("multiple"));
    input.setAttribute("aria-label", model.get("description"));
  };

  /** @param {string[]} lines @param {string} outcome */
  const showAlert = (lines, outcome) => {
    alert.replaceChildren(
      ...lines.map((line) => {
        const p = document.createElement("p");
        p.textContent = line;
        return p;
      }),
    );
    if (outcome) {
      const strong = document.createElement("strong");
      strong.textContent = outcome;
      const p = document.createElement("p");
      p.append(strong);
      alert.append(p);
    }
  };

  /**
   * Wait for Python's answer of `kind` ("ack" for file `index`, or "received") to `batch`.
   * @param {string} batch
   * @param {string} kind
   * @param {number} index
   * @returns {Promise<void>}
   */
  const reply = (batch, kind, index = -1) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting = null;
        reject(new Error("The workbook did not answer."));
      }, REPLY_TIMEOUT_MS);
      waiting = {
        batch,
        kind,
        index,
        done: () => {
          clearTimeout(timer);
          waiting = null;
          resolve();
        },
        fail: (error) => {
          clearTimeout(timer);
          waiting = null;
          reject(error);
        },
      };
    });

  /** @param {any} msg */
  const onMessage = (msg) => {
    if (!waiting || !msg || msg.batch !== waiting.batch) return;
    if (msg.kind === "refused") waiting.fail(new Refused(String(msg.message)));
    else if (msg.kind === waiting.kind && (msg.kind !== "ack" || msg.index === waiting.index)) {
      waiting.done();
    }
  };

  /** @param {File[]} files */
  const send = async (files) => {
    const batch = newBatchId();
    sending = true;
    button.setAttribute("aria-disabled", "true");
    let current = files[0];
    try {
      for (let index = 0; index < files.length; index++) {
        current = files[index];
        status.textContent = progressText(index, files);
        const buffer = await current.arrayBuffer();
        if (disposed) return;
        model.send(
          {
            kind: "file",
            batch,
            index,
            count: files.length,
            name: current.name,
            type: current.type,
            last_modified: current.lastModified,
          },
          undefined,
          [buffer],
        );
        await reply(batch, "ack", index);
      }
      model.send({ kind: "end", batch, count: files.length }, undefined, []);
      await reply(batch, "received");
      status.textContent = sentText(files);
    } catch (error) {
      if (disposed) return;
      status.textContent = "";
      if (error instanceof Refused) showAlert([error.message], "");
      else {
        const why = error instanceof Error ? error.message : String(error);
        showAlert(
          [`${current.name} could not be sent: ${why} Try again, or reload the page.`],
          "Nothing was used.",
        );
      }
    } finally {
      sending = false;
      button.removeAttribute("aria-disabled");
    }
  };

  const onClick = () => {
    if (!sending) input.click();
  };

  const onChange = () => {
    const files = Array.from(input.files ?? []);
    input.value = ""; // so choosing the same file again is a new choice
    if (files.length === 0) return;
    status.textContent = "";
    alert.replaceChildren();
    const maxFiles = model.get("multiple") ? model.get("max_files") : 1;
    const found = problems(files, {
      maxBytes: model.get("max_bytes"),
      maxFiles,
      maxTotalBytes: model.get("max_total_bytes"),
    });
    if (found.length) {
      showAlert(found, "Nothing was sent.");
      return;
    }
    void send(files);
  };

  sync();
  button.addEventListener("click", onClick);
  input.addEventListener("change", onChange);
  model.on("msg:custom", onMessage);
  for (const name of ["description", "tooltip", "accept", "multiple"]) {
    model.on(`change:${name}`, sync);
  }

  return () => {
    disposed = true;
    waiting?.fail(new Error("The view was closed."));
    button.removeEventListener("click", onClick);
    input.removeEventListener("change", onChange);
    model.off("msg:custom", onMessage);
    for (const name of ["description", "tooltip", "accept", "multiple"]) {
      model.off(`change:${name}`, sync);
    }
  };
}

export default { render };
