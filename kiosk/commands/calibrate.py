"""`kiosk calibrate`: the installer's procedures that produce fusion settings.

- `homography`: camera → thermal registration from point correspondences on a heated target
  (a file of pairs); prints the matrix and residuals, refuses a poor fit, and writes the
  settings file only with `--write`.
- `target`: where a heated target's hot spot is in the thermal array right now (sub-pixel
  centroid over a few frames), to fill in the thermal half of a correspondence.
- `distance`: the distance-compensation curve from readings against a clinical thermometer.
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
    fit_homography,
    oriented,
)
from kiosk.settings import SettingsError
from kiosk.settings.changes import apply_changes
from kiosk.settings.file import settings_path
from kiosk.store import KioskStore

EXIT_REFUSED = 1
EXIT_USAGE = 2
# Pixels this close to the hottest one belong to the target's spot.
HOT_SPOT_WITHIN_C = 1.0
TARGET_FRAME_TIMEOUT_S = 3.0


def register(subparsers: argparse._SubParsersAction) -> None:
    calibrate = subparsers.add_parser("calibrate", help="installer calibration procedures")
    actions = calibrate.add_subparsers(dest="calibrate_command", required=True)

    fit = actions.add_parser(
        "homography", help="fit the camera → thermal homography from point correspondences"
    )
    fit.add_argument(
        "--points",
        type=Path,
        required=True,
        help='JSON [{"rgb": [x, y], "thermal": [x, y]}, …] or CSV rgb_x,rgb_y,thermal_x,thermal_y',
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
    try:
        rows = np.array(_rows(args.points), dtype=np.float64).reshape(-1, 4)
        fit = fit_homography(rows[:, :2], rows[:, 2:])
    except (OSError, ValueError, KeyError, TypeError) as error:
        print(f"kiosk calibrate homography: {error}", file=sys.stderr)
        return EXIT_USAGE
    report = {
        "rgb_to_thermal": list(fit.settings_value()),
        "residuals_px": [round(float(r), 3) for r in fit.residuals_px],
        "mean_residual_px": round(fit.mean_residual_px, 3),
        "max_residual_px": round(fit.max_residual_px, 3),
        "inliers": fit.inliers,
        "correspondences": len(fit.residuals_px),
    }
    print(json.dumps(report))
    if not fit.acceptable:
        worst = int(np.argmax(fit.residuals_px)) + 1
        print(
            f"kiosk calibrate homography: refused: mean residual {fit.mean_residual_px:.2f} px "
            f"(limit {MAX_MEAN_RESIDUAL_PX} px), {len(fit.residuals_px) - fit.inliers} "
            f"outlier(s); the worst is correspondence {worst}: re-mark it or add points",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    try:
        return _apply(args, {"fusion.rgb_to_thermal": fit.settings_value()}, "homography")
    except SettingsError as error:
        print(f"kiosk calibrate homography: {error}", file=sys.stderr)
        return EXIT_USAGE


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
