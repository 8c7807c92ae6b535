"""Programme builder: pick exercises, set dosage and frequency, save, load, and make a handout.

Dosage starts at the catalogue's and each number shows its range; a number outside the seed's
range opens a reason field, and the programme is refused until the reason is written (it is
printed on the handout). Saving and the handout are downloads, since a Voila or Binder server's
files are not the educator's; in JupyterLab :meth:`ProgrammeBuilder.save` writes a file.
"""

from __future__ import annotations

import base64
import os
import re
from html import escape
from typing import TYPE_CHECKING, Any

import ipywidgets

from backcare_widgets.components.file_upload import FileUpload
from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.dosage import describe_dose, dose_of
from backcare_widgets.data.programme import (
    COUNT_FIELDS,
    LABELS,
    MAX_COUNTS,
    MAX_PROGRAMME_BYTES,
    WEEKDAYS,
    Frequency,
    Programme,
    ProgrammeError,
    allowed_range,
    check_programme,
    default_item,
    load_programme,
)
from backcare_widgets.pages.reminders import ReminderPicker, ReminderPlan
from backcare_widgets.views.handout import handout_html
from backcare_widgets.views.style import educators_html, with_educators_style

if TYPE_CHECKING:
    from pathlib import Path

    from backcare_widgets.data.catalog import Catalog, Exercise

__all__ = ["ProgrammeBuilder"]

HANDOUT_NAME = "backcare-handout.html"
PROGRAMME_NAME = "backcare-programme.yaml"
CHOSEN_DAYS = 0
FREQUENCIES = [
    ("Every day", 7),
    *((f"{n} days a week", n) for n in range(6, 1, -1)),
    ("1 day a week", 1),
    ("On chosen days", CHOSEN_DAYS),
]
_DAY_LABELS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_WIDE = {"description_width": "initial"}


#: The builder's on-screen labels for the programme's fields (a message names what is on screen).
_SCREEN_LABELS = {
    **{name: label.capitalize() for name, label in LABELS.items()},
    "title": "Handout title",
    "note": "Note for the patient",
    "start": "Start date",
    "reason": "Reason",
    "frequency": "How often",
    "days": "On chosen days",
}


def on_screen_words(problem: str, catalog: Catalog) -> str:
    """Say a programme problem with the form's words: exercise names and field labels.

    The checker names an entry and a field as the YAML file does (``exercise #1
    'hamstring-stretch', field 'hold_seconds'``); the form shows "Hamstring stretch" and
    "Hold (seconds)", so the message says those.
    """

    def exercise(match: re.Match[str]) -> str:
        found = catalog.get(match.group(1))
        return str(found.name) if found is not None else match.group(1)

    def field(match: re.Match[str]) -> str:
        return f"“{_SCREEN_LABELS.get(match.group(1), match.group(1))}”"

    text = re.sub(r"exercise #\d+ '([^']+)'", exercise, problem)
    return re.sub(r"field '([^']+)'", field, text)


def _link(content: bytes, name: str, mime: str, text: str) -> str:
    payload = base64.b64encode(content).decode("ascii")
    return (
        f'<a class="backcare-download" download="{name}" '
        f'href="data:{mime};base64,{payload}">{escape(text)}</a>'
    )


class _ExerciseRow(ipywidgets.VBox):
    """One exercise: include it or not, its dosage numbers, and a reason when out of range."""

    def __init__(self, exercise: Exercise) -> None:
        self.exercise = exercise
        self.include = ipywidgets.Checkbox(
            value=False, description=str(exercise.name), indent=False, layout={"width": "auto"}
        )
        self.include.add_class("backcare-builder__include")
        defaults = default_item(exercise)
        self.fields = [name for name in COUNT_FIELDS if getattr(exercise.dosage, name)]
        self.counts: dict[str, ipywidgets.BoundedIntText] = {}
        for name in self.fields:
            self.counts[name] = ipywidgets.BoundedIntText(
                value=getattr(defaults, name),
                min=1,
                max=MAX_COUNTS[name],
                description=LABELS[name].capitalize(),
                style=_WIDE,
                layout={"width": "13em"},
            )
            self.counts[name].observe(self._on_count, names="value")
        source = (
            "the source text's"
            if exercise.dosage.source == "seed"
            else "the workbook's own default"
        )
        self.hint = ipywidgets.HTML(
            f'<p class="backcare-builder__hint">How much, usually ({source}): '
            f"{escape(describe_dose(dose_of(exercise)))}</p>"
        )
        self.warning = ipywidgets.HTML()
        self.reason = ipywidgets.Textarea(
            placeholder="Why this amount is outside the usual range (printed on the handout)",
            description="Reason",
            style=_WIDE,
            layout={"width": "95%", "max_width": "40em", "display": "none"},
        )
        self.details = ipywidgets.VBox(
            [
                self.hint,
                ipywidgets.HBox(list(self.counts.values()), layout={"flex_flow": "row wrap"}),
                self.warning,
                self.reason,
            ],
            layout={"display": "none", "margin": "0 0 0.6em 1.6em"},
        )
        self.include.observe(self._on_include, names="value")
        super().__init__([self.include, self.details])
        self.add_class("backcare-builder__exercise")
        self.add_class(f"backcare-builder__exercise--{exercise.id}")

    def _on_include(self, change: dict[str, Any]) -> None:
        self.details.layout.display = None if change["new"] else "none"

    def _on_count(self, _change: dict[str, Any]) -> None:
        outside = []
        for name, box in self.counts.items():
            limits = allowed_range(self.exercise, name)
            if limits is not None and not limits[0] <= box.value <= limits[1]:
                low, high = limits
                usual = f"{low}-{high}" if low != high else str(low)
                outside.append(f"{LABELS[name].capitalize()} {box.value} (usual: {usual})")
        self.reason.layout.display = None if outside else "none"
        self.warning.value = (
            '<p class="backcare-builder__warning" role="status">Outside the usual range: '
            f"{escape(', '.join(outside))}. Write the reason below; it is printed on the "
            "handout.</p>"
            if outside
            else ""
        )

    def data(self) -> dict[str, Any]:
        """Return this entry as programme data (the reason only while out of range)."""
        entry: dict[str, Any] = {"exercise": self.exercise.id}
        entry.update({name: box.value for name, box in self.counts.items()})
        if self.reason.layout.display != "none" and self.reason.value.strip():
            entry["reason"] = self.reason.value.strip()
        return entry

    def set_from(self, item: Any | None) -> None:
        """Show a programme entry (or leave the exercise out with None)."""
        self.include.value = item is not None
        defaults = default_item(self.exercise)
        for name, box in self.counts.items():
            value = getattr(item, name, None) if item is not None else None
            box.value = value or getattr(defaults, name)
        self.reason.value = (item.reason or "") if item is not None else ""


class ProgrammeBuilder(ipywidgets.VBox):
    """Build a programme for a patient; save or load it as YAML; make a printable handout.

    Parameters
    ----------
    programme : Programme, optional
        A programme to start from.
    catalog : Catalog, optional
        Where exercises come from.
    **kwargs
        Passed to :class:`ipywidgets.VBox`.
    """

    def __init__(
        self,
        programme: Programme | None = None,
        *,
        catalog: Catalog | None = None,
        **kwargs: Any,
    ) -> None:
        self.catalog = load_catalog() if catalog is None else catalog
        self.title = ipywidgets.Text(
            value="Your exercise programme",
            description="Handout title",
            style=_WIDE,
            layout={"width": "95%", "max_width": "36em"},
        )
        self.rows = {eid: _ExerciseRow(exercise) for eid, exercise in self.catalog.items()}
        self.frequency = ipywidgets.Dropdown(
            options=FREQUENCIES, value=7, description="How often", style=_WIDE
        )
        self.days = {
            day: ipywidgets.Checkbox(
                value=day in ("mon", "wed", "fri"),
                description=label,
                indent=False,
                layout={"width": "auto"},  # the 28 px box and its day side by side
            )
            for day, label in zip(WEEKDAYS, _DAY_LABELS, strict=True)
        }
        self.day_box = ipywidgets.HBox(
            list(self.days.values()), layout={"flex_flow": "row wrap", "display": "none"}
        )
        self.frequency.observe(self._on_frequency, names="value")
        self.start = ipywidgets.DatePicker(
            description="Start date (optional)", style=_WIDE, layout={"width": "auto"}
        )  # auto: the 48 px date field is not squeezed into ipywidgets' 300 px with its label
        self.note = ipywidgets.Textarea(
            description="Note for the patient (optional)",
            style=_WIDE,
            layout={"width": "95%", "max_width": "40em"},
        )
        self.handout_button = ipywidgets.Button(
            description="Make handout",
            button_style="primary",
            tooltip="Check the programme and make its printable handout",
        )
        self.save_button = ipywidgets.Button(
            description="Save programme", tooltip="Download the programme as a YAML file"
        )
        self.load_upload = FileUpload(
            accept=".yaml,.yml",
            multiple=False,
            description="Load a programme",
            max_bytes=MAX_PROGRAMME_BYTES,
        )
        for control in (self.handout_button, self.save_button):
            control.layout = ipywidgets.Layout(width="auto")
            control.add_class("backcare-button")  # the workbook's one button look
        self.handout_button.add_class("backcare-button--primary")
        self.handout_button.on_click(lambda _b: self.make_handout())
        self.save_button.on_click(lambda _b: self.offer_yaml())
        self.load_upload.observe(self._on_load, names="value")
        self.message = educators_html()
        self.links = ipywidgets.HTML()
        self.links.add_class("backcare-builder__links")
        self.reminders = ReminderPicker(self._reminder_plan, layout={"display": "none"})
        heading = ipywidgets.HTML(
            '<h3 class="backcare-builder__heading">Exercises and how much</h3>'
        )
        super().__init__(
            [
                self.title,
                heading,
                *self.rows.values(),
                self.frequency,
                self.day_box,
                self.start,
                self.note,
                ipywidgets.HBox(
                    [self.handout_button, self.save_button, self.load_upload],
                    layout={"flex_flow": "row wrap"},
                ),
                self.message,
                self.links,
                self.reminders,
            ],
            **kwargs,
        )
        self.add_class("backcare-builder")
        self.add_class("backcare-form")  # 48 px fields and boxes: views/static/backcare.css
        if programme is not None:
            self.set_programme(programme)

    def _on_frequency(self, change: dict[str, Any]) -> None:
        self.day_box.layout.display = None if change["new"] == CHOSEN_DAYS else "none"

    def data(self) -> dict[str, Any]:
        """Return what the form says, as programme data (not yet checked)."""
        data: dict[str, Any] = {
            "title": self.title.value.strip() or "Your exercise programme",
            "exercises": [row.data() for row in self.rows.values() if row.include.value],
        }
        if self.frequency.value == CHOSEN_DAYS:
            data["frequency"] = {"days": [day for day, box in self.days.items() if box.value]}
        else:
            data["frequency"] = {"times_per_week": self.frequency.value}
        if self.start.value is not None:
            data["start"] = self.start.value
        if self.note.value.strip():
            data["note"] = self.note.value.strip()
        return data

    def programme(self) -> Programme:
        """Return the checked programme; raise :class:`ProgrammeError` saying what to fix."""
        data = self.data()
        if not data["exercises"]:
            raise ProgrammeError("programme", ["tick at least one exercise"])
        return check_programme(data, catalog=self.catalog)

    def set_programme(self, programme: Programme) -> None:
        """Show a programme in the form (e.g. one just loaded)."""
        items = {item.exercise: item for item in programme.exercises}
        self.title.value = programme.title
        for exercise_id, row in self.rows.items():
            row.set_from(items.get(exercise_id))
        frequency: Frequency = programme.frequency
        if frequency.days is not None:
            self.frequency.value = CHOSEN_DAYS
            for day, box in self.days.items():
                box.value = day in frequency.days
        else:
            self.frequency.value = frequency.times_per_week
        self.start.value = programme.start
        self.note.value = programme.note or ""

    def _checked(self) -> Programme | None:
        try:
            programme = self.programme()
        except ProgrammeError as exc:
            items = "".join(
                f"<li>{escape(on_screen_words(p, self.catalog))}</li>" for p in exc.problems
            )
            self.message.value = with_educators_style(
                '<div class="backcare-message backcare-message--error" role="alert">'
                f"<strong>The programme is not ready:</strong><ul>{items}</ul></div>"
            )
            self.links.value = ""
            return None
        return programme

    def make_handout(self) -> str | None:
        """Check the programme and offer its handout as a download; return the HTML."""
        programme = self._checked()
        if programme is None:
            return None
        html = handout_html(programme, catalog=self.catalog)
        self.reminders.layout.display = None  # beside the handout: the programme's reminders
        self.reminders.refresh()
        self._offer(
            html,
            "The handout is ready: download it, open it in a browser and print it (or choose "
            "“Save as PDF” when printing).",
            HANDOUT_NAME,
            "text/html",
            "Download the handout (HTML)",
        )
        return html

    def _reminder_plan(self) -> ReminderPlan:
        programme = self.programme()  # a programme that does not check says why in the download
        exercises = tuple(programme.catalog(self.catalog).values())
        return ReminderPlan(exercises, programme.frequency, programme.start, programme.title)

    def offer_yaml(self) -> str | None:
        """Check the programme and offer it as a YAML download; return the YAML."""
        programme = self._checked()
        if programme is None:
            return None
        text = programme.to_yaml()
        self._offer(
            text,
            "Saved: download the programme file and load it here again later.",
            PROGRAMME_NAME,
            "application/yaml",
            "Download the programme",
        )
        return text

    def _offer(self, content: str, message: str, name: str, mime: str, link_text: str) -> None:
        """Say what is ready and offer it as a download link."""
        self.message.value = with_educators_style(
            f'<div class="backcare-message" role="status">{message}</div>'
        )
        self.links.value = _link(content.encode("utf-8"), name, mime, link_text)

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Check the programme and write it to ``path`` as YAML (in JupyterLab)."""
        return self.programme().save(path)

    def load(self, source: str | os.PathLike[str] | bytes, name: str = "") -> Programme | None:
        """Load a programme file into the form; on a bad file say why and keep the form as is."""
        try:
            programme = load_programme(source, catalog=self.catalog, name=name)
        except ProgrammeError as exc:
            items = "".join(
                f"<li>{escape(on_screen_words(p, self.catalog))}</li>" for p in exc.problems
            )
            self.message.value = with_educators_style(
                '<div class="backcare-message backcare-message--error" role="alert">'
                f"<strong>Nothing was loaded from {escape(exc.source)}:</strong>"
                f"<ul>{items}</ul></div>"
            )
            return None
        self.set_programme(programme)
        label = name or os.fspath(source) if not isinstance(source, bytes) else name
        self.message.value = with_educators_style(
            f'<div class="backcare-message" role="status">Loaded {escape(label or "the programme")}'
            f": {len(programme.exercises)} exercise(s).</div>"
        )
        return programme

    def _on_load(self, change: dict[str, Any]) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        self.load(bytes(upload.content), upload.name)
        self.load_upload.value = ()
