"""Print recognition figures: accuracy on the repo's photos with and without drawn masks,
embedding time, and gallery search latency, memory, rebuild time and recall at scale.

Run: .venv/bin/python benchmarks/recognition.py   (about 3 minutes on 2 cores)
Distractors are random unit vectors (the worst case: real faces cluster by person).
No image is written anywhere.
"""

from __future__ import annotations

import itertools
import sys
import time
from pathlib import Path

import cv2
import faiss
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.recognition.faces import FaceFinder
from kiosk.recognition.gallery import FaceGallery
from kiosk.settings.recognition import RecognitionSettings
from kiosk.vision.embedding import FaceEmbedder
from kiosk.vision.mask import MaskStyle, draw_mask

FACES = Path(__file__).resolve().parents[1] / "assets" / "faces"
IDENTITY = {
    "person_a_1.jpg": "A",
    "person_a_2.jpg": "A",
    "person_b_1.jpg": "B",
    "person_b_2.jpg": "B",
    "impostor_1.jpg": "I1",
    "impostor_2.jpg": "I2",
    "astronaut_eileen_collins.png": "E",
}
STYLES = (None, *MaskStyle)


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 1e6


def embed_photos() -> dict[tuple[str, MaskStyle | None], np.ndarray]:
    embedder = FaceEmbedder(lambda _consent: True)  # benchmark only: photos are licensed
    vectors = {}
    timings = []
    with FaceFinder() as finder:
        for t, name in enumerate(IDENTITY):
            image = cv2.imread(str(FACES / name))
            face = finder.find(image, float(t))
            assert face is not None and face.landmarks is not None, name
            for style in STYLES:
                view = image if style is None else draw_mask(image, face.landmarks, style)
                for _ in range(5):
                    start = time.perf_counter()
                    vector = embedder.embed(view, face.keypoints, consent_id=1)
                    timings.append(time.perf_counter() - start)
                vectors[(name, style)] = vector
    warm = np.array(timings[10:]) * 1000
    print(
        f"embedding (align + SFace), per face: p50 {np.median(warm):.1f} ms, "
        f"p99 {np.percentile(warm, 99):.1f} ms"
    )
    return vectors


def accuracy(vectors: dict[tuple[str, MaskStyle | None], np.ndarray]) -> None:
    settings = RecognitionSettings()
    threshold, margin = settings.match_threshold, settings.margin
    names = list(IDENTITY)
    genuine, impostor = [], []
    for (a, sa), (b, sb) in itertools.combinations(vectors, 2):
        if a == b:
            continue
        score = float(vectors[(a, sa)] @ vectors[(b, sb)])
        (genuine if IDENTITY[a] == IDENTITY[b] else impostor).append((score, sa, sb))
    for label, rows in (
        ("bare vs bare", [r for r in genuine if r[1] is None and r[2] is None]),
        ("any mask involved", [r for r in genuine if r[1] or r[2]]),
    ):
        scores = np.array([r[0] for r in rows])
        print(
            f"verification genuine pairs, {label}: {len(scores)} pairs, cosine "
            f"{scores.min():.2f}–{scores.max():.2f}, true-accept at {threshold}: "
            f"{np.mean(scores >= threshold):.0%}"
        )
    scores = np.array([r[0] for r in impostor])
    print(
        f"verification impostor pairs (all mask combinations): {len(scores)} pairs, max cosine "
        f"{scores.max():.2f}, false accepts at {threshold}: {int(np.sum(scores >= threshold))}"
    )

    # Identification: enrol the first photo of each person (bare + drawn masks, as the kiosk
    # does), probe with every other photo of an enrolled person and with the strangers.
    enrolled = {"person_a_1.jpg", "person_b_1.jpg", "impostor_1.jpg"}
    gallery = FaceGallery()
    template_ids = itertools.count()
    for name in enrolled:
        for style in STYLES:
            gallery.add(next(template_ids), names.index(name), vectors[(name, style)])
    for label, styles in (("bare probes", (None,)), ("masked probes", tuple(MaskStyle))):
        right = total = false_accepts = strangers = 0
        for name in names:
            if name in enrolled:
                continue
            for style in styles:
                decision = gallery.decide(
                    vectors[(name, style)], threshold=threshold, margin=margin
                )
                owner = next((n for n in enrolled if IDENTITY[n] == IDENTITY[name]), None)
                if owner is None:
                    strangers += 1
                    false_accepts += decision.person_id is not None
                else:
                    total += 1
                    right += decision.person_id == names.index(owner)
        print(
            f"identification, {label}: top-1 {right}/{total} genuine probes, "
            f"{false_accepts}/{strangers} strangers falsely accepted "
            f"(threshold {threshold}, margin {margin})"
        )


def scale(real: np.ndarray) -> None:
    rng = np.random.default_rng(1)
    settings = RecognitionSettings()
    for size, queries in ((10_000, 1000), (100_000, 500), (300_000, 500), (1_000_000, 200)):
        distractors = rng.standard_normal((size - len(real), 128)).astype(np.float32)
        distractors /= np.linalg.norm(distractors, axis=1, keepdims=True)
        matrix = np.vstack([real, distractors])
        # Queries: real templates or distractors perturbed to cosine ≈ 0.8 with their source.
        sources = rng.integers(0, size, queries)
        noise = rng.standard_normal((queries, 128)).astype(np.float32)
        noise /= np.linalg.norm(noise, axis=1, keepdims=True)
        probes = 0.8 * matrix[sources] + 0.6 * noise
        exact = faiss.IndexFlatIP(128)
        exact.add(matrix)
        faiss.omp_set_num_threads(1)
        _, truth = exact.search(probes, 1)
        before = rss_mb()
        gallery = FaceGallery(
            exact_search_limit=settings.exact_search_limit, ivf_probes=settings.ivf_probes
        )
        start = time.perf_counter()
        gallery.rebuild(zip(range(size), range(size), matrix, strict=True))
        rebuild = time.perf_counter() - start
        memory = rss_mb() - before
        latencies, hits = [], 0
        for probe, expected in zip(probes, truth[:, 0], strict=True):
            start = time.perf_counter()
            ranked = gallery.best_per_person(probe)
            latencies.append(time.perf_counter() - start)
            hits += bool(ranked) and ranked[0][0] == expected
        ms = np.array(latencies) * 1000
        kind = f"IVF nprobe {settings.ivf_probes}" if gallery.approximate else "flat (exact)"
        print(
            f"{size:>9,} templates, {kind:<14}: search p50 {np.median(ms):.2f} ms, "
            f"p99 {np.percentile(ms, 99):.2f} ms, recall@1 vs exact {hits / queries:.3f}, "
            f"rebuild {rebuild:.1f} s, memory +{memory:.0f} MB ({queries} queries)"
        )
        del gallery


def main() -> None:
    vectors = embed_photos()
    accuracy(vectors)
    scale(np.vstack(list(vectors.values())))


if __name__ == "__main__":
    main()
