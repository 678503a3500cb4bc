"""A malformed or out-of-range settings file is refused with the key and the reason, and
the kiosk runs on the last settings that loaded, never quietly on defaults."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.settings.file import last_good_path, load_settings_or_last_good
from kiosk.settings.schema import SettingsError

GOOD = "[screening]\nthreshold_c = 37.8\n"
BAD = {
    "malformed TOML": ("[screening\nthreshold_c = 37.8\n", "not valid TOML"),
    "unknown key": ("[screening]\nthreshhold_c = 37.8\n", "screening.threshhold_c"),
    "out of range": ("[screening]\nthreshold_c = 55.0\n", "above the maximum 40.0"),
    "wrong type": ('[screening]\nthreshold_c = "hot"\n', "expected a number"),
}


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "settings.toml"


@pytest.mark.parametrize("case", BAD)
def test_a_refused_file_falls_back_to_the_last_good_one(settings_path: Path, case: str) -> None:
    settings_path.write_text(GOOD)
    assert load_settings_or_last_good(settings_path).settings.screening.threshold_c == 37.8
    copy = last_good_path(settings_path)
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600

    text, named = BAD[case]
    settings_path.write_text(text)
    loaded = load_settings_or_last_good(settings_path)
    assert loaded.settings.screening.threshold_c == 37.8  # the operator's value, not a default
    assert named in loaded.warning and "last settings that loaded" in loaded.warning
    assert copy.read_text() == GOOD  # a bad file never replaces the good copy


def test_without_a_good_copy_a_bad_file_is_refused(settings_path: Path) -> None:
    settings_path.write_text(BAD["out of range"][0])
    with pytest.raises(SettingsError, match=r"screening\.threshold_c"):
        load_settings_or_last_good(settings_path)


def test_the_kiosk_refuses_to_start_on_defaults(
    settings_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings_path.write_text(BAD["unknown key"][0])
    assert main(["--config", str(settings_path), "--headless", "--seconds", "0"]) == 2
    err = capsys.readouterr().err
    assert "screening.threshhold_c" in err and "does not start on defaults" in err


def test_a_headless_kiosk_says_it_runs_on_the_last_good_settings(
    settings_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path / "home"))
    settings_path.write_text(GOOD)
    load_settings_or_last_good(settings_path)
    settings_path.write_text(BAD["out of range"][0])
    assert main(["--config", str(settings_path), "--demo", "--headless", "--seconds", "0"]) == 0
    out, err = capsys.readouterr()
    events = [json.loads(line) for line in out.splitlines()]
    warning = next(e for e in events if e["event"] == "settings")
    assert warning["state"] == "last_good" and "screening.threshold_c" in warning["message"]
    assert "screening.threshold_c" in err and "last settings that loaded" in err
