"""`kiosk calibrate`: the installer's procedures that produce fusion settings.

- `homography`: camera → thermal registration. Without points, derived from the camera's
  field of view, the sensor's lens (`sensor.lens`) and its mounting offset; with one to five
  heated-target correspondences, that derivation refined (shift, scale); with six or more,
  fitted outright. For a single-point board, its field's radius and aim on the camera
  image. Prints the result and residuals, refuses a poor fit, and writes the settings file
  only with `--write`.
- `target`: where a heated target's hot spot is in the thermal array right now (sub-pixel
  centroid over a few frames), to fill in the thermal half of a correspondence.
- `distance`: the distance-compensation curve from readings against a clinical thermometer.
- `reference`: the installation's offset (and how well it is known) from N volunteers read
  by the kiosk and by a clinical reference thermometer.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

from drivers.thermal.registry import UnknownDriverError, open_sensor
from kiosk.commands.settings_option import add_config_option, command_settings
from kiosk.corrections import fit_distance_curve
from kiosk.paths import kiosk_paths
from kiosk.registration import (
    MAX_MEAN_RESIDUAL_PX,
    MIN_CORRESPONDENCES,
    HomographyFit,
    fit_homography,
    oriented,
    refine_homography,
    to_thermal,
)
from kiosk.settings import Settings, SettingsError
from kiosk.settings.changes import apply_changes
from kiosk.settings.file import settings_path
from kiosk.store import KioskStore
from kiosk.thermometry import optics
from kiosk.thermometry.calibration import ReferenceSample, calibrate_against_reference

EXIT_REFUSED = 1
EXIT_USAGE = 2
# Pixels this close to the hottest one belong to the target's spot.
HOT_SPOT_WITHIN_C = 1.0
TARGET_FRAME_TIMEOUT_S = 3.0


def register(subparsers: argparse._SubParsersAction) -> None:
    calibrate = subparsers.add_parser("calibrate", help="installer calibration procedures")
    actions = calibrate.add_subparsers(dest="calibrate_command", required=True)

    fit = actions.add_parser(
        "homography",
        help="derive the camera → thermal homography from the lens and refine or fit it from "
        "heated-target points",
    )
    fit.add_argument(
        "--points",
        type=Path,
        help='JSON [{"rgb": [x, y], "thermal": [x, y]}, …] or CSV rgb_x,rgb_y,thermal_x,thermal_y '
        "(none: the lens's optics alone)",
    )
    fit.add_argument(
        "--mounting-offset-m",
        type=float,
        nargs=2,
        metavar=("RIGHT", "DOWN"),
        help="the sensor's axis from the camera's, metres (default: fusion.mounting_offset_m)",
    )
    fit.add_argument(
        "--distance-m",
        type=float,
        default=optics.NOMINAL_DISTANCE_M,
        help="the heated target's distance from the kiosk (where the result is exact)",
    )
    _settings_arguments(fit)
    fit.set_defaults(handler=run_homography)

    target = actions.add_parser(
        "target", help="print the heated target's position in the thermal array"
    )
    target.add_argument("--frames", type=int, default=8, help="frames to average")
    add_config_option(target)
    target.set_defaults(handler=run_target)

    distance = actions.add_parser(
        "distance", help="fit the distance-compensation curve from clinical reference readings"
    )
    distance.add_argument(
        "--samples",
        type=Path,
        required=True,
        help="CSV distance_m,reference_c,measured_c (measured with distance compensation off)",
    )
    _settings_arguments(distance)
    distance.set_defaults(handler=run_distance)

    reference = actions.add_parser(
        "reference",
        help="the installation's offset from volunteers read by the kiosk and by a clinical "
        "reference thermometer",
    )
    reference.add_argument(
        "--samples",
        type=Path,
        required=True,
        help="CSV measured_c,reference_c: each volunteer's temperature as the kiosk reported "
        "it with the current settings, and the clinical thermometer's reading",
    )
    _settings_arguments(reference)
    reference.set_defaults(handler=run_reference)


def _settings_arguments(parser: argparse.ArgumentParser) -> None:
    add_config_option(parser)
    parser.add_argument(
        "--write", action="store_true", help="accept the fit: write it into the settings file"
    )


def _rows(path: Path) -> list[list[float]]:
    """Numeric rows of a CSV file (a header line is skipped) or of a JSON list of pairs."""
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".json":
        pairs = json.loads(text)
        return [[*map(float, pair["rgb"]), *map(float, pair["thermal"])] for pair in pairs]
    rows = []
    for row in csv.reader(text.splitlines()):
        if not row or row[0].strip().startswith("#"):
            continue
        try:
            rows.append([float(value) for value in row])
        except ValueError:
            if rows:  # only the first line may be a header
                raise
    return rows


def _apply(args: argparse.Namespace, changes: dict[str, Any], command: str) -> int:
    """Write an accepted fit into the settings file, audited like any other change."""
    if not args.write:
        print(f"kiosk calibrate {command}: not written; rerun with --write to accept this fit")
        return 0
    settings = command_settings(args)
    path = settings_path(args.config)
    with KioskStore.open(kiosk_paths(), settings.privacy) as store:
        apply_changes(path, changes, actor=f"kiosk calibrate {command}", audit=store)
    print(f"kiosk calibrate {command}: written to {path}")
    return 0


def run_homography(args: argparse.Namespace) -> int:
    settings = command_settings(args)
    offset = tuple(args.mounting_offset_m or settings.fusion.mounting_offset_m)
    lens = settings.sensor.installed_lens()
    if lens.array_shape is None:
        return _spot_field(args, settings, lens, (float(offset[0]), float(offset[1])))
    nominal = optics.lens_homography(
        (settings.camera.width, settings.camera.height),
        settings.camera.horizontal_fov_deg,
        lens,
        (float(offset[0]), float(offset[1])),
        args.distance_m,
    )
    placement = {
        "fusion.mounting_offset_m": (float(offset[0]), float(offset[1])),
        "fusion.registration_distance_m": float(args.distance_m),
    }
    if args.points is None:
        matrix = optics.homography_values(nominal)
        print(json.dumps({"rgb_to_thermal": list(matrix), "source": "optics", "lens": lens.name}))
        return _write_homography(args, {"fusion.rgb_to_thermal": matrix, **placement})
    try:
        rows = np.array(_rows(args.points), dtype=np.float64).reshape(-1, 4)
        if len(rows) >= MIN_CORRESPONDENCES:
            fit, source = fit_homography(rows[:, :2], rows[:, 2:]), "fitted"
        else:
            fit, source = refine_homography(nominal, rows[:, :2], rows[:, 2:]), "refined"
    except (OSError, ValueError, KeyError, TypeError) as error:
        print(f"kiosk calibrate homography: {error}", file=sys.stderr)
        return EXIT_USAGE
    centre = np.array([[settings.camera.width / 2.0, settings.camera.height / 2.0]])
    report = {
        "rgb_to_thermal": list(fit.settings_value()),
        "source": source,
        "lens": lens.name,
        "residuals_px": [round(float(r), 3) for r in fit.residuals_px],
        "mean_residual_px": round(fit.mean_residual_px, 3),
        "max_residual_px": round(fit.max_residual_px, 3),
        "inliers": fit.inliers,
        "correspondences": len(fit.residuals_px),
        # How far the result puts the middle of the picture from where the lens's optics do:
        # pixels off means a lens other than the one set, or a sensor mounted askew.
        "off_optics_px": round(
            float(np.linalg.norm(to_thermal(centre, fit.matrix) - to_thermal(centre, nominal))), 3
        ),
    }
    print(json.dumps(report))
    if not fit.acceptable:
        _refusal(fit)
        return EXIT_REFUSED
    return _write_homography(args, {"fusion.rgb_to_thermal": fit.settings_value(), **placement})


def _refusal(fit: HomographyFit) -> None:
    worst = int(np.argmax(fit.residuals_px)) + 1
    print(
        f"kiosk calibrate homography: refused: mean residual {fit.mean_residual_px:.2f} px "
        f"(limit {MAX_MEAN_RESIDUAL_PX} px), {len(fit.residuals_px) - fit.inliers} "
        f"outlier(s); the worst is correspondence {worst}: re-mark it or add points",
        file=sys.stderr,
    )


def _write_homography(args: argparse.Namespace, changes: dict[str, Any]) -> int:
    try:
        return _apply(args, changes, "homography")
    except SettingsError as error:
        print(f"kiosk calibrate homography: {error}", file=sys.stderr)
        return EXIT_USAGE


def _spot_field(
    args: argparse.Namespace,
    settings: Settings,
    lens: optics.SensorLens,
    offset: tuple[float, float],
) -> int:
    """A single-point sensor: its field's radius on the camera image (the same at every
    distance) and where its axis meets the image at the target's distance."""
    if args.points is not None:
        print(
            "kiosk calibrate homography: a single-point sensor has no array to mark points on",
            file=sys.stderr,
        )
        return EXIT_USAGE
    width, height = settings.camera.width, settings.camera.height
    focal = optics.focal_length_px(width, settings.camera.horizontal_fov_deg)
    radius = round(optics.spot_radius_px(width, settings.camera.horizontal_fov_deg, lens), 1)
    aim = (
        round(width / 2.0 + focal * offset[0] / args.distance_m, 1),
        round(height / 2.0 + focal * offset[1] / args.distance_m, 1),
    )
    print(json.dumps({"spot_radius_px": radius, "spot_centre_px": list(aim), "lens": lens.name}))
    return _write_homography(
        args,
        {
            "fusion.spot_radius_px": radius,
            "fusion.spot_centre_px": aim,
            "fusion.mounting_offset_m": offset,
        },
    )


def hot_spot(pixels: np.ndarray) -> tuple[float, float]:
    """Sub-pixel centre (x, y, pixel i spanning [i, i+1)) of the hottest blob: the centroid,
    weighted by excess temperature, of the pixels within HOT_SPOT_WITHIN_C of the maximum."""
    valid = np.where(np.isfinite(pixels), pixels, -np.inf)
    peak = float(valid.max())
    weights = np.clip(valid - (peak - HOT_SPOT_WITHIN_C), 0.0, None)
    rows, cols = np.indices(pixels.shape)
    total = float(weights.sum())
    return float((weights * (cols + 0.5)).sum() / total), float(
        (weights * (rows + 0.5)).sum() / total
    )


def run_target(args: argparse.Namespace) -> int:
    settings = command_settings(args)
    if not settings.sensor.port:
        print("kiosk calibrate target: sensor.port is not set; set it first", file=sys.stderr)
        return EXIT_USAGE
    try:
        sensor = open_sensor(settings.sensor.driver, settings.sensor.port, settings.sensor.baud)
    except UnknownDriverError as error:
        print(f"kiosk calibrate target: {error}", file=sys.stderr)
        return EXIT_USAGE
    sensor.start()
    spots: list[tuple[float, float]] = []
    try:
        newer_than = None
        while len(spots) < args.frames:
            reading = sensor.wait_reading(newer_than, TARGET_FRAME_TIMEOUT_S)
            if reading is None:
                print(f"kiosk calibrate target: {sensor.status().message}", file=sys.stderr)
                return EXIT_REFUSED
            if reading.pixels is None:
                print("kiosk calibrate target: needs a thermal array", file=sys.stderr)
                return EXIT_USAGE
            newer_than = reading.t
            spots.append(hot_spot(oriented(reading.pixels, settings.fusion)))
    finally:
        sensor.stop()
    centre = np.mean(spots, axis=0)
    spread = float(np.max(np.linalg.norm(np.array(spots) - centre, axis=1)))
    print(
        json.dumps({"thermal": [round(float(v), 3) for v in centre], "spread_px": round(spread, 3)})
    )
    return 0


def run_distance(args: argparse.Namespace) -> int:
    try:
        rows = _rows(args.samples)
        samples = [(d, ref, measured) for d, ref, measured in rows]
    except (OSError, ValueError) as error:
        print(
            f"kiosk calibrate distance: {error} (expected distance_m,reference_c,measured_c)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    distances, offsets = fit_distance_curve(samples)
    print(json.dumps({"distance_curve_m": list(distances), "distance_curve_c": list(offsets)}))
    if len(distances) < 2:
        print(
            "kiosk calibrate distance: refused: need at least two distances with three or more "
            "readings each",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    try:
        return _apply(
            args,
            {"fusion.distance_curve_m": distances, "fusion.distance_curve_c": offsets},
            "distance",
        )
    except SettingsError as error:
        print(f"kiosk calibrate distance: {error}", file=sys.stderr)
        return EXIT_USAGE


def run_reference(args: argparse.Namespace) -> int:
    try:
        samples = [
            ReferenceSample(measured, reference) for measured, reference in _rows(args.samples)
        ]
    except (OSError, ValueError) as error:
        print(
            f"kiosk calibrate reference: {error} (expected measured_c,reference_c)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    calibration = calibrate_against_reference(samples, command_settings(args).fusion)
    print(json.dumps(calibration.report()))
    if calibration.refused:
        print(f"kiosk calibrate reference: refused: {calibration.refused}", file=sys.stderr)
        return EXIT_REFUSED
    try:
        return _apply(args, calibration.changes(), "reference")
    except SettingsError as error:
        print(f"kiosk calibrate reference: {error}", file=sys.stderr)
        return EXIT_USAGE
