"""Exercise pictures drawn by the workbook itself: a posed figure on a mat, as SVG text.

A person on the floor glances at a picture, not a paragraph, so each exercise has a start and an
end picture (and :class:`~backcare_widgets.components.pose_animation.PoseAnimation` moves between them).
The figure comes from :mod:`backcare_widgets.data.pose`; here it is projected for the exercise's view
and drawn with rounded, tapered limbs of body-like widths, a mat, the props the exercise names
(a towel around the foot) and the working muscle highlighted. Every SVG carries a ``<title>`` and
the catalogue's text alternative, refers to nothing outside itself, and is the same text for the
same input (handouts and tests can compare it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from html import escape
from textwrap import wrap
from typing import TYPE_CHECKING, Literal

from backcare_widgets.data import pose as _pose

if TYPE_CHECKING:
    from collections.abc import Mapping

    from backcare_widgets.data.catalog import Exercise

__all__ = ["Scene", "pose_svg", "scene"]

PoseName = Literal["start", "end"]
#: The two pictures of an exercise, in the order pages show them.
POSE_NAMES: tuple[PoseName, PoseName] = ("start", "end")

#: One drawn shape: a tapered capsule ``(x1, y1, r1, x2, y2, r2)`` in screen cm (y down).
Capsule = tuple[float, float, float, float, float, float]

# --- colours -------------------------------------------------------------------------------------

SKIN = "#e8b48f"
SHIRT = "#3f7cac"
TROUSERS = "#34495e"
HAIR = "#4a3426"
MUSCLE = "#e0362c"
TOWEL = "#f2c14e"
MAT = "#9ccfc4"
MAT_EDGE = "#6aa99c"
FLOOR = "#9ca3af"
INK = "#1f2937"
#: The working muscle's outline: white and dashed, so the muscle stands out by its edge and
#: pattern as well as its hue (red and the shirt's blue are of almost the same lightness).
MUSCLE_EDGE = "#ffffff"
MUSCLE_EDGE_WIDTH = "1.2"
MUSCLE_DASH = "2.4 1.4"

_CLOTHES = {
    "trunk": SHIRT,
    "shoulders": SHIRT,
    "upper_arm": SHIRT,
    "pelvis": TROUSERS,
    "hips": TROUSERS,
    "thigh": TROUSERS,
    "shank": TROUSERS,
}

#: What each exercise works, as the pictures highlight it (the catalogue says it in words).
MUSCLES: Mapping[str, str] = {
    "bridge": "gluteus maximus",
    "partial-crunches": "abdominals",
    "hamstring-stretch": "hamstrings",
    "lower-back-rotational-stretch": "trunk rotators",
}


def _shade(colour: str, factor: float) -> str:
    """Darken a ``#rrggbb`` colour (far-side limbs, outlines)."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c * factor):02x}" for c in channels)


@dataclass(frozen=True)
class Paint:
    """How a shape is filled and outlined."""

    fill: str
    stroke: str
    kind: str  # "body", "muscle", "towel", "hair"


def _paint(colour: str, kind: str = "body", *, far: bool = False) -> Paint:
    fill = _shade(colour, 0.8) if far else colour
    return Paint(fill, _shade(fill, 0.62), kind)


# --- projection ----------------------------------------------------------------------------------


def _project(
    point: _pose.Point, elevation_deg: float, azimuth_deg: float = 0.0
) -> tuple[float, float, float]:
    """Orthographic view from the camera the exercise chose (see :class:`pose.Constraints`).

    Returns screen ``(x, y)`` in cm with y pointing down, and the depth (larger is nearer).
    """
    e, a = math.radians(elevation_deg), math.radians(azimuth_deg)
    x, y, z = point
    right = x * math.cos(a) - z * math.sin(a)
    up = -x * math.sin(a) * math.sin(e) + y * math.cos(e) - z * math.cos(a) * math.sin(e)
    depth = x * math.sin(a) * math.cos(e) + y * math.sin(e) + z * math.cos(a) * math.cos(e)
    return right, -up, depth


@dataclass(frozen=True)
class _Item:
    key: str
    paint: Paint
    a: _pose.Point
    ra: float
    b: _pose.Point
    rb: float
    bias: float = 0.0  # nudges the drawing order among parts at the same depth
    parent: str | None = None  # drawn just after this part (a muscle lying on it)


def _plus(p: _pose.Point, v: _pose.Point, k: float = 1.0) -> _pose.Point:
    return (p[0] + k * v[0], p[1] + k * v[1], p[2] + k * v[2])


def _minus(p: _pose.Point, q: _pose.Point) -> _pose.Point:
    return (p[0] - q[0], p[1] - q[1], p[2] - q[2])


def _unit(v: _pose.Point) -> _pose.Point:
    n = math.sqrt(sum(c * c for c in v)) or 1.0
    return (v[0] / n, v[1] / n, v[2] / n)


def _lerp(p: _pose.Point, q: _pose.Point, t: float) -> _pose.Point:
    return (p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t, p[2] + (q[2] - p[2]) * t)


def _items(body: _pose.Body, exercise_id: str) -> list[_Item]:
    """Everything drawn for one body, in a fixed order (sorted by depth when drawn)."""
    pts, front = body.points, body.anterior
    items: list[_Item] = []
    for segment in _pose.SEGMENTS:
        side, _, part = segment.name.partition("_")
        if side not in _pose.SIDES:
            part, side = segment.name, ""
        colour = _CLOTHES.get(part, SKIN)
        far = side == "left"
        bias = 0.5 if segment.name in {"shoulders", "hips"} else 0.0
        items.append(
            _Item(
                segment.name,
                _paint(colour, far=far),
                pts[segment.start],
                segment.r_start,
                pts[segment.end],
                segment.r_end,
                bias,
            )
        )
    items += _head(body)
    items += _highlight(body, exercise_id)
    if exercise_id == "hamstring-stretch":
        items += _towel(body)
    del front
    return items


def _head(body: _pose.Body) -> list[_Item]:
    """Head with hair at the back, an ear and a nose, so the figure has a face and a direction."""
    pts = body.points
    head = pts["head"]
    front = body.anterior["head"]
    crown = _unit(_minus(head, pts["shoulder_center"]))
    r = _pose.HEAD_RADIUS
    hair_centre = _plus(_plus(head, crown, 1.4), front, -1.6)
    face_centre = _plus(head, front, 0.6)
    nose = _plus(_plus(head, front, r + 0.2), crown, 1.0)
    ear = _plus(head, front, -1.2)
    skin = _paint(SKIN)
    hair = Paint(HAIR, _shade(HAIR, 0.7), "hair")
    # drawn together in this order whatever the view, so the face always shows
    return [
        _Item("hair", hair, hair_centre, r, hair_centre, r, 0.01, "head"),
        _Item("head", skin, face_centre, r - 0.6, face_centre, r - 0.6, 0.02),
        _Item("ear", _paint(_shade(SKIN, 0.9)), ear, 2.2, ear, 2.2, 0.03, "head"),
        _Item("nose", skin, nose, 1.8, nose, 1.8, 0.04, "head"),
    ]


_ON_TOP = 1000.0  # the working muscle shows through whatever is in front of it


def _muscle_band(
    body: _pose.Body, segment: str, span: tuple[float, float], offset: float, radius: float
) -> _Item:
    """Lay a highlight along part of a segment, pushed towards its front (back if < 0)."""
    seg = next(s for s in _pose.SEGMENTS if s.name == segment)
    a, b = body.points[seg.start], body.points[seg.end]
    normal = body.anterior[segment]
    p = _plus(_lerp(a, b, span[0]), normal, offset)
    q = _plus(_lerp(a, b, span[1]), normal, offset)
    paint = Paint(MUSCLE, MUSCLE_EDGE, "muscle")
    return _Item(f"muscle-{segment}", paint, p, radius, q, radius * 0.85, _ON_TOP)


def _highlight(body: _pose.Body, exercise_id: str) -> list[_Item]:
    """Mark the working muscle on the side the viewer sees."""
    near_z = (0.0, 0.0, 1.0)
    if exercise_id == "bridge":  # gluteus maximus: the back of the pelvis, near side
        band = _muscle_band(body, "pelvis", (0.45, 0.95), -4.5, 6.0)
        return [_shifted(band, near_z, 6.0)]
    if exercise_id == "partial-crunches":  # abdominals: the front of the trunk, waist to ribs
        return [_muscle_band(body, "trunk", (0.12, 0.62), 5.5, 5.0)]
    if exercise_id == "hamstring-stretch":  # hamstrings: the back of the raised (right) thigh
        return [_muscle_band(body, "right_thigh", (0.22, 0.85), -3.0, 3.6)]
    if exercise_id == "lower-back-rotational-stretch":  # trunk rotation: waist and lower back
        band = _muscle_band(body, "trunk", (0.05, 0.6), 3.0, 7.0)
        # seen from above the trunk's top shows, and the rolled legs may rightly hide part of it
        return [replace(_shifted(band, near_z, 2.0), bias=0.01, parent="trunk")]
    return []


def _shifted(item: _Item, direction: _pose.Point, distance: float) -> _Item:
    return _Item(
        item.key,
        item.paint,
        _plus(item.a, direction, distance),
        item.ra,
        _plus(item.b, direction, distance),
        item.rb,
        item.bias,
    )


def _towel(body: _pose.Body) -> list[_Item]:
    """Loop the towel under the ball of the raised (right) foot, an end in each hand."""
    pts = body.points
    ball = pts["right_ball"]
    sole = _plus(ball, body.anterior["right_foot"], -1.2)
    paint = Paint(TOWEL, _shade(TOWEL, 0.6), "towel")
    inner = _plus(sole, (0.0, 0.0, -1.0), 3.5)
    outer = _plus(sole, (0.0, 0.0, 1.0), 3.5)
    return [
        _Item("towel-loop", paint, inner, 2.0, outer, 2.0, 0.6),
        _Item("towel-left", paint, pts["left_hand"], 1.8, inner, 2.0, 0.6),
        _Item("towel-right", paint, pts["right_hand"], 1.8, outer, 2.0, 0.6),
    ]


# --- the scene: what both the static picture and the animation draw ------------------------------


@dataclass(frozen=True)
class Scene:
    """An exercise's pictures as data: shapes per frame, their paints, the view box and scenery.

    Attributes
    ----------
    exercise_id, title, muscle : str
        The exercise, its name, and the highlighted muscle in the catalogue's words.
    alt_start, alt_end : str
        Text alternatives of the start and end pictures.
    view_box : tuple of float
        ``(x, y, width, height)`` in cm, the same for every frame.
    keys : tuple of str
        The shapes' names, in drawing order.
    paints : tuple of Paint
        How each shape is filled, same order.
    frames : tuple of tuple of Capsule
        Shapes per frame, from the start pose (first) to the end pose (last).
    scenery : str
        SVG markup of the floor, the mat and the legend (drawn under/around the figure).
    """

    exercise_id: str
    title: str
    muscle: str
    alt_start: str
    alt_end: str
    view_box: tuple[float, float, float, float]
    keys: tuple[str, ...]
    paints: tuple[Paint, ...]
    frames: tuple[tuple[Capsule, ...], ...]
    scenery: str


def keyframes(exercise: Exercise) -> tuple[dict[str, float], dict[str, float]]:
    """Return an exercise's checked start and end keyframes from the catalogue.

    Raises
    ------
    PoseError
        If the catalogue gives no poses for it, or a keyframe the body cannot take.
    """
    if exercise.poses is None:
        raise _pose.PoseError(
            exercise.id, "start", None, "no poses in the catalogue; add 'start' and 'end' keyframes"
        )
    checked = _pose.validate_poses(exercise.poses, exercise.id)
    return checked["start"], checked["end"]


def scene(exercise: Exercise, *, count: int = 25, legend: float = 0.04) -> Scene:
    """Lay out an exercise's figure for every frame from its start pose to its end pose.

    Parameters
    ----------
    exercise : Exercise
        The catalogue record: its keyframes and texts.
    count : int
        Frames from start to end inclusive (the animation interpolates between them).
    legend : float
        The "Working: ..." legend's type size as a share of the picture's width: 4% keeps
        the moving picture's (about 350 CSS px wide on a 390 px phone) at 12 px or more; a
        small picture needs a larger share (:data:`SMALL_LEGEND`).

    Returns
    -------
    Scene
        Shapes, paints and scenery shared by :func:`pose_svg` and the animation.
    """
    exercise_id = exercise.id
    start, end = keyframes(exercise)
    rules = _pose.constraints_for(exercise_id)
    camera = (rules.elevation_deg, rules.azimuth_deg)
    bodies = _pose.frames(exercise_id, start, end, count)
    per_frame = [_items(body, exercise_id) for body in bodies]
    keys = tuple(item.key for item in per_frame[0])
    depth_sum = dict.fromkeys(keys, 0.0)
    projected: list[list[Capsule]] = []
    for items in per_frame:
        shapes = []
        depth: dict[str, float] = {}
        for item in items:
            ax, ay, ad = _project(item.a, *camera)
            bx, by, bd = _project(item.b, *camera)
            depth[item.key] = (ad + bd) / 2
            shapes.append((ax, ay, item.ra, bx, by, item.rb))
        for item in items:
            base = depth[item.parent] if item.parent else depth[item.key]
            depth_sum[item.key] += base + item.bias
        projected.append(shapes)
    order = sorted(range(len(keys)), key=lambda i: depth_sum[keys[i]])
    frames = tuple(tuple(_round(shapes[i]) for i in order) for shapes in projected)
    paints = tuple(per_frame[0][i].paint for i in order)
    ordered_keys = tuple(keys[i] for i in order)
    muscle = exercise.muscle.text
    xs = [p[0] for body in bodies for p in body.points.values()]
    view_box, scenery = _scenery(frames, (min(xs) - 14.0, max(xs) + 8.0), camera, muscle, legend)
    return Scene(
        exercise_id=exercise_id,
        title=exercise.name.text,
        muscle=muscle,
        alt_start=exercise.alt_text.start.text,
        alt_end=exercise.alt_text.end.text,
        view_box=view_box,
        keys=ordered_keys,
        paints=paints,
        frames=frames,
        scenery=scenery,
    )


def _round(shape: Capsule) -> Capsule:
    x1, y1, r1, x2, y2, r2 = (round(v, 2) + 0.0 for v in shape)
    return (x1, y1, r1, x2, y2, r2)


MAT_HALF_WIDTH = 32.0
MAT_THICKNESS = 1.5
LEGEND_FONT = 4.0
#: The legend's share of a small picture's width (start and end pictures, two side by side:
#: about 165 CSS px each at a 390 px wide phone, so 12 px type needs 7.5% of the width).
SMALL_LEGEND = 0.08


def _polygon(points: list[tuple[float, float, float]], fill: str) -> str:
    coords = " ".join(f"{_r(x)},{_r(y)}" for x, y, _ in points)
    return f'<polygon points="{coords}" fill="{fill}" stroke="{fill}" stroke-width="0.6" />'


def _scenery(
    frames: tuple[tuple[Capsule, ...], ...],
    mat_x: tuple[float, float],
    camera: tuple[float, float],
    muscle: str,
    legend: float = 0.04,
) -> tuple[tuple[float, float, float, float], str]:
    """Floor, mat and legend, and a view box that holds every frame."""
    x0, x1 = mat_x
    w = MAT_HALF_WIDTH

    def corners(height: float) -> list[tuple[float, float, float]]:
        world = [(x0, height, -w), (x1, height, -w), (x1, height, w), (x0, height, w)]
        return [_project(p, *camera) for p in world]

    top, under = corners(0.0), corners(-MAT_THICKNESS)
    xs = [v for frame in frames for s in frame for v in (s[0] - s[2], s[3] - s[5])]
    xs += [p[0] for p in top + under]
    ys = [v for frame in frames for s in frame for v in (s[1] - s[2], s[4] - s[5])]
    ys += [p[1] for p in top + under]
    left, right = min(xs) - 4.0, max(xs) + 4.0
    floor_y = max(p[1] for p in under) + 0.6
    font = round(max(LEGEND_FONT, (right - left) * legend), 1)
    # the muscle goes on lines of its own when "Working: muscle" would run past the picture
    # (a glyph is about 0.55 of the type size wide): large type on a small picture, or a long name
    per_line = max(12, int((right - left - font * 2.0) / (font * 0.55)))
    two_lines = legend > 0.05 or len(f"Working: {muscle}") > per_line
    lines = wrap(muscle, min(17, per_line) if legend > 0.05 else per_line) if two_lines else []
    legend_y = floor_y + 3.5 + font
    last_y = legend_y + font * 1.2 * len(lines)
    upper = min(ys) - 4.0
    bottom = last_y + max(2.0, font * 0.4)  # room for the last line's descenders
    view_box = (_r(left), _r(upper), _r(right - left), _r(bottom - upper))
    parts = []
    if camera[0] < 20:  # a side view stands the mat on a visible floor
        parts.append(
            f'<line x1="{_r(left)}" y1="{_r(floor_y)}" x2="{_r(right)}" y2="{_r(floor_y)}" '
            f'stroke="{FLOOR}" stroke-width="1.2" stroke-linecap="round"/>'
        )
    parts += [
        _polygon(under, MAT_EDGE),
        _polygon(top, MAT),
        (
            f'<circle cx="{_r(left + font)}" cy="{_r(legend_y - font * 0.35)}" '
            f'r="{_r(font * 0.5)}" fill="{MUSCLE}" stroke="{_shade(MUSCLE, 0.6)}" '
            'stroke-width="0.5"/>'
        ),
        (
            f'<text x="{_r(left + font * 1.9)}" y="{_r(legend_y)}" font-size="{_r(font)}" '
            f'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" fill="{INK}">'
            + (
                "Working:"
                + "".join(
                    f'<tspan x="{_r(left + font * 0.5)}" y="{_r(legend_y + font * 1.2 * n)}">'
                    f"{escape(line)}</tspan>"
                    for n, line in enumerate(lines, start=1)
                )
                if two_lines
                else f"Working: {escape(muscle)}"
            )
            + "</text>"
        ),
    ]
    return (
        float(view_box[0]),
        float(view_box[1]),
        float(view_box[2]),
        float(view_box[3]),
    ), "".join(parts)


def _r(value: float) -> str:
    text = f"{value:.1f}"
    return "0" if text in {"0.0", "-0.0"} else text.removesuffix(".0")


def capsule_path(shape: Capsule) -> str:
    """Return the SVG path of a tapered capsule: two circles joined by their outer tangents.

    The same construction runs in ``static/pose-animation.js``; keep the two in step.
    """
    x1, y1, r1, x2, y2, r2 = shape
    dx, dy = x2 - x1, y2 - y1
    d = math.hypot(dx, dy)
    if d <= abs(r1 - r2) + 1e-6:
        x, y, r = (x1, y1, r1) if r1 >= r2 else (x2, y2, r2)
        return (
            f"M{_r(x - r)} {_r(y)}a{_r(r)} {_r(r)} 0 1 0 {_r(2 * r)} 0"
            f"a{_r(r)} {_r(r)} 0 1 0 {_r(-2 * r)} 0Z"
        )
    theta = math.atan2(dy, dx)
    alpha = math.acos((r1 - r2) / d)
    p1 = (x1 + r1 * math.cos(theta + alpha), y1 + r1 * math.sin(theta + alpha))
    p2 = (x2 + r2 * math.cos(theta + alpha), y2 + r2 * math.sin(theta + alpha))
    p3 = (x2 + r2 * math.cos(theta - alpha), y2 + r2 * math.sin(theta - alpha))
    p4 = (x1 + r1 * math.cos(theta - alpha), y1 + r1 * math.sin(theta - alpha))
    large_end = 1 if alpha > math.pi / 2 else 0
    return (
        f"M{_r(p1[0])} {_r(p1[1])}L{_r(p2[0])} {_r(p2[1])}"
        f"A{_r(r2)} {_r(r2)} 0 {large_end} 0 {_r(p3[0])} {_r(p3[1])}"
        f"L{_r(p4[0])} {_r(p4[1])}"
        f"A{_r(r1)} {_r(r1)} 0 {1 - large_end} 0 {_r(p1[0])} {_r(p1[1])}Z"
    )


def _outline(paint: Paint) -> str:
    """Return a shape's stroke attributes; the working muscle's is wide, white and dashed."""
    if paint.kind == "muscle":
        return (
            f'stroke="{paint.stroke}" stroke-width="{MUSCLE_EDGE_WIDTH}" '
            f'stroke-dasharray="{MUSCLE_DASH}"'
        )
    return f'stroke="{paint.stroke}" stroke-width="0.6"'


def _figure_markup(shapes: tuple[Capsule, ...], paints: tuple[Paint, ...]) -> str:
    return "".join(
        f'<path d="{capsule_path(shape)}" fill="{paint.fill}" {_outline(paint)} '
        'stroke-linejoin="round"/>'
        for shape, paint in zip(shapes, paints, strict=True)
    )


def pose_svg(exercise: Exercise, pose: PoseName) -> str:
    """Return the SVG picture of an exercise's start or end position.

    Parameters
    ----------
    exercise : Exercise
        The catalogue record, e.g. ``catalog.exercise("bridge")``: its keyframes and texts.
    pose : {"start", "end"}
        Which position to draw.

    Returns
    -------
    str
        A standalone ``<svg>`` element (``role="img"``, labelled by its ``<title>`` and
        ``<desc>``), with no external references; the same text for the same input.

    Raises
    ------
    ValueError
        If ``pose`` is not ``"start"`` or ``"end"``.
    PoseError
        If the exercise's keyframes are missing or impossible.
    """
    if pose not in ("start", "end"):
        raise ValueError(f"pose must be 'start' or 'end', not {pose!r}")
    drawn = scene(exercise, count=2, legend=SMALL_LEGEND)
    shapes = drawn.frames[0 if pose == "start" else -1]
    exercise_id = exercise.id
    base = f"backcare-pose-{exercise_id}-{pose}"
    label = f"{drawn.title}: {'start' if pose == 'start' else 'end'} position"
    alt = drawn.alt_start if pose == "start" else drawn.alt_end
    x, y, w, h = drawn.view_box
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="backcare-pose" viewBox="{x} {y} {w} {h}" '
        f'role="img" aria-labelledby="{base}-title {base}-desc" '
        f'data-exercise="{escape(exercise_id)}" data-pose="{pose}">'
        f'<title id="{base}-title">{escape(label)}</title>'
        f'<desc id="{base}-desc">{escape(alt)}</desc>'
        f'<g aria-hidden="true">{drawn.scenery}{_figure_markup(shapes, drawn.paints)}</g>'
        "</svg>"
    )
