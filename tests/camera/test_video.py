"""The fake camera's videos: files Chromium can play, frames that show the pose the truth names."""

from __future__ import annotations

import json
from itertools import islice

import numpy as np

from backcare_widgets.data import pose
from tests.camera import browser, video


def test_y4m_file_holds_the_frames_and_truth_says_what_they_show(tmp_path):
    made = video.make(video.still(seconds=1.0), cache=tmp_path)
    data = made.path.read_bytes()
    header, _, body = data.partition(b"\n")
    assert header == b"YUV4MPEG2 W640 H480 F15:1 Ip A1:1 C420jpeg"
    frame_bytes = len(b"FRAME\n") + 640 * 480 * 3 // 2
    assert len(body) == 15 * frame_bytes
    assert body[:6] == b"FRAME\n"
    # frame 13's number in its luma plane: 13 = 0b1101, the last four blocks white-black-white-white
    luma = body[13 * frame_bytes + 6 : 13 * frame_bytes + 6 + 640 * 480]
    row = np.frombuffer(luma, np.uint8).reshape(480, 640)[476]
    bits = "".join("1" if row[b * 8 + 4] > 128 else "0" for b in range(12))
    assert int(bits, 2) == 13
    truth = json.loads(made.truth_path.read_text())
    assert truth["frames"] == 15
    assert truth["fps"] == 15
    assert truth["reps_shown"] == 0
    # made again with the same drawing and timing: the same file, not a new one
    assert video.make(video.still(seconds=1.0), cache=tmp_path).path == made.path


def test_every_frame_carries_its_number():
    scene = video.empty(seconds=20.0)
    for n, frame in enumerate(islice(video.render(scene), 0, 300, 37)):
        assert video.read_stamp(frame) == n * 37


def _at(scene: video.Scene, event: str, rep: int = 1) -> dict:
    return next(e for e in scene.timeline.events if e["event"] == event and e.get("rep", 1) == rep)


def test_a_crunch_frame_shows_the_head_where_the_pose_puts_it():
    scene = video.repetitions(video.CRUNCH, 2)
    assert [e["rep"] for e in scene.timeline.events if e["event"] == "top"] == [1, 2]
    assert scene.truth["reps_shown"] == 2
    top, rest = _at(scene, "top"), _at(scene, "lift")
    frames = list(video.render(scene))
    camera = video.Camera()

    def head(event: dict) -> tuple[int, int]:
        t = event["time_s"]
        angles = video.angles_at(video.CRUNCH, scene.timeline.phase(t), t)
        x, y, _ = camera.to_px(pose.solve(video.CRUNCH, angles).points["head"])
        return round(x), round(y)

    (xt, yt), (_, yr) = head(top), head(rest)
    assert yt < yr - 50, "the head and shoulders lift in a crunch"
    wall = frames[0][5, 320]
    # at the top the head is where the pose puts it; at rest that spot is the wall behind
    assert np.abs(frames[top["frame"]][yt, xt] - wall).max() > 40
    assert np.abs(frames[rest["frame"]][yt, xt] - frames[rest["frame"]][yt, 600]).max() < 25


def test_rotational_rolls_to_each_side_and_back():
    scene = video.rotational(hold_s=2.0)
    reached = [e["side"] for e in scene.timeline.events if e["event"] == "position"]
    assert reached == ["left", "right"]
    for event in scene.timeline.events:
        phase = scene.timeline.phase(event["time_s"])
        if event["event"] == "position":
            assert abs(phase) > 0.99
        if event["event"] == "middle":
            assert abs(phase) < 0.01


def test_count_rises_are_matched_to_repetitions_in_order():
    lifts, downs = [10, 40, 70], [30, 60, 90]
    changes = [{"frame": f, "value": v} for f, v in [(0, "0"), (35, "1"), (65, "2"), (95, "3")]]
    assert browser.unmatched_reps(lifts, downs, 100, changes) == []
    # the second repetition's count came back late, after the third lift: still its own
    late = [{"frame": f, "value": v} for f, v in [(0, "0"), (35, "1"), (75, "2"), (95, "3")]]
    assert browser.unmatched_reps(lifts, downs, 100, late) == []
    # only two rises: the last repetition got none
    short = [{"frame": f, "value": v} for f, v in [(0, "0"), (35, "1"), (65, "2")]]
    assert browser.unmatched_reps(lifts, downs, 100, short) == [3]
    # a hand correction down (2 -> 1) is no rise
    fixed = [{"frame": f, "value": v} for f, v in [(0, "0"), (35, "1"), (50, "0"), (65, "1")]]
    assert browser.unmatched_reps(lifts, downs, 100, fixed) == [3]
