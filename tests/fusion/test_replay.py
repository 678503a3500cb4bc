"""A recorded session (lossless video + serial log of the real wire protocol) replayed through
`kiosk replay` gives exactly the verdicts the session produced; recording is refused unless
the operator enabled it."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from drivers.thermal import gy_mcu90640
from drivers.thermal.simulator import SceneSample, SensorSimulator
from kiosk.cli import main
from kiosk.demo.scene import VisitorScene
from kiosk.session import SerialChunk, SessionWriter, decode_serial, replay
from kiosk.settings import Settings
from tests.fusion.conftest import AMBIENT_C, simulated_array

FPS = 10.0
THERMAL_HZ = 4.0
SECONDS = 11.0  # both of the scene's visitors walk up, are screened and leave


def record_synthetic_session(
    scene: VisitorScene, directory: Path
) -> tuple[list[tuple[float, np.ndarray]], list[SerialChunk]]:
    """Render the scene into a session directory, as `kiosk record` would have written it:
    the array's frames are split into the ragged fragments a serial port delivers."""
    scene.start = 0.0
    thermal = simulated_array(Settings().fusion, seed=3)
    fragments = random.Random(7)
    frames = [(i / FPS, scene.frame_at(i / FPS)) for i in range(int(SECONDS * FPS))]
    chunks: list[SerialChunk] = []
    for k in range(int(SECONDS * THERMAL_HZ)):
        t = k / THERMAL_HZ
        pose = scene.pose_at(t)
        pixels = thermal(pose, t) if pose is not None else np.full((24, 32), AMBIENT_C, np.float32)
        wire = gy_mcu90640.encode_frame(pixels, AMBIENT_C)
        start = 0
        while start < len(wire):
            end = min(start + fragments.randint(1, 600), len(wire))
            chunks.append(SerialChunk(t + end * 1e-5, wire[start:end]))
            start = end
    with SessionWriter(directory, FPS, (640, 480)) as writer:
        for _, image in frames:
            writer.add_frame(image)
        for chunk in chunks:
            writer.add_bytes(chunk.t, chunk.data)
    return frames, chunks


def test_replay_reproduces_the_sessions_verdicts_exactly(
    scene: VisitorScene, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    frames, chunks = record_synthetic_session(scene, tmp_path / "session")
    (tmp_path / "installer.toml").write_text("# defaults\n", encoding="utf-8")
    live = [
        e for e in replay(frames, decode_serial(chunks, "gy-mcu90640"), Settings())
        if e["event"] == "verdict"
    ]  # fmt: skip
    assert len(live) == 2, live
    assert [e["site"] for e in live] == ["inner_canthus", "forehead"]
    args = [
        "replay",
        "--video", str(tmp_path / "session" / "video.avi"),
        "--serial-log", str(tmp_path / "session" / "serial.jsonl"),
        "--driver", "gy-mcu90640",
        "--config", str(tmp_path / "installer.toml"),
    ]  # fmt: skip
    runs = []
    for _ in range(2):
        assert main(args) == 0
        runs.append([json.loads(line) for line in capsys.readouterr().out.splitlines()])
    replayed = [e for e in runs[0] if e["event"] == "verdict"]
    assert replayed == live
    assert runs[1] == runs[0]


def test_replay_names_a_malformed_serial_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "serial.jsonl"
    log.write_text('{"t": 0.1, "data": "5a5a"}\n{"t": 0.2}\n', encoding="utf-8")
    args = ["replay", "--video", str(tmp_path / "v.avi"), "--serial-log", str(log)]
    assert main([*args, "--driver", "gy-mcu90640"]) == 2
    assert "serial.jsonl:2" in capsys.readouterr().err


def test_recording_is_refused_unless_enabled(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "settings.toml"
    config.write_text('[camera]\nsource = "0"\n[sensor]\nport = "/dev/ttyUSB0"\n', "utf-8")
    out = tmp_path / "session"
    assert main(["record", "--out", str(out), "--seconds", "1", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert "refused" in err and "images" in err and "allow_session_recording" in err
    assert not out.exists()


def test_record_then_replay_a_session_from_devices(
    scene: VisitorScene, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`kiosk record` with a video file as the camera and the simulated array on a pty read
    through pyserial, then `kiosk replay` of what it wrote."""
    camera_file = tmp_path / "camera.avi"
    scene.start = 0.0
    with SessionWriter(tmp_path / "camera", 30.0, (640, 480)) as source:
        for i in range(150):  # a file is read faster than real time: plenty
            source.add_frame(scene.frame_at(2.0 + i / 30.0))
    (tmp_path / "camera" / "video.avi").rename(camera_file)
    room = np.full((24, 32), AMBIENT_C, np.float32)
    with SensorSimulator("gy-mcu90640", lambda _t: SceneSample(AMBIENT_C, room)) as simulator:
        config = tmp_path / "settings.toml"
        config.write_text(
            f'[camera]\nsource = "{camera_file}"\n[sensor]\nport = "{simulator.port}"\n'
            "[screening]\nallow_session_recording = true\n",
            "utf-8",
        )
        out = tmp_path / "recorded"
        assert main(["record", "--out", str(out), "--seconds", "1.0", "--config", str(config)]) == 0
    summary = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert summary["event"] == "recorded" and summary["frames"] >= 10
    chunks = [json.loads(line) for line in (out / "serial.jsonl").read_text().splitlines()]
    assert decode_serial(
        [SerialChunk(c["t"], bytes.fromhex(c["data"])) for c in chunks], "gy-mcu90640"
    ), "no array frame was recorded"
    assert main(["replay", "--video", str(out / "video.avi"), "--serial-log",
                 str(out / "serial.jsonl"), "--driver", "gy-mcu90640",
                 "--config", str(config)]) == 0  # fmt: skip
