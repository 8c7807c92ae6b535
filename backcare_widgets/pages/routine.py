"""Today's routine: several exercise sessions as one guided flow, with skip, back and finish.

The day's targets come from the catalogue's dosage (or an educator's programme), counted in the
dose model's sessions (:mod:`backcare_widgets.data.dosage`); what is already done is read from the log
when the page is shown and after every saved set, so the list says what is left in words, and an
exercise done twice a day (the rotational stretch) says when its second session is due.

The routine remembers through the log alone: shown again (a reload, a reopened browser) it
starts at the first exercise not done today, with the sets already saved today listed, or says
"Done for today" when all are. A set done on the timer and not saved yet is not lost quietly:
Next, Skip, Back and Finish ask first, and the browser asks before the page is left.
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import TYPE_CHECKING, Any

import ipywidgets
import traitlets

from backcare_widgets.components.file_upload import FileUpload
from backcare_widgets.components.leave_guard import LeaveGuard
from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.log import SessionLog
from backcare_widgets.data.programme import MAX_PROGRAMME_BYTES, ProgrammeError
from backcare_widgets.data.programme_lookup import find_programme
from backcare_widgets.pages.progression_prompt import attach_progression
from backcare_widgets.pages.reminders import ReminderPicker, ReminderPlan
from backcare_widgets.session.guided_set import ExerciseSession
from backcare_widgets.session.routine import day_status, first_not_done, left_today, saved_today
from backcare_widgets.views.style import styled_html, with_routine_style, with_style

if TYPE_CHECKING:
    from collections.abc import Sequence

    from backcare_widgets.components.file_upload import UploadedFile
    from backcare_widgets.data.catalog import Catalog
    from backcare_widgets.data.programme import Programme


class TodaysRoutine(ipywidgets.VBox):
    """Guide through the day's exercises one at a time; skip, go back, or finish early.

    The ids are looked up once, here (and again only when a programme is followed, from the
    programme's own catalogue); the sessions and the day's summary get the records.

    Raises
    ------
    UnknownExerciseError
        If an id is not in the catalogue (a ``ValueError``; the message lists the known ids).
    """

    position = traitlets.Int(0, help="Index of the exercise shown now.")
    finished = traitlets.Bool(False, help="Whether the routine was finished (or ended early).")

    def __init__(
        self,
        exercise_ids: Sequence[str] | None = None,
        *,
        catalog: Catalog | None = None,
        programme: Programme | None = None,
        log: SessionLog | None = None,
        today: date | None = None,
        **kwargs: object,
    ) -> None:
        self.catalog = load_catalog() if catalog is None else catalog
        # what a programme is looked up in: the whole catalogue, not the last programme's part
        self._all_exercises = self.catalog
        self.programme: Programme | None = None
        self.exercises = self.catalog.exercises(exercise_ids or tuple(self.catalog))
        self.session_log = log if log is not None else SessionLog()
        self._today = today
        self.summary = styled_html()
        self.heading = ipywidgets.HTML()
        self.day_line = styled_html()
        self.back_button = ipywidgets.Button(description="Back", tooltip="The previous exercise")
        self.skip_button = ipywidgets.Button(
            description="Skip", tooltip="Leave this exercise out today"
        )
        self.next_button = ipywidgets.Button(
            description="Next exercise", button_style="primary", tooltip="Go on to the next one"
        )
        self.finish_button = ipywidgets.Button(
            description="Finish for today", tooltip="End the routine now; saved sets are kept"
        )
        self.again_button = ipywidgets.Button(
            description="Open the exercises again",
            tooltip="Show today's exercises again (what you saved is kept)",
        )
        self.back_button.on_click(lambda _b: self.go(self.position - 1))
        self.skip_button.on_click(lambda _b: self.go(self.position + 1, skipped=True))
        self.next_button.on_click(lambda _b: self.go(self.position + 1))
        self.finish_button.on_click(lambda _b: self.finish())
        self.again_button.on_click(lambda _b: self.go(self._again_position(), confirmed=True))
        self.nav = ipywidgets.HBox(
            [self.back_button, self.skip_button, self.next_button, self.finish_button],
            layout={"flex_flow": "row wrap", "grid_gap": "0.5em"},
        )
        self.nav.add_class("backcare-routine__nav")
        self.again = ipywidgets.HBox([self.again_button])
        self.again.layout.display = "none"
        self.prompt = self._unsaved_prompt()
        self._asked: tuple[int, bool, bool] | None = None  # (position, skipped, finish)
        for button in (
            self.back_button,
            self.skip_button,
            self.next_button,
            self.finish_button,
            self.again_button,
            self.save_and_go_button,
            self.leave_unsaved_button,
            self.stay_button,
        ):
            button.layout = ipywidgets.Layout(width="auto", min_height="44px", min_width="44px")
            button.add_class("backcare-button")
        for button in (self.next_button, self.save_and_go_button):
            button.add_class("backcare-button--primary")
        for button in (self.back_button, self.skip_button, self.stay_button):
            button.add_class("backcare-button--quiet")
        self.leave_guard = LeaveGuard()
        self.skipped: set[str] = set()
        self._sessions: dict[str, ExerciseSession] = {}
        self._prompts: dict[str, ipywidgets.Widget] = {}
        self.stage = ipywidgets.VBox()
        self.programme_upload = FileUpload(
            accept=".yaml,.yml",
            multiple=False,
            description="Follow a programme",
            tooltip="Load the programme file your physiotherapist or educator gave you",
            max_bytes=MAX_PROGRAMME_BYTES,
        )
        self.programme_upload.observe(self._on_programme_upload, names="value")
        self.programme_message = styled_html()
        self.reminders = ReminderPicker(self._reminder_plan)
        super().__init__(
            [
                self.heading,
                self.day_line,
                self.stage,
                self.prompt,
                self.nav,
                self.again,
                self.summary,
                ipywidgets.HBox(
                    [self.programme_upload, self.programme_message],
                    layout={"flex_flow": "row wrap", "align_items": "center"},
                ),
                self.reminders,
                self.leave_guard,
            ],
            **kwargs,
        )
        self.add_class("backcare-routine")
        if programme is not None:
            self.follow(programme)
        elif exercise_ids is None:
            self._follow_saved()
        else:
            self.go(self._resume_position(), confirmed=True)

    def _unsaved_prompt(self) -> ipywidgets.VBox:
        """Build the question asked when a finished set would be left unsaved (hidden at first)."""
        self.prompt_text = styled_html()
        self.save_and_go_button = ipywidgets.Button(
            description="Save the set and go on", button_style="primary"
        )
        self.leave_unsaved_button = ipywidgets.Button(description="Go on without saving")
        self.stay_button = ipywidgets.Button(description="Stay here")
        self.save_and_go_button.on_click(lambda _b: self._answer_prompt(save=True))
        self.leave_unsaved_button.on_click(lambda _b: self._answer_prompt(save=False))
        self.stay_button.on_click(lambda _b: self._close_prompt())
        prompt = ipywidgets.VBox(
            [
                self.prompt_text,
                ipywidgets.HBox(
                    [self.save_and_go_button, self.leave_unsaved_button, self.stay_button],
                    layout={"flex_flow": "row wrap", "grid_gap": "0.5em"},
                ),
            ]
        )
        prompt.add_class("backcare-routine__prompt")
        prompt.layout.display = "none"
        return prompt

    def _again_position(self) -> int:
        """Return where "Open the exercises again" lands: the first not done, else the first."""
        position = self._resume_position()
        return 0 if position >= len(self.exercises) else position

    def _resume_position(self) -> int:
        """Return where the day resumes: the first exercise not done today (past the end: done)."""
        statuses = day_status(self.session_log, self.exercises, today=self.today)
        return first_not_done(statuses)

    def _follow_saved(self) -> None:
        """Follow the student's own saved programme, else the class's, else the catalogue."""
        try:
            found = find_programme(self.session_log.path, catalog=self.catalog)
        except ProgrammeError as exc:
            self.go(self._resume_position(), confirmed=True)
            self.programme_message.value = with_style(
                '<div class="backcare-message backcare-message--error" role="alert">'
                "<strong>A saved programme could not be used; today's routine lists every "
                "exercise.</strong>"
                f'<pre class="backcare-message__detail">{escape(str(exc))}</pre></div>'
            )
            return
        if found is None:
            self.go(self._resume_position(), confirmed=True)
        else:
            self.follow(found.programme, whose=found.whose)

    def follow(self, programme: Programme, *, whose: str = "") -> None:
        """Follow an educator's programme: its exercises, in its order, at its dosage.

        ``whose`` says where it came from on the page: ``"own"`` (the student's saved programme)
        or ``"class"`` (the class programme their educator shared).
        """
        self.programme = programme
        self.catalog = programme.catalog(self._all_exercises)
        self.exercises = tuple(self.catalog.values())  # the programme's, in its order
        self.skipped.clear()
        self._sessions.clear()
        self._prompts.clear()
        self.reminders.refresh()
        origin = {"own": ", your programme", "class": ", your class's programme"}.get(whose, "")
        self.leave_guard.armed = False
        self.programme_message.value = with_style(
            f'<p class="backcare-routine__programme" role="status">Following '
            f"<strong>{escape(programme.title)}</strong> ({escape(programme.frequency.describe())})"
            f"{origin}.</p>"
        )
        self.go(self._resume_position(), confirmed=True)  # the first exercise not done today

    def _reminder_plan(self) -> ReminderPlan:
        programme = self.programme
        if programme is None:
            return ReminderPlan(self.exercises)
        return ReminderPlan(self.exercises, programme.frequency, programme.start, programme.title)

    def _on_programme_upload(self, change: dict[str, Any]) -> None:
        files: tuple[UploadedFile, ...] = change["new"]
        if not files:
            return
        upload = files[0]
        from backcare_widgets.data.programme import ProgrammeError, load_programme

        try:
            programme = load_programme(bytes(upload.content), name=upload.name)
        except ProgrammeError as exc:
            self.programme_message.value = with_style(
                '<div class="backcare-message backcare-message--error" role="alert">'
                f"<strong>That programme could not be used; today's routine is unchanged.</strong>"
                f'<pre class="backcare-message__detail">{escape(str(exc))}</pre></div>'
            )
        else:
            problem = self._keep(programme)  # kept before it is announced as followed
            self.follow(programme)
            if problem is not None:
                self.programme_message.value += (  # already styled by follow()
                    '<p class="backcare-message" role="status">It is followed now but could not '
                    f"be kept for next time ({escape(problem)}).</p>"
                )
        finally:
            self.programme_upload.value = ()

    def _keep(self, programme: Programme) -> str | None:
        """Save a loaded programme beside the log (the student's own, followed on later visits).

        Returns why it could not be kept, or None when it was.
        """
        from backcare_widgets.data.programme import ProgrammeError
        from backcare_widgets.data.programme_lookup import own_programme_path

        try:
            self.session_log.path.parent.mkdir(parents=True, exist_ok=True)
            programme.save(own_programme_path(self.session_log.path))
        except (OSError, ProgrammeError) as exc:
            return str(exc)
        return None

    @property
    def exercise_ids(self) -> tuple[str, ...]:
        """Return the ids of the day's exercises, in order."""
        return tuple(exercise.id for exercise in self.exercises)

    @property
    def today(self) -> date:
        """Return the day the routine is for (the person's own calendar day)."""
        return self._today or date.today()  # noqa: DTZ011 - the person's local day

    def session(self, exercise_id: str) -> ExerciseSession:
        """Return the session of one of the day's exercises, made the first time it is shown.

        Raises
        ------
        ValueError
            If the exercise is not one of the day's (see :attr:`exercise_ids`).
        """
        if exercise_id not in self._sessions:
            exercise = self.exercises[self.exercise_ids.index(exercise_id)]
            session = ExerciseSession(exercise, log=self.session_log)
            self._prompts[exercise_id] = attach_progression(
                session, log=self.session_log, programme=self.programme is not None
            )
            session.resume(saved_today(self.session_log, exercise, today=self.today))
            session.observe(lambda _change: self._after_save(), names="saved_rows")
            session.observe(lambda _change: self._guard(), names="unsaved")
            self._sessions[exercise_id] = session
        return self._sessions[exercise_id]

    def unsaved_session(self) -> ExerciseSession | None:
        """Return the shown exercise's session if it holds a set done and not saved, else None."""
        if self.finished or not 0 <= self.position < len(self.exercises):
            return None
        session = self._sessions.get(self.exercises[self.position].id)
        return session if session is not None and session.unsaved else None

    def _guard(self) -> None:
        self.leave_guard.armed = any(session.unsaved for session in self._sessions.values())

    def _ask(self, position: int, *, skipped: bool, finish: bool) -> bool:
        """Ask before leaving a finished set unsaved; return True if the question is now shown."""
        session = self.unsaved_session()
        if session is None:
            return False
        self._asked = (position, skipped, finish)
        self.prompt_text.value = with_routine_style(
            '<p class="backcare-routine__question" role="alert"><strong>Set '
            f"{session.set_number} of {escape(str(session.exercise.name))} is not saved.</strong> "
            "Save it first, so it counts today?</p>"
        )
        self.prompt.layout.display = "flex"
        return True

    def _close_prompt(self) -> None:
        self._asked = None
        self.prompt.layout.display = "none"
        self.prompt_text.value = ""

    def _answer_prompt(self, *, save: bool) -> None:
        if self._asked is None:
            return
        position, skipped, finish = self._asked
        session = self.unsaved_session()
        self._close_prompt()
        if session is not None:
            if save:
                session.save_set()
            else:
                session.discard_set()
        if finish:
            self.finish(confirmed=True)
        else:
            self.go(position, skipped=skipped, confirmed=True)

    def go(self, position: int, *, skipped: bool = False, confirmed: bool = False) -> None:
        """Show the exercise at ``position`` (past the last one, the routine is finished).

        Leaving a set done on the timer and not saved asks first (unless ``confirmed``).
        """
        if not confirmed and self._ask(position, skipped=skipped, finish=False):
            return
        self._close_prompt()
        if skipped and not self.finished and 0 <= self.position < len(self.exercises):
            self.skipped.add(self.exercises[self.position].id)
        if position >= len(self.exercises):
            self.finish(confirmed=True)
            return
        self.position = max(0, position)
        self.finished = False
        self.nav.layout.display = "flex"
        self.again.layout.display = "none"
        exercise = self.exercises[self.position]
        self.skipped.discard(exercise.id)
        name = escape(str(exercise.name))
        self.heading.value = (
            f'<h2 class="backcare-routine__heading">Exercise {self.position + 1} of '
            f"{len(self.exercises)}: {name}</h2>"
        )
        self.back_button.disabled = self.position == 0
        last = self.position == len(self.exercises) - 1
        self.next_button.description = "Finish" if last else "Next exercise"
        session = self.session(exercise.id)
        self.stage.children = [self._prompts[exercise.id], session]
        self.refresh_summary()

    def finish(self, *, confirmed: bool = False) -> None:
        """End the routine: show what was done today and what was left; hide the navigation."""
        if not confirmed and self._ask(len(self.exercises), skipped=False, finish=True):
            return
        self._close_prompt()
        self.finished = True
        self.stage.children = []
        self.nav.layout.display = "none"
        self.again.layout.display = "flex"
        self.heading.value = '<h2 class="backcare-routine__heading">Done for today</h2>'
        self.refresh_summary()

    def _after_save(self) -> None:
        """After a saved set: redraw the list and say what is done and what is left today."""
        self.refresh_summary()

    def refresh_summary(self) -> None:
        """Redraw today's checklist of exercises from the log."""
        rows = []
        statuses = day_status(self.session_log, self.exercises, today=self.today)
        for exercise, status in zip(self.exercises, statuses, strict=True):
            name = escape(str(exercise.name))
            done = status.done
            mark = "✓" if done else ("skipped" if status.exercise_id in self.skipped else "")
            state = "done" if done else "to do"
            rows.append(
                f'<li class="backcare-routine__item backcare-routine__item--{state.replace(" ", "-")}"'
                f' data-exercise="{escape(status.exercise_id)}">'
                f'<span class="backcare-routine__mark" aria-hidden="true">{mark}</span> '
                f"<strong>{name}</strong>: {escape(status.describe())}. "
                f'<span class="backcare-routine__left">{escape(status.left)}</span>'
                f'<span class="backcare-visually-hidden"> ({state})</span></li>'
            )
        self.summary.value = with_style(
            f'<div class="backcare-routine__summary"><h3>Today, {self.today:%A %d %B}</h3>'
            f"<ul>{''.join(rows)}</ul></div>"
        )
        self.day_line.value = with_routine_style(
            f'<p class="backcare-routine__day" role="status">'
            f"{escape(left_today(self.exercises, statuses))}</p>"
        )
