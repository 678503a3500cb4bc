"""Operator sub-commands for stored data: `kiosk purge --now`, `kiosk audit verify|head|
acknowledge`, `kiosk forget --id N`, and `kiosk privacy-documents --out DIR`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from kiosk.commands.settings_option import add_config_option, command_settings
from kiosk.paths import kiosk_paths
from kiosk.privacy.documents import privacy_impact_assessment, retention_policy
from kiosk.privacy.notice import retention_schedule
from kiosk.safe_files import create_directories, write_atomically
from kiosk.settings import Settings
from kiosk.store import ChainHead, KioskStore, Purger

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
    """Every link, the anchor outside the database, the findings not yet acknowledged and
    any witness given: one line each; exit 1 if anything is wrong."""
    report = store.verify_audit()
    tampered = [problem.message for problem in report.problems]
    for finding in store.tamper_findings:
        if finding.found not in tampered:
            when = datetime.fromtimestamp(finding.at, UTC).isoformat(timespec="seconds")
            tampered.append(f"{finding.found} (found {when}, audit entry {finding.recorded_in})")
    for seq, witnessed in args.witness or []:
        tampered += _against_witness(store, report.head.seq, seq, witnessed)
    if not tampered:
        print(f"audit log intact: {report.entries} entries; {_head_line(report.head)}")
        return 0
    for message in tampered:
        print(f"audit log tampered: {message}")
    if store.tamper_findings:
        print("once this has been looked into: kiosk audit acknowledge")
    return 1


def _head_line(head: ChainHead) -> str:
    return f"audit head: entry {head.seq} {head.hash}"


def _witness(text: str) -> tuple[int, str]:
    seq, _, head = text.partition(":")
    if not (seq.isdigit() and len(head) == 64):
        raise argparse.ArgumentTypeError(
            f"a witness is ENTRY:HASH as `kiosk audit head` printed it, not {text!r}"
        )
    return int(seq), head


def _against_witness(store: KioskStore, end: int, seq: int, witnessed: str) -> list[str]:
    """What is wrong with the log against a head kept off the device ([] if nothing); an
    entry that has expired since is said on stdout, and is no fault."""
    if seq > end:
        return [
            f"the log ends at entry {end}, but entry {seq} was witnessed: the database and the "
            f"anchor beside the keys were rolled back together"
        ]
    found = store.audit_hash(seq)
    if found is None:
        print(f"entry {seq} has expired under the retention schedule; it cannot be checked")
    elif found != witnessed:
        return [f"entry {seq} is not the entry that was witnessed: the log was rewritten"]
    return []


def _audit_head(args: argparse.Namespace, settings: Settings, store: KioskStore) -> int:
    print(_head_line(store.audit_head()))
    return 0


def _audit_acknowledge(args: argparse.Namespace, settings: Settings, store: KioskStore) -> int:
    count = store.acknowledge_tamper(actor="operator")
    print(f"acknowledged {count} tampering findings" if count else "nothing to acknowledge")
    return 0


def _forget(args: argparse.Namespace, settings: Settings, store: KioskStore) -> int:
    templates = store.remove_person(args.person_id, requested_by="operator")
    print(f"forgot enrolment {args.person_id}: {templates} face templates deleted")
    return 0


def _documents(args: argparse.Namespace) -> int:
    settings = command_settings(args)
    try:
        create_directories(args.out)
        for name, text in (
            ("retention-policy.md", retention_policy(settings)),
            ("privacy-impact-assessment.md", privacy_impact_assessment(settings)),
        ):
            write_atomically(args.out / name, text, mode=0o644)
            print(args.out / name)
    except OSError as error:
        raise OSError(
            f"cannot write the privacy documents to {args.out} ({error.strerror or error}): "
            f"choose a folder you can write"
        ) from error
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
    verify.add_argument(
        "--witness",
        type=_witness,
        action="append",
        metavar="ENTRY:HASH",
        help="a head printed earlier by `kiosk audit head` and kept off the device",
    )
    add_config_option(verify)
    verify.set_defaults(handler=_with_store(_audit_verify))
    head = audit_commands.add_parser(
        "head", help="print the newest entry's number and hash, to keep off the device"
    )
    add_config_option(head)
    head.set_defaults(handler=_with_store(_audit_head))
    acknowledge = audit_commands.add_parser(
        "acknowledge", help="record that the tampering findings were looked into (audited)"
    )
    add_config_option(acknowledge)
    acknowledge.set_defaults(handler=_with_store(_audit_acknowledge))

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
