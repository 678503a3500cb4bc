"""`kiosk --version` and `kiosk --self-test` from a checkout (the frozen ones run in
packaging/build.sh): the version comes from pyproject, the self-test passes offline and
fails, with the reason, when a model is not the shipped file."""

from __future__ import annotations

import json
import os
import tomllib

import pytest

from kiosk import assets
from kiosk.cli import main
from kiosk.version import VERSION
from tests.conftest import REPO
from tests.netguard import forbid_outbound_sockets

STEPS = [
    "model_checksums",
    "demo_pipeline",
    "face_landmarker",
    "yunet",
    "sface_embedding",
    "store",
    "no_images_written",
]


def test_version_is_pyprojects(capsys: pytest.CaptureFixture[str]) -> None:
    with (REPO / "pyproject.toml").open("rb") as handle:
        declared = tomllib.load(handle)["project"]["version"]
    assert declared == VERSION
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"kiosk {declared}"


def test_self_test_passes_offline_and_leaves_the_environment(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    guard = forbid_outbound_sockets(monkeypatch)
    monkeypatch.setenv("KIOSK_HOME", "/nonexistent/operator-home")
    assert main(["--self-test", "--seconds", "5.5"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["ok"] and summary["version"] == VERSION and not summary["frozen"]
    assert [step["name"] for step in summary["steps"]] == STEPS
    pipeline = summary["steps"][1]["details"]
    assert pipeline["face_observations"] > 0 and pipeline["verdicts"]
    assert pipeline["first_frame_after_start_s"] > 0
    assert guard.attempts == []
    # The scratch home was used, not the operator's, and is restored afterwards.
    assert os.environ["KIOSK_HOME"] == "/nonexistent/operator-home"


def test_self_test_reports_a_damaged_model(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(assets, "_sha256", lambda path: "0" * 64)
    assert main(["--self-test", "--seconds", "1"]) == 1
    steps = {step["name"]: step for step in json.loads(capsys.readouterr().out)["steps"]}
    assert not steps["model_checksums"]["ok"]
    assert "damaged or was replaced" in steps["model_checksums"]["error"]
    assert not steps["demo_pipeline"]["ok"]
    assert steps["no_images_written"]["ok"]
