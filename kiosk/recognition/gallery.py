"""The in-memory FAISS gallery of enrolled face templates: add, remove, search, rebuild.

Templates are unit vectors, so inner product is cosine. Search is exact (flat) up to
`exact_search_limit` templates and IVF beyond it (never HNSW: it cannot delete, and a
withdrawal must remove a person at once). The index lives only in memory and is rebuilt
from the encrypted store at start-up; it is never written to disk.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass

import faiss
import numpy as np

from kiosk.vision.embedding import EMBEDDING_DIM

log = logging.getLogger(__name__)

# Templates fetched per query: enough to see several people even when each has a bare and
# a few masked templates, so the margin over the second-best person is measured, not guessed.
_NEIGHBOURS = 32
_MAX_LISTS = 1024
_TRAINING_PER_LIST = 40  # faiss wants at least 39 training points per list


@dataclass(frozen=True)
class Decision:
    """The answer for one face: a person when the match is strong and unambiguous."""

    person_id: int | None
    score: float  # best cosine of the best person (or of anyone, when unknown)
    margin: float  # best person's score minus the second-best person's


@dataclass(frozen=True)
class RebuildReport:
    loaded: int
    skipped: tuple[tuple[int, str], ...]  # (template_id, reason) for each corrupt template


class CorruptTemplate(ValueError):
    """A stored template is not a finite, non-zero 128-d vector."""


def as_template(vector: object) -> np.ndarray:
    """`vector` as a unit float32 row, or CorruptTemplate saying what is wrong with it."""
    if isinstance(vector, (bytes, bytearray, memoryview)):
        if len(vector) != EMBEDDING_DIM * 4:
            raise CorruptTemplate(f"{len(vector)} bytes, expected {EMBEDDING_DIM * 4}")
        array = np.frombuffer(vector, dtype=np.float32)
    else:
        array = np.asarray(vector, dtype=np.float32).ravel()
    if array.shape != (EMBEDDING_DIM,):
        raise CorruptTemplate(f"{array.size} values, expected {EMBEDDING_DIM}")
    norm = float(np.linalg.norm(array))
    if not np.isfinite(norm) or norm < 1e-6:
        raise CorruptTemplate("not a finite, non-zero vector")
    return (array / norm).reshape(1, EMBEDDING_DIM)


class FaceGallery:
    """Thread-safe template index; every method may be called from any thread."""

    def __init__(self, *, exact_search_limit: int = 100_000, ivf_probes: int = 128) -> None:
        self._exact_search_limit = exact_search_limit
        self._ivf_probes = ivf_probes
        self._lock = threading.Lock()
        self._person_of: dict[int, int] = {}
        self._index = self._empty_index(np.empty((0, EMBEDDING_DIM), dtype=np.float32))
        # One query is too little work for several threads: their start-up costs more.
        faiss.omp_set_num_threads(1)

    def __len__(self) -> int:
        with self._lock:
            return len(self._person_of)

    @property
    def approximate(self) -> bool:
        """Whether search is currently approximate (IVF) rather than exact."""
        return self.lists > 0

    @property
    def lists(self) -> int:
        """The IVF index's number of lists; 0 while search is exact."""
        with self._lock:
            return int(self._index.nlist) if isinstance(self._index, faiss.IndexIVF) else 0

    def add(self, template_id: int, person_id: int, vector: object) -> None:
        """Add one template; raises CorruptTemplate for a malformed vector."""
        row = as_template(vector)
        with self._lock:
            if template_id in self._person_of:
                self._index.remove_ids(_selector([template_id]))
            self._index.add_with_ids(row, np.array([template_id], dtype=np.int64))
            self._person_of[template_id] = person_id

    def remove_person(self, person_id: int) -> int:
        """Remove every template of a person at once; returns how many were removed."""
        with self._lock:
            ids = [t for t, p in self._person_of.items() if p == person_id]
            if ids:
                self._index.remove_ids(_selector(ids))
            for template_id in ids:
                del self._person_of[template_id]
            return len(ids)

    def rebuild(self, templates: Iterable[tuple[int, int, object]]) -> RebuildReport:
        """Replace the index with `templates` (template_id, person_id, vector).

        A corrupt template is logged and skipped, so one bad row never stops the kiosk.
        """
        ids: list[int] = []
        people: list[int] = []
        rows: list[np.ndarray] = []
        skipped: list[tuple[int, str]] = []
        for template_id, person_id, vector in templates:
            try:
                rows.append(as_template(vector))
            except CorruptTemplate as error:
                log.warning("skipping corrupt face template %s: %s", template_id, error)
                skipped.append((template_id, str(error)))
                continue
            ids.append(template_id)
            people.append(person_id)
        matrix = np.vstack(rows) if rows else np.empty((0, EMBEDDING_DIM), dtype=np.float32)
        index = self._empty_index(matrix)
        if rows:
            index.add_with_ids(matrix, np.array(ids, dtype=np.int64))
        with self._lock:
            self._index = index
            self._person_of = dict(zip(ids, people, strict=True))
        return RebuildReport(loaded=len(ids), skipped=tuple(skipped))

    def best_per_person(self, vector: np.ndarray) -> list[tuple[int, float]]:
        """(person_id, best cosine) for the people nearest to `vector`, best first."""
        query = as_template(vector)
        with self._lock:
            scores, ids = self._index.search(query, _NEIGHBOURS)
            best: dict[int, float] = {}
            for score, template_id in zip(scores[0], ids[0], strict=True):
                if template_id < 0:
                    break
                person = self._person_of[int(template_id)]
                best.setdefault(person, float(score))  # results come sorted, best first
        return sorted(best.items(), key=lambda item: item[1], reverse=True)

    def decide(self, vector: np.ndarray, *, threshold: float, margin: float) -> Decision:
        """A person when their cosine ≥ threshold and beats the next person by ≥ margin."""
        ranked = self.best_per_person(vector)
        if not ranked:
            return Decision(person_id=None, score=0.0, margin=0.0)
        person, best = ranked[0]
        # With one person among the neighbours, nobody else scores above zero that we know of.
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        lead = best - runner_up
        known = best >= threshold and lead >= margin
        return Decision(person_id=person if known else None, score=best, margin=lead)

    def _empty_index(self, training: np.ndarray) -> faiss.Index:
        """Flat (exact) for small galleries; IVF, trained on `training`, past the limit."""
        if len(training) <= self._exact_search_limit:
            return faiss.IndexIDMap2(faiss.IndexFlatIP(EMBEDDING_DIM))
        lists = min(int(4 * np.sqrt(len(training))), _MAX_LISTS)
        quantizer = faiss.IndexFlatIP(EMBEDDING_DIM)
        index = faiss.IndexIVFFlat(quantizer, EMBEDDING_DIM, lists, faiss.METRIC_INNER_PRODUCT)
        # k-means on an even sample: training on every template made a 300k rebuild take 34 s.
        step = max(1, len(training) // (_TRAINING_PER_LIST * lists))
        index.train(np.ascontiguousarray(training[::step]))
        index.nprobe = self._ivf_probes
        return index


def _selector(template_ids: list[int]) -> faiss.IDSelectorBatch:
    return faiss.IDSelectorBatch(np.array(template_ids, dtype=np.int64))
