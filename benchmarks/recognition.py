"""Print recognition figures: embedding time; accuracy on real masked photos (when the
measurement-only set is present) and on the repository's licensed photos; the mask flag's
precision and recall; search latency, recall, rebuild time and memory at 100k and 300k.

Run: .venv/bin/python benchmarks/recognition.py   (about 3 minutes on 2 cores)

The real masked set (../shared/data/faces-realmask-dev, MFR2 crops of 23 people) is read
from where it lies and never copied: nothing of it enters the repository. Thresholds are
judged leave-one-person-out: each person's scores are scored against a threshold derived,
by the stated rule, from the other 22 people only. The ROC figure (scores only, no image) is
written to docs/figures/recognition-roc.png. No image is written anywhere.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import faiss
import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kiosk.recognition.faces import FaceFinder, FaceToRecognise  # noqa: E402
from kiosk.recognition.gallery import FaceGallery  # noqa: E402
from kiosk.recognition.service import template_views  # noqa: E402
from kiosk.settings.recognition import RecognitionSettings  # noqa: E402
from kiosk.vision.embedding import FaceEmbedder  # noqa: E402
from kiosk.vision.mask import MaskEvidence, MaskStyle, draw_mask, mask_evidence  # noqa: E402

FACES = REPO / "assets" / "faces"
REAL_MASKS = REPO.parent / "shared" / "data" / "faces-realmask-dev"
FIGURE = REPO / "docs" / "figures" / "recognition-roc.png"
LICENSED = {
    "person_a_1.jpg": "A",
    "person_a_2.jpg": "A",
    "person_b_1.jpg": "B",
    "person_b_2.jpg": "B",
    "impostor_1.jpg": "I1",
    "impostor_2.jpg": "I2",
    "astronaut_eileen_collins.png": "E",
}
# The masked-threshold rule: the cosine above which a normal distribution fitted to the
# impostor scores of the training people predicts 1 false accept in 1,000 comparisons.
FALSE_ACCEPT_Z = 3.09
# The mask-flag rule: the (chin, lips) skin-share thresholds, from this grid, that maximise
# the smaller of precision and recall on the training people (ties: nearest the grid centre).
CHIN_GRID = tuple(round(x, 2) for x in np.arange(0.05, 0.55, 0.05))
LIPS_GRID = tuple(round(x, 2) for x in np.arange(0.1, 1.05, 0.1))
SETTINGS = RecognitionSettings()


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 1e6


def embedder() -> FaceEmbedder:
    return FaceEmbedder(lambda _consent: True)  # benchmark only: no visitor is involved


def read_photo(path: Path) -> np.ndarray:
    image = cv2.imread(str(path))
    if image is None:
        raise SystemExit(f"cannot read {path}")
    return image


def kiosk_frame(crop: np.ndarray) -> np.ndarray:
    """A tight face crop as a kiosk camera sees a face: 240 px inside a 640 × 480 frame."""
    frame = np.full((480, 640, 3), 120, np.uint8)
    frame[120:360, 200:440] = cv2.resize(crop, (240, 240), interpolation=cv2.INTER_CUBIC)
    return frame


# --- embedding time ------------------------------------------------------------------------


def embedding_speed() -> None:
    image = read_photo(FACES / "person_a_2.jpg")
    with FaceFinder() as finder:
        face = finder.find(image, 0.0)
    assert face is not None
    sface = embedder()
    default_threads = cv2.getNumThreads()
    for threads in (default_threads, 1):
        cv2.setNumThreads(threads)
        timings = []
        for _ in range(110):
            start = time.perf_counter()
            sface.embed(image, face.keypoints, consent_id=1)
            timings.append(time.perf_counter() - start)
        ms = np.array(timings[10:]) * 1000
        print(
            f"embedding (align + SFace), OpenCV {threads} thread(s): p50 {np.median(ms):.1f} ms, "
            f"p99 {np.percentile(ms, 99):.1f} ms  (load average {os.getloadavg()[0]:.2f})"
        )
    cv2.setNumThreads(default_threads)


def lookup_latency(lookups: int = 30) -> None:
    """'Recognise me' through the kiosk's RecognitionWorker: from submit to the callback, in
    a scratch store with the licensed pairs enrolled (the frame carries no mesh, so the
    worker finds the face itself)."""
    import tempfile
    import threading

    from kiosk.paths import KioskPaths
    from kiosk.privacy.consent import ConsentLedger
    from kiosk.recognition.worker import LookupResult, RecognitionWorker
    from kiosk.settings.privacy import PrivacySettings
    from kiosk.store.store import KioskStore

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        paths = KioskPaths(root / "data", root / "config", root / "cache")
        with KioskStore.open(paths, PrivacySettings()) as store:
            ledger = ConsentLedger(store, PrivacySettings())
            answered = threading.Event()
            results: list[LookupResult] = []

            def on_lookup(result: LookupResult) -> None:
                results.append(result)
                answered.set()

            worker = RecognitionWorker(
                store, SETTINGS, on_lookup=on_lookup, on_enrolment=lambda _progress: None
            )
            worker.start()
            worker.ready.wait(60)
            assert worker.recognition is not None
            with FaceFinder() as finder:
                for t, name in enumerate(("person_a_1.jpg", "person_b_1.jpg")):
                    image = read_photo(FACES / name)
                    face = finder.find(image, float(t))
                    assert face is not None
                    worker.recognition.enrol(image, face, name, ledger.record_decision("granted"))
            probe = read_photo(FACES / "person_a_2.jpg")
            timings = []
            for i in range(lookups):
                answered.clear()
                start = time.perf_counter()
                worker.lookup(probe, ledger.record_decision("granted"), t=10.0 + i)
                answered.wait(10)
                timings.append(time.perf_counter() - start)
            worker.stop()
    ms = np.array(timings[3:]) * 1000
    right = sum(r.label == "person_a_1.jpg" for r in results)
    print(
        f"'recognise me' lookup through RecognitionWorker (find + embed + search): p50 "
        f"{np.median(ms):.0f} ms, max {ms.max():.0f} ms; {right}/{len(results)} recognised"
    )


# --- real masked photos --------------------------------------------------------------------


@dataclass
class Photo:
    person: str
    masked: bool  # the truth, from the folder
    face: FaceToRecognise
    evidence: MaskEvidence
    vector: np.ndarray
    templates: np.ndarray  # (n, 128): what an enrolment from this photo stores


def load_real(folder: Path) -> list[Photo]:
    sface = embedder()
    photos = []
    with FaceFinder() as finder:
        for t, path in enumerate(sorted(folder.glob("*/*/*.png"))):
            frame = kiosk_frame(read_photo(path))
            face = finder.find(frame, float(t))
            if face is None:
                print(f"  no face found in {path.parent.name}/{path.name}")
                continue
            truth = path.parent.name == "masked"
            views = [] if truth else template_views(frame, face, drawn_masks=True)
            photos.append(
                Photo(
                    person=path.parts[-3],
                    masked=truth,
                    face=face,
                    evidence=mask_evidence(frame, face.keypoints),
                    vector=sface.embed(frame, face.keypoints, consent_id=1),
                    templates=np.array(
                        [sface.embed(view, face.keypoints, consent_id=1) for _, view in views]
                    ),
                )
            )
    return photos


def precision_recall(predicted: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    hits = int(np.sum(predicted & truth))
    return hits / max(int(np.sum(predicted)), 1), hits / max(int(np.sum(truth)), 1)


def mask_flag(photos: list[Photo]) -> None:
    truth = np.array([p.masked for p in photos])
    people = np.array([p.person for p in photos])
    chin = np.array([p.evidence.chin_skin for p in photos])
    lips = np.array([p.evidence.lips_skin for p in photos])
    shipped = np.array([p.face.masked for p in photos])
    precision, recall = precision_recall(shipped, truth)
    print(
        f"mask flag, shipped rule: precision {precision:.3f}, recall {recall:.3f} "
        f"({int(truth.sum())} masked, {int((~truth).sum())} unmasked photos)"
    )

    def choose(train: np.ndarray) -> tuple[float, float]:
        def objective(c: float, lip: float) -> tuple[float, float]:
            p, r = precision_recall((chin[train] < c) & (lips[train] < lip), truth[train])
            return min(p, r), -abs(c - 0.25) - abs(lip - 0.5)

        return max(itertools.product(CHIN_GRID, LIPS_GRID), key=lambda c: objective(*c))

    held_out = np.zeros(len(photos), dtype=bool)
    for person in np.unique(people):
        chin_below, lips_below = choose(people != person)
        test = people == person
        held_out[test] = (chin[test] < chin_below) & (lips[test] < lips_below)
    precision, recall = precision_recall(held_out, truth)
    print(
        f"mask flag, rule re-derived leaving each person out: held-out precision "
        f"{precision:.3f}, recall {recall:.3f}; from all {len(np.unique(people))} people the "
        f"rule gives chin < {choose(np.ones(len(photos), bool))[0]}, "
        f"lips < {choose(np.ones(len(photos), bool))[1]}"
    )


def masked_accuracy(photos: list[Photo]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Enrol each person's first unmasked photo; score every masked photo against them."""
    enrolled: dict[str, Photo] = {}
    for photo in photos:
        if not photo.masked:
            enrolled.setdefault(photo.person, photo)
    people = sorted(enrolled)
    probes = [p for p in photos if p.masked and p.person in enrolled]
    bare_probes = [p for p in photos if not p.masked and enrolled.get(p.person) is not p]
    # scores[i, j]: probe i against person j's templates (best template, as the gallery does)
    scores = np.array(
        [[float(np.max(enrolled[q].templates @ p.vector)) for q in people] for p in probes]
    )
    own = np.array([[p.person == q for q in people] for p in probes])
    probe_person = np.array([people.index(p.person) for p in probes])

    held_tar, held_fa, held_impostors, thresholds = 0, 0, 0, []
    for j in range(len(people)):
        others = probe_person != j
        training = scores[others][:, np.arange(len(people)) != j]
        training_impostors = training[~own[others][:, np.arange(len(people)) != j]]
        threshold = training_impostors.mean() + FALSE_ACCEPT_Z * training_impostors.std()
        thresholds.append(threshold)
        mine = probe_person == j
        held_tar += int(np.sum(scores[mine, j] >= threshold))
        # impostor pairs with this person on either side
        against_me = np.concatenate(
            [scores[mine][:, np.arange(len(people)) != j].ravel(), scores[others, j]]
        )
        held_fa += int(np.sum(against_me >= threshold))
        held_impostors += against_me.size
    genuine, impostor = scores[own], scores[~own]
    rule_all = impostor.mean() + FALSE_ACCEPT_Z * impostor.std()
    print(
        f"masked probes vs unmasked enrolment (bare + drawn-mask templates): {len(genuine)} "
        f"genuine pairs, {len(impostor)} impostor pairs (max impostor {impostor.max():.3f})"
    )
    print(
        f"  masked threshold rule (impostor mean + {FALSE_ACCEPT_Z} sd), leaving each person "
        f"out: thresholds {min(thresholds):.3f}–{max(thresholds):.3f}; held-out true-accept "
        f"{held_tar}/{len(genuine)} = {held_tar / len(genuine):.3f}, false accepts "
        f"{held_fa}/{held_impostors}"
    )
    print(
        f"  the rule on all {len(people)} people: {rule_all:.3f} (setting: "
        f"recognition.masked_match_threshold = {SETTINGS.masked_match_threshold})"
    )
    for label, threshold in (
        ("masked threshold", SETTINGS.masked_match_threshold),
        ("unmasked threshold", SETTINGS.match_threshold),
    ):
        print(
            f"  at the {label} {threshold}: true-accept {np.mean(genuine >= threshold):.3f}, "
            f"false accepts {int(np.sum(impostor >= threshold))}/{len(impostor)}"
        )
    bare_scores = np.array(
        [[float(np.max(enrolled[q].templates[:1] @ p.vector)) for q in people] for p in bare_probes]
    )
    bare_own = np.array([[p.person == q for q in people] for p in bare_probes])
    print(
        f"unmasked probes vs unmasked enrolment: {int(bare_own.sum())} genuine pairs, true-accept "
        f"{np.mean(bare_scores[bare_own] >= SETTINGS.match_threshold):.3f} at "
        f"{SETTINGS.match_threshold}; {int((~bare_own).sum())} impostor pairs, max "
        f"{bare_scores[~bare_own].max():.3f}, false accepts "
        f"{int(np.sum(bare_scores[~bare_own] >= SETTINGS.match_threshold))}"
    )
    unmasked = [p for p in photos if not p.masked]
    strangers = [
        float(a.vector @ b.vector)
        for a, b in itertools.combinations(unmasked, 2)
        if a.person != b.person
    ]
    print(
        f"  every pair of unmasked photos of different people: {len(strangers)} pairs, max "
        f"{max(strangers):.3f}, at {SETTINGS.match_threshold}: "
        f"{sum(s >= SETTINGS.match_threshold for s in strangers)} false accepts"
    )
    identification(photos, enrolled, probes)
    masked_templates(probes)
    return genuine, impostor, bare_scores[bare_own], bare_scores[~bare_own]


def identification(photos: list[Photo], enrolled: dict[str, Photo], probes: list[Photo]) -> None:
    """The kiosk's decision (threshold by the detected mask flag, margin) over a gallery of
    everyone, and over a gallery without the prober (a stranger)."""
    people = sorted(enrolled)

    def gallery_of(members: Sequence[str]) -> FaceGallery:
        gallery = FaceGallery()
        ids = itertools.count()
        for person in members:
            for vector in enrolled[person].templates:
                gallery.add(next(ids), people.index(person), vector)
        return gallery

    def decide(gallery: FaceGallery, photo: Photo) -> int | None:
        threshold = (
            SETTINGS.masked_match_threshold if photo.face.masked else SETTINGS.match_threshold
        )
        return gallery.decide(photo.vector, threshold=threshold, margin=SETTINGS.margin).person_id

    everyone = gallery_of(people)
    right = sum(decide(everyone, p) == people.index(p.person) for p in probes)
    strangers = sum(
        decide(gallery_of([q for q in people if q != p.person]), p) is not None for p in probes
    )
    print(
        f"identification, masked probes, {len(people)} enrolled (kiosk decision, margin "
        f"{SETTINGS.margin}): top-1 {right}/{len(probes)} = {right / len(probes):.3f}; as "
        f"strangers (own enrolment removed): {strangers}/{len(probes)} accepted"
    )


def masked_templates(probes: list[Photo]) -> None:
    """A masked probe against another real masked photo of the same person: what a masked
    template taken at enrolment would give."""
    genuine: list[float] = []
    impostor: list[float] = []
    for a, b in itertools.combinations(probes, 2):
        (genuine if a.person == b.person else impostor).append(float(a.vector @ b.vector))
    print(
        f"masked vs masked photos: genuine median {np.median(genuine):.3f} "
        f"({len(genuine)} pairs), impostor max {max(impostor):.3f} ({len(impostor)} pairs)"
    )


def roc_figure(curves: dict[str, tuple[np.ndarray, np.ndarray, float]]) -> None:
    """Score histograms and ROC curves of genuine vs impostor pairs, thresholds marked."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (histograms, roc) = plt.subplots(1, 2, figsize=(11, 4.4), dpi=100)
    bins = np.linspace(-0.3, 1.0, 66)
    for (label, (genuine, impostor, threshold)), colour in zip(
        curves.items(), ("tab:blue", "tab:orange"), strict=False
    ):
        histograms.hist(impostor, bins, density=True, histtype="step", ls="--", color=colour)
        histograms.hist(genuine, bins, density=True, histtype="step", color=colour, label=label)
        histograms.axvline(threshold, color=colour, lw=0.8)
        # A false-accept rate of 0 is drawn at half of one pair in this many, on the log axis.
        floor = 0.5 / len(impostor)
        thresholds = np.sort(np.concatenate([genuine, impostor, [threshold]]))[::-1]
        far = np.maximum([np.mean(impostor >= t) for t in thresholds], floor)
        tar = [np.mean(genuine >= t) for t in thresholds]
        roc.step(
            far,
            tar,
            where="post",
            color=colour,
            label=f"{label} ({len(genuine)} / {len(impostor)} pairs)",
        )
        at = (max(np.mean(impostor >= threshold), floor), np.mean(genuine >= threshold))
        roc.plot(*at, "o", color=colour)
        roc.annotate(
            f"cosine {threshold}", at, textcoords="offset points", xytext=(8, -12), fontsize=8
        )
    histograms.set_xlabel("SFace cosine (solid: genuine pairs, dashed: impostor pairs)")
    histograms.set_ylabel("density")
    histograms.legend(fontsize=8)
    roc.set_xscale("log")
    roc.set_xlabel("false-accept rate (leftmost points: no impostor accepted)")
    roc.set_ylabel("true-accept rate")
    roc.set_ylim(0.6, 1.01)
    roc.grid(True, which="both", alpha=0.3)
    roc.legend(fontsize=8, loc="lower right")
    figure.suptitle("Real masked and unmasked photos of 23 people (MFR2): SFace scores")
    figure.tight_layout()
    FIGURE.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(FIGURE)
    print(f"ROC and score histograms written to {FIGURE.relative_to(REPO)}")


# --- the repository's licensed photos (drawn masks) ----------------------------------------


def licensed_accuracy() -> np.ndarray:
    """Genuine and impostor pairs on the 7 licensed photos with drawn masks; returns vectors."""
    sface = embedder()
    vectors: dict[tuple[str, MaskStyle | None], np.ndarray] = {}
    with FaceFinder() as finder:
        for t, name in enumerate(LICENSED):
            image = read_photo(FACES / name)
            face = finder.find(image, float(t))
            assert face is not None and face.landmarks is not None, name
            for style in (None, *MaskStyle):
                view = image if style is None else draw_mask(image, face.landmarks, style)
                vectors[(name, style)] = sface.embed(view, face.keypoints, consent_id=1)
    genuine: list[float] = []
    impostor: list[float] = []
    for (a, sa), (b, sb) in itertools.combinations(vectors, 2):
        if a != b:
            score = float(vectors[(a, sa)] @ vectors[(b, sb)])
            (genuine if LICENSED[a] == LICENSED[b] else impostor).append(score)
    print(
        f"licensed photos with drawn masks: {len(genuine)} genuine pairs {min(genuine):.2f}–"
        f"{max(genuine):.2f}, {len(impostor)} impostor pairs max {max(impostor):.2f}"
    )
    return np.vstack(list(vectors.values()))


# --- scale ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SyntheticFaces:
    """A gallery that clusters by person the way real SFace templates do.

    Person centres share a common direction, so two people's templates score the impostor
    cosine on average (real SFace: about 0.09, sd 0.09); each person has `per_person`
    templates around their centre (real: 0.6–0.8 to each other) and a probe is a noisier
    sample of the same person (real: 0.4–0.7 to the templates).
    """

    impostor_cosine: float = 0.09
    template_to_centre: float = 0.84  # templates about 0.7 to each other
    probe_to_centre: float = 0.72  # probes about 0.6 to the templates
    per_person: int = 8  # 3 bare + 3 drawn masks + 2 masked frames: a kiosk enrolment

    def centres(self, rng: np.random.Generator, people: int) -> np.ndarray:
        common = _unit(rng.standard_normal(128))
        spread = _unit(rng.standard_normal((people, 128)))
        mixed = np.sqrt(self.impostor_cosine) * common + np.sqrt(1 - self.impostor_cosine) * spread
        return _unit(mixed)

    def around(self, rng: np.random.Generator, centres: np.ndarray, cosine: float) -> np.ndarray:
        noise = rng.standard_normal(centres.shape)
        noise = _unit(noise - np.sum(noise * centres, axis=1, keepdims=True) * centres)
        return _unit(cosine * centres + np.sqrt(1 - cosine**2) * noise)


def _unit(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=-1, keepdims=True)


def scale(ivf_probes: int, queries: int = 500) -> None:
    rng = np.random.default_rng(1)
    faces = SyntheticFaces()
    faiss.omp_set_num_threads(1)
    exact_p50 = 0.0
    for size in (100_000, 300_000):
        people = size // faces.per_person
        centres = faces.centres(rng, people)
        templates = np.vstack(
            [faces.around(rng, centres, faces.template_to_centre) for _ in range(faces.per_person)]
        )
        owner = np.tile(np.arange(people), faces.per_person)
        asked = rng.integers(0, people, queries)
        probes = faces.around(rng, centres[asked], faces.probe_to_centre)
        if size == 100_000:
            impostor = float(np.mean(centres[:500] @ centres[500:1000].T))
            pairs = float(np.mean(np.sum(templates[:people] * templates[people : 2 * people], 1)))
            probe = float(np.mean(np.sum(probes * templates[asked], axis=1)))
            print(
                f"synthetic gallery: {faces.per_person} templates per person; impostor cosine "
                f"mean {impostor:.3f}, template to template {pairs:.2f}, probe to template "
                f"{probe:.2f} (real SFace: about 0.09, 0.6–0.8, 0.4–0.7)"
            )
        exact = faiss.IndexFlatIP(128)
        exact.add(templates)
        _, truth = exact.search(probes, 1)
        del exact
        before = rss_mb()
        gallery = FaceGallery(exact_search_limit=SETTINGS.exact_search_limit, ivf_probes=ivf_probes)
        start = time.perf_counter()
        report = gallery.rebuild(zip(range(size), owner.tolist(), templates, strict=True))
        rebuild = time.perf_counter() - start
        memory = rss_mb() - before
        latencies, hits = [], 0
        for probe, expected in zip(probes, truth[:, 0], strict=True):
            start = time.perf_counter()
            ranked = gallery.best_per_person(probe)
            latencies.append(time.perf_counter() - start)
            hits += bool(ranked) and ranked[0][0] == owner[expected]
        ms = np.array(latencies) * 1000
        kind = (
            f"IVF {gallery.lists} lists, {ivf_probes} probes"
            if gallery.approximate
            else "exact (flat)"
        )
        line = (
            f"{size:>9,} templates, {kind}: search p50 {np.median(ms):.2f} ms, p99 "
            f"{np.percentile(ms, 99):.2f} ms, recall@1 vs exact {hits / queries:.3f}, rebuild "
            f"{rebuild:.1f} s, memory +{memory:.0f} MB ({report.loaded:,} loaded, "
            f"{queries} queries)"
        )
        if gallery.approximate:
            linear = exact_p50 * size / 100_000
            line += (
                f"; {np.median(ms) / linear:.2f} × exact search at this size "
                f"({linear:.1f} ms, linear from 100k)"
            )
        else:
            exact_p50 = float(np.median(ms))
        print(line)
        del gallery, templates


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real-masks", type=Path, default=REAL_MASKS, help="MFR2 crops folder")
    parser.add_argument("--skip-scale", action="store_true", help="accuracy only")
    parser.add_argument(
        "--ivf-probes",
        type=int,
        default=SETTINGS.ivf_probes,
        help=f"IVF lists searched per query (default: the setting, {SETTINGS.ivf_probes})",
    )
    args = parser.parse_args(argv)
    embedding_speed()
    lookup_latency()
    licensed_accuracy()
    if args.real_masks.is_dir():
        photos = load_real(args.real_masks)
        mask_flag(photos)
        genuine, impostor, bare_genuine, bare_impostor = masked_accuracy(photos)
        roc_figure(
            {
                "masked probe vs unmasked enrolment": (
                    genuine,
                    impostor,
                    SETTINGS.masked_match_threshold,
                ),
                "unmasked probe vs unmasked enrolment": (
                    bare_genuine,
                    bare_impostor,
                    SETTINGS.match_threshold,
                ),
            }
        )
    else:
        print(f"real masked photos not found at {args.real_masks}: masked accuracy not measured")
    if not args.skip_scale:
        scale(args.ivf_probes)


if __name__ == "__main__":
    main()
