"""Registration: the homography fit, its refusal, the sensor's mounting, and the installer's
`kiosk calibrate` commands writing the settings file only when a fit is accepted."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import numpy as np
import pytest

from drivers.thermal.simulator import SceneSample, SensorSimulator
from kiosk.cli import main
from kiosk.commands.calibrate import hot_spot
from kiosk.demo.thermal import ArrayMounting, render_thermal
from kiosk.registration import (
    RegistrationError,
    fit_homography,
    homography,
    oriented,
    to_thermal,
)
from kiosk.settings import FusionSettings, load_settings

TRUE = np.array([[0.098, 0.004, -15.2], [-0.003, 0.101, -11.7], [1e-5, 2e-5, 1.0]])


def correspondences(noise_px: float = 0.0, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A heated target placed on a 4×3 grid over the measuring area."""
    xs, ys = np.meshgrid(np.linspace(200, 440, 4), np.linspace(150, 330, 3))
    rgb = np.column_stack([xs.ravel(), ys.ravel()])
    thermal = to_thermal(rgb, TRUE)
    return rgb, thermal + np.random.default_rng(seed).normal(0, noise_px, thermal.shape)


def test_fit_recovers_the_homography_with_a_small_residual() -> None:
    fit = fit_homography(*correspondences(noise_px=0.05))
    assert fit.acceptable
    assert fit.mean_residual_px < 0.1
    probe = np.array([[320.0, 240.0], [250.0, 200.0]])
    assert to_thermal(probe, fit.matrix) == pytest.approx(to_thermal(probe, TRUE), abs=0.1)


def test_a_misplaced_point_or_a_sloppy_target_is_refused() -> None:
    rgb, thermal = correspondences()
    thermal[5] += (3.0, -2.0)  # one click on the wrong spot
    assert not fit_homography(rgb, thermal).acceptable
    assert not fit_homography(*correspondences(noise_px=1.5)).acceptable


def test_too_few_or_degenerate_points_are_an_error() -> None:
    rgb, thermal = correspondences()
    with pytest.raises(RegistrationError, match="at least"):
        fit_homography(rgb[:4], thermal[:4])
    line = np.column_stack([np.linspace(0, 100, 8), np.zeros(8)])
    with pytest.raises(RegistrationError):
        fit_homography(line, line)


@pytest.mark.parametrize(("mirror", "rotation"), [(True, 0), (False, 180), (True, 90)])
def test_fusion_undoes_the_boards_mounting(mirror: bool, rotation: int) -> None:
    settings = FusionSettings(thermal_mirror=mirror, thermal_rotation=rotation)
    rng = np.random.default_rng(0)
    upright = np.arange(24 * 32, dtype=np.float32).reshape(24, 32)
    state = ArrayMounting.mounted(settings)
    # The simulator renders what the board would send for a scene; fusion turns it back.
    sent = render_thermal(
        None,
        ambient_c=0.0,
        rgb_to_thermal=homography(settings),
        frame_width=640,
        horizontal_fov_deg=62.0,
        rng=rng,
        sensor=state,
    )
    assert oriented(sent, settings).shape == (24, 32)
    marker = np.rot90(upright, k=rotation // 90)
    marker = marker[:, ::-1] if mirror else marker
    assert np.array_equal(oriented(marker, settings), upright)


def test_hot_spot_finds_the_targets_centre_to_a_fraction_of_a_pixel() -> None:
    pixels = np.full((24, 32), 22.0, np.float32)
    pixels[10, 20] = pixels[10, 21] = 60.0  # a target straddling two pixels
    assert hot_spot(pixels) == pytest.approx((21.0, 10.5))


def write_points(path: Path, rgb: np.ndarray, thermal: np.ndarray) -> Path:
    pairs = [{"rgb": list(r), "thermal": list(t)} for r, t in zip(rgb, thermal, strict=True)]
    path.write_text(json.dumps(pairs), encoding="utf-8")
    return path


def test_calibrate_homography_writes_only_an_accepted_fit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "settings.toml"
    config.write_text("[screening]\nthreshold_c = 37.5\n", encoding="utf-8")
    points = write_points(tmp_path / "points.json", *correspondences(noise_px=0.05))
    base = ["calibrate", "homography", "--points", str(points), "--config", str(config)]

    assert main(base) == 0  # shown, not written without --write
    report = json.loads(capsys.readouterr().out.splitlines()[0])
    assert report["mean_residual_px"] < 0.1 and len(report["rgb_to_thermal"]) == 9
    assert "rgb_to_thermal" not in config.read_text(encoding="utf-8")

    assert main([*base, "--write"]) == 0
    settings = load_settings(config)
    rgb, thermal = correspondences()
    assert to_thermal(rgb, homography(settings.fusion)) == pytest.approx(thermal, abs=0.1)
    assert settings.screening.threshold_c == 37.5  # the rest of the file is kept

    thermal[2] += (4.0, 0.0)
    bad = write_points(tmp_path / "bad.json", rgb, thermal)
    before = config.read_text(encoding="utf-8")
    assert main(["calibrate", "homography", "--points", str(bad), "--config", str(config),
                 "--write"]) == 1  # fmt: skip
    assert "refused" in capsys.readouterr().err
    assert config.read_text(encoding="utf-8") == before


def test_calibrate_distance_fits_and_writes_the_curve(tmp_path: Path) -> None:
    config = tmp_path / "settings.toml"
    samples = tmp_path / "samples.csv"
    rows = ["distance_m,reference_c,measured_c"]
    rows += [f"0.4,{36.6 + i * 0.1},{36.4 + i * 0.1}" for i in range(3)]
    rows += [f"0.6,{36.6 + i * 0.1},{36.0 + i * 0.1}" for i in range(3)]
    samples.write_text("\n".join(rows), encoding="utf-8")
    config.write_text("# the installer's file\n", encoding="utf-8")
    assert main(["calibrate", "distance", "--samples", str(samples), "--config", str(config),
                 "--write"]) == 0  # fmt: skip
    fusion = tomllib.loads(config.read_text(encoding="utf-8"))["fusion"]
    assert fusion["distance_curve_m"] == pytest.approx([0.4, 0.6])
    assert fusion["distance_curve_c"] == pytest.approx([0.2, 0.6])


def test_calibrate_target_reads_the_hot_spot_from_the_sensor(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pixels = np.full((24, 32), 22.0, np.float32)
    pixels[6, 9] = 55.0
    with SensorSimulator("gy-mcu90640", lambda _t: SceneSample(22.0, pixels)) as simulator:
        config = tmp_path / "settings.toml"
        config.write_text(
            f'[camera]\nsource = "0"\n[sensor]\nport = "{simulator.port}"\n'
            "[fusion]\nthermal_mirror = true\n",
            encoding="utf-8",
        )
        assert main(["calibrate", "target", "--frames", "3", "--config", str(config)]) == 0
    spot = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert spot["thermal"] == pytest.approx([32 - 9.5, 6.5], abs=0.01)  # mirrored as configured
