"""Videos for Chromium's fake camera, drawn from the workbook's own pose data, with ground truth.

The camera coach can only be tested closed loop if a browser sees a person exercising. Chromium
plays a Y4M file as its camera (``--use-fake-device-for-media-stream
--use-file-for-fake-video-capture=<file>``, looping at the end), so each scene here is rendered
from the catalogue's keyframes (:mod:`backcare_widgets.data.pose` solves the body, the picture
module's shapes give it limbs, clothes and a face), seen from the side as by a phone on the floor,
and written as 4:2:0 YUV with numpy alone. Beside each video a JSON file says what it shows: the
repetitions, and the frame and time at which each position is reached and left.

Every frame carries its number as a row of black and white blocks in its bottom-left corner
(:data:`STAMP_BITS` bits, most significant first, :data:`STAMP_BLOCK` px square), so a test can
read which frame the browser is showing and line the coach's events up with the ground truth.

Videos are made on demand into ``build/camera`` (gitignored) and reused while the drawing, the
timing and the catalogue's poses are unchanged. ``python -m tests.camera.video --help`` lists the
scenes and writes them (and PNG stills, with ``--png``).
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from backcare_widgets.data import pose as _pose
from backcare_widgets.data.catalog import load_catalog
from backcare_widgets.views import figures as _figures

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "build" / "camera"
#: Bump when the drawing changes, so cached videos are made again.
VERSION = 1
WIDTH, HEIGHT, FPS = 640, 480, 15
STAMP_BITS = 12
STAMP_BLOCK = 8

CRUNCH, BRIDGE = "partial-crunches", "bridge"
HAMSTRING, ROTATIONAL = "hamstring-stretch", "lower-back-rotational-stretch"

# --- the scenery ---------------------------------------------------------------------------------

WALL = (214, 208, 198)
WALL_LOW = (190, 183, 172)
FLOOR_FAR = (150, 112, 78)
FLOOR_NEAR = (118, 84, 56)
SKIRTING = (236, 232, 224)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


@dataclass(frozen=True)
class Camera:
    """Where the phone stands: height above the floor in degrees, and the picture's scale.

    ``elevation_deg`` 0 looks along the floor; the figure's right side faces the camera, its head
    on the left of the picture. ``px_per_cm`` and ``origin`` place the mat's centre line.
    """

    elevation_deg: float = 10.0
    px_per_cm: float = 3.3
    origin: tuple[float, float] = (WIDTH * 0.68, HEIGHT * 0.66)

    def to_px(self, point: _pose.Point) -> tuple[float, float, float]:
        """Project a body point (cm) to pixels ``(x, y)`` and a depth (larger is nearer)."""
        x, y, d = _figures._project(point, self.elevation_deg)
        return self.origin[0] + x * self.px_per_cm, self.origin[1] + y * self.px_per_cm, d


# --- timelines -----------------------------------------------------------------------------------


@dataclass
class Timeline:
    """How far into its movement the body is over time, and the events a coach should see.

    ``phase`` 0 is the exercise's start pose and 1 its end pose (for the rotational stretch -1
    rolls the knees fully to the left, +1 to the right). Moves ease in and out.
    """

    fps: int
    points: list[tuple[float, float]] = field(default_factory=lambda: [(0.0, 0.0)])
    events: list[dict[str, Any]] = field(default_factory=list)

    @property
    def now(self) -> float:
        """Return the time the timeline has reached, in seconds."""
        return self.points[-1][0]

    def stay(self, seconds: float) -> None:
        """Keep the current position for ``seconds``."""
        self.points.append((self.now + seconds, self.points[-1][1]))

    def move(self, to: float, seconds: float) -> None:
        """Move to phase ``to`` over ``seconds``."""
        self.points.append((self.now + seconds, to))

    def mark(self, event: str, **extra: Any) -> None:
        """Record an event at the current time (the first frame at or after it)."""
        frame = math.ceil(self.now * self.fps - 1e-9)
        self.events.append({"event": event, "frame": frame, "time_s": frame / self.fps, **extra})

    def phase(self, t: float) -> float:
        """Return the phase at time ``t`` (cosine easing between points)."""
        for (t0, p0), (t1, p1) in zip(self.points, self.points[1:], strict=False):
            if t0 <= t <= t1 and t1 > t0:
                u = (t - t0) / (t1 - t0)
                return p0 + (p1 - p0) * (1 - math.cos(math.pi * u)) / 2
        return self.points[-1][1]

    @property
    def frame_count(self) -> int:
        """Return the number of frames the timeline lasts."""
        return max(1, round(self.now * self.fps))


@dataclass(frozen=True)
class Scene:
    """A video to make: the exercise drawn, its timeline, and what the ground truth says."""

    name: str
    exercise_id: str | None
    timeline: Timeline
    truth: dict[str, Any]
    breathing: bool = False


#: Lying still before the first movement: the camera starts playing when the coach asks for it,
#: and the pose model then takes a few seconds to load on a busy machine.
LEAD_S = 8.0
TAIL_S = 2.0  # lying still after the last movement, before the video starts again


def repetitions(exercise_id: str, reps: int, *, fps: int = FPS, hold_s: float = 1.0) -> Scene:
    """Crunches or bridges: ``reps`` lifts (1 s), each held ``hold_s`` at the top, lowered slowly.

    A crunch is "lift, hold one second, lower" (the source); the bridge's hold is the workbook's
    default. Events per repetition: ``lift`` (leaves the mat), ``top`` (reaches the top: the
    hold starts), ``lower`` (leaves the top), ``down`` (back at rest).
    """
    tl = Timeline(fps)
    tl.stay(LEAD_S)
    for rep in range(1, reps + 1):
        tl.mark("lift", rep=rep)
        tl.move(1.0, 1.0)
        tl.mark("top", rep=rep)
        tl.stay(hold_s)
        tl.mark("lower", rep=rep)
        tl.move(0.0, 1.5)  # "slowly lower" (the source)
        tl.mark("down", rep=rep)
        tl.stay(0.8)
    tl.stay(TAIL_S - 0.8)
    short = "crunches" if exercise_id == CRUNCH else "bridge"
    truth = {"reps_shown": reps, "hold_s": hold_s}
    return Scene(f"{short}-{reps}", exercise_id, tl, truth)


def hamstring(*, hold_s: float = 8.0, fps: int = FPS) -> Scene:
    """The straight (right, near) leg raised to the held position, held, and lowered."""
    tl = Timeline(fps)
    tl.stay(LEAD_S)
    tl.mark("move", side="right")
    tl.move(1.0, 2.0)
    tl.mark("position", side="right")
    tl.stay(hold_s)
    tl.mark("leave", side="right")
    tl.move(0.0, 1.5)
    tl.mark("rest", side="right")
    tl.stay(TAIL_S)
    return Scene("hamstring", HAMSTRING, tl, {"reps_shown": 0, "holds_shown": 1})


def rotational(*, hold_s: float = 5.0, fps: int = FPS) -> Scene:
    """Knees roll to the left (away from the camera), hold, back to the middle, then the right."""
    tl = Timeline(fps)
    tl.stay(LEAD_S)
    for side, to in (("left", -1.0), ("right", 1.0)):
        tl.mark("move", side=side)
        tl.move(to, 1.5)
        tl.mark("position", side=side)
        tl.stay(hold_s)
        tl.mark("leave", side=side)
        tl.move(0.0, 1.5)
        tl.mark("middle", side=side)
        tl.stay(1.5)
    tl.stay(TAIL_S - 1.5)
    return Scene("rotational", ROTATIONAL, tl, {"reps_shown": 0, "holds_shown": 2})


def still(*, seconds: float = 8.0, fps: int = FPS) -> Scene:
    """A person lying in the crunch's start position, breathing, not exercising."""
    tl = Timeline(fps)
    tl.stay(seconds)
    return Scene("still-person", CRUNCH, tl, {"reps_shown": 0, "holds_shown": 0}, breathing=True)


def empty(*, seconds: float = 6.0, fps: int = FPS) -> Scene:
    """The floor, the mat and the wall, nobody there."""
    tl = Timeline(fps)
    tl.stay(seconds)
    return Scene("empty", None, tl, {"reps_shown": 0, "holds_shown": 0})


def scenes(reps: int = 10) -> dict[str, Callable[[], Scene]]:
    """Return every scene by name (crunches and bridges with ``reps`` repetitions)."""
    return {
        "crunches": lambda: repetitions(CRUNCH, reps),
        "bridge": lambda: repetitions(BRIDGE, max(1, reps // 2), hold_s=3.0),
        "hamstring": hamstring,
        "rotational": rotational,
        "still-person": still,
        "empty": empty,
    }


# --- poses ---------------------------------------------------------------------------------------


@functools.cache
def _keyframes(exercise_id: str) -> tuple[dict[str, float], dict[str, float]]:
    poses = load_catalog().exercise(exercise_id).poses
    if poses is None:
        raise ValueError(f"{exercise_id} has no poses in the catalogue")
    return dict(poses["start"]), dict(poses["end"])


def angles_at(exercise_id: str, phase: float, t: float = 0.0, *, breathing: bool = False) -> dict:
    """Return the joint angles at ``phase`` (see :class:`Timeline`) and time ``t``."""
    start, end = (dict(pose) for pose in _keyframes(exercise_id))
    if exercise_id == ROTATIONAL and phase > 0:  # the catalogue rolls left; mirror it
        end = {**end, "pelvis_roll": -end["pelvis_roll"]}
    angles = _pose.interpolate(start, end, abs(phase))
    if breathing:  # a slow breath: the chest and head rise and fall a little
        angles["lumbar"] += 1.0 * math.sin(2 * math.pi * t / 4.0)
        angles["neck"] += 1.0 * math.sin(2 * math.pi * t / 4.0)
    return angles


# --- drawing -------------------------------------------------------------------------------------


def _background(camera: Camera) -> np.ndarray:
    """Wall, skirting board, wooden floor and the mat, as float RGB (HEIGHT, WIDTH, 3)."""
    img = np.zeros((HEIGHT, WIDTH, 3), np.float32)
    rows = np.arange(HEIGHT, dtype=np.float32)[:, None]
    wall_z, mat_half = -160.0, _figures.MAT_HALF_WIDTH
    horizon = camera.to_px((0.0, 0.0, wall_z))[1]
    u = np.clip(rows / max(horizon, 1.0), 0, 1)[..., None]
    wall = np.array(WALL) * (1 - u) + np.array(WALL_LOW) * u
    v = np.clip((rows - horizon) / max(HEIGHT - horizon, 1.0), 0, 1)[..., None]
    floor = np.array(FLOOR_FAR) * (1 - v) + np.array(FLOOR_NEAR) * v
    img[:] = np.where(rows[..., None] < horizon, wall, floor)
    # floorboards: faint lines along the floor, closer together far away
    rng = np.random.default_rng(7)
    grain = rng.normal(0, 3.0, (HEIGHT, WIDTH // 8 + 1)).repeat(8, axis=1)[:, :WIDTH]
    img += np.where(rows[..., None] >= horizon, grain[..., None], 0)
    for z in np.arange(wall_z, 200.0, 14.0):
        y = round(camera.to_px((0.0, 0.0, float(z)))[1])
        if horizon < y < HEIGHT:
            img[y] *= 0.85
    top = int(horizon - 6 * camera.px_per_cm)
    img[max(top, 0) : int(horizon)] = SKIRTING
    # the mat: a band on the floor, its near edge a little thickness
    mat = np.array(_rgb(_figures.MAT), np.float32)
    edge = np.array(_rgb(_figures.MAT_EDGE), np.float32)
    far_y = camera.to_px((0.0, 0.0, -mat_half))[1]
    near_y = camera.to_px((0.0, 0.0, mat_half))[1]
    under_y = camera.to_px((0.0, -_figures.MAT_THICKNESS, mat_half))[1]
    x0 = camera.to_px((-150.0, 0.0, 0.0))[0]
    x1 = camera.to_px((70.0, 0.0, 0.0))[0]
    cols = slice(max(int(x0), 0), min(int(x1), WIDTH))
    img[int(far_y) : int(near_y), cols] = mat
    img[int(near_y) : int(under_y) + 1, cols] = edge
    return img


def _capsule(
    img: np.ndarray,
    a: tuple[float, float],
    ra: float,
    b: tuple[float, float],
    rb: float,
    *,
    fill: tuple[int, int, int],
    stroke: tuple[int, int, int],
) -> None:
    """Paint a tapered capsule with a rounded shading and an outline, antialiased."""
    pad = max(ra, rb) + 2
    x0 = max(int(min(a[0], b[0]) - pad), 0)
    x1 = min(int(max(a[0], b[0]) + pad) + 1, WIDTH)
    y0 = max(int(min(a[1], b[1]) - pad), 0)
    y1 = min(int(max(a[1], b[1]) + pad) + 1, HEIGHT)
    if x0 >= x1 or y0 >= y1:
        return
    ys, xs = np.mgrid[y0:y1, x0:x1].astype(np.float32) + 0.5
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    if length2 < 1e-9:
        t = np.zeros_like(xs)
    else:
        t = np.clip(((xs - a[0]) * dx + (ys - a[1]) * dy) / length2, 0, 1)
    r = ra + (rb - ra) * t
    dist = np.hypot(xs - (a[0] + t * dx), ys - (a[1] + t * dy))
    cover = np.clip(r - dist + 0.5, 0, 1)[..., None]
    rel = np.clip(dist / np.maximum(r, 1e-6), 0, 1)
    light = (0.78 + 0.3 * np.sqrt(1 - rel**2))[..., None]  # rounder in the middle
    line = max(1.2, 0.06 * min(ra, rb))
    colour = np.where((dist > r - line)[..., None], np.array(stroke), np.array(fill) * light)
    region = img[y0:y1, x0:x1]
    region[:] = region * (1 - cover) + colour * cover


def _face(img: np.ndarray, body: _pose.Body, camera: Camera) -> None:
    """An eye and a mouth on the side of the head that faces the camera."""
    head = body.points["head"]
    front = body.anterior["head"]
    crown = _figures._unit(_figures._minus(head, body.points["shoulder_center"]))
    scale = camera.px_per_cm
    eye = _figures._plus(_figures._plus(head, front, 6.0), crown, 2.5)
    mouth = _figures._plus(_figures._plus(head, front, 7.0), crown, -3.5)
    brow = _figures._plus(eye, crown, 2.2)
    ex, ey, _ = camera.to_px(_figures._plus(eye, (0.0, 0.0, 1.0), 8.0))
    mx, my, _ = camera.to_px(_figures._plus(mouth, (0.0, 0.0, 1.0), 8.0))
    bx, by, _ = camera.to_px(_figures._plus(brow, (0.0, 0.0, 1.0), 8.0))
    eye_white, pupil = (250, 250, 250), (50, 35, 25)
    _capsule(img, (ex, ey), 1.3 * scale, (ex, ey), 1.3 * scale, fill=eye_white, stroke=pupil)
    _capsule(img, (ex, ey), 0.7 * scale, (ex, ey), 0.7 * scale, fill=pupil, stroke=pupil)
    brown, lips = (74, 52, 38), (170, 80, 80)
    left, right = (bx - 2 * scale, by), (bx + 2 * scale, by)
    _capsule(img, left, 0.5 * scale, right, 0.5 * scale, fill=brown, stroke=brown)
    left, right = (mx - 1.2 * scale, my), (mx + 1.2 * scale, my)
    _capsule(img, left, 0.6 * scale, right, 0.6 * scale, fill=lips, stroke=lips)


def draw_body(img: np.ndarray, body: _pose.Body, exercise_id: str, camera: Camera) -> None:
    """Paint the workbook's figure (its limbs, clothes, head and props) onto ``img``."""
    items = [i for i in _figures._items(body, exercise_id) if i.paint.kind != "muscle"]
    depth: dict[str, float] = {}
    placed = []
    for item in items:
        ax, ay, ad = camera.to_px(item.a)
        bx, by, bd = camera.to_px(item.b)
        depth[item.key] = (ad + bd) / 2
        placed.append((item, (ax, ay), (bx, by)))
    placed.sort(key=lambda p: (depth[p[0].parent] if p[0].parent else depth[p[0].key]) + p[0].bias)
    scale = camera.px_per_cm
    for item, a, b in placed:
        fill, stroke = _rgb(item.paint.fill), _rgb(item.paint.stroke)
        _capsule(img, a, item.ra * scale, b, item.rb * scale, fill=fill, stroke=stroke)
        if item.key == "nose":
            _face(img, body, camera)


def _stamp(img: np.ndarray, frame: int) -> None:
    """Write the frame number as blocks along the bottom-left corner (white = 1)."""
    y0 = HEIGHT - STAMP_BLOCK
    for bit in range(STAMP_BITS):
        on = (frame >> (STAMP_BITS - 1 - bit)) & 1
        x0 = bit * STAMP_BLOCK
        img[y0:HEIGHT, x0 : x0 + STAMP_BLOCK] = 255 if on else 0


def _yuv420(img: np.ndarray) -> bytes:
    """Convert RGB (0-255) to planar 4:2:0 YUV, BT.601 studio range, as Chromium reads Y4M."""
    rgb = np.clip(img, 0, 255).astype(np.float32) / 255.0
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    y = 16 + 65.481 * r + 128.553 * g + 24.966 * b
    u = 128 - 37.797 * r - 74.203 * g + 112.0 * b
    v = 128 + 112.0 * r - 93.786 * g - 18.214 * b

    def half(p: np.ndarray) -> np.ndarray:
        return p.reshape(HEIGHT // 2, 2, WIDTH // 2, 2).mean(axis=(1, 3))

    planes = [y, half(u), half(v)]
    return b"".join(np.clip(np.rint(p), 0, 255).astype(np.uint8).tobytes() for p in planes)


def _poses(scene: Scene, camera: Camera) -> Iterator[tuple[int, tuple[float, float], np.ndarray]]:
    """Yield ``(frame number, pose key, picture)``; frames in the same pose share one picture."""
    background = _background(camera)
    cache: dict[tuple[float, float], np.ndarray] = {}
    for n in range(scene.timeline.frame_count):
        t = n / scene.timeline.fps
        phase = round(scene.timeline.phase(t), 3)
        breath = round(math.sin(2 * math.pi * t / 4.0), 2) if scene.breathing else 0.0
        key = (phase, breath)
        if key not in cache:
            img = background.copy()
            if scene.exercise_id is not None:
                angles = angles_at(scene.exercise_id, phase, t, breathing=scene.breathing)
                body = _pose.solve(scene.exercise_id, angles)
                draw_body(img, body, scene.exercise_id, camera)
            cache[key] = img
        yield n, key, cache[key]


def render(scene: Scene, camera: Camera | None = None) -> Iterator[np.ndarray]:
    """Yield the scene's frames as RGB float arrays (HEIGHT, WIDTH, 3), frame numbers stamped."""
    for n, _, picture in _poses(scene, camera or Camera()):
        frame = picture.copy()
        _stamp(frame, n)
        yield frame


def _yuv_frames(scene: Scene, camera: Camera) -> Iterator[bytes]:
    """Yield the scene's frames as Y4M frame bodies, each pose converted once, then stamped."""
    converted: dict[tuple[float, float], bytes] = {}
    for n, key, picture in _poses(scene, camera):
        if key not in converted:
            blank = picture.copy()
            _stamp(blank, 0)
            converted[key] = _yuv420(blank)
        frame = bytearray(converted[key])
        for row in range(HEIGHT - STAMP_BLOCK, HEIGHT):  # the stamp's white blocks, in luma
            for bit in range(STAMP_BITS):
                if (n >> (STAMP_BITS - 1 - bit)) & 1:
                    start = row * WIDTH + bit * STAMP_BLOCK
                    frame[start : start + STAMP_BLOCK] = b"\xeb" * STAMP_BLOCK
        yield bytes(frame)


def _points_px(scene: Scene, camera: Camera) -> list[dict[str, Any]]:
    """The true pixel positions of the points a coach's rules use, at each event."""
    out = []
    for event in scene.timeline.events:
        t = event["time_s"]
        assert scene.exercise_id is not None
        angles = angles_at(scene.exercise_id, scene.timeline.phase(t), t)
        body = _pose.solve(scene.exercise_id, angles)
        names = ("head", "right_shoulder", "right_hip", "right_knee", "right_ankle")
        px = {n: [round(v, 1) for v in camera.to_px(body.points[n])[:2]] for n in names}
        out.append({**event, "points_px": px})
    return out


# --- files ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Video:
    """A made video: the Y4M file Chromium plays and its ground truth."""

    path: Path
    truth_path: Path

    @property
    def truth(self) -> dict[str, Any]:
        """Return the ground truth (see :func:`make`)."""
        data: dict[str, Any] = json.loads(self.truth_path.read_text())
        return data

    def chromium_args(self) -> list[str]:
        """Return the switches that make Chromium's camera play this video, no prompt asked."""
        return [
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={self.path}",
        ]


def _fingerprint(scene: Scene, camera: Camera) -> str:
    poses = {}
    if scene.exercise_id is not None:
        poses = {
            k: sorted(v.items()) for k, v in zip("se", _keyframes(scene.exercise_id), strict=True)
        }
    text = json.dumps(
        [VERSION, scene.timeline.points, scene.breathing, repr(camera), poses, WIDTH, HEIGHT],
        default=str,
    )
    digest = hashlib.sha256(text.encode())
    digest.update(Path(__file__).read_bytes())
    digest.update(Path(_figures.__file__).read_bytes())
    return digest.hexdigest()[:12]


def make(scene: Scene, *, cache: Path = CACHE, camera: Camera | None = None) -> Video:
    """Write ``scene`` as a Y4M video and its ground truth JSON, unless already made.

    The ground truth holds the frame rate, the frame count and duration, the repetitions shown
    (``reps_shown``), and ``events``: each with its ``frame`` and ``time_s`` from the video's
    first frame, and the true pixel positions of the head, right shoulder, hip, knee and ankle.
    """
    camera = camera or Camera()
    cache.mkdir(parents=True, exist_ok=True)
    stem = f"{scene.name}-{_fingerprint(scene, camera)}"
    path, truth_path = cache / f"{stem}.y4m", cache / f"{stem}.json"
    if path.exists() and truth_path.exists():
        return Video(path, truth_path)
    tl = scene.timeline
    partial = path.with_suffix(".part")
    with partial.open("wb") as out:
        out.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F{tl.fps}:1 Ip A1:1 C420jpeg\n".encode())
        for frame in _yuv_frames(scene, camera):
            out.write(b"FRAME\n" + frame)
    truth = {
        "scene": scene.name,
        "exercise_id": scene.exercise_id,
        "fps": tl.fps,
        "frames": tl.frame_count,
        "duration_s": tl.frame_count / tl.fps,
        "width": WIDTH,
        "height": HEIGHT,
        "stamp": {"bits": STAMP_BITS, "block_px": STAMP_BLOCK, "corner": "bottom-left"},
        **scene.truth,
        "events": _points_px(scene, camera) if scene.exercise_id else [],
    }
    truth_path.write_text(json.dumps(truth, indent=1))
    partial.replace(path)
    return Video(path, truth_path)


def video(name: str, *, reps: int = 10, cache: Path = CACHE) -> Video:
    """Make (or reuse) the named scene's video: see :func:`scenes` for the names."""
    return make(scenes(reps)[name](), cache=cache)


def read_stamp(rgb: np.ndarray) -> int:
    """Read the frame number back from a frame (as a browser shows it): for tests of the stamp."""
    y0 = rgb.shape[0] - STAMP_BLOCK // 2
    bits = [rgb[y0, b * STAMP_BLOCK + STAMP_BLOCK // 2, :3].mean() > 128 for b in range(STAMP_BITS)]
    return int("".join("1" if bit else "0" for bit in bits), 2)


def main(argv: list[str] | None = None) -> None:
    """Write the named scenes (all by default) and print where, with their ground truth."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("names", nargs="*", help=f"scenes: {', '.join(scenes())} (default all)")
    parser.add_argument("--reps", type=int, default=10, help="crunches shown (bridges: half)")
    parser.add_argument("--cache", type=Path, default=CACHE, help="folder to write into")
    parser.add_argument("--png", action="store_true", help="also save every 15th frame as PNG")
    args = parser.parse_args(argv)
    for name in args.names or list(scenes(args.reps)):
        made = video(name, reps=args.reps, cache=args.cache)
        truth = made.truth
        sys.stdout.write(
            f"{name}: {made.path} ({truth['frames']} frames, {truth['duration_s']:.1f} s)\n"
        )
        if args.png:
            from PIL import Image

            scene = scenes(args.reps)[name]()
            for n, frame in enumerate(render(scene)):
                if n % 15 == 0:
                    png = args.cache / f"{made.path.stem}-{n:04d}.png"
                    Image.fromarray(np.clip(frame, 0, 255).astype(np.uint8)).save(png)


if __name__ == "__main__":
    main()
