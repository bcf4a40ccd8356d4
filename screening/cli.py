"""Command line: `screening verify FILE... [--json] [--now ISO]` and
`screening rank --role ROLE.toml CANDIDATES_DIR [--json|--csv]`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from screening import (
    Row,
    RunSettings,
    TrustList,
    Verdict,
    run_settings,
    verify_candidate_folders,
    verify_paths,
)
from screening.dates import DateError, parse_datetime
from screening.present.credentials import credential_rows as credential_records
from screening.present.terminal import render_credentials
from screening.text import safe_for_terminal

ONLINE_HELP = ("fetch links, DID documents and status lists from the internet through the "
               "guarded client (default: offline seed indexes only)")
EXIT_FAILED = 1
EXIT_USAGE = 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="screening", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    verify_cmd = sub.add_parser("verify", help="verify credential files")
    verify_cmd.add_argument("files", nargs="+", type=Path,
                            help="credential files, bundles (ZIP), baked images, link CSVs, "
                                 "or folders with one sub-folder per candidate")
    verify_cmd.add_argument("--json", action="store_true",
                            help="print each credential's verdict, plain status and checks "
                                 "as JSON")
    _add_verification_options(verify_cmd, "verification time (ISO 8601), default: now")
    verify_cmd.set_defaults(func=_cmd_verify)
    rank_cmd = sub.add_parser("rank", help="rank candidates against a job role")
    rank_cmd.add_argument("candidates", type=Path,
                          help="directory with one sub-directory of credentials per candidate")
    rank_cmd.add_argument("--role", type=Path, required=True, help="role file (TOML)")
    output = rank_cmd.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the full results as JSON")
    output.add_argument("--csv", action="store_true", help="print the ranking table as CSV")
    _add_verification_options(rank_cmd, "verification and scoring time (ISO 8601)")
    rank_cmd.set_defaults(func=_cmd_rank)
    return parser


def _add_verification_options(command: argparse.ArgumentParser, now_help: str) -> None:
    """--now, --seeds, --trust and --online: what every verifying command needs."""
    command.add_argument("--now", help=now_help)
    command.add_argument("--seeds", type=Path, action="append", default=[],
                         help="offline seed index (JSON {url: file}); repeatable")
    command.add_argument("--trust", type=Path, help="known-issuer list (TOML or JSON)")
    command.add_argument("--online", action="store_true", help=ONLINE_HELP)


def _say(text: str, *, error: bool = False) -> None:
    """Print for a terminal: no escape sequences or control characters from a credential
    can move the cursor, clear the screen or forge a line of their own."""
    print(safe_for_terminal(text, keep_newlines=True), file=sys.stderr if error else sys.stdout)


def _say_csv(text: str) -> None:
    """CSV keeps its CR LF line ends; every line is cleaned like any other output."""
    lines = text.split("\r\n")
    sys.stdout.write("\r\n".join(safe_for_terminal(line) for line in lines))


def _now(args: argparse.Namespace) -> datetime | None:
    """--now, or the current time; None (after saying why) when --now is not a date."""
    try:
        return parse_datetime(args.now) if args.now else datetime.now(UTC)
    except DateError as exc:
        _say(f"screening: --now: {exc}", error=True)
        return None


def _settings(args: argparse.Namespace, now: datetime) -> RunSettings:
    """The run the options describe: --trust, --seeds (then the bundled sample issuers'
    documents) and --online."""
    trust = TrustList.load(args.trust) if args.trust else TrustList()
    return run_settings(now, trust, supplied=args.seeds, online=args.online)


def _cmd_verify(args: argparse.Namespace) -> int:
    now = _now(args)
    if now is None:
        return EXIT_USAGE
    records = credential_records(verify_paths(args.files, _settings(args, now)))
    if args.json:
        _say(json.dumps([record.to_dict() for record in records], indent=2,
                        ensure_ascii=False))
    else:
        _say(render_credentials(records))
    return EXIT_FAILED if any(r.verdict is Verdict.FAILED for r in records) else 0


def _cmd_rank(args: argparse.Namespace) -> int:
    # imported here: `screening verify` never loads the matcher, pandas or the snapshot
    from screening import DEFAULT_CONFIG, compose_snapshot, load_role
    from screening.errors import RoleError
    from screening.present.export import ranking_csv
    from screening.present.terminal import render_ranking

    now = _now(args)
    if now is None:
        return EXIT_USAGE
    try:
        role = load_role(args.role)
    except RoleError as exc:
        _say(f"screening: the role file has problems:\n{exc}", error=True)
        return EXIT_USAGE
    if not args.candidates.is_dir():
        _say(f"screening: {args.candidates} is not a directory", error=True)
        return EXIT_USAGE
    folders = [folder for folder in sorted(args.candidates.iterdir())
               if folder.is_dir() and not folder.name.startswith(".")]
    rows: list[Row] = verify_candidate_folders(folders, _settings(args, now))
    snapshot = compose_snapshot(rows, role, DEFAULT_CONFIG, now,
                                everyone=[folder.name for folder in folders])
    if args.json:
        _say(snapshot.to_json())
    elif args.csv:
        _say_csv(ranking_csv(snapshot))
    else:
        _say(render_ranking(snapshot))
    return 0


if __name__ == "__main__":
    sys.exit(main())
