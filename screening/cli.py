"""Command line: `screening verify FILE... [--json] [--now ISO]` and
`screening rank --role ROLE.toml CANDIDATES_DIR [--json|--csv]`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from screening.batch.runner import Row, Screening, candidate_uploads, intake_failure
from screening.dates import DateError, parse_datetime
from screening.fetch.seeds import Fetcher, seeded
from screening.ingest import IntakeFailure
from screening.settings import SAMPLE_SEEDS
from screening.text import safe_for_terminal
from screening.verify.report import Verdict, VerificationReport
from screening.verify.trust import TrustList

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
    verify_cmd.add_argument("--json", action="store_true", help="print JSON reports")
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


def _cmd_verify(args: argparse.Namespace) -> int:
    now = _now(args)
    if now is None:
        return EXIT_USAGE
    trust = TrustList.load(args.trust) if args.trust else TrustList()
    screening = Screening(now=now, fetcher=_fetcher(args.seeds, args.online), trust=trust)
    rows = [row for path in args.files for row in _verify_path(screening, path)]
    reports = [row.report for row in rows]
    if args.json:
        _say(json.dumps([row.to_dict() for row in rows], indent=2, ensure_ascii=False))
    else:
        from screening.present.terminal import render_reports

        _say(render_reports(reports))
    failed = any(
        Verdict.FAILED in {r.verdict, *(c.verdict for c in r.iter_credentials())}
        for r in reports
    )
    return EXIT_FAILED if failed else 0


def _verify_path(screening: Screening, path: Path) -> list[Row]:
    """Everything one command-line argument holds, through the same intake as the app."""
    if path.is_dir():
        return [row for label, data, candidate in candidate_uploads(path)
                for row in screening.verify_upload(data, label, candidate)]
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [intake_failure(IntakeFailure(str(path), "unreadable",
                                           f"The file could not be read ({exc.strerror})."))]
    return screening.verify_upload(data, str(path))


def _fetcher(seed_indexes: list[Path], online: bool = False) -> Fetcher:
    """Offline seed indexes first; with --online, then the guarded HTTP client."""
    indexes = [*seed_indexes, *([SAMPLE_SEEDS] if SAMPLE_SEEDS.exists() else [])]
    if online:
        from screening.fetch.http import online_fetcher  # only online: its HTTP stack

        return online_fetcher(indexes)
    return seeded(indexes)


def _cmd_rank(args: argparse.Namespace) -> int:
    from screening.errors import RoleError
    from screening.matching.ranking import rank_candidates
    from screening.matching.roles import load_role
    from screening.matching.scoring import DEFAULT_CONFIG
    from screening.present.export import ranking_csv
    from screening.present.snapshot import build_snapshot
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
    trust = TrustList.load(args.trust) if args.trust else TrustList()
    fetcher = _fetcher(args.seeds, args.online)
    folders = [folder for folder in sorted(args.candidates.iterdir())
               if folder.is_dir() and not folder.name.startswith(".")]
    rows = [row for folder in folders
            for row in _candidate_rows(folder, now=now, fetcher=fetcher, trust=trust)]
    reports: dict[str, list[VerificationReport]] = {folder.name: [] for folder in folders}
    for row in rows:
        reports[row.candidate].append(row.report)
    ranking = rank_candidates(role, reports, DEFAULT_CONFIG, now)
    snapshot = build_snapshot(rows, ranking, role, DEFAULT_CONFIG, now)
    if args.json:
        _say(snapshot.to_json())
    elif args.csv:
        _say_csv(ranking_csv(snapshot))
    else:
        _say(render_ranking(snapshot))
    return 0


def _candidate_rows(directory: Path, *, now: datetime, fetcher: Fetcher,
                    trust: TrustList) -> list[Row]:
    """Every credential in one candidate's directory (filed under the directory's name),
    through the same intake as the app (JSON, JWT, baked images, ZIP bundles, link CSVs),
    labelled by file name."""
    screening = Screening(now=now, fetcher=fetcher, trust=trust)
    found = []
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        if any(part.startswith(".") for part in path.relative_to(directory).parts):
            continue
        rows = _verify_path(screening, path)
        label = str(path.relative_to(directory))
        found += [replace(row, candidate=directory.name, report=replace(
            row.report, label=label if len(rows) == 1 else row.report.label)) for row in rows]
    return found


def _candidate_reports(directory: Path, *, now: datetime, fetcher: Fetcher,
                       trust: TrustList) -> list[VerificationReport]:
    return [row.report for row in _candidate_rows(directory, now=now, fetcher=fetcher,
                                                  trust=trust)]


if __name__ == "__main__":
    sys.exit(main())
