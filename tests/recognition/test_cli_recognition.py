"""`kiosk enrol` and `kiosk identify` on the licensed photos, in this test's own KIOSK_HOME."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import pytest

from kiosk.cli import main
from kiosk.commands.recognition import EXIT_REFUSED
from kiosk.paths import kiosk_paths
from kiosk.settings.privacy import PrivacySettings
from kiosk.store.store import KioskStore

from .conftest import FACES, side_by_side


def run(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, dict, str]:
    code = main(list(arguments))
    captured = capsys.readouterr()
    return code, json.loads(captured.out or "{}"), captured.err


def test_a_second_enrolment_of_the_same_face_is_refused_with_the_first_number(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, first, _ = run(
        capsys,
        "enrol",
        "--image",
        str(FACES / "person_b_1.jpg"),
        "--label",
        "B",
        "--record-consent",
    )
    assert code == 0
    code, refused, error = run(
        capsys,
        "enrol",
        "--image",
        str(FACES / "person_b_2.jpg"),
        "--label",
        "B2",
        "--record-consent",
    )
    assert code == EXIT_REFUSED and refused == {"already_enrolled": first["person_id"]}
    assert f"already enrolled as number {first['person_id']}" in error
    code, found, _ = run(
        capsys, "identify", "--image", str(FACES / "person_b_2.jpg"), "--record-consent"
    )
    assert code == 0 and found["person_id"] == first["person_id"] and found["match"] == "B"
    with KioskStore.open(kiosk_paths(), PrivacySettings()) as store:
        assert store.person_ids() == [first["person_id"]]


def test_a_photo_that_fails_the_enrolment_checks_is_refused_before_anything_is_stored(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # Two licensed photos side by side: a photo of two people names nobody.
    two = side_by_side(
        cv2.imread(str(FACES / "person_a_2.jpg")), cv2.imread(str(FACES / "impostor_1.jpg"))
    )
    photo = tmp_path / "two-people.jpg"
    cv2.imwrite(str(photo), two)
    code, _, error = run(capsys, "enrol", "--image", str(photo), "--label", "A", "--record-consent")
    assert code == EXIT_REFUSED and "one_face_only" in error
    with KioskStore.open(kiosk_paths(), PrivacySettings()) as store:
        assert store.count_people() == 0 and store.template_count() == 0
