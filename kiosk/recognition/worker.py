"""The kiosk's recognition thread: lookups and enrolments off the camera and GUI threads.

The runtime owns one `RecognitionWorker`. Screening goes on while it works: a lookup is
queued in a latest-wins slot (a newer one replaces one not yet started), enrolment frames in
another, and each frame is dropped as soon as it has been reduced to a template. Results come
back through callbacks on the worker's thread; the window bridges them to Qt signals. An
unknown face's template ends with its lookup: it is never stored, logged or returned.

The MediaPipe landmarker is made on the worker's own thread (Tasks objects are used on the
thread that made them), and the worker beats like every kiosk stage, so the watchdog can
restart it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from kiosk.recognition.enrolment import EnrolmentPhase, EnrolmentProgress, EnrolmentSession
from kiosk.recognition.faces import FaceFinder, FaceToRecognise, face_from_points
from kiosk.recognition.service import FaceRecognition
from kiosk.settings.recognition import RecognitionSettings
from kiosk.store.store import KioskStore
from kiosk.vision.embedding import AUTOMATIC_LOOKUP, AutomaticLookup
from kiosk.watchdog import CHECK_S, Beat, Stage, Worker

log = logging.getLogger(__name__)
T = TypeVar("T")

# Rebuilding the gallery from a store of 300,000 templates decrypts every one of them.
RECOGNITION_STALL_S = 120.0


@dataclass(frozen=True)
class LookupResult:
    """The answer to one lookup; `person_id` None means not recognised (or no face)."""

    t: float  # monotonic time of the frame that was looked up
    person_id: int | None
    label: str | None  # for the visitor's screen only: never in logs or headless output
    score: float
    masked: bool
    automatic: bool  # made under `recognition.automatic`, not asked for by the visitor
    face_found: bool = True


@dataclass(frozen=True)
class _Lookup:
    frame_bgr: np.ndarray
    landmarks: np.ndarray | None  # mesh or YuNet keypoints
    basis: int | AutomaticLookup  # the consent id recorded for this lookup, or automatic
    t: float


@dataclass(frozen=True)
class _EnrolmentStart:
    consent_id: int
    label: str
    t: float


class RecognitionWorker:
    """Lookups (`lookup`, `lookup_automatically`) and enrolment (`start_enrolment`, then
    `offer_frame` with camera frames until the progress is finished). Any method may be
    called from any thread; callbacks run on the worker's thread.
    """

    def __init__(
        self,
        store: KioskStore,
        settings: RecognitionSettings,
        *,
        on_lookup: Callable[[LookupResult], None],
        on_enrolment: Callable[[EnrolmentProgress], None],
        horizontal_fov_deg: float = 62.0,
    ) -> None:
        self._store = store
        self._settings = settings
        self._fov = horizontal_fov_deg
        self._on_lookup = on_lookup
        self._on_enrolment = on_enrolment
        self._wake = threading.Condition()
        self._lookup: _Lookup | None = None
        self._enrolment_start: _EnrolmentStart | None = None
        self._enrolment_frame: tuple[np.ndarray, float] | None = None
        self._cancel = False
        self._enrolling = False
        self.recognition: FaceRecognition | None = None
        self.ready = threading.Event()  # set once the gallery is loaded
        self.worker = Worker("recognition", self._run, stall_s=RECOGNITION_STALL_S)

    # --- what the runtime calls ---------------------------------------------------------

    def start(self) -> None:
        self.worker.start()

    def stop(self, timeout: float = 5.0) -> None:
        with self._wake:
            self._lookup = self._enrolment_start = self._enrolment_frame = None
            self._wake.notify()
        self.worker.stop(timeout)

    def stages(self) -> Sequence[Stage]:
        return (self.worker,)

    def update_settings(self, settings: RecognitionSettings) -> None:
        """Take changed thresholds or `automatic` over at once (live settings)."""
        self._settings = settings
        if self.recognition is not None:
            self.recognition.settings = settings

    def lookup(
        self, frame_bgr: np.ndarray, consent_id: int, t: float, landmarks: np.ndarray | None = None
    ) -> None:
        """Who is this visitor ('Recognise me'): `consent_id` is their consent recorded for
        this lookup. `landmarks` are the pipeline's points of the face (the 478-point mesh,
        or YuNet's 5 keypoints); without them the worker finds the face itself. Replaces a
        lookup not yet started."""
        self._queue_lookup(_Lookup(frame_bgr, landmarks, consent_id, t))

    def lookup_automatically(
        self, frame_bgr: np.ndarray, t: float, landmarks: np.ndarray | None = None
    ) -> bool:
        """Look up a visitor who did not ask, when `recognition.automatic` is on; returns
        whether the lookup was queued (False while the setting is off)."""
        if not self._settings.automatic:
            return False
        self._queue_lookup(_Lookup(frame_bgr, landmarks, AUTOMATIC_LOOKUP, t))
        return True

    def start_enrolment(self, consent_id: int, label: str, t: float) -> None:
        """Begin an enrolment under the visitor's granted consent (time of 'I agree')."""
        with self._wake:
            self._enrolment_start = _EnrolmentStart(consent_id, label, t)
            self._enrolment_frame = None
            self._cancel = False
            self._enrolling = True
            self._wake.notify()

    def offer_frame(self, frame_bgr: np.ndarray, t: float) -> None:
        """A camera frame for the enrolment under way (ignored when none is)."""
        with self._wake:
            if self._enrolling:
                self._enrolment_frame = (frame_bgr, t)
                self._wake.notify()

    def cancel_enrolment(self) -> None:
        with self._wake:
            self._cancel = self._enrolling
            self._enrolment_frame = None
            self._wake.notify()

    @property
    def enrolling(self) -> bool:
        return self._enrolling

    # --- the worker's thread -------------------------------------------------------------

    def _queue_lookup(self, lookup: _Lookup) -> None:
        with self._wake:
            self._lookup = lookup
            self._wake.notify()

    def _run(self, stop: threading.Event, beat: Beat) -> None:
        if self.recognition is None:
            self.recognition = FaceRecognition(self._store, self._settings)
        self.ready.set()
        with self._wake:
            # After a restart by the watchdog the session under way is gone with its thread.
            orphaned = self._enrolling and self._enrolment_start is None
            self._enrolling = self._enrolment_start is not None
        if orphaned:
            self._report(
                self._on_enrolment, EnrolmentProgress(EnrolmentPhase.FAILED, 0, None, 0, 0)
            )
        session: EnrolmentSession | None = None
        with FaceFinder(self._fov) as finder:
            while not stop.is_set():
                beat()
                with self._wake:
                    waiting = (self._lookup, self._enrolment_start, self._enrolment_frame)
                    if not (any(w is not None for w in waiting) or self._cancel):
                        self._wake.wait(CHECK_S)
                    lookup, self._lookup = self._lookup, None
                    start, self._enrolment_start = self._enrolment_start, None
                    frame, self._enrolment_frame = self._enrolment_frame, None
                    cancel, self._cancel = self._cancel, False
                if stop.is_set():
                    return
                if lookup is not None:
                    self._answer(lookup, finder)
                if start is not None:
                    session = EnrolmentSession(
                        self.recognition,
                        finder,
                        consent_id=start.consent_id,
                        label=start.label,
                        started_at=start.t,
                    )
                if session is not None and (cancel or frame is not None):
                    progress = session.cancel() if cancel else self._enrol_step(session, frame)
                    if progress.phase.finished:
                        session = None
                        with self._wake:
                            self._enrolling = self._enrolment_start is not None
                    self._report(self._on_enrolment, progress)

    def _answer(self, lookup: _Lookup, finder: FaceFinder) -> None:
        assert self.recognition is not None
        automatic = lookup.basis is AUTOMATIC_LOOKUP
        face: FaceToRecognise | None = (
            face_from_points(lookup.frame_bgr, lookup.landmarks)
            if lookup.landmarks is not None
            else finder.find(lookup.frame_bgr, lookup.t)
        )
        if face is None:
            result = LookupResult(lookup.t, None, None, 0.0, False, automatic, face_found=False)
        else:
            try:
                found = self.recognition.identify(lookup.frame_bgr, face, lookup.basis)
            except Exception:
                # One bad request (refused consent, odd frame) must not stop recognition.
                log.exception("recognition lookup failed for the frame at t=%.3f", lookup.t)
                return
            result = LookupResult(
                lookup.t, found.person_id, found.label, found.score, found.masked, automatic
            )
        self._report(self._on_lookup, result)

    def _enrol_step(
        self, session: EnrolmentSession, frame: tuple[np.ndarray, float] | None
    ) -> EnrolmentProgress:
        assert frame is not None
        try:
            return session.feed(*frame)
        except Exception:
            log.exception("enrolment failed at t=%.3f; nothing was stored", frame[1])
            return session.fail()

    @staticmethod
    def _report(callback: Callable[[T], None], value: T) -> None:
        try:
            callback(value)
        except Exception:
            log.exception("a recognition callback failed")
