"""The demo's one recognised visitor: enrolled once from a licensed photo (under a recorded
consent, as a visitor's would be), who later walks up wearing a mask and asks to be
recognised, so the demo shows recognition end to end — in the window a greeting beside the
temperature, headless a `recognised` event with the enrolment number.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import cv2

from kiosk.assets import assets_dir
from kiosk.demo.scene import VisitorScene
from kiosk.pipeline import PipelineUpdate
from kiosk.privacy.consent import ConsentLedger
from kiosk.privacy.notice import notice_for
from kiosk.recognition.faces import FaceFinder
from kiosk.recognition.worker import RecognitionWorker
from kiosk.settings import Settings
from kiosk.store import KioskStore

log = logging.getLogger(__name__)

# Two photos of the same person (assets/faces/CREDITS.md): one to enrol from, unmasked, and
# the scene's visitor wearing a mask, who asks to be recognised.
ENROL_PHOTO = "person_b_2.jpg"
ASKING_VISITOR = "person_b_1.jpg"
DEMO_LABEL = "Demo visitor B (simulated)"


class DemoRecognition:
    """Enrols the demo visitor in the background, then asks for the lookup on their visit."""

    def __init__(
        self,
        worker: RecognitionWorker,
        store: KioskStore,
        settings: Settings,
        scene: VisitorScene,
        ask: Callable[[int], bool],  # the runtime's recognise(consent_id)
    ) -> None:
        self._worker = worker
        self._store = store
        self._ledger = ConsentLedger(store, settings.privacy, notice_for(settings))
        self._fov = settings.camera.horizontal_fov_deg
        self._scene = scene
        self._ask = ask
        self._enrolled = threading.Event()
        self._stopping = threading.Event()
        self._asked_in_cycle = -1
        self._thread = threading.Thread(target=self._enrol, name="demo-enrol", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Before the store closes: the enrolment, if still under way, finishes first."""
        self._stopping.set()
        self._thread.join(timeout=30.0)

    def _enrol(self) -> None:
        while not self._worker.ready.wait(0.2):
            if self._stopping.is_set():
                return
        recognition = self._worker.recognition
        if recognition is None or self._stopping.is_set():
            return
        if any(
            (person := self._store.person(pid)) is not None and person.label == DEMO_LABEL
            for pid in self._store.person_ids()
        ):
            self._enrolled.set()  # enrolled by an earlier demo run on this kiosk
            return
        image = cv2.imread(str(assets_dir() / "faces" / ENROL_PHOTO))
        if image is None:
            log.warning("the demo could not enrol its visitor: %s is missing", ENROL_PHOTO)
            return
        with FaceFinder(self._fov) as finder:
            face = finder.find(image, 0.0)
        if face is None:
            log.warning("the demo could not enrol its visitor: no face in %s", ENROL_PHOTO)
            return
        consent_id = self._ledger.record_decision("granted")
        recognition.enrol(image, face, DEMO_LABEL, consent_id)
        self._enrolled.set()

    def on_update(self, update: PipelineUpdate) -> None:
        """On the vision thread: the enrolled visitor, standing still, taps 'Recognise me'."""
        if not self._enrolled.is_set() or not update.vision or not update.vision.faces:
            return
        pose = self._scene.pose_at(update.frame.t)
        if pose is None or not pose.still or pose.visitor.photo != ASKING_VISITOR:
            return
        cycle = int((update.frame.t - self._scene.start) // self._scene.timeline.cycle_s)
        if cycle == self._asked_in_cycle:
            return
        self._asked_in_cycle = cycle
        if self._ask(self._ledger.record_decision("granted")):
            log.info("demo: the enrolled visitor asked to be recognised")
