"""One visitor's enrolment at the kiosk: a countdown, then several frames that pass the
quality checks, unmasked and (if the visitor came masked) masked, then a duplicate check.

`EnrolmentSession` is fed camera frames for a few seconds and says after each what the screen
should show (`EnrolmentProgress`): the countdown, an instruction ('one face only', 'lower your
mask'), how many frames are taken, and finally done with the enrolment number or refused with
the number the face is already enrolled under. It keeps no frame: each is reduced to its
templates at once, and the templates stay in memory until they are stored or, on refusal,
time-out or cancel, dropped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from enum import StrEnum

import numpy as np

from kiosk.recognition.faces import FaceFinder, FaceToRecognise
from kiosk.recognition.quality import Instruction, frame_quality
from kiosk.recognition.service import BARE, AlreadyEnrolled, FaceRecognition, Template

# Frames taken closer together than this are nearly the same picture: spacing them gives the
# templates the small changes of pose and expression a later visit will have.
MIN_FRAME_GAP_S = 0.3
# Real masked templates: enough to help a masked visitor, few enough not to crowd the gallery.
MASKED_FRAMES = 2
# How long the visitor gets to put their mask back on before enrolment ends without it.
MASK_BACK_ON_S = 6.0
# The mask flag cannot tell every full beard or broad smile from a mask (docs/recognition.md):
# a visitor still read as masked this long after being asked to lower the mask is enrolled
# as they are, rather than never.
TAKEN_AS_SEEN_AFTER_S = 4.0


class EnrolmentPhase(StrEnum):
    COUNTDOWN = "countdown"  # look at the screen; nothing is taken yet
    UNMASKED = "unmasked"  # taking unmasked frames
    MASKED = "masked"  # taking masked frames (only for a visitor who came masked)
    DONE = "done"  # enrolled: `person_id` is the enrolment number
    REFUSED = "refused"  # already enrolled: `person_id` is that enrolment's number
    FAILED = "failed"  # no usable frames in time; nothing stored
    CANCELLED = "cancelled"  # stopped by the visitor or the kiosk; nothing stored

    @property
    def finished(self) -> bool:
        return self not in (
            EnrolmentPhase.COUNTDOWN,
            EnrolmentPhase.UNMASKED,
            EnrolmentPhase.MASKED,
        )


@dataclass(frozen=True)
class EnrolmentProgress:
    """What the enrolment screen shows now."""

    phase: EnrolmentPhase
    seconds_left: int  # countdown seconds still to go (0 once frames are being taken)
    instruction: Instruction | None  # what the visitor should do; None: hold on, going well
    frames_taken: int
    frames_needed: int
    person_id: int | None = None  # DONE: the new number; REFUSED: the existing one


class EnrolmentSession:
    """Runs one enrolment; `feed` it frames (monotonic time t) until `progress.phase.finished`.

    Not thread-safe: one thread (the recognition worker) feeds it and owns `finder`.
    """

    def __init__(
        self,
        recognition: FaceRecognition,
        finder: FaceFinder,
        *,
        consent_id: int,
        label: str,
        started_at: float,
    ) -> None:
        settings = recognition.settings
        self._recognition = recognition
        self._finder = finder
        self._consent_id = consent_id
        self._label = label
        self._capture_from = started_at + settings.enrolment_countdown_s
        self._deadline = started_at + settings.enrolment_timeout_s
        self._needed = settings.enrolment_frames
        self._unmasked: list[list[Template]] = []
        self._masked: list[Template] = []
        self._came_masked = False
        self._asked_to_lower_since: float | None = None
        self._taken_as_seen = False
        self._last_taken = -math.inf
        self._mask_step_ends = math.inf
        self.progress = EnrolmentProgress(
            EnrolmentPhase.COUNTDOWN,
            math.ceil(settings.enrolment_countdown_s),
            None,
            0,
            self._needed,
        )

    def feed(self, frame_bgr: np.ndarray, t: float) -> EnrolmentProgress:
        """Look at one camera frame taken at monotonic time t; the progress after it."""
        phase = self.progress.phase
        if phase.finished:
            return self.progress
        if t >= self._deadline and phase is not EnrolmentPhase.MASKED:
            return self._finish(EnrolmentPhase.FAILED)
        faces = self._finder.find_all(frame_bgr, t)
        instruction = frame_quality(frame_bgr, faces).instruction
        self._came_masked |= bool(faces) and faces[0].masked
        if t < self._capture_from:
            return self._show(
                EnrolmentPhase.COUNTDOWN, instruction, math.ceil(self._capture_from - t)
            )
        wanted_mask = phase is EnrolmentPhase.MASKED
        if instruction is None:
            instruction, face = self._mask_check(faces[0], wanted_mask, t)
        if instruction is None and t - self._last_taken >= MIN_FRAME_GAP_S:
            taken = self._recognition.templates(frame_bgr, face, self._consent_id)
            if wanted_mask:
                self._masked += taken
            else:
                self._unmasked.append(taken)
            self._last_taken = t
        if wanted_mask:
            if len(self._masked) >= MASKED_FRAMES or t >= self._mask_step_ends:
                return self._store()
            return self._show(EnrolmentPhase.MASKED, instruction)
        if len(self._unmasked) < self._needed:
            return self._show(EnrolmentPhase.UNMASKED, instruction)
        return self._unmasked_complete(t)

    def _mask_check(
        self, face: FaceToRecognise, wanted_mask: bool, t: float
    ) -> tuple[Instruction | None, FaceToRecognise]:
        """Whether this good frame has the mask this step wants, and the face to take."""
        if face.masked == wanted_mask:
            if not face.masked:
                self._asked_to_lower_since = None
            return None, face
        if wanted_mask:
            return Instruction.PUT_MASK_BACK_ON, face
        if self._asked_to_lower_since is None:
            self._asked_to_lower_since = t
        if t - self._asked_to_lower_since < TAKEN_AS_SEEN_AFTER_S:
            return Instruction.LOWER_MASK, face
        # Whatever covers the lower face stays on, so no masked step follows.
        self._taken_as_seen = True
        return None, replace(face, masked=False)

    def cancel(self) -> EnrolmentProgress:
        """Stop now (the visitor walked away or tapped cancel); nothing is stored."""
        return self._finish(EnrolmentPhase.CANCELLED)

    def fail(self) -> EnrolmentProgress:
        """Give up after an error (a consent that is not granted, a store that refuses)."""
        return self._finish(EnrolmentPhase.FAILED)

    def _unmasked_complete(self, t: float) -> EnrolmentProgress:
        duplicate = self._recognition.already_enrolled(self._all_templates())
        if duplicate is not None:
            return self._finish(EnrolmentPhase.REFUSED, duplicate.person_id)
        if not self._came_masked or self._taken_as_seen:
            return self._store()
        self._mask_step_ends = t + MASK_BACK_ON_S
        return self._show(EnrolmentPhase.MASKED, Instruction.PUT_MASK_BACK_ON)

    def _all_templates(self) -> list[Template]:
        # Drawn masks only from the first unmasked frame: more would crowd the gallery with
        # near-copies; the other frames add their bare templates.
        first, *others = self._unmasked
        return [*first, *(t for frame in others for t in frame if t.kind == BARE), *self._masked]

    def _store(self) -> EnrolmentProgress:
        try:
            person_id = self._recognition.enrol_templates(
                self._label, self._consent_id, self._all_templates()
            )
        except AlreadyEnrolled as duplicate:  # enrolled elsewhere during the masked step
            return self._finish(EnrolmentPhase.REFUSED, duplicate.person_id)
        return self._finish(EnrolmentPhase.DONE, person_id)

    def _show(
        self, phase: EnrolmentPhase, instruction: Instruction | None, seconds_left: int = 0
    ) -> EnrolmentProgress:
        self.progress = EnrolmentProgress(
            phase, seconds_left, instruction, *self._frames(phase is EnrolmentPhase.MASKED)
        )
        return self.progress

    def _frames(self, masked_step: bool) -> tuple[int, int]:
        """Frames taken and needed; each masked frame gives one template, each unmasked
        frame a list of them."""
        needed = self._needed + (MASKED_FRAMES if masked_step else 0)
        return len(self._unmasked) + len(self._masked), needed

    def _finish(self, phase: EnrolmentPhase, person_id: int | None = None) -> EnrolmentProgress:
        frames = self._frames(bool(self._masked))
        # The templates go with the session: stored by now, or never.
        self._unmasked.clear()
        self._masked.clear()
        self.progress = EnrolmentProgress(phase, 0, None, *frames, person_id)
        return self.progress
