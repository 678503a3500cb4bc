"""Recognition off the camera thread: a latest-wins input slot and one query thread.

A slow embedding never builds a backlog: a newer request replaces the one still waiting,
and the frame is dropped as soon as it has been embedded.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from kiosk.recognition.faces import FaceToRecognise
from kiosk.recognition.service import FaceRecognition, Identification

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RecognitionRequest:
    frame_bgr: np.ndarray
    face: FaceToRecognise
    consent_id: int  # required: no request without the visitor's recognition consent
    t: float


class RecognitionWorker:
    """Runs `identify` for the newest request and hands `(t, Identification)` to `on_result`."""

    def __init__(
        self,
        recognition: FaceRecognition,
        on_result: Callable[[float, Identification], None],
    ) -> None:
        self._recognition = recognition
        self._on_result = on_result
        self._slot: RecognitionRequest | None = None
        self._wake = threading.Condition()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="recognition", daemon=True)
        self._thread.start()

    def submit(self, request: RecognitionRequest) -> None:
        """Queue a request, replacing any request not yet started (latest wins)."""
        with self._wake:
            self._slot = request
            self._wake.notify()

    def stop(self, timeout: float = 5.0) -> None:
        with self._wake:
            self._stopping = True
            self._slot = None
            self._wake.notify()
        self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            with self._wake:
                while self._slot is None and not self._stopping:
                    self._wake.wait()
                if self._stopping:
                    return
                request, self._slot = self._slot, None
            assert request is not None
            try:
                result = self._recognition.identify(
                    request.frame_bgr, request.face, request.consent_id
                )
            except Exception:
                # One bad request (refused consent, odd frame) must not stop recognition.
                log.exception("recognition failed for the request at t=%.3f", request.t)
                continue
            self._on_result(request.t, result)
