"""The retention policy and impact assessment come from the settings the purger uses."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.privacy.documents import privacy_impact_assessment, retention_policy
from kiosk.settings import Settings


def test_documents_state_the_retention_windows_the_purger_enforces() -> None:
    settings = Settings()
    shorter = replace(
        settings.privacy,
        notice=replace(settings.privacy.notice, operator_name="Harbour Mall Management"),
        retention=replace(settings.privacy.retention, screening_records_days=11),
    )
    policy = retention_policy(replace(settings, privacy=shorter))
    screening_row = next(line for line in policy.splitlines() if "screening records" in line)
    assert screening_row.endswith("| 11 days / 11天 |")
    assessment = privacy_impact_assessment(replace(settings, privacy=shorter))
    assert "screening records" in assessment and ": 11 days" in assessment
    assert "Harbour Mall Management" in assessment


def test_cli_writes_both_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path / "home"))
    assert main(["privacy-documents", "--out", str(tmp_path / "docs")]) == 0
    written = sorted(p.name for p in (tmp_path / "docs").iterdir())
    assert written == ["privacy-impact-assessment.md", "retention-policy.md"]
    assert "notice-" in (tmp_path / "docs" / "retention-policy.md").read_text(encoding="utf-8")
