// @ts-check
/**
 * BackCare hold timer view (anywidget ES module; no bundler, no CDN).
 *
 * Python lays out the steps of a set (`_plan`); this view keeps time with performance.now(),
 * walks the steps, beeps and speaks, and reports each finished hold back through the `holds`
 * trait. Python never ticks the timer, so a busy kernel cannot stall it.
 */

/**
 * @typedef {{phase: string, side: string | null, repeat: number, duration_s: number,
 *   start_s: number, label: string, detail: string, then: string, cues: string[],
 *   fallback_beeps: number, announce: string}} Step
 * @typedef {{side: string | null, repeat: number, seconds: number, target_s: number,
 *   completed: boolean}} HoldEntry
 */

const PREFIX = "backcare-hold-timer";
const BEEP_HOLD_START = { freq: 880, ms: 220 };
const BEEP_HOLD_END = { freq: 587, ms: 420 };
const BEEP_PIP = { freq: 440, ms: 90 };
const BEEP_FALLBACK = { freq: 660, ms: 120 };
// Utterance errors that mean "no voice will ever come" (not a cancel by us).
const FATAL_SPEECH_ERRORS = new Set([
  "synthesis-failed",
  "synthesis-unavailable",
  "audio-hardware",
  "language-unavailable",
  "voice-unavailable",
  "not-allowed",
]);

// --- plain functions: what runs when (tested in the browser without Voila) ---------------------

/**
 * Find the step running `elapsedMs` after start and the time left in it; the same rule as
 * `locate` in `_hold_plan.py`: a step owns [start, start + duration), past the end the last
 * ("done") step is current.
 * @param {Step[]} plan
 * @param {number} elapsedMs
 * @returns {{index: number, remainingMs: number}}
 */
export function locate(plan, elapsedMs) {
  for (let index = 0; index < plan.length; index++) {
    const end = (plan[index].start_s + plan[index].duration_s) * 1000;
    if (elapsedMs < end) return { index, remainingMs: end - elapsedMs };
  }
  return { index: plan.length - 1, remainingMs: 0 };
}

/**
 * The whole seconds shown for `remainingMs` (counting down: 20 ... 1).
 * @param {number} remainingMs
 */
export function displaySeconds(remainingMs) {
  return Math.max(0, Math.ceil(remainingMs / 1000));
}

/**
 * Milliseconds until the shown second (or the step) changes, plus 1 ms so the timer never wakes
 * just before the change.
 * @param {number} remainingMs
 */
export function nextDelay(remainingMs) {
  const toNextSecond = remainingMs % 1000;
  return (toNextSecond > 0 ? toNextSecond : 1000) + 1;
}

/**
 * A clock that counts only while running, so pause resumes where it stopped.
 * @param {() => number} now
 */
export function createClock(now = () => performance.now()) {
  let accumulated = 0;
  /** @type {number | null} */
  let resumedAt = null;
  return {
    get running() {
      return resumedAt !== null;
    },
    start() {
      if (resumedAt === null) resumedAt = now();
    },
    pause() {
      if (resumedAt !== null) accumulated += now() - resumedAt;
      resumedAt = null;
    },
    elapsed() {
      return accumulated + (resumedAt === null ? 0 : now() - resumedAt);
    },
    /** Jump to `ms` from start (the camera coach ends a wait, or holds the clock at one). */
    set(ms) {
      accumulated = ms;
      if (resumedAt !== null) resumedAt = now();
    },
  };
}

/**
 * The sentence shown before start, e.g. "5 holds of 20 s each side, 5 s rest between".
 * @param {Step[]} plan
 */
export function summary(plan) {
  const holds = plan.filter((step) => step.phase === "hold");
  if (holds.length === 0) return "";
  const sides = new Set(holds.map((step) => step.side).filter(Boolean));
  const perSide = sides.size > 1 ? holds.length / sides.size : holds.length;
  const rest = plan.find((step) => step.phase === "rest");
  let text = `${perSide} hold${perSide === 1 ? "" : "s"} of ${holds[0].duration_s} s`;
  if (sides.size > 1) text += " each side";
  if (sides.size > 1 && holds[1] && holds[1].side !== holds[0].side) text += ", sides in turn";
  if (rest) text += `, ${rest.duration_s} s rest between`;
  return text;
}

// --- browser services: sound, voice, wake lock ---------------------------------------------------

function createSound() {
  /** @type {AudioContext | null} */
  let context = null;
  return {
    /** Create or resume audio; call it inside a click or key handler (autoplay rules). */
    unlock() {
      const AudioContextClass =
        window.AudioContext || /** @type {any} */ (window).webkitAudioContext;
      if (!AudioContextClass) return;
      try {
        if (!context) context = new AudioContextClass();
        if (context.state === "suspended") context.resume().catch(() => {});
      } catch {
        context = null;
      }
    },
    /** Whether sound plays now (so beeps can be scheduled ahead on the audio clock). */
    running() {
      return Boolean(context && context.state === "running");
    },
    /**
     * Play a tone `delayMs` from now, timed by the audio clock (exact even if the page is busy).
     * @param {{freq: number, ms: number}} tone
     * @param {number} delayMs
     * @returns {OscillatorNode | null} the tone, so a pause can cancel it
     */
    beep(tone, delayMs = 0) {
      if (!context) return null;
      const start = context.currentTime + delayMs / 1000;
      const end = start + tone.ms / 1000;
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = "sine";
      oscillator.frequency.value = tone.freq;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.5, start + 0.015);
      gain.gain.exponentialRampToValueAtTime(0.0001, end);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start);
      oscillator.stop(end + 0.02);
      return oscillator;
    },
    close() {
      if (context) context.close().catch(() => {});
      context = null;
    },
  };
}

function createVoice() {
  const synth = "speechSynthesis" in window ? window.speechSynthesis : null;
  let failed = false;
  let voiceCount = 0;
  const refresh = () => {
    try {
      voiceCount = synth ? synth.getVoices().length : 0;
    } catch {
      voiceCount = 0;
    }
  };
  refresh();
  if (synth && synth.addEventListener) synth.addEventListener("voiceschanged", refresh);
  return {
    /** Whether cues can be spoken: a synthesiser with at least one voice that has not failed. */
    available() {
      if (!synth || failed) return false;
      if (voiceCount === 0) refresh();
      return voiceCount > 0;
    },
    /**
     * @param {string[]} texts
     * @param {() => void} onFail called once if the synthesiser cannot speak
     */
    speak(texts, onFail) {
      if (!synth) return;
      let reported = false;
      synth.cancel();
      for (const text of texts) {
        const utterance = new SpeechSynthesisUtterance(text);
        utterance.rate = 0.95;
        utterance.onerror = (event) => {
          if (!FATAL_SPEECH_ERRORS.has(event.error)) return; // "canceled", "interrupted"
          failed = true;
          if (!reported) onFail();
          reported = true;
        };
        synth.speak(utterance);
      }
    },
    cancel() {
      if (synth) synth.cancel();
    },
    dispose() {
      if (synth && synth.removeEventListener) synth.removeEventListener("voiceschanged", refresh);
    },
  };
}

/** @param {(active: boolean) => void} onChange */
function createWakeLock(onChange) {
  /** @type {any} */
  let sentinel = null;
  let wanted = false;
  const nav = /** @type {any} */ (navigator);
  async function acquire() {
    if (!nav.wakeLock || document.visibilityState !== "visible" || sentinel) return;
    try {
      sentinel = await nav.wakeLock.request("screen");
      sentinel.addEventListener("release", () => {
        sentinel = null;
        onChange(false);
      });
      if (!wanted) {
        sentinel.release().catch(() => {});
        return;
      }
      onChange(true);
    } catch {
      sentinel = null; // not allowed here (no user activation, battery saver): carry on
    }
  }
  const onVisibility = () => {
    if (wanted) acquire();
  };
  document.addEventListener("visibilitychange", onVisibility);
  return {
    hold() {
      wanted = true;
      acquire();
    },
    release() {
      wanted = false;
      if (sentinel) sentinel.release().catch(() => {});
      sentinel = null;
      onChange(false);
    },
    dispose() {
      this.release();
      document.removeEventListener("visibilitychange", onVisibility);
    },
  };
}

// --- the view -----------------------------------------------------------------------------------

const MARKUP = `
  <div class="${PREFIX}__title" hidden></div>
  <div class="${PREFIX}__face">
    <div class="${PREFIX}__label"></div>
    <div class="${PREFIX}__digits" role="timer" aria-live="off"></div>
    <div class="${PREFIX}__detail"></div>
    <div class="${PREFIX}__then"></div>
    <div class="${PREFIX}__progress" aria-hidden="true"><div class="${PREFIX}__bar"></div></div>
  </div>
  <div class="${PREFIX}__controls">
    <button type="button" class="${PREFIX}__start" aria-keyshortcuts="Space">Start</button>
    <button type="button" class="${PREFIX}__stop" aria-keyshortcuts="Escape">Stop</button>
    <button type="button" class="${PREFIX}__mute" aria-pressed="false">Sound on</button>
  </div>
  <p class="${PREFIX}__keys">Keys: Space starts or pauses, Esc stops.
    <span class="${PREFIX}__awake" hidden>Screen kept awake.</span></p>
  <div class="${PREFIX}__live" role="status" aria-live="polite" aria-atomic="true"></div>
`;

/** @param {{model: any, el: HTMLElement}} context */
export function render({ model, el }) {
  el.classList.add(PREFIX);
  el.tabIndex = 0;
  el.setAttribute("role", "group");
  el.innerHTML = MARKUP;
  /** @param {string} name */
  const part = (name) => /** @type {HTMLElement} */ (el.querySelector(`.${PREFIX}__${name}`));
  const ui = {
    title: part("title"),
    label: part("label"),
    digits: part("digits"),
    detail: part("detail"),
    then: part("then"),
    bar: part("bar"),
    start: /** @type {HTMLButtonElement} */ (part("start")),
    stop: /** @type {HTMLButtonElement} */ (part("stop")),
    mute: /** @type {HTMLButtonElement} */ (part("mute")),
    awake: part("awake"),
    live: part("live"),
  };

  const sound = createSound();
  const voice = createVoice();
  const wake = createWakeLock((active) => {
    ui.awake.hidden = !active;
    el.dataset.wakeLock = active ? "on" : "off";
  });

  /**
   * The run this view owns (null when idle or when another view of the same model runs it).
   * @type {null | {plan: Step[], clock: ReturnType<typeof createClock>, index: number,
   *   holdStart: number, holds: HoldEntry[], timeout: number | undefined, shown: number,
   *   ended: boolean, scheduled: number, pending: OscillatorNode[],
   *   gate: null | {index: number, sawOut: boolean, told: boolean}, byCoach: boolean}}
   */
  let run = null;

  /** @returns {Step[]} */
  const plan = () => model.get("_plan") || [];
  const muted = () => Boolean(model.get("muted"));

  /**
   * Whether step `index` waits for the camera coach: a get-ready or rest just before a hold,
   * while the coach is on (`wait_for_position`). It ends when the position is reached.
   * @param {number} index
   */
  function gated(index) {
    if (!run || index < 0 || !model.get("wait_for_position")) return false;
    const step = run.plan[index];
    const next = run.plan[index + 1];
    return Boolean(
      next && next.phase === "hold" && (step.phase === "get_ready" || step.phase === "rest"),
    );
  }

  /** Whether the coach sees the position of the hold after step `index` (its side, if any). */
  function inPosition(/** @type {number} */ index) {
    if (!run) return false;
    const sides = model.get("position_sides") || [];
    const next = run.plan[index + 1];
    if (sides.includes("any")) return true;
    return next && next.side ? sides.includes(next.side) : sides.length > 0;
  }

  /**
   * With the coach on, hold the clock in a waiting step until the position is reached, then
   * jump to the hold. Returns true while waiting (the caller shows that and looks again soon).
   */
  function waitForPosition() {
    if (!run || !gated(run.index)) return false;
    const step = run.plan[run.index];
    const end = (step.start_s + step.duration_s) * 1000;
    if (!run.gate || run.gate.index !== run.index) {
      // a get-ready may begin in position; after a hold the person must leave it first
      run.gate = { index: run.index, sawOut: step.phase === "get_ready", told: false };
    }
    const reached = inPosition(run.index);
    if (!reached) run.gate.sawOut = true;
    if (reached && run.gate.sawOut) {
      run.clock.set(Math.max(run.clock.elapsed(), end));
      run.byCoach = true;
      run.gate = null;
      return false;
    }
    if (run.clock.elapsed() < end - 40) return false; // still counting down
    run.clock.set(end - 40);
    cancelScheduled();
    if (!run.gate.told) {
      run.gate.told = true;
      announce("Get into position: the hold starts when the camera sees you there.");
    }
    show(step, 0, {
      status: "running",
      label: "Waiting for your position",
      detail: step.detail,
      then: "The hold starts when the camera coach sees you in position.",
      fraction: 1,
    });
    return true;
  }

  /** @param {string} text */
  function announce(text) {
    ui.live.textContent = text;
  }

  /** @param {{freq: number, ms: number}} tone @param {number} delayMs */
  function beep(tone, delayMs = 0) {
    return muted() ? null : sound.beep(tone, delayMs);
  }

  /**
   * Schedule the beeps of the coming step change on the audio clock, so the person hears the
   * start and end of a hold on time even when the page is slow to wake up.
   * @param {number} index the current step @param {number} remainingMs time left in it
   */
  function scheduleBoundary(index, remainingMs) {
    if (!run || run.scheduled === index + 1 || !sound.running() || muted()) return;
    if (gated(index)) return; // the hold starts when the coach sees the position, not on time
    const step = run.plan[index];
    const next = run.plan[index + 1];
    if (!next) return;
    const tones = [];
    if (step.phase === "hold") tones.push(BEEP_HOLD_END);
    if (next.phase === "hold") tones.push(BEEP_HOLD_START);
    for (const tone of tones) {
      const oscillator = beep(tone, remainingMs);
      if (oscillator) run.pending.push(oscillator);
    }
    run.scheduled = index + 1;
  }

  function cancelScheduled() {
    if (!run) return;
    for (const oscillator of run.pending) {
      try {
        oscillator.stop();
        oscillator.disconnect();
      } catch {
        // already ended
      }
    }
    run.pending = [];
    run.scheduled = -1;
  }

  /** @param {Step} step */
  function fallbackBeeps(step) {
    for (let i = 0; i < step.fallback_beeps; i++) beep(BEEP_FALLBACK, 200 * i + 450);
  }

  /** @param {Step} step */
  function cue(step) {
    if (muted() || step.cues.length === 0) return;
    if (voice.available()) voice.speak(step.cues, () => fallbackBeeps(step));
    else fallbackBeeps(step);
  }

  function updateTitle() {
    const title = model.get("title") || "";
    ui.title.textContent = title;
    ui.title.hidden = !title;
    el.setAttribute("aria-label", title ? `Hold timer: ${title}` : "Hold timer");
    const isMuted = muted();
    ui.mute.setAttribute("aria-pressed", String(isMuted));
    ui.mute.textContent = isMuted ? "Sound off" : "Sound on";
  }

  /**
   * @param {Step | null} step
   * @param {number} seconds
   * @param {{status: string, fraction?: number, label?: string, detail?: string,
   *   then?: string}} state
   */
  function show(step, seconds, state) {
    el.dataset.phase = step ? step.phase : "idle";
    el.dataset.status = state.status;
    ui.label.textContent = state.label ?? (step ? step.label : "Ready");
    ui.digits.textContent = String(seconds);
    ui.digits.setAttribute("aria-label", `${seconds} second${seconds === 1 ? "" : "s"}`);
    ui.detail.textContent = state.detail ?? (step ? step.detail : "");
    ui.then.textContent = state.then ?? (step ? step.then : "");
    ui.bar.style.width = `${Math.round((state.fraction ?? 0) * 1000) / 10}%`;
    const labels = {
      idle: "Start",
      running: "Pause",
      paused: "Resume",
      done: "Start again",
      stopped: "Start again",
    };
    ui.start.textContent = labels[/** @type {keyof typeof labels} */ (state.status)] || "Start";
    ui.stop.disabled = !(state.status === "running" || state.status === "paused");
  }

  function showIdle() {
    const steps = plan();
    const first = steps.find((step) => step.phase === "hold");
    const ready = steps[0] && steps[0].phase === "get_ready" ? steps[0].duration_s : 0;
    let how = ready
      ? `Press Start (or Space), then get into position: ${ready} s to get ready.`
      : "Press Start (or Space) to begin.";
    if (model.get("wait_for_position")) {
      how = "Press Start (or Space), then get into position: the hold starts when the camera coach sees you there.";
    }
    show(null, first ? first.duration_s : 0, {
      status: "idle",
      label: "Ready",
      detail: first ? `First: ${first.detail}` : "",
      then: `${summary(steps)}. ${how}`,
    });
  }

  /** Show what the model says (for a view that does not own the run, or after a re-render). */
  function showFromModel() {
    const status = model.get("status");
    const steps = plan();
    if (status === "idle" || steps.length === 0) return showIdle();
    const step = steps[Math.min(model.get("step_index"), steps.length - 1)];
    const label = status === "paused" ? `Paused - ${step.label}` : undefined;
    show(step, model.get("remaining_s"), { status, label });
  }

  /** Mirror the run into the model; only whole seconds are sent, never every tick. */
  function sync(/** @type {Record<string, any>} */ changes) {
    for (const [key, value] of Object.entries(changes)) model.set(key, value);
    model.save_changes();
  }

  /**
   * Enter step `index`; `latest` is the step current now (others were crossed while the page
   * slept: they get no cues). Hold times are measured on the run's clock, which counts only
   * while running, from the step's start: the moment its beep was scheduled to sound.
   * @param {number} index @param {number} latest
   */
  function enter(index, latest) {
    if (!run) return;
    const step = run.plan[index];
    const at = step.start_s * 1000;
    const previous = run.index >= 0 ? run.plan[run.index] : null;
    const onTime = run.scheduled === index; // its beeps were already scheduled on the audio clock
    if (previous && previous.phase === "hold") {
      run.holds.push({
        side: previous.side,
        repeat: previous.repeat,
        seconds: Math.round(at - run.holdStart) / 1000,
        target_s: previous.duration_s,
        completed: true,
      });
      if (!onTime && index === latest) beep(BEEP_HOLD_END);
    }
    if (step.phase === "hold") {
      run.holdStart = at;
      if (!onTime && index === latest) beep(BEEP_HOLD_START);
    }
    run.pending = [];
    run.scheduled = -1;
    run.index = index;
    if (index === latest && run.byCoach && step.phase === "hold") {
      cue({ ...step, cues: ["In position", ...step.cues] });
      announce(`In position: hold started. ${step.announce}`);
    } else if (index === latest) {
      cue(step);
      announce(step.announce);
    }
    if (step.phase === "hold") run.byCoach = false;
    const changes = { phase: step.phase, step_index: index };
    if (previous && previous.phase === "hold") Object.assign(changes, { holds: [...run.holds] });
    sync(changes);
  }

  function tick() {
    if (!run || !run.clock.running) return;
    clearTimeout(run.timeout);
    if (waitForPosition()) {
      run.timeout = window.setTimeout(tick, 150);
      return;
    }
    const elapsed = run.clock.elapsed();
    const { index, remainingMs } = locate(run.plan, elapsed);
    if (run.index < index && run.plan[index].phase !== "done") {
      // the screen first: speech, syncing and other views of the model can take milliseconds
      const step = run.plan[index];
      const fraction = step.duration_s ? 1 - remainingMs / (step.duration_s * 1000) : 1;
      show(step, displaySeconds(remainingMs), { status: "running", fraction });
    }
    while (run && run.index < index) enter(run.index + 1, index);
    if (!run) return;
    const step = run.plan[index];
    if (step.phase === "done") return finish("done");
    const seconds = displaySeconds(remainingMs);
    if (remainingMs <= 1100) scheduleBoundary(index, remainingMs);
    if (seconds !== run.shown) {
      const pip = (step.phase === "get_ready" || step.phase === "rest") && seconds <= 3;
      if (pip && run.shown !== -1 && seconds < step.duration_s) beep(BEEP_PIP);
      run.shown = seconds;
      sync({ remaining_s: seconds });
    }
    show(step, seconds, {
      status: "running",
      fraction: step.duration_s ? 1 - remainingMs / (step.duration_s * 1000) : 1,
    });
    run.timeout = window.setTimeout(tick, nextDelay(remainingMs));
  }

  function start() {
    sound.unlock(); // inside the click/key handler, as autoplay rules require
    const steps = plan();
    if (steps.length === 0) return;
    run = {
      plan: steps,
      clock: createClock(),
      index: -1,
      holdStart: 0,
      holds: [],
      timeout: undefined,
      shown: -1,
      ended: false,
      scheduled: -1,
      pending: [],
      gate: null,
      byCoach: false,
    };
    wake.hold();
    sync({ holds: [], status: "running", phase: steps[0].phase, step_index: 0 });
    run.clock.start();
    tick();
  }

  function pause() {
    if (!run || !run.clock.running) return;
    run.clock.pause();
    clearTimeout(run.timeout);
    cancelScheduled();
    voice.cancel();
    const step = run.plan[Math.max(run.index, 0)];
    const { remainingMs } = locate(run.plan, run.clock.elapsed());
    show(step, displaySeconds(remainingMs), {
      status: "paused",
      label: `Paused - ${step.label}`,
      fraction: step.duration_s ? 1 - remainingMs / (step.duration_s * 1000) : 1,
    });
    announce(`Paused. ${step.detail}. Press Space or Resume to carry on.`);
    sync({ status: "paused" });
  }

  function resume() {
    if (!run || run.clock.running || run.ended) return;
    sound.unlock();
    wake.hold();
    sync({ status: "running" });
    announce(`Carrying on. ${run.plan[Math.max(run.index, 0)].detail}`);
    run.clock.start();
    tick();
  }

  /** @param {"done" | "stopped"} status */
  function finish(status) {
    if (!run || run.ended) return;
    clearTimeout(run.timeout);
    if (status === "stopped") cancelScheduled();
    run.clock.pause();
    run.ended = true;
    wake.release();
    const holds = run.holds;
    const finalStep = run.plan[run.plan.length - 1];
    if (status === "done") {
      show(finalStep, 0, { status, fraction: 1 });
      sync({ holds: [...holds], status, phase: "done", step_index: run.plan.length - 1 });
      return;
    }
    voice.cancel();
    const full = holds.filter((hold) => hold.completed).length;
    const last = holds[holds.length - 1];
    let detail = `Stopped early after ${full} full hold${full === 1 ? "" : "s"}`;
    if (last && !last.completed) {
      detail += `; the last one ${last.seconds.toFixed(1)} s of ${last.target_s} s`;
    }
    show(null, 0, { status, label: "Stopped", detail: `${detail}.`, then: "", fraction: 0 });
    announce(`Stopped. ${detail}.`);
    sync({ holds: [...holds], status, phase: "idle" });
  }

  function stop() {
    if (!run || run.ended) return;
    const elapsed = run.clock.elapsed();
    const step = run.plan[Math.max(run.index, 0)];
    if (step.phase === "hold") {
      run.holds.push({
        side: step.side,
        repeat: step.repeat,
        seconds: Math.round(elapsed - run.holdStart) / 1000,
        target_s: step.duration_s,
        completed: false,
      });
      beep(BEEP_HOLD_END);
    }
    finish("stopped");
  }

  function toggle() {
    if (!run || run.ended) start();
    else if (run.clock.running) pause();
    else resume();
  }

  /** @param {KeyboardEvent} event */
  function onKey(event) {
    const target = /** @type {HTMLElement} */ (event.target);
    const onControl = target !== el && target.closest("button, input, select, textarea");
    if (event.key === " " || event.code === "Space") {
      if (onControl) return; // the focused button handles its own Space
      event.preventDefault();
      event.stopPropagation();
      if (!event.repeat) toggle();
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      stop();
    }
  }

  const onStart = () => toggle();
  const onStop = () => stop();
  const onMute = () => {
    const next = !muted();
    if (next) voice.cancel();
    else sound.unlock();
    sync({ muted: next });
    updateTitle();
  };
  const onPlanChange = () => {
    updateTitle();
    if (!run) showFromModel();
  };
  const onModelState = () => {
    if (!run) showFromModel();
  };
  // the camera coach saw (or lost) the position: look now, not at the next second
  const onCoach = () => {
    if (run && !run.ended && run.clock.running) tick();
    else if (!run) showFromModel();
  };
  const onStatus = () => {
    // Only Python sets "idle" (reset()): drop the run without reporting anything more.
    if (model.get("status") === "idle" && run) {
      clearTimeout(run.timeout);
      cancelScheduled();
      run = null;
      voice.cancel();
      wake.release();
      announce("Timer reset.");
    }
    if (!run) showFromModel();
  };

  // every listener, added here and removed in the cleanup below
  const domEvents = [
    [ui.start, "click", onStart],
    [ui.stop, "click", onStop],
    [ui.mute, "click", onMute],
    [el, "keydown", onKey],
  ];
  const modelEvents = [
    ["change:_plan", onPlanChange],
    ["change:title", onPlanChange],
    ["change:muted", onPlanChange],
    ["change:status", onStatus],
    ["change:remaining_s", onModelState],
    ["change:step_index", onModelState],
    ["change:position_sides", onCoach],
    ["change:wait_for_position", onCoach],
  ];
  for (const [target, type, fn] of domEvents) target.addEventListener(type, fn);
  for (const [name, fn] of modelEvents) model.on(name, fn);

  updateTitle();
  showFromModel();

  return () => {
    if (run && !run.ended) stop(); // the view is going away: report the set honestly
    if (run) clearTimeout(run.timeout);
    run = null;
    voice.dispose();
    wake.dispose();
    sound.close();
    for (const [target, type, fn] of domEvents) target.removeEventListener(type, fn);
    for (const [name, fn] of modelEvents) model.off(name, fn);
  };
}

export default { render };
