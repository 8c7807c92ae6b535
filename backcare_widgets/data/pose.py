"""A person lying on a mat, posed from joint angles: the geometry behind every exercise picture.

The figure is a chain of rigid segments (head, neck, trunk, pelvis, upper and lower arms, hands,
thighs, shanks, feet) whose lengths follow adult body proportions (about 170 cm tall). A pose is
a set of joint angles in degrees, the way a physiotherapist names them (hip flexion, knee
flexion, ...); forward kinematics turns them into points in centimetres. The exercise decides
what must touch the floor: the figure is rested on its upper support (the shoulders, or the lower
back in a crunch) and rotated about it until the first body part below it touches the mat, as a
body lying on a floor would; planted feet are turned flat on the mat.

Coordinates: ``x`` runs along the mat from the head towards the feet, ``y`` points up from the
floor (``y == 0`` is the mat's surface) and ``z`` points sideways towards the viewer, who sees
the figure's right side. Pure Python, so a page can draw without numpy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "JOINTS",
    "SEGMENTS",
    "Body",
    "Constraints",
    "Joint",
    "PoseError",
    "Segment",
    "constraints_for",
    "frames",
    "interpolate",
    "solve",
    "validate_keyframe",
    "validate_poses",
]

Point = tuple[float, float, float]

#: How far soft tissue may press into the mat (cm) before a pose counts as below the floor.
FLOOR_TOLERANCE_CM = 0.5
#: How far a planted foot may hover above the mat (cm) before it no longer counts as flat on it.
PLANTED_TOLERANCE_CM = 1.0
SIDES = ("left", "right")
REQUIRED_POSES = ("start", "end")


# --- joints ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Joint:
    """A joint angle a keyframe sets, with the range a body can reach.

    Attributes
    ----------
    name : str
        The key used in the catalogue, e.g. ``"left_knee"``.
    low, high : float
        The reachable range in degrees (generous adult ranges of motion).
    meaning : str
        What a positive angle does, in words an educator can check against a picture.
    """

    name: str
    low: float
    high: float
    meaning: str


def _joint_table() -> dict[str, Joint]:
    table = [
        Joint("neck", -40, 60, "flexion: chin towards chest (0 = head in line with the trunk)"),
        Joint("lumbar", -30, 60, "flexion: trunk curls up off the pelvis (crunch); minus arches"),
        Joint(
            "pelvis_roll",
            -75,
            75,
            "pelvis and bent legs roll about the body's long axis; plus = knees to the right",
        ),
    ]
    for side in SIDES:
        table += [
            Joint(f"{side}_shoulder", -60, 180, "flexion: arm forwards/up (0 = along the trunk)"),
            Joint(f"{side}_elbow", 0, 150, "flexion (0 = straight arm)"),
            Joint(f"{side}_hip", -20, 130, "flexion: thigh towards chest (0 = in line with trunk)"),
            Joint(f"{side}_knee", 0, 150, "flexion (0 = straight leg)"),
            Joint(f"{side}_ankle", -50, 25, "dorsiflexion: toes towards shin; minus points toes"),
        ]
    return {joint.name: joint for joint in table}


#: Every joint a keyframe must give, in a stable order.
JOINTS: Mapping[str, Joint] = MappingProxyType(_joint_table())


# --- segments --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A rigid body part between two named points, drawn as a rounded, tapered limb.

    Attributes
    ----------
    name : str
        E.g. ``"right_thigh"``.
    start, end : str
        Names of the points it joins.
    r_start, r_end : float
        Half its thickness at each end, in cm (body-like widths, not sticks).
    support : bool
        Whether the body can rest on it (the trunk, pelvis and legs; free arms and the head are
        the pose's business and are only checked, never rested on).
    """

    name: str
    start: str
    end: str
    r_start: float
    r_end: float
    support: bool = True


_LENGTHS = {  # cm, for a person about 170 cm tall (proportions after Winter's tables)
    "pelvis": 16.0,
    "trunk": 36.0,
    "neck": 20.0,  # shoulder centre to the centre of the head
    "upper_arm": 31.0,
    "forearm": 25.0,
    "hand": 8.0,
    "thigh": 42.0,
    "shank": 42.0,
}
HEAD_RADIUS = 10.5
ANKLE_HEIGHT = 7.0  # above the sole
HIP_HALF_WIDTH = 8.5
_THIGH_INWARD = 3.0
SHOULDER_HALF_WIDTH = 16.0
_HEEL = (-4.5, 3.5)  # (along the foot from the ankle, radius) of the heel
_TOE = (17.0, 2.3)
_BALL = 13.0


def _segment_table() -> tuple[Segment, ...]:
    parts = [
        Segment("pelvis", "lumbar", "hip_center", 10.0, 10.5),
        Segment("trunk", "lumbar", "shoulder_center", 10.0, 11.5),
        Segment("neck", "shoulder_center", "head", 5.0, 5.0, support=False),
        Segment("shoulders", "left_shoulder", "right_shoulder", 5.5, 5.5, support=False),
        Segment("hips", "left_hip", "right_hip", 6.5, 6.5),
    ]
    for side in SIDES:
        parts += [
            Segment(f"{side}_upper_arm", f"{side}_shoulder", f"{side}_elbow", 4.8, 3.8, False),
            Segment(f"{side}_forearm", f"{side}_elbow", f"{side}_wrist", 3.7, 2.8, False),
            Segment(f"{side}_hand", f"{side}_wrist", f"{side}_hand", 3.1, 2.7, False),
            Segment(f"{side}_thigh", f"{side}_hip", f"{side}_knee", 6.6, 5.2),
            Segment(f"{side}_shank", f"{side}_knee", f"{side}_ankle", 5.0, 3.4),
            Segment(f"{side}_foot", f"{side}_heel", f"{side}_toe", _HEEL[1], _TOE[1]),
        ]
    return tuple(parts)


#: The body's segments, in a stable order.
SEGMENTS: tuple[Segment, ...] = _segment_table()


# --- per-exercise constraints -----------------------------------------------------------------------


@dataclass(frozen=True)
class Constraints:
    """What an exercise keeps on the floor, and how its picture is best seen.

    Attributes
    ----------
    upper_support : str
        The point the upper body rests on: ``"shoulder_center"`` (shoulders on the floor) or
        ``"lumbar"`` (lower back on the mat while the shoulders lift, as in a crunch).
    planted : tuple of str
        Sides whose foot stays flat on the mat.
    elevation_deg : float
        Camera height above the floor, in degrees (0 looks along the floor).
    azimuth_deg : float
        Where the camera stands around the figure: 0 at its right side (a side view), 90 at its
        feet, looking up the body (knees rolling to one side read best from there).
    """

    upper_support: str = "shoulder_center"
    planted: tuple[str, ...] = SIDES
    elevation_deg: float = 8.0
    azimuth_deg: float = 0.0


_CONSTRAINTS: Mapping[str, Constraints] = MappingProxyType(
    {
        "bridge": Constraints(),
        "partial-crunches": Constraints(upper_support="lumbar"),
        "hamstring-stretch": Constraints(planted=("left",)),
        # seen from behind the head, above: the knees swing to one side, the shoulders stay flat
        "lower-back-rotational-stretch": Constraints(elevation_deg=32.0, azimuth_deg=-90.0),
    }
)


def constraints_for(exercise_id: str) -> Constraints:
    """Return an exercise's constraints; a new exercise lies on its back with feet planted."""
    return _CONSTRAINTS.get(exercise_id, Constraints())


# --- errors and validation -----------------------------------------------------------------------


class PoseError(ValueError):
    """A keyframe the body cannot take; the message names the exercise, pose and joint."""

    def __init__(
        self, exercise_id: str | None, pose_name: str, joint: str | None, message: str
    ) -> None:
        where = [f"exercise {exercise_id!r}"] if exercise_id else []
        where.append(f"pose {pose_name!r}")
        if joint:
            where.append(f"joint {joint!r}")
        super().__init__(f"{', '.join(where)}: {message}")
        self.exercise_id = exercise_id
        self.pose_name = pose_name
        self.joint = joint


def _check_angles(
    exercise_id: str | None, pose_name: str, angles: Mapping[str, float]
) -> dict[str, float]:
    """Check names and ranges only (needs no exercise): what the catalogue checks on load."""
    unknown = sorted(set(angles) - set(JOINTS))
    if unknown:
        raise PoseError(
            exercise_id,
            pose_name,
            unknown[0],
            f"unknown joint (misspelt?); the joints are {', '.join(JOINTS)}",
        )
    for name, joint in JOINTS.items():
        if name not in angles:
            raise PoseError(
                exercise_id,
                pose_name,
                name,
                f"missing; give its angle in degrees ({joint.meaning})",
            )
        value = angles[name]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise PoseError(exercise_id, pose_name, name, f"{value!r} is not a number of degrees")
        if not math.isfinite(value) or not joint.low <= value <= joint.high:
            raise PoseError(
                exercise_id,
                pose_name,
                name,
                f"{value:g} degrees is out of reach; this joint moves from {joint.low:g} to "
                f"{joint.high:g} ({joint.meaning})",
            )
    return {name: float(angles[name]) for name in JOINTS}


def validate_keyframe(
    exercise_id: str, pose_name: str, angles: Mapping[str, float]
) -> dict[str, float]:
    """Refuse a keyframe the figure cannot take, before anything is drawn.

    Checks every joint is given, known and within its range, then places the figure and checks
    that no body part goes below the floor and that planted feet rest flat on the mat (their
    ankle angle must match; the message gives the angle that would).

    Parameters
    ----------
    exercise_id : str
        The exercise, for its constraints and for the message.
    pose_name : str
        ``"start"``, ``"end"``, ...; for the message.
    angles : mapping
        Joint name -> degrees, one entry for every name in :data:`JOINTS`.

    Returns
    -------
    dict
        The angles as floats, in :data:`JOINTS` order.

    Raises
    ------
    PoseError
        Naming the exercise, the pose and the joint at fault.
    """
    checked = _check_angles(exercise_id, pose_name, angles)
    body = _place(exercise_id, checked, flat_feet=False)
    rules = constraints_for(exercise_id)
    for side in rules.planted:
        need = body.flat_ankle[side]
        joint = JOINTS[f"{side}_ankle"]
        if not joint.low <= need <= joint.high:
            raise PoseError(
                exercise_id,
                pose_name,
                f"{side}_ankle",
                f"a flat {side} foot would need {need:.0f} degrees, beyond its range "
                f"({joint.low:g} to {joint.high:g}); change the {side} hip or knee angle",
            )
        rolled = abs(checked["pelvis_roll"]) >= 1.0  # a rolled foot tips onto its edge
        if not rolled and abs(checked[f"{side}_ankle"] - need) > 2.0:
            raise PoseError(
                exercise_id,
                pose_name,
                f"{side}_ankle",
                f"the {side} foot must rest flat on the mat: with these hip and knee angles "
                f"that is {side}_ankle: {need:.1f}",
            )
        lift = body.points[f"{side}_ankle"][1] - ANKLE_HEIGHT
        if lift > PLANTED_TOLERANCE_CM and not rolled:
            raise PoseError(
                exercise_id,
                pose_name,
                f"{side}_knee",
                f"the {side} foot must rest on the mat but is {lift:.1f} cm above it: another "
                "body part is lower; bend the hip or knee less, or more",
            )
    placed = _place(exercise_id, checked, flat_feet=True)
    segment, depth = placed.lowest()
    if depth < -FLOOR_TOLERANCE_CM:
        raise PoseError(
            exercise_id,
            pose_name,
            _JOINT_OF_SEGMENT.get(segment.name),
            f"the {segment.name.replace('_', ' ')} would be {-depth:.1f} cm below the floor",
        )
    return checked


_JOINT_OF_SEGMENT = {
    "neck": "neck",
    "trunk": "lumbar",
    "hips": "pelvis_roll",
    **{
        f"{s}_{part}": f"{s}_{joint}"
        for s in SIDES
        for part, joint in [
            ("upper_arm", "shoulder"),
            ("forearm", "elbow"),
            ("hand", "elbow"),
            ("thigh", "hip"),
            ("shank", "knee"),
            ("foot", "ankle"),
        ]
    },
}


def validate_poses(
    poses: Mapping[str, Mapping[str, float]], exercise_id: str | None = None
) -> dict[str, dict[str, float]]:
    """Check an exercise's keyframes as the catalogue loads them.

    Without an exercise id only names and ranges are checked (the catalogue's hook sees the poses
    alone); with one, each keyframe is also placed on the floor (:func:`validate_keyframe`).

    Parameters
    ----------
    poses : mapping
        Pose name -> joint name -> degrees; ``"start"`` and ``"end"`` are required.
    exercise_id : str, optional
        The exercise, for its constraints and for messages.

    Returns
    -------
    dict
        The poses with every angle a float.

    Raises
    ------
    PoseError
        For a missing pose, or a keyframe :func:`validate_keyframe` refuses.
    """
    for name in REQUIRED_POSES:
        if name not in poses:
            raise PoseError(exercise_id, name, None, "missing; give 'start' and 'end' poses")
    if exercise_id is None:
        return {name: _check_angles(None, name, angles) for name, angles in poses.items()}
    return {name: validate_keyframe(exercise_id, name, angles) for name, angles in poses.items()}


# --- vector helpers ------------------------------------------------------------------------------


def _dir(angle_deg: float) -> tuple[float, float]:
    a = math.radians(angle_deg)
    return math.cos(a), math.sin(a)


def _add(p: Point, v: Point, k: float = 1.0) -> Point:
    return (p[0] + k * v[0], p[1] + k * v[1], p[2] + k * v[2])


def _sub(p: Point, q: Point) -> Point:
    return (p[0] - q[0], p[1] - q[1], p[2] - q[2])


def _dist(p: Point, q: Point) -> float:
    return math.dist(p, q)


def _rotate_about(p: Point, origin: Point, axis: Point, angle_deg: float) -> Point:
    """Rotate ``p`` about the line through ``origin`` along ``axis`` (Rodrigues' formula)."""
    norm = math.sqrt(sum(c * c for c in axis))
    k = (axis[0] / norm, axis[1] / norm, axis[2] / norm)
    v = _sub(p, origin)
    a = math.radians(angle_deg)
    cos_a, sin_a = math.cos(a), math.sin(a)
    cross = (k[1] * v[2] - k[2] * v[1], k[2] * v[0] - k[0] * v[2], k[0] * v[1] - k[1] * v[0])
    dot = k[0] * v[0] + k[1] * v[1] + k[2] * v[2]
    return (
        origin[0] + v[0] * cos_a + cross[0] * sin_a + k[0] * dot * (1 - cos_a),
        origin[1] + v[1] * cos_a + cross[1] * sin_a + k[1] * dot * (1 - cos_a),
        origin[2] + v[2] * cos_a + cross[2] * sin_a + k[2] * dot * (1 - cos_a),
    )


# --- the placed body -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Body:
    """A posed figure lying on the mat: named points (cm) and the directions drawings need.

    Attributes
    ----------
    angles : dict
        The joint angles it was posed from (planted ankles as solved, so their feet lie flat).
    points : dict
        Point name -> ``(x, y, z)`` in cm; ``y == 0`` is the mat's surface.
    anterior : dict
        Segment name -> unit vector pointing to its front (for the face, muscles, towel).
    flat_ankle : dict
        Side -> the ankle angle that would put that foot flat on the mat.
    """

    angles: Mapping[str, float]
    points: Mapping[str, Point]
    anterior: Mapping[str, Point] = field(default_factory=dict)
    flat_ankle: Mapping[str, float] = field(default_factory=dict)

    def segment_length(self, name: str) -> float:
        """Return the distance between a segment's end points, in cm."""
        segment = _SEGMENT_BY_NAME[name]
        return _dist(self.points[segment.start], self.points[segment.end])

    def bottom(self, segment: Segment) -> float:
        """Return the height of a segment's lowest surface point above the mat, in cm."""
        return min(
            self.points[segment.start][1] - segment.r_start,
            self.points[segment.end][1] - segment.r_end,
        )

    def lowest(self) -> tuple[Segment, float]:
        """Return the lowest segment and its lowest point's height (negative: below the mat)."""
        heights = [(self.bottom(segment), index) for index, segment in enumerate(SEGMENTS)]
        head = self.points["head"][1] - HEAD_RADIUS
        low, index = min(heights)
        if head < low:
            return Segment("head", "head", "head", HEAD_RADIUS, HEAD_RADIUS, False), head
        return SEGMENTS[index], low


_SEGMENT_BY_NAME = {segment.name: segment for segment in SEGMENTS}


def _front(caudal_deg: float) -> Point:
    """Return the front of a segment pointing at ``caudal_deg``: 90 degrees further round."""
    fx, fy = _dir(caudal_deg + 90.0)
    return (fx, fy, 0.0)


def _forward(angles: Mapping[str, float]) -> tuple[dict[str, Point], dict[str, Point]]:
    """Place every point from the angles, with the pelvis lying along +x at the origin.

    Angles are measured in the side (x-y) plane, counter-clockwise from +x (towards the feet):
    a segment's "caudal" angle points from its upper end to its lower end, and its front is
    90 degrees further round.
    """
    pts: dict[str, Point] = {
        "hip_center": (0.0, 0.0, 0.0),
        "lumbar": (-_LENGTHS["pelvis"], 0.0, 0.0),
    }
    trunk = -angles["lumbar"]
    tx, ty = _dir(180.0 + trunk)
    sc = _add(pts["lumbar"], (tx, ty, 0.0), _LENGTHS["trunk"])
    head_dir = trunk - angles["neck"]
    hx, hy = _dir(180.0 + head_dir)
    pts["shoulder_center"] = sc
    pts["head"] = _add(sc, (hx, hy, 0.0), _LENGTHS["neck"])
    front: dict[str, Point] = {
        "pelvis": _front(0.0),
        "hips": _front(0.0),
        "trunk": _front(trunk),
        "shoulders": _front(trunk),
        "neck": _front(head_dir),
        "head": _front(head_dir),
    }
    for side in SIDES:
        _arm(side, angles, trunk, pts, front)
        _leg(side, angles, pts, front)
    return pts, front


def _arm(
    side: str,
    angles: Mapping[str, float],
    trunk: float,
    pts: dict[str, Point],
    front: dict[str, Point],
) -> None:
    """Hang an arm from its end of the shoulder line."""
    z_sign = 1.0 if side == "right" else -1.0
    sc = pts["shoulder_center"]
    shoulder = (sc[0], sc[1], z_sign * SHOULDER_HALF_WIDTH)
    upper = trunk + angles[f"{side}_shoulder"]
    fore = upper + angles[f"{side}_elbow"]
    ux, uy = _dir(upper)
    elbow = _add(shoulder, (ux, uy, 0.0), _LENGTHS["upper_arm"])
    fx, fy = _dir(fore)
    wrist = _add(elbow, (fx, fy, 0.0), _LENGTHS["forearm"])
    pts[f"{side}_shoulder"], pts[f"{side}_elbow"], pts[f"{side}_wrist"] = shoulder, elbow, wrist
    pts[f"{side}_hand"] = _add(wrist, (fx, fy, 0.0), _LENGTHS["hand"])
    front[f"{side}_upper_arm"] = _front(upper)
    front[f"{side}_forearm"] = front[f"{side}_hand"] = _front(fore)


def _leg(
    side: str, angles: Mapping[str, float], pts: dict[str, Point], front: dict[str, Point]
) -> None:
    """Hang a leg from its end of the hip line, down to the heel, ball and toe of the foot."""
    z_sign = 1.0 if side == "right" else -1.0
    hip = (0.0, 0.0, z_sign * HIP_HALF_WIDTH)
    thigh = angles[f"{side}_hip"]
    shank = thigh - angles[f"{side}_knee"]
    foot = shank + 90.0 + angles[f"{side}_ankle"]
    kx, ky = _dir(thigh)
    # thighs slope in a little, so knees and feet sit closer together than the hips
    in_z = -z_sign * _THIGH_INWARD
    reach = math.sqrt(_LENGTHS["thigh"] ** 2 - in_z**2)
    knee = (hip[0] + reach * kx, hip[1] + reach * ky, hip[2] + in_z)
    sx, sy = _dir(shank)
    ankle = _add(knee, (sx, sy, 0.0), _LENGTHS["shank"])
    along = _dir(foot)
    up = _dir(foot + 90.0)  # from the sole towards the instep

    def on_foot(dist: float, radius: float) -> Point:
        drop = ANKLE_HEIGHT - radius
        return (
            ankle[0] + dist * along[0] - drop * up[0],
            ankle[1] + dist * along[1] - drop * up[1],
            ankle[2],
        )

    pts[f"{side}_hip"], pts[f"{side}_knee"], pts[f"{side}_ankle"] = hip, knee, ankle
    pts[f"{side}_heel"] = on_foot(*_HEEL)
    pts[f"{side}_toe"] = on_foot(*_TOE)
    pts[f"{side}_ball"] = on_foot(_BALL, 0.0)
    front[f"{side}_thigh"] = _front(thigh)
    front[f"{side}_shank"] = _front(shank)
    front[f"{side}_foot"] = (up[0], up[1], 0.0)


_LOWER_BODY = frozenset(
    {"hip_center"}
    | {f"{s}_{p}" for s in SIDES for p in ("hip", "knee", "ankle", "heel", "toe", "ball")}
)
_LOWER_SEGMENTS = frozenset(
    {"pelvis", "hips"} | {f"{s}_{p}" for s in SIDES for p in ("thigh", "shank", "foot")}
)


def _roll(
    pts: dict[str, Point], front: dict[str, Point], roll_deg: float
) -> tuple[dict[str, Point], dict[str, Point]]:
    """Roll the pelvis and legs about the line from the lower back to the ankle they roll over.

    The lower back stays joined to the trunk and that foot stays put, so the knees swing to the
    side while the shoulders stay down, as in the rotational stretch. Once the body lies on the
    mat, :func:`_plant_rolled_feet` puts the feet back where they stood.
    """
    if abs(roll_deg) < 1e-9:
        return pts, front
    side = "right" if roll_deg > 0 else "left"
    origin = pts["lumbar"]
    axis = _sub(pts[f"{side}_ankle"], origin)
    out = dict(pts)
    for name in _LOWER_BODY:
        out[name] = _rotate_about(pts[name], origin, axis, roll_deg)
    turned = dict(front)
    for name in _LOWER_SEGMENTS:
        turned[name] = _rotate_about(front[name], (0.0, 0.0, 0.0), axis, roll_deg)
    return out, turned


def _plant_rolled_feet(
    placed: dict[str, Point],
    turned: dict[str, Point],
    unrolled: Mapping[str, Point],
    planted: tuple[str, ...],
    anchor: str,
) -> None:
    """Keep planted feet flat on the mat where they stood while the knees roll to one side.

    The source says "feet firmly on the ground": rolling the knees turns the pelvis and thighs,
    not the feet. Each planted foot is laid flat at its unrolled place (the anchor's line along
    the mat, its own distance across it) and its knee is set between the rolled hip and that
    ankle, bending towards where the roll took it.
    """
    x0 = placed[anchor][0] - unrolled[anchor][0]
    for side in planted:
        ankle = (unrolled[f"{side}_ankle"][0] + x0, ANKLE_HEIGHT, unrolled[f"{side}_ankle"][2])
        for part, (dist, radius) in (("heel", _HEEL), ("toe", _TOE), ("ball", (_BALL, 0.0))):
            placed[f"{side}_{part}"] = (ankle[0] + dist, radius, ankle[2])
        placed[f"{side}_knee"] = _knee_between(
            placed[f"{side}_hip"], ankle, toward=placed[f"{side}_knee"]
        )
        placed[f"{side}_ankle"] = ankle
        turned[f"{side}_foot"] = (0.0, 1.0, 0.0)


def _knee_between(hip: Point, ankle: Point, *, toward: Point) -> Point:
    """Place a knee so the thigh and shank keep their lengths, bending on ``toward``'s side."""
    thigh, shank = _LENGTHS["thigh"], _LENGTHS["shank"]
    span = _dist(hip, ankle)
    u = tuple(c / span for c in _sub(ankle, hip))
    reach = min(max(span, abs(thigh - shank) + 1e-9), thigh + shank - 1e-9)
    along = (thigh**2 - shank**2 + reach**2) / (2.0 * reach)
    height = math.sqrt(max(thigh**2 - along**2, 0.0))
    pole = _sub(toward, hip)
    dot = sum(a * b for a, b in zip(pole, u, strict=True))
    aside = tuple(p - dot * c for p, c in zip(pole, u, strict=True))
    norm = math.sqrt(sum(c * c for c in aside)) or 1.0
    x, y, z = (h + along * c + height * w / norm for h, c, w in zip(hip, u, aside, strict=True))
    return (x, y, z)


def _rest_angle(
    pts: Mapping[str, Point], support: str, r_support: float, planted: set[str]
) -> float:
    """Return the pitch (degrees) that rests the body on ``support`` and its next lowest part.

    Rotating about the support, every part towards the feet needs at least some pitch to stay
    above the mat; the body comes to rest at the largest of them, where that part touches.
    Planted feet count as their ankle at ankle height, so the solution does not depend on the
    ankle angle (which is set afterwards to lay the foot flat).
    """
    sx, sy, _ = pts[support]
    circles: list[tuple[Point, float]] = []
    for segment in SEGMENTS:
        if not segment.support:
            continue
        for name, radius in ((segment.start, segment.r_start), (segment.end, segment.r_end)):
            side = name.split("_", 1)[0]
            if name.endswith(("_heel", "_toe")) and side in planted:
                continue
            circles.append((pts[name], radius))
    circles += [(pts[f"{side}_ankle"], ANKLE_HEIGHT) for side in planted]
    best = -math.inf
    for (x, y, _), radius in circles:
        dx, dy = x - sx, y - sy
        reach = math.hypot(dx, dy)
        if dx <= 1e-6 or reach <= abs(radius - r_support) + 1e-9:
            continue
        # after turning by psi: dx sin(psi) + dy cos(psi) = radius - r_support
        psi = math.asin((radius - r_support) / reach) - math.atan2(dy, dx)
        best = max(best, psi)
    return math.degrees(best) if best > -math.inf else 0.0


def _place(exercise_id: str | None, angles: Mapping[str, float], *, flat_feet: bool) -> Body:
    """Pose the body, rest it on the mat and, if asked, lay the planted feet flat."""
    rules = constraints_for(exercise_id or "")
    angles = dict(angles)
    pts, front = _forward(angles)
    pts, front = _roll(pts, front, angles["pelvis_roll"])
    support, pitch = _rest(pts, rules)
    r_support = _SUPPORT_RADIUS[support]
    flat = {}
    for side in SIDES:
        shank = angles[f"{side}_hip"] - angles[f"{side}_knee"]
        flat[side] = _wrap(-(shank + 90.0 + pitch))
    if flat_feet and rules.planted:
        for side in rules.planted:
            angles[f"{side}_ankle"] = flat[side]
        pts, front = _forward(angles)
        pts, front = _roll(pts, front, angles["pelvis_roll"])
    origin = pts[support]
    anchor = _anchor(pts, rules)
    placed: dict[str, Point] = {}
    for name, p in pts.items():
        x, y, z = _rotate_about(p, origin, (0.0, 0.0, 1.0), pitch)
        placed[name] = (x, y, z)
    lift = r_support - placed[support][1]
    shift = -placed[anchor][0]
    placed = {name: (x + shift, y + lift, z) for name, (x, y, z) in placed.items()}
    turned = {
        name: _rotate_about(v, (0.0, 0.0, 0.0), (0.0, 0.0, 1.0), pitch) for name, v in front.items()
    }
    if abs(angles["pelvis_roll"]) >= 1e-9 and flat_feet and rules.planted:
        _plant_rolled_feet(placed, turned, _forward(angles)[0], rules.planted, anchor)
    return Body(
        angles=MappingProxyType(angles),
        points=MappingProxyType(placed),
        anterior=MappingProxyType(turned),
        flat_ankle=MappingProxyType(flat),
    )


def _rest(pts: Mapping[str, Point], rules: Constraints) -> tuple[str, float]:
    """Pick the upper support the body really lies on, and its pitch.

    The exercise's own support is tried first; if resting on it would push the other one into
    the mat (a crunch's start, shoulders down), the body rests on the other one instead.
    """
    planted = set(rules.planted)
    order = sorted(_SUPPORT_RADIUS, key=lambda name: name != rules.upper_support)
    for support in order:
        pitch = _rest_angle(pts, support, _SUPPORT_RADIUS[support], planted)
        others = [name for name in _SUPPORT_RADIUS if name != support]
        if all(_height_after(pts, support, pitch, name) >= -1e-6 for name in others):
            return support, pitch
    return rules.upper_support, _rest_angle(
        pts, rules.upper_support, _SUPPORT_RADIUS[rules.upper_support], planted
    )


def _height_after(pts: Mapping[str, Point], support: str, pitch: float, name: str) -> float:
    """Height of the bottom of support point ``name`` once the body rests on ``support``."""
    _, y, _ = _rotate_about(pts[name], pts[support], (0.0, 0.0, 1.0), pitch)
    return y - pts[support][1] + _SUPPORT_RADIUS[support] - _SUPPORT_RADIUS[name]


def _anchor(pts: Mapping[str, Point], rules: Constraints) -> str:
    """Keep a planted foot (else the upper support) at x = 0, so feet never slide on the mat."""
    for side in rules.planted:
        return f"{side}_ankle"
    return rules.upper_support


_SUPPORT_RADIUS = {"shoulder_center": 11.5, "lumbar": 10.0}


def _wrap(angle: float) -> float:
    return (angle + 180.0) % 360.0 - 180.0


def solve(exercise_id: str, angles: Mapping[str, float], pose_name: str = "pose") -> Body:
    """Pose the figure for an exercise and lay it on the mat as the exercise demands.

    Parameters
    ----------
    exercise_id : str
        The exercise, for its constraints (what rests on the floor, which feet are planted).
    angles : mapping
        Joint name -> degrees (every joint in :data:`JOINTS`).
    pose_name : str
        Used in error messages.

    Returns
    -------
    Body
        The placed figure; planted feet lie flat whatever their keyframe's ankle angle.

    Raises
    ------
    PoseError
        If a joint is missing or out of range.
    """
    checked = _check_angles(exercise_id, pose_name, angles)
    return _place(exercise_id, checked, flat_feet=True)


def interpolate(start: Mapping[str, float], end: Mapping[str, float], t: float) -> dict[str, float]:
    """Blend two keyframes joint by joint (``t`` = 0 gives ``start``, 1 gives ``end``)."""
    return {name: start[name] + (end[name] - start[name]) * t for name in JOINTS}


def frames(
    exercise_id: str,
    start: Mapping[str, float],
    end: Mapping[str, float],
    count: int = 25,
) -> list[Body]:
    """Return ``count`` bodies evenly spaced from the start pose to the end pose.

    Every frame is solved again (not blended as points), so segments keep their lengths, the
    supports stay on the mat and planted feet stay flat all the way through.

    Parameters
    ----------
    exercise_id : str
        The exercise, for its constraints.
    start, end : mapping
        Keyframes (joint name -> degrees).
    count : int
        Number of frames, at least 2 (the first is ``start``, the last ``end``).

    Returns
    -------
    list of Body
        The frames in order.
    """
    if count < 2:
        raise ValueError(f"count must be at least 2, got {count}")
    return [
        solve(exercise_id, interpolate(start, end, i / (count - 1)), f"frame {i}")
        for i in range(count)
    ]
