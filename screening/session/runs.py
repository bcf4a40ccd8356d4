"""Verifying what a recruiter received: the one upload → verify use case.

The pages (uploads, pasted links, the demo pool, a large bundle), `screening verify` and
`screening rank`, and re-verification all call `verify_uploads`: intake failures become
rows first, then every item goes through the one verification loop
(`batch.runner.verify_each`, with its upload guard and prefetch), in this process or — for
uploads from the outside world and large pools — in worker processes under limits.

Which documents a run may read is decided here too (`run_settings`): the recruiter's
supplied documents, then the bundled sample issuers', then — online — the network.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from screening.batch.parallel import verify_items
from screening.batch.runner import Row, RunSettings, candidate_uploads, intake_failure
from screening.ingest import IngestedItem, IntakeFailure, ingest_bytes
from screening.settings import SAMPLE_SEEDS
from screening.verify import budget
from screening.verify.trust import TrustList

Intake = tuple[list[IngestedItem], list[IntakeFailure]]  # what ingest_bytes/ingest_text return
Progress = Callable[[int, int], None]  # (rows done, rows in all)


def seed_indexes(supplied: Iterable[Path] = ()) -> tuple[Path, ...]:
    """Offline copies of remote documents, first that holds a URL answers: the ones the
    recruiter supplied, then the bundled sample issuers'."""
    return (*supplied, *((SAMPLE_SEEDS,) if SAMPLE_SEEDS.exists() else ()))


def run_settings(now: datetime, trust: TrustList, *, supplied: Iterable[Path] = (),
                 online: bool = False) -> RunSettings:
    """The outside world of one run: the one place the app and the CLI choose where
    documents come from (seed indexes, then the guarded client only when `online`)."""
    return RunSettings(now, trust, seed_indexes(supplied), online=online)


def verify_uploads(batches: Sequence[Intake], settings: RunSettings, *,
                   isolate: bool = False, progress: Progress | None = None) -> list[Row]:
    """Rows for every intake result, upload by upload: the files intake could not take,
    then each credential. `isolate`: verify in worker processes under CPU-time and memory
    limits however few there are (uploads from the outside world, in the app)."""
    return [row for rows in verify_batches(batches, settings, isolate=isolate,
                                           progress=progress) for row in rows]


def verify_batches(batches: Sequence[Intake], settings: RunSettings, *,
                   isolate: bool = False, progress: Progress | None = None
                   ) -> list[list[Row]]:
    """`verify_uploads`, with the rows of each intake result kept apart. Every item of
    every batch is verified in one run (one cache, one guard, all cores)."""
    failures = [[intake_failure(error) for error in errors] for _, errors in batches]
    items = [item for found, _ in batches for item in found]
    failed = sum(map(len, failures))
    total = failed + len(items)

    def counted(done: int, _items: int) -> None:
        if progress is not None:
            progress(failed + done, total)

    verified = iter(verify_items(items, settings, isolate=isolate, progress=counted))
    return [[*rows, *(next(verified) for _ in found)]
            for rows, (found, _) in zip(failures, batches, strict=True)]


def read_paths(paths: Iterable[Path]) -> list[Intake]:
    """Intake results for files, and folders with one sub-folder per candidate, through
    the same intake as the app; a file that cannot be read is a failed row."""
    found: list[Intake] = []
    for path in paths:
        if path.is_dir():
            found += [ingest_bytes(data, label, candidate)
                      for label, data, candidate in candidate_uploads(path)]
            continue
        try:
            data = path.read_bytes()
        except OSError as exc:
            found.append(([], [IntakeFailure(str(path), "unreadable", "The file could not be "
                                             f"read ({exc.strerror}).")]))
        else:
            found.append(ingest_bytes(data, str(path)))
    return found


def verify_paths(paths: Sequence[Path], settings: RunSettings) -> list[Row]:
    """`screening verify`: every credential in the files and folders named."""
    return verify_uploads(read_paths(paths), settings)


def verify_candidate_folders(folders: Sequence[Path], settings: RunSettings) -> list[Row]:
    """`screening rank`: every credential in each candidate's folder, filed under the
    folder's name and labelled by its path inside the folder."""
    files = [(folder, path) for folder in folders for path in sorted(folder.rglob("*"))
             if path.is_file() and not any(part.startswith(".")
                                           for part in path.relative_to(folder).parts)]
    per_file = verify_batches(read_paths([path for _, path in files]), settings)
    rows: list[Row] = []
    for (folder, path), found in zip(files, per_file, strict=True):
        label = str(path.relative_to(folder))
        rows += [replace(row, candidate=folder.name, report=replace(
            row.report, label=label if len(found) == 1 else row.report.label))
            for row in found]
    return rows


def not_checked(rows: Iterable[Row]) -> int:
    """Rows an upload's budget left unchecked (`upload_budget_exceeded`): a page says so
    at once, beside the rows themselves."""
    return sum(1 for row in rows if row.report.check(budget.UPLOAD) is not None)
