"""The SVG pictures: well-formed, labelled from the catalogue, self-contained and deterministic."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from backcare_widgets import pose_svg
from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.data.pose import PoseError
from backcare_widgets.views.figures import MUSCLE, TOWEL, capsule_path, scene

CATALOG = load_catalog()
IDS = list(CATALOG)
NS = "{http://www.w3.org/2000/svg}"
SHIPPED = Path(__file__).resolve().parents[2] / "data" / "exercises.yaml"


@pytest.mark.parametrize("exercise_id", IDS)
@pytest.mark.parametrize("pose", ["start", "end"])
def test_svg_is_labelled_and_self_contained(exercise_id: str, pose: str) -> None:
    text = pose_svg(CATALOG[exercise_id], pose)
    root = ET.fromstring(text)
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    title = root.find(f"{NS}title")
    desc = root.find(f"{NS}desc")
    assert title is not None
    assert desc is not None
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    exercise = CATALOG[exercise_id]
    assert title.text == f"{exercise.name.text}: {pose} position"
    assert desc.text == getattr(exercise.alt_text, pose).text
    # nothing outside the picture: no links, images, scripts, fonts or styles from elsewhere
    for element in root.iter():
        assert element.tag.removeprefix(NS) not in {"image", "script", "foreignObject", "use"}
        for name, value in element.attrib.items():
            assert "href" not in name
            assert "url(" not in value
    assert "http" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert len(root.findall(f".//{NS}path")) > 15  # a body, not a few sticks


@pytest.mark.parametrize("exercise_id", IDS)
def test_the_working_muscle_is_highlighted_and_named(exercise_id: str) -> None:
    for pose in ("start", "end"):
        root = ET.fromstring(pose_svg(CATALOG[exercise_id], pose))
        muscles = [p for p in root.iter(f"{NS}path") if p.get("fill") == MUSCLE]
        assert len(muscles) == 1
        # on a small picture the muscle's name is wrapped onto lines of its own (tspans)
        legend = " ".join(" ".join(t.itertext()) for t in root.iter(f"{NS}text"))
        assert CATALOG[exercise_id].muscle.text in " ".join(legend.split())


def test_the_towel_is_only_in_the_hamstring_stretch() -> None:
    for exercise_id in IDS:
        towel = f'fill="{TOWEL}"' in pose_svg(CATALOG[exercise_id], "end")
        assert towel == (exercise_id == "hamstring-stretch")


def test_output_is_deterministic_and_start_differs_from_end() -> None:
    for exercise_id in IDS:
        assert pose_svg(CATALOG[exercise_id], "start") == pose_svg(CATALOG[exercise_id], "start")
        assert pose_svg(CATALOG[exercise_id], "start") != pose_svg(CATALOG[exercise_id], "end")


def test_start_and_end_share_a_view_box_so_they_line_up() -> None:
    for exercise_id in IDS:
        boxes = {
            ET.fromstring(pose_svg(CATALOG[exercise_id], pose)).get("viewBox")
            for pose in ("start", "end")
        }
        assert len(boxes) == 1


def test_ids_are_unique_per_picture() -> None:
    ids = [
        element.get("id")
        for exercise_id in IDS
        for pose in ("start", "end")
        for element in ET.fromstring(pose_svg(CATALOG[exercise_id], pose)).iter()
        if element.get("id")
    ]
    assert len(ids) == len(set(ids)) == 4 * len(IDS)


def test_catalogue_text_is_escaped(tmp_path: Path) -> None:
    text = SHIPPED.read_text(encoding="utf-8").replace(
        "muscle: {text: buttock muscles (gluteus maximus), source: seed}",
        'muscle: {text: "buttock <b>muscles</b> & more", source: seed}',
        1,
    )
    path = tmp_path / "exercises.yaml"
    path.write_text(text, encoding="utf-8")
    svg = pose_svg(load_catalog(path)["bridge"], "start")
    root = ET.fromstring(svg)
    assert "<b>" not in svg
    assert "&lt;b&gt;muscles&lt;/b&gt;" in svg  # wrapped onto lines, each escaped
    legend = " ".join(" ".join(t.itertext()) for t in root.iter(f"{NS}text"))
    assert "buttock <b>muscles</b> & more" in " ".join(legend.split())


def test_bad_requests_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="'start' or 'end'"):
        pose_svg(CATALOG["bridge"], "middle")  # type: ignore[arg-type]
    text = re.sub(
        r"(?m)^    poses:\n(?:      .*\n|        .*\n)*", "", SHIPPED.read_text(encoding="utf-8")
    )
    path = tmp_path / "exercises.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PoseError, match="exercise 'bridge', pose 'start': no poses"):
        pose_svg(load_catalog(path)["bridge"], "start")


def test_scene_frames_line_up_with_paints() -> None:
    drawn = scene(CATALOG["bridge"], count=9)
    assert len(drawn.frames) == 9
    assert all(len(frame) == len(drawn.paints) == len(drawn.keys) for frame in drawn.frames)
    assert drawn.frames[0] != drawn.frames[-1]


def test_capsule_path() -> None:
    assert capsule_path((0, 0, 5, 0, 0, 3)).startswith("M-5 0a5 5 0 1 0 10 0")
    path = capsule_path((0, 0, 5, 20, 0, 3))
    assert path.startswith("M")
    assert path.endswith("Z")
    assert path.count("A") == 2
