"""Calibration the installer does: the offset against a clinical reference thermometer from N
volunteers (`kiosk calibrate reference`), and the homography derived from the lens and
refined from a few heated-target points (`kiosk calibrate homography`)."""

from __future__ import annotations

import json
import math
import tomllib
from pathlib import Path

import numpy as np
import pytest

from kiosk.cli import main
from kiosk.registration import to_thermal
from kiosk.settings import FusionSettings, load_settings
from kiosk.thermometry import optics
from kiosk.thermometry.calibration import (
    MEDIAN_EFFICIENCY,
    ReferenceSample,
    calibrate_against_reference,
)

# Twenty volunteers: the kiosk reads each 0.4 °C low, give or take people's spread.
SPREAD = (
    0.3,
    -0.2,
    0.1,
    -0.4,
    0.25,
    0.0,
    -0.1,
    0.35,
    -0.3,
    0.15,
    -0.05,
    0.2,
    -0.25,
    0.05,
    0.4,
    -0.35,
    0.1,
    -0.15,
    0.3,
    -0.2,
)
SAMPLES = [
    ReferenceSample(36.5 + d - 0.4, 36.5 + d + e)
    for d, e in zip(np.linspace(-0.4, 0.6, 20), SPREAD, strict=True)
]


def test_the_offset_is_moved_by_the_median_difference_and_its_uncertainty_measured() -> None:
    current = FusionSettings(offset_c=1.2)
    calibration = calibrate_against_reference(SAMPLES, current)
    differences = [s.reference_c - s.measured_c for s in SAMPLES]
    assert calibration.refused == ""
    assert calibration.offset_c == pytest.approx(1.2 + float(np.median(differences)), abs=1e-3)
    expected = MEDIAN_EFFICIENCY * float(np.std(differences, ddof=1)) / math.sqrt(20)
    assert calibration.offset_uncertainty_c == pytest.approx(expected, abs=1e-3)
    assert calibration.offset_uncertainty_c < current.offset_uncertainty_c  # ±1 °C before
    applied = calibration.applied(current)
    assert (applied.offset_c, applied.offset_uncertainty_c) == (
        calibration.offset_c,
        calibration.offset_uncertainty_c,
    )


def test_too_few_volunteers_or_a_wild_spread_is_refused() -> None:
    assert "at least" in calibrate_against_reference(SAMPLES[:6], FusionSettings()).refused
    wild = [
        ReferenceSample(s.measured_c, s.reference_c + 2.0 * (-1) ** i)
        for i, s in enumerate(SAMPLES)
    ]
    assert "spreads" in calibrate_against_reference(wild, FusionSettings()).refused


def write_samples(path: Path, samples: list[ReferenceSample]) -> Path:
    rows = ["measured_c,reference_c"] + [f"{s.measured_c},{s.reference_c}" for s in samples]
    path.write_text("\n".join(rows), encoding="utf-8")
    return path


def test_calibrate_reference_writes_the_offset_only_when_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "settings.toml"
    config.write_text("[fusion]\noffset_c = 1.2\n", encoding="utf-8")
    samples = write_samples(tmp_path / "volunteers.csv", SAMPLES)
    base = ["calibrate", "reference", "--samples", str(samples), "--config", str(config)]
    assert main(base) == 0
    report = json.loads(capsys.readouterr().out.splitlines()[0])
    assert report["volunteers"] == 20 and report["offset_c"] > 1.2
    assert "offset_uncertainty_c" not in config.read_text(encoding="utf-8")
    assert main([*base, "--write"]) == 0
    fusion = load_settings(config).fusion
    assert fusion.offset_c == pytest.approx(report["offset_c"])
    assert fusion.offset_uncertainty_c == pytest.approx(report["offset_uncertainty_c"])

    before = config.read_text(encoding="utf-8")
    few = write_samples(tmp_path / "few.csv", SAMPLES[:5])
    assert (
        main(["calibrate", "reference", "--samples", str(few), "--config", str(config), "--write"])
        == 1
    )
    assert "refused" in capsys.readouterr().err
    assert config.read_text(encoding="utf-8") == before


def test_calibrate_homography_derives_the_installed_lens_and_refines_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "settings.toml"
    config.write_text('[sensor]\nlens = "mlx90640-baa-110x75"\n', encoding="utf-8")
    base = ["calibrate", "homography", "--config", str(config)]
    assert main([*base, "--mounting-offset-m", "0.03", "0", "--write"]) == 0
    derived = json.loads(capsys.readouterr().out.splitlines()[0])
    lens = optics.LENSES["mlx90640-baa-110x75"]
    nominal = optics.lens_homography((640, 480), 62.0, lens, (0.03, 0.0))
    assert derived["source"] == "optics"
    assert np.array(derived["rgb_to_thermal"]).reshape(3, 3) == pytest.approx(nominal, abs=1e-6)
    fusion = tomllib.loads(config.read_text(encoding="utf-8"))["fusion"]
    assert fusion["mounting_offset_m"] == [0.03, 0.0]

    # A lens mounted 0.4 px off its nominal axis: three heated-target points find it.
    true = np.array([[1.0, 0.0, 0.4], [0.0, 1.0, -0.3], [0.0, 0.0, 1.0]]) @ nominal
    rgb = np.array([[250.0, 200.0], [390.0, 210.0], [320.0, 300.0]])
    pairs = [
        {"rgb": list(r), "thermal": list(t)}
        for r, t in zip(rgb, to_thermal(rgb, true), strict=True)
    ]
    points = tmp_path / "points.json"
    points.write_text(json.dumps(pairs), encoding="utf-8")
    assert (
        main([*base, "--mounting-offset-m", "0.03", "0", "--points", str(points), "--write"]) == 0
    )
    refined = json.loads(capsys.readouterr().out.splitlines()[0])
    assert refined["source"] == "refined" and refined["mean_residual_px"] < 0.05
    assert refined["off_optics_px"] == pytest.approx(0.5, abs=0.05)
    settings = load_settings(config)
    probe = np.array([[300.0, 250.0]])
    matrix = np.asarray(settings.fusion.rgb_to_thermal).reshape(3, 3)
    assert to_thermal(probe, matrix) == pytest.approx(to_thermal(probe, true), abs=0.05)


def test_calibrate_homography_gives_a_single_point_board_its_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "settings.toml"
    config.write_text('[sensor]\ndriver = "gy-mcu90614"\nlens = "mlx90614-xcf-10"\n', "utf-8")
    assert main(["calibrate", "homography", "--config", str(config), "--write"]) == 0
    field = json.loads(capsys.readouterr().out.splitlines()[0])
    radius = optics.spot_radius_px(640, 62.0, optics.LENSES["mlx90614-xcf-10"])
    assert field["spot_radius_px"] == pytest.approx(radius, abs=0.1)
    assert load_settings(config).fusion.spot_radius_px == pytest.approx(radius, abs=0.1)
