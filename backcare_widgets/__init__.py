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
    "Catalog": "backcare_widgets.data.catalog",
    "CatalogError": "backcare_widgets.data.catalog",
    "Dosage": "backcare_widgets.data.catalog",
    "Exercise": "backcare_widgets.data.catalog",
    "UnknownExerciseError": "backcare_widgets.data.catalog",
    "format_dosage": "backcare_widgets.data.catalog",
    "load_catalog": "backcare_widgets.data.catalog",
    "exercise_card": "backcare_widgets.views.exercise_card",
    "ExercisePage": "backcare_widgets.pages.exercise",
    "exercise_page": "backcare_widgets.pages.exercise",
    "ProgressDashboard": "backcare_widgets.pages.progress",
    "FileUpload": "backcare_widgets.components.file_upload",
    "UploadedFile": "backcare_widgets.components.file_upload",
    "TodaysRoutine": "backcare_widgets.pages.routine",
    "progress_html": "backcare_widgets.views.progress",
    "guidance_html": "backcare_widgets.views.safety",
    "safety_html": "backcare_widgets.views.safety",
    "safety_notice": "backcare_widgets.views.safety",
    "CsvImportError": "backcare_widgets.data.log",
    "ImportSummary": "backcare_widgets.data.log",
    "LogError": "backcare_widgets.data.log",
    "SessionLog": "backcare_widgets.data.log",
    "Streaks": "backcare_widgets.data.adherence",
    "daily_activity": "backcare_widgets.data.adherence",
    "daily_targets": "backcare_widgets.data.dosage",
    "Dose": "backcare_widgets.data.dosage",
    "ExerciseStatus": "backcare_widgets.data.dosage",
    "LoggedSet": "backcare_widgets.data.dosage",
    "describe_dose": "backcare_widgets.data.dosage",
    "dose_of": "backcare_widgets.data.dosage",
    "today_status": "backcare_widgets.data.dosage",
    "sessions_vs_target": "backcare_widgets.data.adherence",
    "pain_by_day": "backcare_widgets.data.adherence",
    "sets_vs_target": "backcare_widgets.data.adherence",
    "streaks": "backcare_widgets.data.adherence",
    "HoldTimer": "backcare_widgets.components.hold_timer",
    "Hold": "backcare_widgets.components.hold_timer",
    "TimerResult": "backcare_widgets.components.hold_timer",
    "RepCounter": "backcare_widgets.components.rep_counter",
    "CameraCoach": "backcare_widgets.components.camera_coach",
    "FormChecklist": "backcare_widgets.components.form_checklist",
    "PainScale": "backcare_widgets.components.pain_scale",
    "pose_svg": "backcare_widgets.views.figures",
    "PoseAnimation": "backcare_widgets.components.pose_animation",
    "PoseError": "backcare_widgets.data.pose",
    "validate_keyframe": "backcare_widgets.data.pose",
    "ExerciseSession": "backcare_widgets.session.guided_set",
    "Frequency": "backcare_widgets.data.programme",
    "Programme": "backcare_widgets.data.programme",
    "ProgrammeError": "backcare_widgets.data.programme",
    "ProgrammeItem": "backcare_widgets.data.programme",
    "load_programme": "backcare_widgets.data.programme",
    "ProgrammeBuilder": "backcare_widgets.pages.educators.programme_builder",
    "handout_html": "backcare_widgets.views.handout",
    "handout_pdf": "backcare_widgets.views.handout",
    "Presenter": "backcare_widgets.pages.educators.presenter",
    "Question": "backcare_widgets.data.quiz",
    "QuizView": "backcare_widgets.pages.educators.quiz",
    "generate_quiz": "backcare_widgets.data.quiz",
    "ClassReport": "backcare_widgets.data.class_summary",
    "ClassReportView": "backcare_widgets.pages.educators.class_report",
    "summarize_files": "backcare_widgets.data.class_summary",
}

__all__ = ["__version__", *_EXPORTS]  # noqa: PLE0604 - names are resolved by __getattr__

if TYPE_CHECKING:  # pragma: no cover - static type checkers see the real names
    from backcare_widgets.components.camera_coach import CameraCoach
    from backcare_widgets.components.file_upload import FileUpload, UploadedFile
    from backcare_widgets.components.form_checklist import FormChecklist
    from backcare_widgets.components.hold_timer import Hold, HoldTimer, TimerResult
    from backcare_widgets.components.pain_scale import PainScale
    from backcare_widgets.components.pose_animation import PoseAnimation
    from backcare_widgets.components.rep_counter import RepCounter
    from backcare_widgets.data.adherence import (
        Streaks,
        daily_activity,
        pain_by_day,
        sessions_vs_target,
        sets_vs_target,
        streaks,
    )
    from backcare_widgets.data.catalog import (
        Catalog,
        CatalogError,
        Dosage,
        Exercise,
        UnknownExerciseError,
        format_dosage,
        load_catalog,
    )
    from backcare_widgets.data.class_summary import ClassReport, summarize_files
    from backcare_widgets.data.dosage import (
        Dose,
        ExerciseStatus,
        LoggedSet,
        daily_targets,
        describe_dose,
        dose_of,
        today_status,
    )
    from backcare_widgets.data.log import CsvImportError, ImportSummary, LogError, SessionLog
    from backcare_widgets.data.pose import PoseError, validate_keyframe
    from backcare_widgets.data.programme import (
        Frequency,
        Programme,
        ProgrammeError,
        ProgrammeItem,
        load_programme,
    )
    from backcare_widgets.data.quiz import Question, generate_quiz
    from backcare_widgets.pages.educators.class_report import ClassReportView
    from backcare_widgets.pages.educators.presenter import Presenter
    from backcare_widgets.pages.educators.programme_builder import ProgrammeBuilder
    from backcare_widgets.pages.educators.quiz import QuizView
    from backcare_widgets.pages.exercise import ExercisePage, exercise_page
    from backcare_widgets.pages.progress import ProgressDashboard
    from backcare_widgets.pages.routine import TodaysRoutine
    from backcare_widgets.session.guided_set import ExerciseSession
    from backcare_widgets.views.exercise_card import exercise_card
    from backcare_widgets.views.figures import pose_svg
    from backcare_widgets.views.handout import handout_html, handout_pdf
    from backcare_widgets.views.progress import progress_html
    from backcare_widgets.views.safety import guidance_html, safety_html, safety_notice


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
