"""The pose model: body proportions, constraints per exercise, interpolation and keyframe checks."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from backcare_widgets.data import pose
from backcare_widgets.data.catalog import CatalogError, load_catalog
from backcare_widgets.data.pose import (
    FLOOR_TOLERANCE_CM,
    JOINTS,
    SEGMENTS,
    PoseError,
    frames,
    interpolate,
    solve,
    validate_keyframe,
    validate_poses,
)

CATALOG = load_catalog()
IDS = list(CATALOG)
SHIPPED = Path(__file__).resolve().parents[2] / "data" / "exercises.yaml"


def keyframe(exercise_id: str, name: str) -> dict[str, float]:
    poses = CATALOG[exercise_id].poses
    assert poses is not None
    return dict(poses[name])


def body(exercise_id: str, name: str) -> pose.Body:
    return solve(exercise_id, keyframe(exercise_id, name), name)


def bottom(figure: pose.Body, point: str, radius: float) -> float:
    return figure.points[point][1] - radius


def angle_between(u: tuple[float, ...], v: tuple[float, ...]) -> float:
    dot = sum(a * b for a, b in zip(u, v, strict=True))
    return math.degrees(math.acos(max(-1.0, min(1.0, dot / (math.hypot(*u) * math.hypot(*v))))))


def vector(figure: pose.Body, a: str, b: str) -> tuple[float, float, float]:
    p, q = figure.points[a], figure.points[b]
    return (q[0] - p[0], q[1] - p[1], q[2] - p[2])


def feet_flat(figure: pose.Body, side: str) -> bool:
    heel, toe = figure.points[f"{side}_heel"], figure.points[f"{side}_toe"]
    return abs(heel[1] - pose._HEEL[1]) < 0.05 and abs(toe[1] - pose._TOE[1]) < 0.05


# --- the catalogue's keyframes -------------------------------------------------------------------


@pytest.mark.parametrize("exercise_id", IDS)
def test_shipped_keyframes_are_valid(exercise_id: str) -> None:
    for name in ("start", "end"):
        checked = validate_keyframe(exercise_id, name, keyframe(exercise_id, name))
        assert list(checked) == list(JOINTS)


@pytest.mark.parametrize("exercise_id", IDS)
def test_segment_lengths_hold_in_every_frame(exercise_id: str) -> None:
    expected = {
        "pelvis": 16.0,
        "trunk": 36.0,
        "neck": 20.0,
        "shoulders": 32.0,
        "hips": 17.0,
        **{f"{s}_upper_arm": 31.0 for s in pose.SIDES},
        **{f"{s}_forearm": 25.0 for s in pose.SIDES},
        **{f"{s}_hand": 8.0 for s in pose.SIDES},
        **{f"{s}_thigh": 42.0 for s in pose.SIDES},
        **{f"{s}_shank": 42.0 for s in pose.SIDES},
    }
    bodies = frames(exercise_id, keyframe(exercise_id, "start"), keyframe(exercise_id, "end"), 21)
    foot = bodies[0].segment_length("left_foot")
    for figure in bodies:
        for segment in SEGMENTS:
            want = expected.get(segment.name, foot)
            assert figure.segment_length(segment.name) == pytest.approx(want, abs=1e-9)


@pytest.mark.parametrize("exercise_id", IDS)
def test_no_frame_goes_below_the_floor(exercise_id: str) -> None:
    start, end = keyframe(exercise_id, "start"), keyframe(exercise_id, "end")
    for figure in frames(exercise_id, start, end, 41):
        segment, height = figure.lowest()
        assert height >= -FLOOR_TOLERANCE_CM, f"{segment.name} at {height:.2f} cm"
        assert figure.points["head"][1] - pose.HEAD_RADIUS >= -FLOOR_TOLERANCE_CM


@pytest.mark.parametrize("exercise_id", IDS)
def test_start_pose_lies_on_the_back_knees_bent_feet_flat(exercise_id: str) -> None:
    figure = body(exercise_id, "start")
    assert bottom(figure, "shoulder_center", 11.5) == pytest.approx(0, abs=0.05)
    assert bottom(figure, "lumbar", 10.0) == pytest.approx(0, abs=0.6)
    assert bottom(figure, "hip_center", 10.5) == pytest.approx(0, abs=0.6)
    assert feet_flat(figure, "left")
    assert figure.points["left_knee"][1] > 35  # knee pointing up


def test_bridge_end_lifts_the_hips_in_line_with_shoulders_and_knees() -> None:
    start, end = body("bridge", "start"), body("bridge", "end")
    assert bottom(end, "shoulder_center", 11.5) == pytest.approx(0, abs=0.05)
    for side in pose.SIDES:
        assert feet_flat(end, side)
    assert end.points["hip_center"][1] > start.points["hip_center"][1] + 15
    line = angle_between(
        vector(end, "shoulder_center", "hip_center"), vector(end, "hip_center", "right_knee")
    )
    assert line < 8  # shoulders, hips and knees in a straight line


def test_partial_crunch_lifts_the_shoulders_with_the_lower_back_on_the_mat() -> None:
    start, end = body("partial-crunches", "start"), body("partial-crunches", "end")
    assert bottom(end, "lumbar", 10.0) == pytest.approx(0, abs=0.05)
    assert bottom(end, "hip_center", 10.5) == pytest.approx(0, abs=0.6)
    assert bottom(end, "shoulder_center", 11.5) > 10
    assert end.points["head"][1] > start.points["head"][1] + 10
    for side in pose.SIDES:
        assert feet_flat(end, side)
        # arms crossed over the chest: hands near the opposite shoulder's height, above the chest
        assert end.points[f"{side}_hand"][1] > end.points["shoulder_center"][1]


def test_hamstring_stretch_raises_one_straight_leg_and_keeps_the_other_bent() -> None:
    end = body("hamstring-stretch", "end")
    thigh, shank = vector(end, "right_hip", "right_knee"), vector(end, "right_knee", "right_ankle")
    knee = angle_between(thigh[:2], shank[:2])  # in the side view (the thighs slope in a little)
    assert knee < 15  # the knee straightened (softly), as the towel is pulled back
    assert end.points["right_ankle"][1] > 40  # the leg is raised off the mat
    bent = angle_between(
        vector(end, "left_hip", "left_knee"), vector(end, "left_knee", "left_ankle")
    )
    assert bent > 60
    assert feet_flat(end, "left")
    assert bottom(end, "shoulder_center", 11.5) == pytest.approx(0, abs=0.05)


def test_hamstring_stretch_ends_in_a_gentle_stretch_not_a_maximal_one() -> None:
    """A gentle stretch: the hip bends a moderate way, far from the end of its range."""
    end = body("hamstring-stretch", "end")
    trunk = vector(end, "shoulder_center", "hip_center")
    thigh = vector(end, "right_hip", "right_knee")
    hip_flexion = angle_between(trunk[:2], thigh[:2])
    assert 35 <= hip_flexion <= 60, hip_flexion


def test_hamstring_stretch_starts_with_the_stretched_leg_straight_on_the_mat() -> None:
    """The text: "one knee bent and the other leg straight"; the towel goes under that foot."""
    start = body("hamstring-stretch", "start")
    segments = {segment.name: segment for segment in SEGMENTS}
    thigh = vector(start, "right_hip", "right_knee")
    shank = vector(start, "right_knee", "right_ankle")
    assert angle_between(thigh[:2], shank[:2]) < 1  # straight (in the side view)
    leg = vector(start, "right_hip", "right_ankle")
    assert abs(math.degrees(math.atan2(leg[1], leg[0]))) < 8  # along the mat
    assert start.bottom(segments["right_foot"]) == pytest.approx(0, abs=FLOOR_TOLERANCE_CM)
    assert start.bottom(segments["right_shank"]) < 6  # the calf rests low, on the heel
    assert feet_flat(start, "left")
    bent = angle_between(
        vector(start, "left_hip", "left_knee"), vector(start, "left_knee", "left_ankle")
    )
    assert bent > 60  # the other knee bent


def test_rotational_stretch_keeps_both_feet_on_the_mat_as_the_knees_roll() -> None:
    """Feet firmly on the ground: the far foot does not lift as the knees roll away from it."""
    exercise = "lower-back-rotational-stretch"
    bodies = frames(exercise, keyframe(exercise, "start"), keyframe(exercise, "end"), 11)
    first = bodies[0]
    assert keyframe(exercise, "end")["pelvis_roll"] < 0  # the knees roll to the left...
    for figure in bodies:
        for side in pose.SIDES:  # ...and the right (far) foot stays as flat as the left
            assert feet_flat(figure, side), side
            for point in ("heel", "toe", "ankle"):
                name = f"{side}_{point}"
                assert figure.points[name] == pytest.approx(first.points[name], abs=1e-6), name


def test_rotational_stretch_rolls_the_knees_aside_with_the_shoulders_down() -> None:
    start, end = (
        body("lower-back-rotational-stretch", "start"),
        body("lower-back-rotational-stretch", "end"),
    )
    for side in pose.SIDES:
        assert abs(start.points[f"{side}_knee"][2]) < 9
        assert end.points[f"{side}_knee"][2] < -20  # both knees to the same (left) side
        # both knees stay bent
        assert (
            angle_between(
                vector(end, f"{side}_hip", f"{side}_knee"),
                vector(end, f"{side}_knee", f"{side}_ankle"),
            )
            > 60
        )
    lowest_knee = min(end.points[f"{side}_knee"][1] for side in pose.SIDES)
    assert lowest_knee < start.points["left_knee"][1] - 10  # the knees sink towards the mat
    assert bottom(end, "shoulder_center", 11.5) == pytest.approx(0, abs=0.05)
    assert end.points["left_shoulder"][1] == pytest.approx(end.points["right_shoulder"][1])
    assert pose.constraints_for("lower-back-rotational-stretch").elevation_deg > 20


def test_interpolate_blends_joint_by_joint() -> None:
    start, end = keyframe("bridge", "start"), keyframe("bridge", "end")
    middle = interpolate(start, end, 0.5)
    assert middle["left_hip"] == pytest.approx((start["left_hip"] + end["left_hip"]) / 2)
    assert interpolate(start, end, 0) == start
    assert interpolate(start, end, 1) == end
    with pytest.raises(ValueError, match="at least 2"):
        frames("bridge", start, end, 1)


def test_planted_feet_stay_put_through_the_movement() -> None:
    bodies = frames("bridge", keyframe("bridge", "start"), keyframe("bridge", "end"), 11)
    for figure in bodies:
        assert figure.points["left_ankle"][0] == pytest.approx(0)
        assert feet_flat(figure, "left")


# --- refusing bad keyframes ----------------------------------------------------------------------


def test_missing_joint_is_named() -> None:
    angles = keyframe("bridge", "end")
    del angles["left_knee"]
    with pytest.raises(
        PoseError, match="exercise 'bridge', pose 'end', joint 'left_knee': missing"
    ):
        validate_keyframe("bridge", "end", angles)


@pytest.mark.parametrize(
    ("joint", "value"), [("left_knee", 200), ("neck", -90), ("right_ankle", 40)]
)
def test_unreachable_angle_is_named(joint: str, value: float) -> None:
    angles = keyframe("partial-crunches", "start") | {joint: value}
    with pytest.raises(PoseError) as refused:
        validate_keyframe("partial-crunches", "start", angles)
    message = str(refused.value)
    assert f"exercise 'partial-crunches', pose 'start', joint '{joint}'" in message
    assert "out of reach" in message
    assert refused.value.joint == joint


def test_unknown_joint_and_non_number_are_refused() -> None:
    angles = keyframe("bridge", "start") | {"left_knees": 90}
    with pytest.raises(PoseError, match="joint 'left_knees': unknown joint"):
        validate_keyframe("bridge", "start", angles)
    angles = keyframe("bridge", "start") | {"neck": math.nan}
    with pytest.raises(PoseError, match="joint 'neck'"):
        validate_keyframe("bridge", "start", angles)
    angles = keyframe("bridge", "start") | {"neck": True}
    with pytest.raises(PoseError, match="not a number"):
        validate_keyframe("bridge", "start", angles)


def test_a_foot_that_cannot_lie_flat_is_named_with_the_angle_that_would() -> None:
    angles = keyframe("bridge", "start") | {"left_ankle": 10}
    with pytest.raises(PoseError, match=r"joint 'left_ankle'.*flat on the mat.*left_ankle: -3\d"):
        validate_keyframe("bridge", "start", angles)


def test_a_body_part_below_the_floor_is_refused() -> None:
    angles = keyframe("bridge", "start") | {"right_shoulder": -60, "right_elbow": 0}
    with pytest.raises(
        PoseError,
        match=r"pose 'start', joint 'right_elbow': the right hand would be .* below the floor",
    ):
        validate_keyframe("bridge", "start", angles)


def test_start_and_end_are_required() -> None:
    with pytest.raises(PoseError, match="pose 'end': missing"):
        validate_poses({"start": keyframe("bridge", "start")}, "bridge")
    checked = validate_poses(CATALOG["bridge"].poses or {})
    assert set(checked) == {"start", "end"}


def test_the_catalogue_refuses_a_bad_keyframe(tmp_path: Path) -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    bad = text.replace("left_knee: 95, right_knee: 95", "left_knee: 195, right_knee: 95", 1)
    assert bad != text
    path = tmp_path / "exercises.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(CatalogError) as refused:
        load_catalog(path)
    message = str(refused.value)
    assert "exercise 'bridge'" in message
    assert "pose 'end'" in message
    assert "joint 'left_knee'" in message
    missing = text.replace(" right_knee: 108,", "", 1)
    path.write_text(missing, encoding="utf-8")
    with pytest.raises(CatalogError, match=r"exercise 'bridge'.*pose 'start', joint 'right_knee'"):
        load_catalog(path)


def test_new_exercises_get_default_constraints() -> None:
    rules = pose.constraints_for("knee-to-chest")
    assert rules.planted == ("left", "right")
    assert rules.upper_support == "shoulder_center"
    figure = solve("knee-to-chest", keyframe("bridge", "start"))
    assert feet_flat(figure, "right")
