"""`kiosk --self-test`: proves that this installation (a checkout or the frozen bundle) works.

Headless and offline, in a throw-away KIOSK_HOME and TMPDIR, so the operator's data is
never touched: model checksums, the simulated demo through the real Pipeline with the
store recording verdicts, each model run once on a demo photo, the store read back, and
a scan of every directory the run could write to for anything image-like. Prints one
JSON summary; exit status 0 only if every step passed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from kiosk.assets import assets_dir, verified_model
from kiosk.commands.run import launch_for
from kiosk.paths import kiosk_paths
from kiosk.pipeline import PipelineUpdate
from kiosk.privacy.image_scan import scan_directories
from kiosk.runtime import KioskRuntime
from kiosk.settings import PrivacySettings
from kiosk.store import ConsentDecision, KioskStore
from kiosk.version import VERSION
from kiosk.vision.embedding import FaceEmbedder
from kiosk.vision.face_detector import DetectedFace, YuNetDetector
from kiosk.vision.landmarks import FaceLandmarks

DEFAULT_SECONDS = 6.0
# The demo's first visitor is still long enough for a verdict about 2.5 s after start
# (lead-in, approach, three agreeing thermal frames); shorter runs only need faces.
VERDICT_EXPECTED_AFTER_S = 5.0
PHOTO = "person_a_2.jpg"  # the demo's first visitor, unmasked
SAME_PERSON = ("person_a_1.jpg", "person_a_2.jpg")
SFACE_SAME_PERSON_COSINE = 0.363  # OpenCV's published threshold for SFace


def _process_age_s() -> float | None:
    """Seconds since this process started (Linux /proc), so start-up figures include the
    interpreter and every import, not only what runs after this module loads."""
    try:
        stat = Path("/proc/self/stat").read_text()
        uptime = float(Path("/proc/uptime").read_text().split()[0])
    except OSError:
        return None
    # Field 22 is the start time in clock ticks; fields after the command name start at 3.
    start_ticks = int(stat.rsplit(")", 1)[1].split()[19])
    return uptime - start_ticks / os.sysconf("SC_CLK_TCK")


@dataclass
class Step:
    name: str
    ok: bool = False
    seconds: float = 0.0
    details: dict[str, Any] = field(default_factory=dict)
    error: str = ""


@dataclass
class SelfTest:
    home: Path
    seconds: float
    steps: list[Step] = field(default_factory=list)
    verdicts: int = 0

    @contextlib.contextmanager
    def step(self, name: str) -> Iterator[Step]:
        """Run one step: any exception fails it with its message, and the next steps go on."""
        current = Step(name)
        started = time.monotonic()
        try:
            yield current
            current.ok = True
        except Exception as error:
            current.error = f"{type(error).__name__}: {error}"
            current.details["traceback"] = traceback.format_exc(limit=4)
        current.seconds = round(time.monotonic() - started, 3)
        self.steps.append(current)

    def check(self, condition: bool, message: str) -> None:
        if not condition:
            raise AssertionError(message)


@contextlib.contextmanager
def _scratch_home() -> Iterator[Path]:
    """KIOSK_HOME and TMPDIR inside one temporary directory, restored afterwards."""
    saved = {name: os.environ.get(name) for name in ("KIOSK_HOME", "TMPDIR")}
    saved_tempdir = tempfile.tempdir
    with tempfile.TemporaryDirectory(prefix="kiosk-self-test-") as directory:
        home = Path(directory)
        (home / "tmp").mkdir()
        os.environ["KIOSK_HOME"] = str(home)
        os.environ["TMPDIR"] = str(home / "tmp")
        tempfile.tempdir = str(home / "tmp")
        try:
            yield home
        finally:
            tempfile.tempdir = saved_tempdir
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


def _photo(name: str) -> np.ndarray:
    image = cv2.imread(str(assets_dir() / "faces" / name))
    if image is None:
        raise FileNotFoundError(f"demo photo {name} is missing from {assets_dir() / 'faces'}")
    return image


def _check_models(test: SelfTest) -> None:
    with test.step("model_checksums") as step:
        manifest = json.loads((assets_dir() / "models" / "MODELS.json").read_text("utf-8"))
        for name in manifest:
            verified_model(name)
        step.details["models"] = sorted(manifest)


def _run_pipeline(test: SelfTest, process_t0: float | None) -> None:
    with test.step("demo_pipeline") as step:
        events: list[dict[str, Any]] = []
        first_frame: list[float] = []
        faces = 0
        lock = threading.Lock()

        def on_update(update: PipelineUpdate) -> None:
            nonlocal faces
            if update.vision is None:
                return
            with lock:
                if not first_frame:
                    first_frame.append(time.monotonic())
                faces += len(update.vision.faces)

        def on_event(event: dict[str, Any]) -> None:
            with lock:
                events.append(event)

        started = time.monotonic()
        launch = launch_for(argparse.Namespace(config=None, demo=True, seconds=None))
        runtime = KioskRuntime(launch, kiosk_paths().ensure())
        runtime.subscribe(on_event)
        runtime.subscribe_updates(on_update)
        with runtime:
            time.sleep(test.seconds)
        pipeline = runtime.pipeline
        assert pipeline is not None
        verdicts = [e for e in events if e["event"] == "verdict"]
        test.verdicts = len(verdicts)
        step.details.update(
            frames_processed=pipeline.times.processed,
            face_observations=faces,
            verdicts=[{k: v[k] for k in ("verdict", "temperature_c", "t")} for v in verdicts],
            store_events=[e for e in events if e["event"] == "store"],
        )
        if first_frame:
            step.details["first_frame_after_start_s"] = round(first_frame[0] - started, 3)
            if process_t0 is not None:
                step.details["first_frame_since_process_start_s"] = round(
                    first_frame[0] - process_t0, 3
                )
        test.check(faces > 0, "no face observed in the demo scene")
        if test.seconds >= VERDICT_EXPECTED_AFTER_S:
            test.check(bool(verdicts), f"no verdict in {test.seconds:g} s of the demo")


def _check_models_run(test: SelfTest) -> None:
    with test.step("face_landmarker") as step:
        with FaceLandmarks(62.0, max_faces=1, video=False) as landmarker:
            result = landmarker.detect(_photo(PHOTO), 0.0)
        test.check(len(result.faces) == 1, f"expected one face in {PHOTO}")
        step.details["landmarks"] = int(result.faces[0].landmarks.shape[0])

    found: list[tuple[DetectedFace, ...]] = []
    with test.step("yunet") as step:
        detector = YuNetDetector()
        found = [detector.detect(_photo(name)) for name in SAME_PERSON]
        test.check(all(found), f"YuNet found no face in one of {SAME_PERSON}")
        step.details["scores"] = [round(faces[0].score, 3) for faces in found]

    with test.step("sface_embedding") as step:
        test.check(bool(found), "no YuNet keypoints to align the faces with")
        embedder = FaceEmbedder(_consent_granted)
        consent_id = _grant_self_test_consent()
        vectors = [
            embedder.embed(_photo(name), faces[0].keypoints, consent_id=consent_id)
            for name, faces in zip(SAME_PERSON, found, strict=True)
        ]
        cosine = float(vectors[0] @ vectors[1])
        step.details.update(dimensions=int(vectors[0].shape[0]), same_person_cosine=cosine)
        test.check(
            cosine >= SFACE_SAME_PERSON_COSINE,
            f"two photos of one person scored {cosine:.2f} < {SFACE_SAME_PERSON_COSINE}",
        )


def _grant_self_test_consent() -> int:
    """A granted consent in the scratch store: the embedder refuses to run without one."""
    with KioskStore.open(kiosk_paths(), PrivacySettings()) as store:
        return store.record_consent(
            ConsentDecision("granted", notice_version="self-test", purposes=("self-test",))
        )


def _consent_granted(consent_id: int) -> bool:
    with KioskStore.open(kiosk_paths(), PrivacySettings()) as store:
        return store.consent_choice(consent_id) == "granted"


def _check_store(test: SelfTest) -> None:
    with test.step("store") as step:
        with KioskStore.open(kiosk_paths(), PrivacySettings()) as store:
            records = store.screening_count()
            audit = store.verify_audit()
            # The purger runs at start-up; its audit entry proves it ran to the end.
            purges = len(store.audit_entries("retention_purge"))
        step.details.update(
            screening_records=records, audit_entries=audit.entries, retention_purges=purges
        )
        test.check(records == test.verdicts, f"{test.verdicts} verdicts, {records} records")
        test.check(audit.intact, "audit log chain broken")
        test.check(purges > 0, "the retention purge did not run (see its log on stderr)")


def _scan_for_images(test: SelfTest) -> None:
    with test.step("no_images_written") as step:
        findings = scan_directories([test.home])
        step.details["scanned"] = str(test.home)
        test.check(not findings, "; ".join(str(f) for f in findings))


def run_self_test(seconds: float = DEFAULT_SECONDS) -> dict[str, Any]:
    """Every step, in a scratch home; returns the summary."""
    age = _process_age_s()
    process_t0 = None if age is None else time.monotonic() - age
    with _scratch_home() as home:
        test = SelfTest(home, seconds)
        _check_models(test)
        _run_pipeline(test, process_t0)
        _check_models_run(test)
        _check_store(test)
        _scan_for_images(test)
    return {
        "version": VERSION,
        "frozen": bool(getattr(sys, "frozen", False)),
        "ok": all(step.ok for step in test.steps),
        "steps": [asdict(step) for step in test.steps],
    }


def command(args: argparse.Namespace) -> int:
    """The `--self-test` handler: the summary as JSON on stdout."""
    summary = run_self_test(args.seconds or DEFAULT_SECONDS)
    print(json.dumps(summary, indent=2))
    return 0 if summary["ok"] else 1
