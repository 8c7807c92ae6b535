"""BackCare Workbook: widgets and data for a guided lower-back exercise workbook.

Public names are imported lazily, so a page that only shows a timer never pays for pandas or
matplotlib (the Voila start-up time of every page depends on it).
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("backcare-widgets")
except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
    __version__ = "0.0.0"

# public name -> module that defines it (one module per component)
_EXPORTS: dict[str, str] = {
    "Catalog": "backcare_widgets.catalog",
    "CatalogError": "backcare_widgets.catalog",
    "Dosage": "backcare_widgets.catalog",
    "Exercise": "backcare_widgets.catalog",
    "format_dosage": "backcare_widgets.catalog",
    "load_catalog": "backcare_widgets.catalog",
    "exercise_card": "backcare_widgets.exercise_card",
    "ExercisePage": "backcare_widgets.exercise_page",
    "exercise_page": "backcare_widgets.exercise_page",
    "ProgressDashboard": "backcare_widgets.dashboard",
    "FileUpload": "backcare_widgets.file_upload",
    "UploadedFile": "backcare_widgets.file_upload",
    "TodaysRoutine": "backcare_widgets.routine",
    "progress_html": "backcare_widgets.progress",
    "guidance_html": "backcare_widgets.safety",
    "safety_html": "backcare_widgets.safety",
    "safety_notice": "backcare_widgets.safety",
    "CsvImportError": "backcare_widgets.log",
    "ImportSummary": "backcare_widgets.log",
    "LogError": "backcare_widgets.log",
    "SessionLog": "backcare_widgets.log",
    "Streaks": "backcare_widgets.adherence",
    "daily_activity": "backcare_widgets.adherence",
    "daily_targets": "backcare_widgets.daily_targets",
    "Dose": "backcare_widgets.dosage",
    "ExerciseStatus": "backcare_widgets.dosage",
    "LoggedSet": "backcare_widgets.dosage",
    "describe_dose": "backcare_widgets.dosage",
    "dose_of": "backcare_widgets.dosage",
    "today_status": "backcare_widgets.dosage",
    "sessions_vs_target": "backcare_widgets.adherence",
    "pain_by_day": "backcare_widgets.adherence",
    "sets_vs_target": "backcare_widgets.adherence",
    "streaks": "backcare_widgets.adherence",
    "HoldTimer": "backcare_widgets.hold_timer",
    "Hold": "backcare_widgets.hold_timer",
    "TimerResult": "backcare_widgets.hold_timer",
    "RepCounter": "backcare_widgets.rep_counter",
    "FormChecklist": "backcare_widgets.form_checklist",
    "PainScale": "backcare_widgets.pain_scale",
    "pose_svg": "backcare_widgets.figures",
    "PoseAnimation": "backcare_widgets.pose_animation",
    "PoseError": "backcare_widgets.pose",
    "validate_keyframe": "backcare_widgets.pose",
    "ExerciseSession": "backcare_widgets.guided_session",
    "Frequency": "backcare_widgets.programme",
    "Programme": "backcare_widgets.programme",
    "ProgrammeError": "backcare_widgets.programme",
    "ProgrammeItem": "backcare_widgets.programme",
    "load_programme": "backcare_widgets.programme",
    "ProgrammeBuilder": "backcare_widgets.programme_builder",
    "handout_html": "backcare_widgets.handout",
    "handout_pdf": "backcare_widgets.handout",
    "Presenter": "backcare_widgets.presenter",
    "Question": "backcare_widgets.quiz",
    "QuizView": "backcare_widgets.quiz",
    "generate_quiz": "backcare_widgets.quiz",
    "ClassReport": "backcare_widgets.class_report",
    "ClassReportView": "backcare_widgets.class_report_view",
    "summarize_files": "backcare_widgets.class_report",
}

__all__ = ["__version__", *_EXPORTS]  # noqa: PLE0604 - names are resolved by __getattr__

if TYPE_CHECKING:  # pragma: no cover - static type checkers see the real names
    from backcare_widgets.adherence import (
        Streaks,
        daily_activity,
        pain_by_day,
        sessions_vs_target,
        sets_vs_target,
        streaks,
    )
    from backcare_widgets.catalog import (
        Catalog,
        CatalogError,
        Dosage,
        Exercise,
        format_dosage,
        load_catalog,
    )
    from backcare_widgets.class_report import ClassReport, summarize_files
    from backcare_widgets.class_report_view import ClassReportView
    from backcare_widgets.daily_targets import daily_targets
    from backcare_widgets.dashboard import ProgressDashboard
    from backcare_widgets.dosage import (
        Dose,
        ExerciseStatus,
        LoggedSet,
        describe_dose,
        dose_of,
        today_status,
    )
    from backcare_widgets.exercise_card import exercise_card
    from backcare_widgets.exercise_page import ExercisePage, exercise_page
    from backcare_widgets.figures import pose_svg
    from backcare_widgets.file_upload import FileUpload, UploadedFile
    from backcare_widgets.form_checklist import FormChecklist
    from backcare_widgets.guided_session import ExerciseSession
    from backcare_widgets.handout import handout_html, handout_pdf
    from backcare_widgets.hold_timer import Hold, HoldTimer, TimerResult
    from backcare_widgets.log import CsvImportError, ImportSummary, LogError, SessionLog
    from backcare_widgets.pain_scale import PainScale
    from backcare_widgets.pose import PoseError, validate_keyframe
    from backcare_widgets.pose_animation import PoseAnimation
    from backcare_widgets.presenter import Presenter
    from backcare_widgets.programme import (
        Frequency,
        Programme,
        ProgrammeError,
        ProgrammeItem,
        load_programme,
    )
    from backcare_widgets.programme_builder import ProgrammeBuilder
    from backcare_widgets.progress import progress_html
    from backcare_widgets.quiz import Question, QuizView, generate_quiz
    from backcare_widgets.rep_counter import RepCounter
    from backcare_widgets.routine import TodaysRoutine
    from backcare_widgets.safety import guidance_html, safety_html, safety_notice


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use."""
    try:
        module = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'backcare_widgets' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
