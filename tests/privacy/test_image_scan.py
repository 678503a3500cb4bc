"""The image scanner finds planted pictures and frames, and a full store workflow leaves
no picture anywhere under KIOSK_HOME. The store workflow also runs with the network
guard on: the store opens no connection."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.paths import KioskPaths
from kiosk.privacy.consent import ConsentLedger
from kiosk.privacy.image_scan import main, scan_directories
from kiosk.settings.privacy import PrivacySettings
from kiosk.store import KioskStore, Purger, ScreeningRecord
from tests.conftest import FACES
from tests.netguard import forbid_outbound_sockets
from tests.privacy.conftest import vector


@pytest.fixture(scope="module")
def photo() -> np.ndarray:
    image = cv2.imread(str(FACES / "person_a_1.jpg"))
    assert image is not None
    return image


def plant(directory: Path, name: str, data: bytes) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    # Hide the picture inside other bytes, as a blob in a database or log would be.
    path.write_bytes(b"SQLite format 3\x00" + bytes(5000) + data + b"trailer" * 100)
    return path


def kinds_found(directory: Path) -> set[str]:
    return {finding.kind for finding in scan_directories([directory])}


def test_a_planted_jpeg_is_found(tmp_path: Path, photo: np.ndarray) -> None:
    ok, jpeg = cv2.imencode(".jpg", photo)
    assert ok
    path = plant(tmp_path / "deep" / "er", "kiosk.log", jpeg.tobytes())
    findings = scan_directories([tmp_path])
    assert [(f.path, f.kind, f.offset) for f in findings] == [(path, "jpeg", 5016)]


def test_a_planted_png_is_found(tmp_path: Path, photo: np.ndarray) -> None:
    ok, png = cv2.imencode(".png", photo)
    assert ok
    plant(tmp_path, "cache.bin", png.tobytes())
    assert "png" in kinds_found(tmp_path)


@pytest.mark.parametrize("layout", ["bgr", "grey", "bgra", "face-crop"])
def test_a_planted_raw_frame_is_found(tmp_path: Path, photo: np.ndarray, layout: str) -> None:
    frame = {
        "bgr": photo,
        "grey": cv2.cvtColor(photo, cv2.COLOR_BGR2GRAY),
        "bgra": cv2.cvtColor(photo, cv2.COLOR_BGR2BGRA),
        "face-crop": cv2.resize(photo[40:200, 30:180], (112, 112)),
    }[layout]
    plant(tmp_path, "frame.raw", np.ascontiguousarray(frame).tobytes())
    assert kinds_found(tmp_path) == {"raw-pixels"}


@pytest.mark.parametrize("dtype", ["<f4", "<f8"])
def test_a_planted_thermal_frame_is_found(tmp_path: Path, dtype: str) -> None:
    rng = np.random.default_rng(3)
    frame = 24.0 + rng.normal(0, 0.15, (24, 32))
    frame[6:18, 10:22] = 34.5 + rng.normal(0, 0.2, (12, 12))
    plant(tmp_path, "thermal.bin", frame.astype(dtype).tobytes())
    assert "thermal-frame" in kinds_found(tmp_path)


def test_ordinary_files_are_clean(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    (tmp_path / "random.bin").write_bytes(rng.bytes(200_000))
    (tmp_path / "settings.toml").write_text('[camera]\nsource = "demo"\n' * 500)
    (tmp_path / "zeros.bin").write_bytes(bytes(100_000))
    assert scan_directories([tmp_path]) == []
    assert main([str(tmp_path)]) == 0


def test_the_command_line_reports_and_fails_on_a_finding(
    tmp_path: Path, photo: np.ndarray, capsys: pytest.CaptureFixture[str]
) -> None:
    plant(tmp_path, "x.bin", cv2.imencode(".jpg", photo)[1].tobytes())
    assert main([str(tmp_path)]) == 1
    assert "x.bin: jpeg at byte 5016" in capsys.readouterr().out


def test_a_store_workflow_writes_no_image_and_opens_no_connection(
    paths: KioskPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    guard = forbid_outbound_sockets(monkeypatch)
    settings = PrivacySettings()
    now = datetime.now(UTC)
    with KioskStore.open(paths, settings) as store:
        ledger = ConsentLedger(store, settings)
        people = []
        for index in range(12):
            person = store.enrol_person(f"visitor {index}", ledger.record_decision("granted"))
            for sample in range(3):
                store.add_template(person, vector(index * 10 + sample), "sface")
            people.append(person)
        ledger.record_decision("declined")
        for index in range(400):
            store.record_screening(
                ScreeningRecord(
                    36.0 + (index % 30) / 10,
                    "normal" if index % 30 < 13 else "elevated",
                    {"blackbody_c": 0.1 + index / 1000, "distance_c": 0.05},
                    mask=index % 2 == 0,
                    at=now - timedelta(days=index / 10),
                )
            )
        store.touch_person_seen(people[0])
        ledger.withdraw(people[1])
        Purger(store, settings.retention, timedelta(hours=1)).run_once(now)
        assert scan_directories([tmp_path]) == []  # while open, with WAL and shm present
    assert scan_directories([tmp_path]) == []
    assert guard.attempts == []
