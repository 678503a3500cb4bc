"""Face templates at rest: AES-GCM bound to their row, the key outside the database, and a
clear error, never lost data, for a wrong key, a missing key or a damaged template."""

from __future__ import annotations

import secrets

import numpy as np
import pytest

from kiosk.paths import KioskPaths
from kiosk.settings import PrivacySettings
from kiosk.store import (
    KeyMissingError,
    KioskStore,
    ScreeningRecord,
    TemplateKeyError,
    TemplateUnreadableError,
    WrongKeyError,
)
from kiosk.store.crypto import KEY_FILE_NAME
from tests.privacy.conftest import database_bytes, enrol, vector


def test_templates_round_trip_and_are_not_stored_in_the_clear(
    paths: KioskPaths, store: KioskStore
) -> None:
    person = enrol(store, "ada", templates=2, seed=10)
    found = list(store.templates())
    assert [(t.template_id, t.person_id) for t in found] == [(1, person), (2, person)]
    for index, (_, _, stored) in enumerate(found):
        assert stored.dtype == np.float32 and stored.shape == (128,)
        np.testing.assert_array_equal(stored, vector(10 + index))
    store.checkpoint()
    on_disk = database_bytes(paths)
    assert vector(10).tobytes() not in on_disk
    assert vector(10).tobytes()[:16] not in on_disk
    assert (paths.config_dir / KEY_FILE_NAME).read_bytes() not in on_disk


def test_templates_can_be_filtered_by_kind(store: KioskStore) -> None:
    person = enrol(store, "ada", templates=1)
    store.add_template(person, vector(5), "sface-masked")
    assert [t.template_id for t in store.templates(kind="sface-masked")] == [2]


def test_only_a_float32_128_vector_is_accepted(store: KioskStore) -> None:
    person = enrol(store, "ada", templates=0)
    with pytest.raises(ValueError, match="float32 vector of 128"):
        store.add_template(person, np.zeros(128, dtype=np.float64), "sface")
    with pytest.raises(ValueError, match="float32 vector of 128"):
        store.add_template(person, np.zeros(512, dtype=np.float32), "sface")


def reopen(paths: KioskPaths) -> KioskStore:
    return KioskStore.open(paths, PrivacySettings())


def test_a_wrong_key_is_refused_and_nothing_is_lost(paths: KioskPaths) -> None:
    with KioskStore.open(paths, PrivacySettings()) as store:
        enrol(store, "ada", templates=3)
    key_file = paths.config_dir / KEY_FILE_NAME
    right_key = key_file.read_bytes()
    wrong_key = secrets.token_bytes(32)
    key_file.write_bytes(wrong_key)

    with reopen(paths) as store:
        with pytest.raises(WrongKeyError, match="Restore the original key file"):
            store.templates()
        with pytest.raises(WrongKeyError):
            store.add_template(1, vector(9), "sface")
        assert store.template_count() == 3
    assert key_file.read_bytes() == wrong_key  # not replaced by a fresh key

    key_file.write_bytes(right_key)
    with reopen(paths) as store:
        assert len(list(store.templates())) == 3


def test_a_missing_key_is_refused_and_no_new_key_is_made(paths: KioskPaths) -> None:
    with KioskStore.open(paths, PrivacySettings()) as store:
        enrol(store, "ada", templates=2)
    key_file = paths.config_dir / KEY_FILE_NAME
    right_key = key_file.read_bytes()
    key_file.unlink()

    with reopen(paths) as store:
        with pytest.raises(KeyMissingError, match="2 encrypted templates exist"):
            store.templates()
        with pytest.raises(KeyMissingError):
            store.add_template(1, vector(9), "sface")
        assert store.template_count() == 2
        store.record_screening(ScreeningRecord(36.5, "normal"))  # screening needs no key
    assert not key_file.exists()

    key_file.write_bytes(right_key)
    with reopen(paths) as store:
        assert len(list(store.templates())) == 2


def test_a_new_key_is_made_only_while_no_template_exists(paths: KioskPaths) -> None:
    with KioskStore.open(paths, PrivacySettings()) as store:
        person = enrol(store, "ada", templates=1)
        store.remove_person(person)
    (paths.config_dir / KEY_FILE_NAME).unlink()
    with reopen(paths) as store:
        enrol(store, "bob", templates=1)
        assert len(list(store.templates())) == 1


def test_a_damaged_key_file_is_a_clear_error(paths: KioskPaths) -> None:
    with KioskStore.open(paths, PrivacySettings()) as store:
        enrol(store, "ada", templates=1)
    (paths.config_dir / KEY_FILE_NAME).write_bytes(b"short")
    with reopen(paths) as store, pytest.raises(TemplateKeyError, match="damaged"):
        store.templates()


def test_a_truncated_template_is_reported_skipped_and_kept(store: KioskStore) -> None:
    enrol(store, "ada", templates=3)
    store.db.execute("UPDATE templates SET ciphertext = substr(ciphertext, 1, 100) WHERE id = 2")
    problems: list[TemplateUnreadableError] = []
    readable = [t.template_id for t in store.templates(on_unreadable=problems.append)]
    assert readable == [1, 3]
    assert [p.template_id for p in problems] == [2]
    assert "truncated" in str(problems[0]) and "kiosk forget" in str(problems[0])
    assert store.template_count() == 3


def test_a_template_moved_to_another_row_fails_authentication(store: KioskStore) -> None:
    enrol(store, "ada", templates=1, seed=1)
    enrol(store, "bob", templates=1, seed=2)
    # Give ada bob's template: without the row binding ada would be recognised as bob.
    store.db.execute(
        "UPDATE templates SET ciphertext = (SELECT ciphertext FROM templates WHERE id = 2) "
        "WHERE id = 1"
    )
    problems: list[TemplateUnreadableError] = []
    assert [t.template_id for t in store.templates(on_unreadable=problems.append)] == [2]
    assert "another row" in str(problems[0])


def test_a_flipped_bit_fails_authentication(store: KioskStore) -> None:
    enrol(store, "ada", templates=1)
    sealed = bytearray(store.db.execute("SELECT ciphertext FROM templates").fetchone()[0])
    sealed[40] ^= 1
    store.db.execute("UPDATE templates SET ciphertext = ?", [bytes(sealed)])
    problems: list[TemplateUnreadableError] = []
    assert list(store.templates(on_unreadable=problems.append)) == []
    assert len(problems) == 1
