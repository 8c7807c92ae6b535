"""ExerciseSession: one catalogue exercise, guided set by set, each set logged honestly.

It composes the components (HoldTimer, RepCounter, FormChecklist, two PainScales) and fills
their targets from the catalogue's dosage: a range offers its low end, adjustable within the
range. Each saved set writes one log row per side through :class:`~backcare_widgets.data.log.
SessionLog`; a set stopped early is logged with what was done and a note saying so, never as
done, and nothing is logged for a side not started. When pain after a set is 2 or more points
above the pain before the exercise's *first* set of the day (read from the log), it says so
plainly and suggests stopping, so a rise spread over several sets (2, 3, 4, 5) is caught too.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import traitlets

from backcare_widgets.components.camera_coach import CameraCoach
from backcare_widgets.components.form_checklist import FormChecklist
from backcare_widgets.components.hold_timer import HoldTimer, TimerResult
from backcare_widgets.components.pain_scale import PainScale
from backcare_widgets.components.rep_counter import RepCounter
from backcare_widgets.data.catalog import Exercise
from backcare_widgets.data.pain import pain_got_worse, worse_message
from backcare_widgets.session.recording import (
    SetRow,
    record_set,
    rows_for_set,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from backcare_widgets.data.dosage import LoggedSet
    from backcare_widgets.data.log import SessionLog

__all__ = ["GET_READY_SECONDS", "GET_READY_WORDS", "SET_ANCHOR", "ExerciseSession"]

#: The id of the mark just above a session's pain before and timer (the amount's inputs, rarely
#: changed, stay just above it): a notebook's "Go to the timer" link jumps to it, so on a phone
#: the timer's Start is one tap away (a page shows one session at a time).
SET_ANCHOR = "backcare-set"

#: The get-ready countdown a set starts with, in seconds: the workbook's own default (general
#: guidance, the source gives no time), long enough to lie down with a sore back.
GET_READY_SECONDS = 10
#: What the get-ready input says it is for (on screen, beside the input).
GET_READY_WORDS = (
    f"Time to get into position before the first hold. {GET_READY_SECONDS} seconds is the "
    "workbook's default, long enough to lie down slowly; change it if you need longer."
)


def _low(value: int | tuple[int, ...] | None) -> int | None:
    return value[0] if isinstance(value, tuple) else value


class ExerciseSession(widgets.VBox):
    """A guided session of one catalogue exercise: timer, counter, form check, pain, log.

    Parameters
    ----------
    exercise : Exercise
        The catalogue record, e.g. ``catalog.exercise("hamstring-stretch")`` (a programme's
        catalogue gives it the programme's dosage).
    log : SessionLog or callable, optional
        Where sets are written, or a function that opens that log (called at the first save);
        default: the per-user log (``$BACKCARE_DATA_DIR``), opened at the first save.
    get_ready_seconds : int
        The timer's get-ready countdown: time to get down on the mat before the first hold.
        The workbook's default (:data:`GET_READY_SECONDS`, general guidance: the source gives
        none) is long enough to lie down with a sore back; the person can change it on the page.
    rest_seconds : int
        The rest between holds.
    side_word : str, optional
        What the sides are called on the timer (``"side"``, ``"leg"``); default: the catalogue's.
    show_header : bool
        Whether to repeat the exercise's name, dosage and safety lines above the set (a page
        that already shows them, such as :class:`~backcare_widgets.pages.exercise.ExercisePage`,
        turns it off).
    **kwargs
        Passed to :class:`ipywidgets.VBox`.

    Raises
    ------
    TypeError
        If ``exercise`` is not an :class:`~backcare_widgets.data.catalog.Exercise` (an id, say:
        look it up with ``catalog.exercise(id)``).
    """

    exercise_id = traitlets.Unicode(
        read_only=True, help="The catalogue id of the exercise (fixed: make a new session)."
    )
    set_number = traitlets.Int(1, help="The set being done now (1-based).")
    hold_seconds = traitlets.Int(None, allow_none=True, help="Seconds per hold, within dosage.")
    repeats = traitlets.Int(1, help="Holds (or repetitions) per side in a set, within dosage.")
    pain_warning = traitlets.Bool(False, help="Whether the pain-worse warning is showing.")
    saved_rows = traitlets.List(traitlets.Int(), help="Log row ids written by this session.")
    unsaved = traitlets.Bool(
        False, help="Whether a set was done (or stopped) on the timer and is not saved yet."
    )
    #: VBox's trait, declared for the type checker: VBox (untyped) gives mypy no type to read
    children: Sequence[widgets.Widget]

    def __init__(
        self,
        exercise: Exercise,
        *,
        log: SessionLog | Callable[[], SessionLog] | None = None,
        get_ready_seconds: int = GET_READY_SECONDS,
        rest_seconds: int = 5,
        side_word: str | None = None,
        show_header: bool = True,
        **kwargs: Any,
    ) -> None:
        if not isinstance(exercise, Exercise):
            raise TypeError(
                "ExerciseSession takes the exercise's catalogue record "
                f"(catalog.exercise(id)), not {exercise!r}"
            )
        self._log: SessionLog | None = None
        self._open_log: Callable[[], SessionLog] | None = None
        if callable(log):
            self._open_log = log
        else:
            self._log = log
        self.exercise = exercise
        dosage = self.exercise.dosage
        self._sides: tuple[str, ...] = ("left", "right") if dosage.per_side else ()
        self._hold_range = dosage.hold_seconds
        self._repeat_range = dosage.repeats if dosage.repeats is not None else dosage.reps
        super().__init__(**kwargs)
        self.add_class("backcare-exercise-session")
        self.set_trait("exercise_id", exercise.id)
        self._kept_warning = ""
        self._baseline: int | None = None
        self._baseline_read = False
        self.repeats = _low(self._repeat_range) or 1
        self.hold_seconds = _low(self._hold_range)
        self._build(get_ready_seconds, rest_seconds, side_word or self.exercise.side_word)
        if not show_header:
            self.children = self.children[1:]

    # --- validation ----------------------------------------------------------------------------

    @traitlets.validate("hold_seconds", "repeats")
    def _validate_target(self, proposal: dict[str, Any]) -> int | None:
        name = proposal["trait"].name
        value: int | None = proposal["value"]
        allowed = self._hold_range if name == "hold_seconds" else self._repeat_range
        if value is None:
            if allowed is not None:
                raise traitlets.TraitError(f"{name} is needed: the dosage gives {allowed}")
            return None
        if isinstance(allowed, tuple) and not allowed[0] <= value <= allowed[1]:
            raise traitlets.TraitError(
                f"{name} must be within the dosage range {allowed[0]}-{allowed[1]}; got {value}"
            )
        timer = getattr(self, "timer", None)
        if timer is not None:
            setattr(timer, name, value)  # the timer refuses 0, > 10 min, or while running
        return value

    # --- layout --------------------------------------------------------------------------------

    def _build(self, get_ready_seconds: int, rest_seconds: int, side_word: str) -> None:
        from backcare_widgets.data.dosage import describe_dose, dose_of

        exercise = self.exercise
        name = html.escape(exercise.name.text)
        safety = "".join(f"<li>{html.escape(line)}</li>" for line in exercise.safety_lines)
        note = f"<p>{html.escape(exercise.dosage.note.text)}</p>" if exercise.dosage.note else ""
        self._header = widgets.HTML(
            f"<h3>{name}</h3><p><strong>How much:</strong> "
            f"{html.escape(describe_dose(dose_of(exercise)))}</p>{note}<ul>{safety}</ul>"
        )
        self.pain_before = PainScale(label="Pain before this set")
        self.timer = (
            HoldTimer(
                hold_seconds=self.hold_seconds,
                repeats=self.repeats,
                sides=self._sides,
                get_ready_seconds=get_ready_seconds,
                rest_seconds=rest_seconds,
                side_word=side_word,
                alternate_sides=exercise.dosage.alternate_sides,
                to_side_cue=exercise.side_moves.to_side if exercise.side_moves else "",
                to_middle_cue=exercise.side_moves.to_middle if exercise.side_moves else "",
                title=f"{exercise.name.text}: set {self.set_number}",
            )
            if self.hold_seconds is not None
            else None
        )
        self._targets = self._target_inputs()
        self._get_ready_note = widgets.HTML(
            f'<p class="backcare-get-ready__note"><span class="backcare-guidance-mark">'
            f"General guidance:</span> {html.escape(GET_READY_WORDS)}</p>"
            if self.timer is not None
            else ""
        )
        # the optional camera coach, off until the person turns it on (the catalogue's rule)
        self.coach = (
            CameraCoach(exercise.coach, title=exercise.name.text) if exercise.coach else None
        )
        self.counter = RepCounter(
            target_reps=self.repeats,
            target_sets=_low(exercise.dosage.sets) or 1,
            sides=self._sides,
        )
        self.checklist = FormChecklist([cue.text for cue in exercise.form_cues])
        # the dose model's words: a stretch done per side counts holds, the others repetitions
        self.counter.unit = "Holds" if self._sides else "Repetitions"
        self.pain_after = PainScale(label="Pain after this set")
        self._save = widgets.Button(
            description=f"Save set {self.set_number}",
            tooltip="Write this set to your log (a set stopped early is saved as such)",
            layout=widgets.Layout(width="auto", min_height="2.6em", flex="0 0 auto"),
        )
        self._save.add_class("backcare-button")  # part of the workbook's one button style
        self._save.add_class("backcare-button--primary")
        self._message = widgets.HTML()
        self._warning = widgets.HTML()
        self._saved = widgets.HTML()
        anchor = widgets.HTML(f'<span id="{SET_ANCHOR}" class="backcare-set-anchor"></span>')
        self.children = [
            self._header,
            *([self._targets] if self._targets.children else []),
            *([self._get_ready_note] if self.timer is not None else []),
            anchor,
            self.pain_before,
            *([self.timer] if self.timer else []),
            # under the timer, so "Go to the timer" still brings Start onto a phone's screen
            *([self.coach] if self.coach is not None else []),
            self.counter,
            self.checklist,
            self.pain_after,
            # wraps on a phone, so the message never squeezes the button's words away
            widgets.HBox(
                [self._save, self._message],
                layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
            ),
            self._warning,
            self._saved,
        ]
        self._save.on_click(lambda _button: self.save_set())
        for scale in (self.pain_before, self.pain_after):
            scale.observe(self._pain_changed, names="value")
        if self.timer is not None:
            self.timer.on_complete(self._timer_finished)
            self.timer.observe(self._timer_status, names="status")
        if self.coach is not None:
            self._coach_counted = 0
            self.coach.observe(self._coach_count, names="count")
            self.coach.observe(self._coach_position, names=["in_position", "status"])

    def _target_inputs(self) -> widgets.HBox:
        inputs = []
        for name, allowed, label in (
            ("hold_seconds", self._hold_range, "Hold (seconds)"),
            ("repeats", self._repeat_range, "Holds per side" if self._sides else "Repetitions"),
        ):
            if not isinstance(allowed, tuple):
                continue
            box = widgets.BoundedIntText(
                value=getattr(self, name),
                min=allowed[0],
                max=allowed[1],
                description=f"{label}, {allowed[0]}-{allowed[1]}",
                style={"description_width": "initial"},
                layout=widgets.Layout(width="15em"),
            )
            box.observe(lambda change, n=name: self._set_target(n, change["new"]), names="value")
            inputs.append(box)
        if self.timer is not None:
            inputs.append(self._get_ready_input())
        return widgets.HBox(inputs, layout=widgets.Layout(flex_flow="row wrap", grid_gap="0.5em"))

    def _get_ready_input(self) -> widgets.BoundedIntText:
        """Return the get-ready input: seconds to get into position, said aloud by the timer."""
        assert self.timer is not None
        box = widgets.BoundedIntText(
            value=self.timer.get_ready_seconds,
            min=0,
            max=60,
            description="Get ready (seconds)",
            tooltip=GET_READY_WORDS,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="15em"),
        )
        box.add_class("backcare-get-ready")

        def changed(change: dict[str, Any]) -> None:
            if self.timer is not None and self.timer.status not in ("running", "paused"):
                self.timer.get_ready_seconds = int(change["new"])

        box.observe(changed, names="value")
        return box

    def _set_target(self, name: str, value: int) -> None:
        try:
            setattr(self, name, value)
        except traitlets.TraitError as exc:
            self._say(str(exc))
            return
        if name == "repeats":
            self.counter.target_reps = value

    # --- events --------------------------------------------------------------------------------

    def _timer_status(self, change: dict[str, Any]) -> None:
        running = change["new"] in ("running", "paused")
        for box in self._targets.children:
            box.disabled = running

    def _coach_count(self, change: dict[str, Any]) -> None:
        """Add each repetition the camera coach counted to the counter (still correctable)."""
        if self.coach is None or self.coach.does != "count":
            return
        added = change["new"] - self._coach_counted
        self._coach_counted = change["new"]
        for _ in range(max(added, 0)):
            self.counter.increment()

    def _coach_position(self, change: dict[str, Any]) -> None:
        """Let the timer's get-ready wait for the position while the coach is on."""
        if self.coach is None or self.timer is None or self.coach.does != "position":
            return
        with self.timer.hold_trait_notifications():
            self.timer.wait_for_position = self.coach.status == "on"
            self.timer.position_sides = list(self.coach.in_position)

    def _reset_coach(self) -> None:
        if self.coach is not None:
            self.coach.reset()
            self._coach_counted = 0

    def _timer_finished(self, result: TimerResult) -> None:
        if self.coach is not None and self.coach.does == "count" and self._coach_counted:
            # the coach counted this set's repetitions into the counter: keep its count
            self.unsaved = bool(self.pending_rows())
            self._say(
                f"Set {self.set_number}: {self.counter.reps} repetitions counted. Correct the "
                f"count if needed, rate your pain, then press \N{LEFT DOUBLE QUOTATION MARK}"
                f"Save set {self.set_number}\N{RIGHT DOUBLE QUOTATION MARK}."
            )
            return
        for side in self._sides or (None,):
            full = sum(1 for hold in result.holds if hold.side == side and hold.completed)
            if self._sides:
                self.counter.side = side
            self.counter.reps = full
        if self._sides:
            self.counter.side = self._sides[0]
        self.unsaved = bool(self.pending_rows())
        if result.finished:
            self._say(
                f"Set {self.set_number} done. Rate your pain now, then press "
                f"\N{LEFT DOUBLE QUOTATION MARK}Save set {self.set_number}"
                "\N{RIGHT DOUBLE QUOTATION MARK}."
            )
        else:
            self._say(
                f"Set {self.set_number} stopped early. Saving it logs what you did, marked as "
                "stopped early; or start the timer again."
            )

    def _pain_changed(self, change: dict[str, Any]) -> None:
        self._show_warning()

    def day_baseline(self) -> int | None:
        """Return the pain before this exercise's first set today (from the log), if rated."""
        if not self._baseline_read:
            from datetime import UTC, datetime

            from backcare_widgets.data.dosage import logged_sets, pain_baseline
            from backcare_widgets.data.log import LogError

            today = datetime.now(UTC).astimezone().date()
            try:
                rows = logged_sets(self.log, day=today)
            except LogError:
                rows = []  # an unreadable log is reported when saving; the set's own pain still counts
            self._baseline = pain_baseline(rows, self.exercise_id)
            self._baseline_read = True
        return self._baseline

    def _show_warning(self) -> None:
        """Warn while the pain scales show worse pain, and keep a saved set's warning up."""
        text = self._worse_now() or self._kept_warning
        self.pain_warning = bool(text)
        self._warning.value = (
            "<div role='alert' class='backcare-session-warning' style='border-left:6px solid "
            "#b91c1c;background:#fef2f2;color:#7f1d1d;padding:.6em 1em;font-size:1.1em;"
            f"max-width:36rem'><strong>Pain is worse.</strong> {html.escape(text)}</div>"
            if text
            else ""
        )

    def _worse_now(self) -> str:
        """Return the pain-worse message for the scales as they are now, or "" if not worse.

        Pain after is set against the pain before the exercise's first set of the day, or this
        set's own "before" when none was rated earlier today.
        """
        after = self.pain_after.value
        baseline = self.day_baseline()
        before = baseline if baseline is not None else self.pain_before.value
        if before is None or after is None or not pain_got_worse(before, after):
            return ""
        return worse_message(before, after, first_of_day=baseline is not None)

    def _say(self, text: str) -> None:
        self._message.value = f"<span role='status'>{html.escape(text)}</span>"

    # --- saving ----------------------------------------------------------------------------------

    @property
    def log(self) -> SessionLog:
        """The session log sets are written to (opened on first use)."""
        if self._log is None:
            if self._open_log is not None:
                self._log = self._open_log()
            else:
                from backcare_widgets.data.log import SessionLog

                self._log = SessionLog()
        return self._log

    def pending_rows(self) -> list[SetRow]:
        """Return the rows saving now would write (stopped-early sides marked, empty ones left out)."""
        holds = self.timer.finished_holds if self.timer is not None else ()
        return rows_for_set(
            holds, sides=self._sides, repeats=self.repeats, counted=self.counter.counts
        )

    #: Row ids of the set being saved that a failed save (say, a full disk) did write.
    _written: tuple[int, ...] = ()

    def save_set(self) -> list[int]:
        """Write the set to the log, one row per side, then get ready for the next set.

        Saving while the timer still runs is allowed (stopping early is never blocked): what
        was done so far is logged, marked as stopped early.

        Returns
        -------
        list of int
            The ids of the rows written (empty if there was nothing to save).
        """
        from backcare_widgets.data.log import LogError

        still_running = self.timer is not None and self.timer.status in ("running", "paused")
        rows = self.pending_rows()
        if still_running:
            rows = [
                SetRow(row.side, row.reps, row.hold_seconds, False, row.notes or "Stopped early.")
                for row in rows
            ]
        if not rows:
            self._say("Nothing to save yet: do the set with the timer, or count your repetitions.")
            return []
        form = f"Form cues ticked: {self.checklist.ticked_count} of {len(self.checklist.cues)}."
        ids = list(self._written)  # sides a save that failed midway did write
        try:
            for row in rows[len(ids) :]:  # one side at a time, so a retry writes each side once
                ids += record_set(
                    self.log,
                    self.exercise_id,
                    [row],
                    set_number=self.set_number,
                    pain_before=self.pain_before.value,
                    pain_after=self.pain_after.value,
                    notes=form,
                )
        except LogError as exc:
            # keep the set on screen; the retry writes only the sides not written yet
            self._written = tuple(ids)
            reason = str(exc).rstrip(".")
            self._say(f"Not saved: {reason}. Your set is kept here: press Save to try again.")
            return []
        self._written = ()
        self.unsaved = False
        self.saved_rows = [*self.saved_rows, *ids]
        self._baseline_read = False  # read again: this set may be the day's first
        worse = self._worse_now()
        if worse:
            self._kept_warning = f"Set {self.set_number}: {worse}"
        self._saved.value += self._saved_line(rows)
        self._say(f"Set {self.set_number} saved. {self._day_left()}".strip())
        self._show_warning()
        self._next_set()
        return ids

    def _day_left(self) -> str:
        """Say where today's dose of this exercise stands after a save (never "do more")."""
        from datetime import UTC, datetime

        from backcare_widgets.data.dosage import dose_of, exercise_status, logged_sets
        from backcare_widgets.data.log import LogError

        try:
            rows = logged_sets(self.log, day=datetime.now(UTC).astimezone().date())
        except LogError:
            return ""
        status = exercise_status(
            dose_of(self.exercise), [row for row in rows if row.exercise == self.exercise_id]
        )
        if status.done:
            return "That is today's dose of this exercise: done for today."
        return f"Still to do today: {status.left[0].lower()}{status.left[1:]}"

    def _saved_line(self, rows: list[SetRow], *, number: int = 0, earlier: bool = False) -> str:
        parts = []
        for row in rows:
            side = f"{row.side} side: " if row.side else ""
            hold = f", held {row.hold_seconds} s" if row.hold_seconds is not None else ""
            state = "done" if row.complete else "stopped early"
            parts.append(f"{side}{row.reps} {'holds' if hold else 'reps'}{hold} ({state})")
        when = " earlier today" if earlier else ""
        text = f"Saved set {number or self.set_number}{when}: " + "; ".join(parts)
        return f"<p class='backcare-session-saved'>{html.escape(text)}</p>"

    def discard_set(self) -> None:
        """Let go of a set done on the timer without saving it (the person chose to), and say so."""
        self.unsaved = False
        for side in self._sides or (None,):
            if self._sides:
                self.counter.side = side
            self.counter.reps = 0
        if self._sides:
            self.counter.side = self._sides[0]
        if self.timer is not None:
            self.timer.reset()
        self._reset_coach()
        self._say(f"Set {self.set_number} was not saved.")

    def resume(self, rows: Sequence[LoggedSet]) -> None:
        """Show the sets of this exercise already saved today (from the log), and go on after them.

        ``rows`` are today's rows of this exercise, oldest first, as the log reads them back
        (:func:`~backcare_widgets.data.dosage.logged_sets`). A set's rows start at its first
        side (the session writes the first side first, and nothing for a side not started), so
        each row on the first side, or without a side, starts a set.
        """
        first_side = self._sides[0] if self._sides else None
        sets: list[list[SetRow]] = []
        for row in rows:
            if row.exercise != self.exercise_id:
                continue
            if row.side == first_side or not sets:
                sets.append([])
            sets[-1].append(
                SetRow(row.side, row.reps or 0, row.hold_seconds, row.completed is not False, "")
            )
        if not sets:
            return
        lines = []
        for number, set_rows in enumerate(sets, start=1):
            lines.append(self._saved_line(set_rows, number=number, earlier=True))
        self._saved.value = "".join(lines)
        self.set_number = len(sets) + 1
        self._save.description = f"Save set {self.set_number}"
        if self.timer is not None:
            self.timer.title = f"{self.exercise.name.text}: set {self.set_number}"

    def _next_set(self) -> None:
        after = self.pain_after.value
        self.set_number += 1
        self.checklist.next_set()
        self.counter.next_set()
        self._reset_coach()
        if self.timer is not None:
            self.timer.reset()
            self.timer.title = f"{self.exercise.name.text}: set {self.set_number}"
        if after is not None:
            self.pain_before.value = after
        self.pain_after.clear()
        self._save.description = f"Save set {self.set_number}"
