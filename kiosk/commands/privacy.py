"""Operator sub-commands for stored data: `kiosk purge --now`, `kiosk audit verify`,
`kiosk forget --id N`, and `kiosk privacy-documents --out DIR`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from kiosk.commands.settings_option import add_config_option, command_settings
from kiosk.paths import kiosk_paths
from kiosk.privacy.documents import privacy_impact_assessment, retention_policy
from kiosk.privacy.notice import retention_schedule
from kiosk.safe_files import write_atomically
from kiosk.settings import Settings
from kiosk.store import KioskStore, Purger

StoreCommand = Callable[[argparse.Namespace, Settings, KioskStore], int]


def _with_store(command: StoreCommand) -> Callable[[argparse.Namespace], int]:
    """Open the settings and the store for `command` (errors become one `kiosk:` line in
    kiosk.cli)."""

    def handler(args: argparse.Namespace) -> int:
        settings = command_settings(args)
        with KioskStore.open(kiosk_paths(), settings.privacy) as store:
            return command(args, settings, store)

    return handler


def _purge(args: argparse.Namespace, settings: Settings, store: KioskStore) -> int:
    report = Purger.from_settings(store, settings.privacy).run_once(
        confirm_clock=args.confirm_clock
    )
    if report.clock_alert:
        print(f"kiosk: {report.clock_alert}", file=sys.stderr)
    output = {
        "removed": report.counts(),
        "removed_person_ids": list(report.removed_person_ids),
        "retention_days": retention_schedule(settings.privacy.retention),
    }
    print(json.dumps(output, indent=2))
    return 0


def _audit_verify(args: argparse.Namespace, settings: Settings, store: KioskStore) -> int:
    report = store.verify_audit()
    if report.intact:
        print(f"audit log intact: {report.entries} entries")
        return 0
    for problem in report.problems:
        print(f"audit log tampered: {problem.message}")
    return 1


def _forget(args: argparse.Namespace, settings: Settings, store: KioskStore) -> int:
    templates = store.remove_person(args.person_id, requested_by="operator")
    print(f"forgot enrolment {args.person_id}: {templates} face templates deleted")
    return 0


def _documents(args: argparse.Namespace) -> int:
    settings = command_settings(args)
    try:
        args.out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OSError(
            f"cannot make the folder {args.out} ({error.strerror}): choose a folder you can write"
        ) from error
    for name, text in (
        ("retention-policy.md", retention_policy(settings)),
        ("privacy-impact-assessment.md", privacy_impact_assessment(settings)),
    ):
        write_atomically(args.out / name, text, mode=0o644)
        print(args.out / name)
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    purge = subparsers.add_parser("purge", help="delete data whose retention window has passed")
    purge.add_argument("--now", action="store_true", required=True, help="purge immediately")
    purge.add_argument(
        "--confirm-clock",
        action="store_true",
        help="the system clock is right after a leap: purge by it (audited)",
    )
    add_config_option(purge)
    purge.set_defaults(handler=_with_store(_purge))

    audit = subparsers.add_parser("audit", help="the tamper-evident audit log")
    audit_commands = audit.add_subparsers(dest="audit_command", required=True)
    verify = audit_commands.add_parser("verify", help="check that no entry was edited or removed")
    add_config_option(verify)
    verify.set_defaults(handler=_with_store(_audit_verify))

    forget = subparsers.add_parser("forget", help="delete an enrolled person and their templates")
    forget.add_argument(
        "--id", type=int, required=True, dest="person_id", help="the enrolment id to delete"
    )
    add_config_option(forget)
    forget.set_defaults(handler=_with_store(_forget))

    documents = subparsers.add_parser(
        "privacy-documents",
        help="write the retention policy and a privacy impact assessment from the settings",
    )
    documents.add_argument("--out", type=Path, required=True, help="folder to write them to")
    add_config_option(documents)
    documents.set_defaults(handler=_documents)
