"""The kiosk's measurement model on real people: the FDA / University of Maryland clinical
study (facial region temperatures from a radiometric camera, four captures per volunteer,
each volunteer's oral temperature, room temperature and distance; CC0).

One visit to the kiosk is one capture of the study (a few thermal frames within a second
average the sensor's noise, not the person's capture-to-capture variation minutes apart), so
each subject is read from `--captures` (1) of their captures; what more would buy is shown.
For each draw, `--volunteers` subjects are the installer's calibration volunteers: the kiosk
reads them with its default settings, `kiosk calibrate reference`'s own calibration
(kiosk.thermometry.calibration) sets the offset from their oral temperatures, and every other
subject is then read and judged with the kiosk's code: the site (kiosk.fusion.choose_site),
its corrections and uncertainty (kiosk.fusion.site_measurement), the captures combined
(kiosk.fusion.combine_captures) and the alarm (kiosk.thresholds, kiosk.thermometry.decision).
Sensitivity and specificity are for oral ≥ --fever-c (37.5 °C). Writes a Bland–Altman plot
and a ROC curve with the operating point under --figures. The last line is one JSON object.

    .venv/bin/python benchmarks/clinical.py --data ../shared/data/thermography/irt1-flir-dev.csv
    .venv/bin/python benchmarks/clinical.py --derive --data irt1.csv --data irt2.csv

`--derive` prints how every constant of kiosk.thermometry.people follows from the data.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import math
import random
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import NormalDist

import numpy as np

from drivers.thermal.base import ThermalReading
from kiosk.fusion import (
    CombinedReading,
    MeasureProblem,
    Site,
    choose_site,
    combine_captures,
    site_measurement,
)
from kiosk.settings import FusionSettings, ScreeningSettings
from kiosk.thermometry import people
from kiosk.thermometry.calibration import (
    MEDIAN_EFFICIENCY,
    ReferenceSample,
    calibrate_against_reference,
)
from kiosk.thermometry.decision import Decision, judge
from kiosk.thresholds import AlarmThreshold

ROUNDS = (1, 2, 3, 4)
# A distance the study recorded beyond this is a typo (one row says 79): not a distance.
MAX_PLAUSIBLE_DISTANCE_M = 3.0
FIGURES = Path(__file__).resolve().parent.parent / "docs" / "figures"


@dataclass(frozen=True)
class Subject:
    subject_id: str
    oral_c: float  # aveOralM, the reference
    ambient_c: float | None  # T_atm
    distance_m: float | None
    canthus_c: tuple[float, ...]  # canthiMax per capture (NaN where missing)
    forehead_c: tuple[float, ...]  # T_FHBC (lower forehead centre) per capture
    face_max_c: tuple[float, ...]  # T_Max
    mouth_max_c: tuple[float, ...]  # T_OR_Max
    contrast_c: tuple[float, ...]  # canthus max − mean of its 13 × 13 region, warmer side


def _number(row: dict[str, str], key: str) -> float:
    text = row.get(key, "").strip()
    return float(text) if text else math.nan


def load(path: Path) -> list[Subject]:
    subjects = []
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            oral = _number(row, "aveOralM")
            if not math.isfinite(oral):
                continue
            ambient = _number(row, "T_atm")
            distance = _number(row, "Distance")

            def per_round(key: str, row: dict[str, str] = row) -> tuple[float, ...]:
                return tuple(_number(row, f"{key}{i}") for i in ROUNDS)

            right = np.array(per_round("Max1R13_")) >= np.array(per_round("Max1L13_"))
            contrast = np.where(
                right,
                np.array(per_round("Max1R13_")) - np.array(per_round("aveAllR13_")),
                np.array(per_round("Max1L13_")) - np.array(per_round("aveAllL13_")),
            )
            subjects.append(
                Subject(
                    row["SubjectID"],
                    oral,
                    ambient if math.isfinite(ambient) else None,
                    distance if 0.0 < distance <= MAX_PLAUSIBLE_DISTANCE_M else None,
                    per_round("canthiMax"),
                    per_round("T_FHBC"),
                    per_round("T_Max"),
                    per_round("T_OR_Max"),
                    tuple(float(c) for c in contrast),
                )
            )
    return subjects


# ---------------------------------------------------------------- the kiosk's measurement model


def kiosk_reading(
    subject: Subject, fusion: FusionSettings, captures: int, *, forehead_only: bool = False
) -> CombinedReading | None:
    """The kiosk's reading of one subject from the first `captures` captures the camera made
    of them, or None when it made none. The study's camera resolves the canthus (no dilution
    geometry) and its noise is part of people's spread, so the sensor adds none here."""
    reading = ThermalReading(0.0, subject.ambient_c)
    distance = math.nan if subject.distance_m is None else subject.distance_m
    usable = math.isfinite
    pairs = [
        (canthus, forehead if usable(forehead) else None)
        for canthus, forehead in zip(subject.canthus_c, subject.forehead_c, strict=True)
        if usable(forehead if forehead_only else canthus)
    ][:captures]
    samples = []
    for canthus, forehead in pairs:
        site = Site.FOREHEAD if forehead_only else choose_site(canthus, forehead, fusion)
        if isinstance(site, MeasureProblem):
            continue
        raw = forehead if site is Site.FOREHEAD and forehead is not None else canthus
        samples.append(
            site_measurement(
                site,
                raw,
                0.0,
                reading,
                fusion,
                distance,
                pixels=1,
                face_max_c=raw,
                noise_c=0.0,
            )
        )
    if not samples:
        return None
    # As the kiosk does: a capture of another site starts the run again.
    run = list(itertools.takewhile(lambda s: s.site is samples[-1].site, reversed(samples)))
    return combine_captures(run)


@dataclass(frozen=True)
class Scored:
    oral_c: float
    body_c: float
    statistic_c: float  # what the alarm compares with the threshold: reading + k·u
    elevated: bool


@dataclass(frozen=True)
class Draw:
    scored: list[Scored]
    offset_c: float
    offset_uncertainty_c: float
    refused: str


def one_draw(
    subjects: Sequence[Subject],
    fusion: FusionSettings,
    screening: ScreeningSettings,
    volunteers: int,
    captures: int,
    rng: random.Random,
    *,
    forehead_only: bool = False,
) -> Draw:
    order = list(subjects)
    rng.shuffle(order)
    calibration_set, tests = order[:volunteers], order[volunteers:]
    samples = []
    for subject in calibration_set:
        reading = kiosk_reading(subject, fusion, captures)
        if reading is not None and reading.site is Site.INNER_CANTHUS:
            samples.append(ReferenceSample(reading.body_c, subject.oral_c))
    calibration = calibrate_against_reference(samples, fusion)
    calibrated = fusion if calibration.refused else calibration.applied(fusion)
    threshold = AlarmThreshold(screening)
    scored = []
    for subject in tests:
        reading = kiosk_reading(subject, calibrated, captures, forehead_only=forehead_only)
        if reading is None:
            continue
        u = reading.uncertainty.standard_c
        limit = threshold.value_c
        judgement = judge(reading.body_c, u, limit, screening.coverage_factor)
        if judgement.decision is Decision.NORMAL:
            threshold.observe_normal(reading.body_c)
        scored.append(
            Scored(
                subject.oral_c,
                reading.body_c,
                reading.body_c + screening.coverage_factor * u,
                judgement.decision is Decision.ELEVATED,
            )
        )
    return Draw(scored, calibration.offset_c, calibration.offset_uncertainty_c, calibration.refused)


def auc(scores: np.ndarray, positive: np.ndarray) -> float:
    """Area under the ROC curve: the chance a febrile subject ranks above an afebrile one."""
    pos, neg = scores[positive], scores[~positive]
    if len(pos) == 0 or len(neg) == 0:
        return math.nan
    greater = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(greater / (len(pos) * len(neg)))


@dataclass(frozen=True)
class Figures:
    mae_c: float
    p95_c: float
    sensitivity: float
    specificity: float
    auc: float


def figures(scored: Sequence[Scored], fever_c: float) -> Figures:
    error = np.array([s.body_c - s.oral_c for s in scored])
    positive = np.array([s.oral_c >= fever_c for s in scored])
    alarm = np.array([s.elevated for s in scored])
    statistic = np.array([s.statistic_c for s in scored])
    return Figures(
        float(np.abs(error).mean()),
        float(np.percentile(np.abs(error), 95)),
        float(alarm[positive].mean()) if positive.any() else math.nan,
        float((~alarm[~positive]).mean()) if (~positive).any() else math.nan,
        auc(statistic, positive),
    )


def spread(values: Sequence[float]) -> str:
    array = np.array(values)
    low, high = np.nanpercentile(array, [5, 95])
    return f"{np.nanmean(array):6.3f}  {low:6.3f}  {high:6.3f}"


# ------------------------------------------------------------------------------------ figures


def write_plots(
    scored: Sequence[Scored], fever_c: float, threshold_c: float, camera: str, directory: Path
) -> list[Path]:
    """A Bland–Altman plot (kiosk − oral against their mean, bias and 95 % limits of
    agreement) and the ROC curve of the alarm statistic with the kiosk's operating point."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    directory.mkdir(parents=True, exist_ok=True)
    oral = np.array([s.oral_c for s in scored])
    body = np.array([s.body_c for s in scored])
    difference, mean = body - oral, (body + oral) / 2.0
    bias, sd = float(difference.mean()), float(difference.std(ddof=1))
    paths = [directory / f"clinical-{camera}-{kind}.png" for kind in ("bland-altman", "roc")]
    figure, axis = plt.subplots(figsize=(6.4, 4.4), dpi=120)
    febrile = oral >= fever_c
    axis.scatter(mean[~febrile], difference[~febrile], s=8, alpha=0.5, label=f"oral < {fever_c} °C")
    axis.scatter(
        mean[febrile],
        difference[febrile],
        s=12,
        alpha=0.8,
        color="tab:red",
        label=f"oral ≥ {fever_c} °C",
    )
    for level, style in ((bias, "-"), (bias - 1.96 * sd, "--"), (bias + 1.96 * sd, "--")):
        axis.axhline(level, color="black", linestyle=style, linewidth=1)
    axis.set_xlabel("mean of kiosk and oral temperature, °C")
    axis.set_ylabel("kiosk − oral, °C")
    axis.set_title(
        f"{camera}: bias {bias:+.2f} °C, 95 % limits {bias - 1.96 * sd:+.2f} … "
        f"{bias + 1.96 * sd:+.2f} °C (n = {len(scored)})"
    )
    axis.legend(loc="lower right", fontsize=8)
    figure.tight_layout()
    figure.savefig(paths[0])
    plt.close(figure)

    statistic = np.array([s.statistic_c for s in scored])
    cuts = np.unique(statistic)[::-1]
    tpr = [0.0] + [float((statistic[febrile] >= c).mean()) for c in cuts]
    fpr = [0.0] + [float((statistic[~febrile] >= c).mean()) for c in cuts]
    point = figures(scored, fever_c)
    figure, axis = plt.subplots(figsize=(4.8, 4.8), dpi=120)
    axis.plot(fpr, tpr, color="tab:blue", label=f"kiosk reading + k·u (AUC {point.auc:.3f})")
    axis.plot([0, 1], [0, 1], color="grey", linewidth=0.8, linestyle=":")
    axis.scatter(
        [1 - point.specificity],
        [point.sensitivity],
        color="tab:red",
        zorder=3,
        label=f"alarm at {threshold_c} °C: sens {point.sensitivity:.2f}, "
        f"spec {point.specificity:.2f}",
    )
    axis.set_xlabel("1 − specificity")
    axis.set_ylabel(f"sensitivity (oral ≥ {fever_c} °C)")
    axis.set_title(f"{camera}: ROC, n = {len(scored)}")
    axis.legend(loc="lower right", fontsize=8)
    figure.tight_layout()
    figure.savefig(paths[1])
    plt.close(figure)
    return paths


# ------------------------------------------------------------------- deriving people's constants


def _stacked(subjects: Sequence[Subject], field: str) -> tuple[np.ndarray, ...]:
    """(site, oral, ambient) over every capture that has all three."""
    rows = [
        (value, s.oral_c, s.ambient_c)
        for s in subjects
        for value in getattr(s, field)
        if math.isfinite(value) and s.ambient_c is not None
    ]
    site, oral, ambient = (np.array(column, dtype=np.float64) for column in zip(*rows, strict=True))
    return site, oral, ambient


def site_fit(subjects: Sequence[Subject], field: str) -> tuple[float, float, float]:
    """oral − site = offset + k·(24 − ambient): k from the least-squares slope against the
    room, the offset as the median at 24 °C, and the spread (standard deviation) around it."""
    site, oral, ambient = _stacked(subjects, field)
    k = -float(np.polyfit(ambient, oral - site, 1)[0])
    excess = oral - site - k * (people.REFERENCE_AMBIENT_C - ambient)
    offset = float(np.median(excess))
    return k, offset, float((excess - offset).std())


def _mean_of(subject: Subject, field: str, count: int) -> float:
    values = [v for v in getattr(subject, field)[:count] if math.isfinite(v)]
    return statistics.fmean(values) if values else math.nan


def derive(paths: Sequence[Path], fever_c: float) -> None:
    per_camera: dict[str, dict[str, float]] = {}
    everyone: dict[str, float] = {}
    for path in paths:
        subjects = load(path)
        everyone.update({s.subject_id: s.oral_c for s in subjects})
        oral = np.array([s.oral_c for s in subjects])
        positive = oral >= fever_c
        print(f"\n{path.name}: {len(subjects)} subjects, {positive.sum()} with oral ≥ {fever_c} °C")
        print("  site (AUC by ranking alone)      1 capture  mean of 3  mean of 4")
        for label, field in (
            ("inner canthi maximum", "canthus_c"),
            ("whole-face maximum", "face_max_c"),
            ("lower forehead centre", "forehead_c"),
        ):
            cells = []
            for count in (1, 3, 4):
                score = np.array([_mean_of(s, field, count) for s in subjects])
                ok = np.isfinite(score)
                cells.append(f"{auc(score[ok], positive[ok]):9.3f}")
            print(f"  {label:<32} {'  '.join(cells)}")
        mouth = np.array(
            [
                [abs(f - m) < 0.005 for f, m in zip(s.face_max_c, s.mouth_max_c, strict=True)]
                for s in subjects
            ]
        )
        valid = np.array([[math.isfinite(f) for f in s.face_max_c] for s in subjects])
        share = [float(mouth[:, i][valid[:, i]].mean()) for i in range(4)]
        print(
            "  the whole-face maximum is the mouth region in "
            + ", ".join(f"{v:.0%}" for v in share)
            + " of captures 1–4 (after the oral thermometer): not a site a kiosk has"
        )
        k, offset, site_spread = site_fit(subjects, "canthus_c")
        fk, foffset, fspread = site_fit(subjects, "forehead_c")
        contrast = np.array([c for s in subjects for c in s.contrast_c if math.isfinite(c)])
        above = np.array(
            [
                c - f
                for s in subjects
                for c, f in zip(s.canthus_c, s.forehead_c, strict=True)
                if math.isfinite(c - f)
            ]
        )
        canthus = np.array([s.canthus_c for s in subjects])
        repeated = canthus[np.isfinite(canthus).sum(axis=1) >= 2]
        repeat = math.sqrt(float(np.nanmean(np.nanvar(repeated, axis=1, ddof=1))))
        per_camera[path.name] = {
            "CANTHUS_AMBIENT_K": k,
            "CANTHUS_OFFSET_C": offset,
            "CANTHUS_SPREAD_C": site_spread,
            "FOREHEAD_AMBIENT_K": fk,
            "FOREHEAD_BELOW_CANTHUS_C": foffset - offset,
            "FOREHEAD_SPREAD_C": fspread,
            "CANTHUS_ABOVE_FOREHEAD_C": float(np.percentile(above, 1)),
            "CANTHUS_CONTRAST_C": float(np.median(contrast)),
            "CANTHUS_CONTRAST_SPREAD_C": float(contrast.std()),
            "CAPTURE_REPEATABILITY_C": repeat,
        }
        for name, value in per_camera[path.name].items():
            print(f"  {name:<28} {value:7.3f}")
        # What a regression slope would do instead of the constant offset (in-sample fit).
        first = np.array([_mean_of(s, "canthus_c", 1) for s in subjects])
        room = np.array([math.nan if s.ambient_c is None else s.ambient_c for s in subjects])
        ok = np.isfinite(first) & np.isfinite(room)
        design = np.column_stack([np.ones(ok.sum()), first[ok], room[ok]])
        coefficients = np.linalg.lstsq(design, oral[ok], rcond=None)[0]
        slope_reading = design @ coefficients
        offset_reading = first[ok] + k * (people.REFERENCE_AMBIENT_C - room[ok]) + offset
        # The heat-balance form k·(skin − ambient) scales each person's own skin excess.
        balance = first[ok] + k * (first[ok] - room[ok])
        balance_reading = balance + float(np.median(oral[ok] - balance))
        high = oral[ok] >= 38.5
        for label, reading in (
            ("constant offset", offset_reading),
            ("heat balance", balance_reading),
            ("regression", slope_reading),
        ):
            print(
                f"  {label:<16} MAE {np.abs(reading - oral[ok]).mean():.3f}, reads oral ≥ 38.5 °C "
                f"{(reading - oral[ok])[high].mean():+.2f} °C on average"
                + (
                    f" (slope {coefficients[1]:.2f} on the canthus)"
                    if label == "regression"
                    else ""
                )
            )
        print("  captures combined (mean)         sd(oral − reading)   AUC")
        for count in ROUNDS:
            reading = np.array([_mean_of(s, "canthus_c", count) for s in subjects])
            room = np.array([math.nan if s.ambient_c is None else s.ambient_c for s in subjects])
            corrected = reading + k * (people.REFERENCE_AMBIENT_C - room)
            ok = np.isfinite(corrected)
            residual = oral[ok] - corrected[ok]
            print(
                f"  {count}                                {residual.std():8.3f}        "
                f"{auc(corrected[ok], positive[ok]):.3f}"
            )
    print("\npooled (mean of the cameras):")
    pooled = {
        name: statistics.fmean(camera[name] for camera in per_camera.values())
        for name in next(iter(per_camera.values()))
    }
    for name, value in pooled.items():
        print(f"  {name:<28} {value:7.3f}")
    noise = 0.2  # the MLX90640's 0.1 K rms at 1 Hz, at the 4 Hz the board runs
    frames = math.ceil((noise / pooled["CAPTURE_REPEATABILITY_C"]) ** 2)
    print(
        f"  frames averaged per reading: ⌈(0.2 K / {pooled['CAPTURE_REPEATABILITY_C']:.3f})²⌉"
        f" = {frames}"
    )
    spread_c = pooled["CANTHUS_SPREAD_C"]
    calibration = MEDIAN_EFFICIENCY * spread_c / math.sqrt(20)
    u = math.hypot(spread_c, calibration)
    fevers = [t for t in everyone.values() if t >= fever_c]
    normal = NormalDist()

    def sensitivity(k_cov: float) -> float:
        return statistics.fmean(normal.cdf((t - fever_c) / u + k_cov) for t in fevers)

    low, high = -3.0, 3.0
    for _ in range(60):
        middle = (low + high) / 2.0
        low, high = (
            (middle, high) if sensitivity(middle) < people.DESIGN_SENSITIVITY else (low, middle)
        )
    print(
        f"  COVERAGE_FACTOR: mean Φ((oral − {fever_c}) / {u:.3f} + k) = "
        f"{people.DESIGN_SENSITIVITY} over {len(fevers)} febrile subjects → k = {high:.3f}"
    )


# --------------------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, action="append", required=True, help="study CSV")
    parser.add_argument("--volunteers", type=int, default=20, help="calibration volunteers")
    parser.add_argument("--draws", type=int, default=200, help="random volunteer sets")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--captures", type=int, default=1, choices=ROUNDS, help="per visit")
    parser.add_argument("--fever-c", type=float, default=37.5, help="oral fever definition")
    parser.add_argument("--figures", type=Path, default=FIGURES, help="where the PNGs go")
    parser.add_argument("--derive", action="store_true", help="derive people's constants")
    args = parser.parse_args()
    if args.derive:
        derive(args.data, args.fever_c)
        return
    if len(args.data) != 1:
        parser.error("one --data file per run (one camera); several only with --derive")
    path = args.data[0]
    subjects = load(path)
    fusion = FusionSettings()
    screening = ScreeningSettings(threshold_c=args.fever_c)
    captures = args.captures
    rng = random.Random(args.seed)
    readable = [s for s in subjects if kiosk_reading(s, fusion, captures) is not None]
    draws = [
        one_draw(readable, fusion, screening, args.volunteers, captures, rng)
        for _ in range(args.draws)
    ]
    refused = sum(1 for d in draws if d.refused)
    results = [figures(d.scored, args.fever_c) for d in draws]
    febrile = sum(s.oral_c >= args.fever_c for s in readable)
    print(
        f"{path.name}: {len(subjects)} subjects with an oral reference, {len(readable)} with "
        f"canthus readings, {febrile} with oral ≥ {args.fever_c} °C"
    )
    print(
        f"kiosk model: inner canthus (forehead when covered), {captures} capture(s) per visit, "
        f"ambient k {fusion.ambient_k}, offset from {args.volunteers} volunteers (median), "
        f"alarm when reading + {screening.coverage_factor}·u ≥ {args.fever_c} °C; "
        f"{args.draws} draws, {refused} calibrations refused"
    )
    print(f"{'':24}  mean      5 %     95 %   (over draws)")
    for label, values in (
        ("MAE °C", [r.mae_c for r in results]),
        ("p95 |error| °C", [r.p95_c for r in results]),
        ("sensitivity", [r.sensitivity for r in results]),
        ("specificity", [r.specificity for r in results]),
        ("AUC", [r.auc for r in results]),
        ("calibrated offset °C", [d.offset_c for d in draws]),
        ("offset uncertainty °C", [d.offset_uncertainty_c for d in draws]),
        (
            "reading uncertainty °C",
            [
                statistics.fmean(
                    (s.statistic_c - s.body_c) / screening.coverage_factor for s in d.scored
                )
                for d in draws
            ],
        ),
    ):
        print(f"{label:<24} {spread(values)}")
    for count in ROUNDS:
        if count == captures:
            continue
        other = [
            figures(
                one_draw(readable, fusion, screening, args.volunteers, count, rng).scored,
                args.fever_c,
            )
            for _ in range(max(args.draws // 4, 1))
        ]
        print(
            f"  with {count} capture(s) instead: MAE {statistics.fmean(r.mae_c for r in other):.3f}"
            f", AUC {statistics.fmean(r.auc for r in other):.3f}, sensitivity "
            f"{statistics.fmean(r.sensitivity for r in other):.3f}, specificity "
            f"{statistics.fmean(r.specificity for r in other):.3f}"
        )
    forehead = [
        figures(
            one_draw(
                readable, fusion, screening, args.volunteers, captures, rng, forehead_only=True
            ).scored,
            args.fever_c,
        )
        for _ in range(max(args.draws // 4, 1))
    ]
    print(
        f"  forehead only (every visitor in glasses; flagged lower confidence): MAE "
        f"{statistics.fmean(r.mae_c for r in forehead):.3f}, AUC "
        f"{statistics.fmean(r.auc for r in forehead):.3f}, sensitivity "
        f"{statistics.fmean(r.sensitivity for r in forehead):.3f}, specificity "
        f"{statistics.fmean(r.specificity for r in forehead):.3f}"
    )
    camera = path.stem.removesuffix("-dev")
    for written in write_plots(draws[0].scored, args.fever_c, args.fever_c, camera, args.figures):
        print(f"  wrote {written}")
    summary = {
        "n": round(statistics.fmean(len(d.scored) for d in draws)),
        "volunteers": args.volunteers,
        "mae_c": round(statistics.fmean(r.mae_c for r in results), 3),
        "p95_c": round(statistics.fmean(r.p95_c for r in results), 3),
        "sensitivity": round(statistics.fmean(r.sensitivity for r in results), 3),
        "specificity": round(statistics.fmean(r.specificity for r in results), 3),
        "auc": round(statistics.fmean(r.auc for r in results), 3),
        "threshold_c": args.fever_c,
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
