"""`kiosk enrol` and `kiosk identify`: face recognition from a photo file, for staff.

Both need a granted recognition consent: pass the consent id recorded for this person, or
--record-consent to record their granted consent now under the current notice. The photo
is read into memory only; neither command stores it. An enrolment photo must pass the same
quality checks as a kiosk enrolment frame (one face, close enough, frontal, sharp, eyes open),
and a face that is already enrolled is refused with its enrolment number. A face that looks
masked is enrolled with a warning: staff chose the photo, and the mask flag can mistake a
full beard or a broad smile for a mask.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace

import numpy as np

from kiosk.commands.settings_option import add_config_option, command_settings
from kiosk.paths import kiosk_paths
from kiosk.privacy.consent import ConsentError, ConsentLedger
from kiosk.recognition.faces import FaceFinder, FaceToRecognise
from kiosk.recognition.quality import frame_quality
from kiosk.recognition.service import AlreadyEnrolled, FaceRecognition
from kiosk.settings import Settings
from kiosk.store.errors import StoreError
from kiosk.store.store import KioskStore
from kiosk.vision.embedding import ConsentRequired
from kiosk.vision.image_file import read_image

EXIT_NO_FACE = 1
EXIT_USAGE = 2
EXIT_REFUSED = 3  # the photo is not good enough to enrol from, or the face is enrolled


def register(subparsers: argparse._SubParsersAction) -> None:
    enrol = subparsers.add_parser("enrol", help="enrol a consenting person from a photo")
    enrol.add_argument("--image", required=True, help="photo file (read, never stored)")
    enrol.add_argument("--label", required=True, help="name or staff number to show on a match")
    _consent_arguments(enrol)
    enrol.set_defaults(handler=run_enrol)

    identify = subparsers.add_parser("identify", help="print who is in a photo, as JSON")
    identify.add_argument("--image", required=True, help="photo file (read, never stored)")
    _consent_arguments(identify)
    identify.set_defaults(handler=run_identify)


def _consent_arguments(parser: argparse.ArgumentParser) -> None:
    add_config_option(parser)
    consent = parser.add_mutually_exclusive_group(required=True)
    consent.add_argument("--consent-id", type=int, help="the person's granted consent id")
    consent.add_argument(
        "--record-consent",
        action="store_true",
        help="record the person's granted recognition consent now (they agreed to the notice)",
    )


def _run(args: argparse.Namespace, enrol: bool) -> int:
    settings = command_settings(args)
    if enrol and not settings.privacy.enrolment_enabled:
        print(
            "kiosk: enrolment is switched off (privacy.enrolment_enabled = false): nobody can "
            "be enrolled on this kiosk until an operator switches it on",
            file=sys.stderr,
        )
        return EXIT_USAGE
    image = read_image(args.image)
    with FaceFinder(settings.camera.horizontal_fov_deg) as finder:
        faces = finder.find_all(image, 0.0)
    if not faces:
        print(f"kiosk: no face found in {args.image}", file=sys.stderr)
        return EXIT_NO_FACE
    face = faces[0]
    if enrol:
        quality = frame_quality(image, faces)
        if quality.instruction is not None:
            print(
                f"kiosk: not enrolled: the photo fails the enrolment check '{quality.instruction}'",
                file=sys.stderr,
            )
            return EXIT_REFUSED
        if face.masked:
            print(
                "kiosk: warning: the face looks masked; an unmasked photo is recognised better",
                file=sys.stderr,
            )
            face = replace(face, masked=False)
    try:
        return _recognise(args, settings, image, face, enrol)
    except (ConsentRequired, ConsentError, StoreError) as error:
        print(f"kiosk: {error}", file=sys.stderr)
        return EXIT_USAGE


def _recognise(
    args: argparse.Namespace,
    settings: Settings,
    image: np.ndarray,
    face: FaceToRecognise,
    enrol: bool,
) -> int:
    with KioskStore.open(kiosk_paths(), settings.privacy) as store:
        ledger = ConsentLedger(store, settings.privacy)
        consent_id = ledger.record_decision("granted") if args.record_consent else args.consent_id
        recognition = FaceRecognition(store, settings.recognition)
        if enrol:
            try:
                person_id = recognition.enrol(image, face, args.label, consent_id)
            except AlreadyEnrolled as duplicate:
                print(f"kiosk: not enrolled: {duplicate}", file=sys.stderr)
                print(json.dumps({"already_enrolled": duplicate.person_id}))
                return EXIT_REFUSED
            print(json.dumps({"person_id": person_id, "consent_id": consent_id}))
            return 0
        result = recognition.identify(image, face, consent_id)
    print(
        json.dumps(
            {
                "match": result.label,
                "person_id": result.person_id,
                "score": round(result.score, 4),
                "masked": result.masked,
            }
        )
    )
    return 0


def run_enrol(args: argparse.Namespace) -> int:
    return _run(args, enrol=True)


def run_identify(args: argparse.Namespace) -> int:
    return _run(args, enrol=False)
