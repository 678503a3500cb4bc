"""Accuracy and coverage of the screening with real lens optics, at the distances visitors stand
at, with visitors who step closer when asked, masked visitors included.

The thermal scene is rendered through a real lens (MLX90640 55° × 35° and 110° × 75°, beside the
camera, its mounting 3 cm off the camera's axis, a boresight a fraction of a pixel off what the
installer set), its datasheet noise, a blackbody in view and a per-session drift; faces take
people's canthus and forehead temperatures (kiosk.thermometry.people) and each visitor their
own canthus contrast from people's spread. The kiosk's own face finder (the landmarker, YuNet
when it finds nothing) runs on every rendered frame; each lens's kiosk is first calibrated as
an installer would (volunteers on other photos with a clinical reference: `kiosk calibrate
reference`'s offset, then `kiosk calibrate distance`'s curve). A visitor asked to step closer
does so after a human reaction time. Coverage: visitors given a verdict with a number within
5 s. Errors are against the visitor's simulated body temperature (no person-to-person site
spread here: the clinical benchmark measures that on real people). Masked visitors are drawn
masks on the licensed photos and, when ../shared/data/faces-realmask-dev exists, real masked
photos (read from there, never copied), whose geometry comes from the same person's unmasked
photo.

    .venv/bin/python benchmarks/accuracy.py [--visitors 100] [--seed 1] [--lens both]
    .venv/bin/python benchmarks/accuracy.py --keypoint-geometry  # kiosk.vision.cascade's figures
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
from dataclasses import dataclass, replace
from pathlib import Path

os.environ.setdefault("GLOG_minloglevel", "2")

import cv2
import numpy as np

from drivers.thermal.base import ThermalReading
from kiosk.corrections import fit_distance_curve
from kiosk.demo.scene import Visitor, VisitorScene
from kiosk.demo.thermal import ArrayMounting, Blackbody, FacePhysiology, render_thermal
from kiosk.screening import Guidance, Screening, ScreeningResult, Verdict
from kiosk.settings import FusionSettings, ScreeningSettings
from kiosk.thermometry import optics, people
from kiosk.thermometry.calibration import ReferenceSample, calibrate_against_reference
from kiosk.vision.cascade import FaceCascade
from kiosk.vision.face_detector import YuNetDetector
from kiosk.vision.face_regions import FACE_OVAL
from kiosk.vision.landmarks import FaceLandmarks, FaceSource

REPO = Path(__file__).resolve().parent.parent
REAL_MASKS = REPO.parent / "shared" / "data" / "faces-realmask-dev"
FOV = 62.0
FRAME = (640, 480)
CAMERA_FPS = 8
THERMAL_EVERY = 2  # camera frames per array frame: the array at 4 Hz
COVERAGE_S = 5.0
# A visitor told to step closer starts after a choice reaction time of about a second, moves
# at a slow shuffle and stops within a couple of centimetres of where the screen said; told
# to look at the screen, turns to it after the same reaction time (a photo's own pose stays);
# told to step back, takes a 10 cm step back.
REACTION_S = 1.0
STEP_SPEED_M_S = 0.4
STOP_SPREAD_M = 0.02
STEP_BACK_M = 0.1
MOUNTING_OFFSET_M = (0.03, 0.0)  # the board 3 cm to the camera's right
BORESIGHT_SPREAD_PX = 0.25  # what an installer's refinement leaves of the lens's misalignment
# The sensor model: the MLX90640's ±1 °C absolute accuracy split (an assumption) into a unit
# offset and a per-session drift, which the blackbody cancels; the die ("ambient") reading
# runs 2–5 °C above the air from self-heating.
UNIT_OFFSET_C = 0.7
SESSION_DRIFT_C = 0.5
SELF_HEATING_C = (2.0, 5.0)
CALIBRATION_PHOTOS = ("person_a_1.jpg", "person_b_1.jpg", "impostor_1.jpg")
TEST_PHOTOS = ("person_a_2.jpg", "person_b_2.jpg", "impostor_2.jpg", "astronaut_eileen_collins.png")
DISTANCES_M = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.9, 1.0)
STATIONS_M = (0.3, 0.4, 0.5, 0.6, 0.7)
CALIBRATION_VOLUNTEERS = 20
BANDS_M = ((0.25, 0.4), (0.4, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.85))


@dataclass(frozen=True)
class Condition:
    sprite: int
    distance_m: float
    ambient_c: float
    body_c: float
    yaw_deg: float
    contrast_c: float  # this visitor's canthus contrast
    seed: int


@dataclass(frozen=True)
class Outcome:
    condition: Condition
    result: ScreeningResult | None  # the first verdict, or None within the time
    distance_m: float  # where the visitor stood when it came
    closer_asks: int
    keypoints: bool  # the verdict's face was found by YuNet's keypoints (no mesh)
    # still told to look at the screen after turning to it: a photo's own pose (a simulated
    # visitor cannot turn the head in a photo further than the photo shows it)
    photo_turned: bool = False
    last_said: str = ""  # what the screen said last, for a visitor given no verdict


@dataclass(frozen=True)
class Rig:
    """One installation: its lens, how it is really mounted, and the board's session state."""

    lens: optics.SensorLens
    boresight_px: tuple[float, float]
    drift_c: float
    self_heating_c: float

    def truth(self, distance_m: float) -> np.ndarray:
        """Camera → array as the real optics map a face `distance_m` away."""
        matrix = optics.lens_homography(FRAME, FOV, self.lens, MOUNTING_OFFSET_M, distance_m)
        shift = np.array([[1, 0, self.boresight_px[0]], [0, 1, self.boresight_px[1]], [0, 0, 1]])
        return shift @ matrix

    def installed(self) -> FusionSettings:
        """What `kiosk calibrate homography` writes for this lens and mounting, a blackbody in
        the array's top-right corner."""
        matrix = optics.lens_homography(FRAME, FOV, self.lens, MOUNTING_OFFSET_M)
        return FusionSettings(
            rgb_to_thermal=optics.homography_values(matrix),
            mounting_offset_m=MOUNTING_OFFSET_M,
            blackbody=True,
        )


def visit(
    scene: VisitorScene,
    condition: Condition,
    rig: Rig,
    fusion: FusionSettings,
    screening: ScreeningSettings,
    *,
    holds_mark: bool = False,
) -> Outcome:
    """One visitor from arriving at `condition.distance_m` until a verdict or COVERAGE_S.

    `holds_mark`: an installer's volunteer, who stays on the tape mark whatever the screen
    says (the kiosk decides when the patience for coming closer runs out)."""
    rng = np.random.default_rng(condition.seed)
    machine = Screening(screening, fusion)
    physiology = FacePhysiology(periorbital_below_canthus_c=condition.contrast_c)
    blackbody = Blackbody.configured(fusion)
    distance = condition.distance_m
    yaw = condition.yaw_deg
    turn_at: float | None = None
    move: tuple[float, float] | None = None  # (start time, target distance)
    asks = 0
    photo_turned = False
    reading: ThermalReading | None = None
    with FaceCascade(FOV) as finder:
        for step in range(int(COVERAGE_S * CAMERA_FPS)):
            t = step / CAMERA_FPS
            if move is not None and t >= move[0]:
                remaining = move[1] - distance
                stride = STEP_SPEED_M_S / CAMERA_FPS
                distance = (
                    move[1]
                    if abs(remaining) <= stride
                    else distance + math.copysign(stride, remaining)
                )
                if distance == move[1]:
                    move = None
            if turn_at is not None and t >= turn_at:
                yaw, turn_at = 0.0, None
            pose = scene.pose_of(condition.sprite, distance, t, yaw_deg=yaw)
            pose = replace(pose, visitor=replace(pose.visitor, body_c=condition.body_c))
            if step % THERMAL_EVERY == 0:
                pixels = render_thermal(
                    pose,
                    ambient_c=condition.ambient_c,
                    rgb_to_thermal=rig.truth(distance),
                    frame_width=FRAME[0],
                    horizontal_fov_deg=FOV,
                    rng=rng,
                    physiology=physiology,
                    sensor=ArrayMounting(drift_c=UNIT_OFFSET_C + rig.drift_c),
                    blackbody=blackbody,
                )
                reading = ThermalReading(t, condition.ambient_c + rig.self_heating_c, pixels=pixels)
            vision = finder.detect(scene.render(pose), t)
            view, result = machine.update(vision, reading)
            if result is not None:
                nearest = max(vision.faces, key=lambda f: f.eye_spacing_px, default=None)
                keypoints = nearest is not None and nearest.source is FaceSource.KEYPOINTS
                return Outcome(condition, result, distance, asks, keypoints)
            if view.guidance is Guidance.LOOK_AT_SCREEN:
                if yaw and turn_at is None:
                    turn_at = t + REACTION_S
                photo_turned = photo_turned or (yaw == 0.0 and t >= REACTION_S)
            closer = view.closer_by_m if view.guidance is Guidance.STEP_CLOSER else None
            if closer and move is None and not holds_mark:
                # The visitor steps by what the screen says, from where they really are.
                asks += 1
                stop = distance - closer + float(rng.normal(0.0, STOP_SPREAD_M))
                move = (t + REACTION_S, max(stop, screening.min_distance_m + 0.01))
            if view.guidance is Guidance.STEP_BACK and move is None:
                move = (t + REACTION_S, distance + STEP_BACK_M)
    said = str(view.guidance or view.phase) if view.paused_reason == "" else "paused"
    return Outcome(condition, None, distance, asks, False, photo_turned, said)


def calibrate(
    scene: VisitorScene, rig: Rig, screening: ScreeningSettings, rng: random.Random
) -> tuple[FusionSettings, str]:
    """An installer's day: 20 volunteers on tape marks in a 22 °C room, each read by the kiosk
    and by a clinical thermometer; a volunteer the kiosk gives no number on their mark moves
    to the next nearer one. Then `kiosk calibrate reference`, and `kiosk calibrate distance`
    on the residuals at each distance the kiosk measured them at."""
    fusion = rig.installed()
    readings = []
    for number in range(CALIBRATION_VOLUNTEERS):
        body = round(rng.uniform(36.3, 37.3), 2)
        contrast = people_contrast(rng)
        first = number % len(STATIONS_M)
        for mark in reversed(STATIONS_M[: first + 1]):
            condition = Condition(
                number % len(scene.visitors), mark, 22.0, body, 0.0, contrast, 50_000 + number
            )
            result = visit(scene, condition, rig, fusion, screening, holds_mark=True).result
            if result is not None and result.temperature_c is not None and result.measurement:
                readings.append((result.measurement.distance_m, body, result.temperature_c))
                break
    calibration = calibrate_against_reference(
        [ReferenceSample(measured, reference) for _, reference, measured in readings], fusion
    )
    if calibration.refused:
        return fusion, calibration.refused
    shift = calibration.offset_c - fusion.offset_c
    calibrated = calibration.applied(fusion)
    distances, offsets = fit_distance_curve((d, r, m + shift) for d, r, m in readings)
    return replace(calibrated, distance_curve_m=distances, distance_curve_c=offsets), (
        f"offset {calibration.offset_c:+.2f} ± {calibration.offset_uncertainty_c:.2f} °C from "
        f"{calibration.volunteers} volunteers, distance curve "
        + ", ".join(f"{d:.2f} m {o:+.2f}" for d, o in zip(distances, offsets, strict=True))
    )


def people_contrast(rng: random.Random) -> float:
    """A visitor's canthus contrast, from people's median and spread (never below 0.05)."""
    return max(rng.gauss(people.CANTHUS_CONTRAST_C, people.CANTHUS_CONTRAST_SPREAD_C), 0.05)


def conditions(count: int, licensed: int, real: int, rng: random.Random) -> list[Condition]:
    """Visitors arriving at random: two in three from the licensed photos (bare, a drawn
    mask, glasses), one in three a real masked photo when there are any."""
    return [
        Condition(
            sprite=(
                licensed + rng.randrange(real)
                if real and rng.random() < 1 / 3
                else rng.randrange(licensed)
            ),
            distance_m=rng.choice(DISTANCES_M),
            ambient_c=round(rng.uniform(18.0, 28.0), 1),
            body_c=round(rng.uniform(35.8, 39.5), 2),
            yaw_deg=rng.choice((-15.0, -7.0, 0.0, 7.0, 15.0)),
            contrast_c=people_contrast(rng),
            seed=i,
        )
        for i in range(count)
    ]


@dataclass(frozen=True)
class Numbered:
    """A verdict with a number, against the truth."""

    body_c: float
    reading_c: float
    uncertainty_c: float
    elevated: bool
    normal: bool


def numbered(outcomes: list[Outcome]) -> list[Numbered]:
    rows = []
    for outcome in outcomes:
        result = outcome.result
        if result is None or result.temperature_c is None or result.uncertainty_c is None:
            continue
        rows.append(
            Numbered(
                outcome.condition.body_c,
                result.temperature_c,
                result.uncertainty_c,
                result.verdict is Verdict.ELEVATED,
                result.verdict is Verdict.NORMAL,
            )
        )
    return rows


def report(label: str, outcomes: list[Outcome], threshold_c: float) -> None:
    """Coverage, error and, against the kiosk's own threshold, sensitivity and specificity."""
    rows = numbered(outcomes)
    coverage = len(rows) / len(outcomes) if outcomes else math.nan
    line = f"  {label:<24} n={len(outcomes):3d}  coverage {coverage:5.3f}"
    if rows:
        errors = [abs(r.reading_c - r.body_c) for r in rows]
        line += f"  MAE {statistics.fmean(errors):4.2f}  p95 {np.percentile(errors, 95):4.2f}"
        febrile = [r.elevated for r in rows if r.body_c >= threshold_c]
        well = [r.normal for r in rows if r.body_c < threshold_c]
        sens = statistics.fmean(febrile) if febrile else math.nan
        spec = statistics.fmean(well) if well else math.nan
        line += f"  sens {sens:4.2f} spec {spec:4.2f}"
        inside = [abs(r.reading_c - r.body_c) <= 2.0 * r.uncertainty_c for r in rows]
        line += f"  truth within ±2u {statistics.fmean(inside):4.2f}"
    print(line)


def run_lens(
    lens: optics.SensorLens,
    test_scene: VisitorScene,
    calibration_scene: VisitorScene,
    tests: list[Condition],
    masked: dict[int, str],
    rng: random.Random,
) -> list[Outcome]:
    rig = Rig(
        lens,
        (rng.gauss(0.0, BORESIGHT_SPREAD_PX), rng.gauss(0.0, BORESIGHT_SPREAD_PX)),
        rng.uniform(-SESSION_DRIFT_C, SESSION_DRIFT_C),
        rng.uniform(*SELF_HEATING_C),
    )
    screening = ScreeningSettings()
    fusion, how = calibrate(calibration_scene, rig, screening, rng)
    print(f"\n{lens.part} ({lens.horizontal_fov_deg:.0f}° × {lens.vertical_fov_deg:.0f}°): {how}")
    outcomes = [visit(test_scene, c, rig, fusion, screening) for c in tests]
    threshold = screening.threshold_c
    report("all visitors", outcomes, threshold)
    report("bare faces", [o for o in outcomes if o.condition.sprite not in masked], threshold)
    for kind in sorted(set(masked.values())):
        report(kind, [o for o in outcomes if masked.get(o.condition.sprite) == kind], threshold)
    start = [o for o in outcomes if o.condition.distance_m <= screening.max_distance_m]
    report(f"arriving ≤ {screening.max_distance_m} m", start, threshold)
    report("facing the kiosk", [o for o in outcomes if not o.photo_turned], threshold)
    print("  by where the verdict was given:")
    for low, high in BANDS_M:
        band = [o for o in outcomes if o.result is not None and low <= o.distance_m < high]
        report(f"  {low:.2f}–{high:.2f} m", band, threshold)
    results = [o.result for o in outcomes if o.result is not None]
    times = [r.time_to_verdict_s for r in results]
    asked = [o for o in outcomes if o.closer_asks]
    reasons: dict[str, int] = {}
    for r in results:
        if r.temperature_c is None:
            reasons[r.reason] = reasons.get(r.reason, 0) + 1
    waiting: dict[str, int] = {}
    for o in outcomes:
        if o.result is None:
            waiting[o.last_said] = waiting.get(o.last_said, 0) + 1
    print(
        f"  asked to step closer: {len(asked)} visitors; verdicts without a number: {reasons}; "
        f"no verdict within {COVERAGE_S:.0f} s: {waiting}; verdicts from "
        f"YuNet keypoints: {sum(o.keypoints for o in outcomes if o.result is not None)}; "
        f"photo turned away: {sum(o.photo_turned for o in outcomes)}; "
        f"time to verdict median {statistics.median(times):.2f} s, p95 "
        f"{np.percentile(times, 95):.2f} s"
    )
    return outcomes


def real_masked_visitors() -> list[Visitor]:
    """One real masked photo per person of the MFR2 development set, with the same person's
    unmasked photo for the geometry (read in place; the photos have no licence to copy). A
    visitor faces the kiosk, while these photos were taken at any angle: of each person's
    photos the one whose face is most frontal (YuNet's nose keypoint nearest the eyes'
    midpoint) is used."""
    detector = YuNetDetector()

    def frontal(paths: list[Path]) -> Path | None:
        turns = []
        for path in paths:
            found = detector.detect(framed(path, 240))
            if found:
                right, left, nose = found[0].keypoints[:3]
                turns.append((abs(float(nose[0] - (right[0] + left[0]) / 2.0)), path))
        return min(turns)[1] if turns else None

    visitors = []
    for person in sorted(p for p in REAL_MASKS.iterdir() if p.is_dir()):
        masked = frontal(sorted((person / "masked").glob("*.png")))
        bare = frontal(sorted((person / "unmasked").glob("*.png")))
        if masked is not None and bare is not None:
            visitors.append(
                Visitor(
                    str(masked),
                    36.8,
                    masked=True,
                    mask_in_photo=True,
                    geometry_photo=str(bare),
                )
            )
    return visitors


def keypoint_geometry() -> None:
    """The face proportions kiosk.vision.cascade uses, measured on real unmasked photos where
    both the mesh and YuNet find the face, and how often each finds real masked faces."""
    detector = YuNetDetector()
    bare = sorted(REAL_MASKS.glob("*/unmasked/*.png")) + sorted(
        (REPO / "assets" / "faces").glob("*.[jp][pn]g")
    )
    inward, below, forehead, scale, nose, yaw = [], [], [], [], [], []
    outline: list[tuple[float, float, float]] = []  # centre below the eyes, width, height
    with FaceLandmarks(FOV, video=False) as landmarker:
        for path in bare:
            image = framed(path, 240)
            found, keys = landmarker.detect(image, 0.0).faces, detector.detect(image)
            if not found or not keys or found[0].iris_diameter_px is None:
                continue
            mesh, points = found[0].landmarks[:, :2], keys[0].keypoints
            right, left = points[0], points[1]
            spacing = float(np.linalg.norm(left - right))
            across = (left - right) / spacing
            down = np.array([-across[1], across[0]])
            middle = (right + left) / 2.0

            def along(vector: np.ndarray, axis: np.ndarray, unit: float = spacing) -> float:
                return float(vector @ axis) / unit

            inward += [along(mesh[133] - right, across), along(left - mesh[362], across)]
            below += [along(mesh[133] - right, down), along(mesh[362] - left, down)]
            forehead.append(along(middle - mesh[[151, 9]].mean(axis=0), down))
            scale.append(spacing / found[0].iris_diameter_px)
            nose.append(along(points[2] - middle, across))
            yaw.append(found[0].yaw)
            oval = mesh[list(FACE_OVAL)] - middle
            extent_across, extent_down = oval @ across, oval @ down
            outline.append(
                (
                    (extent_down.max() + extent_down.min()) / 2.0 / spacing,
                    float(np.ptp(extent_across)) / spacing,
                    float(np.ptp(extent_down)) / spacing,
                )
            )
    spread = np.concatenate([np.array(inward) - np.mean(inward), np.array(below) - np.mean(below)])
    ratio = np.array(scale)
    print(f"{len(scale)} real unmasked faces found by both the mesh and YuNet")
    print(
        f"  inner canthus: {np.mean(inward):.3f} of the eye spacing inward of its eye keypoint, "
        f"{np.mean(below):.3f} below the eye line, spread {spread.std():.3f} per axis"
    )
    print(f"  lower forehead: {np.mean(forehead):.3f} above the eyes' midpoint")
    centre, width, height = np.mean(outline, axis=0)
    print(f"  face outline: {width:.2f} × {height:.2f} spacings, centred {centre:.3f} below")
    relative = ratio.std() / ratio.mean()
    print(f"  eye spacing: {ratio.mean():.2f} iris diameters (spread {relative:.1%})")
    print(
        f"  mesh yaw per nose offset: {np.polyfit(nose, yaw, 1)[0]:.2f} "
        f"(correlation {np.corrcoef(nose, yaw)[0, 1]:.2f})"
    )
    masked = sorted(REAL_MASKS.glob("*/masked/*.png"))
    with FaceLandmarks(FOV, video=False) as landmarker, FaceCascade(FOV, video=False) as cascade:
        for size in (120, 200, 320):
            frames = [framed(p, size) for p in masked]
            mesh_found = sum(bool(landmarker.detect(f, 0.0).faces) for f in frames)
            either = sum(bool(cascade.detect(f, 0.0).faces) for f in frames)
            print(
                f"  real masked faces as {size}-px crops: landmarker {mesh_found}/{len(frames)}, "
                f"landmarker then YuNet {either}/{len(frames)}"
            )


def framed(path: Path, size: int) -> np.ndarray:
    """A face crop scaled to `size` px and placed in a plain 640 × 480 frame."""
    image = cv2.imread(str(path))
    if image is None:
        raise FileNotFoundError(f"{path} is missing or unreadable")
    canvas = np.full((FRAME[1], FRAME[0], 3), 180, np.uint8)
    crop = cv2.resize(image, (size, size))
    top, left = max(FRAME[1] // 2 - size // 2 - 40, 0), FRAME[0] // 2 - size // 2
    height = min(size, FRAME[1] - top)
    canvas[top : top + height, left : left + size] = crop[:height]
    return canvas


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", type=int, default=100, help="test visitors per lens")
    parser.add_argument("--seed", type=int, default=1)
    arrays = [name for name, lens in optics.LENSES.items() if lens.array_shape is not None]
    parser.add_argument("--lens", choices=("both", *arrays), default="both")
    parser.add_argument("--keypoint-geometry", action="store_true")
    parser.add_argument(
        "--show-misses", action="store_true", help="list each visitor given no verdict"
    )
    args = parser.parse_args()
    if args.keypoint_geometry:
        keypoint_geometry()
        return
    rng = random.Random(args.seed)
    variants = [
        Visitor(p, 36.8, masked=m, glasses=g)
        for p in TEST_PHOTOS
        for m, g in ((False, False), (True, False), (False, True))
    ]
    real = real_masked_visitors() if REAL_MASKS.is_dir() else []
    test_scene = VisitorScene(tuple(variants + real), frame_size=FRAME, horizontal_fov_deg=FOV)
    masked = {i: "drawn masks" for i, v in enumerate(variants) if v.masked}
    masked.update({len(variants) + i: "real masks (MFR2)" for i in range(len(real))})
    calibration_scene = VisitorScene(
        tuple(Visitor(p, 36.8) for p in CALIBRATION_PHOTOS),
        frame_size=FRAME,
        horizontal_fov_deg=FOV,
    )
    tests = conditions(args.visitors, len(variants), len(real), rng)
    lenses = [
        lens
        for name, lens in optics.LENSES.items()
        if lens.array_shape is not None and args.lens in ("both", name)
    ]
    print(
        f"{args.visitors} test visitors per lens ({len(real)} real masked photos among the "
        f"faces), arriving at 0.3–1.0 m; verdicts within {COVERAGE_S:.0f} s; threshold "
        f"{ScreeningSettings().threshold_c} °C"
    )
    for lens in lenses:
        outcomes = run_lens(lens, test_scene, calibration_scene, tests, masked, rng)
        for miss in (o for o in outcomes if args.show_misses and o.result is None):
            photo = Path(test_scene.visitors[miss.condition.sprite].photo).name
            print(
                f"    no verdict: {photo} {miss.condition}, at {miss.distance_m:.2f} m, "
                f"asked closer {miss.closer_asks}×, last said {miss.last_said}"
            )


if __name__ == "__main__":
    main()
