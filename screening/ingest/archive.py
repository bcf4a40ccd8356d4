"""ZIP bundles and gzip streams, opened with every size, ratio and count capped.

Nothing is ever extracted to disk: members are read into memory with a hard limit that
does not trust the sizes the archive declares, so zip-slip paths and decompression bombs
become error rows instead of files or exhausted memory.
"""

from __future__ import annotations

import csv
import io
import json
import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from screening.ingest.items import InflateBudget, IntakeError, exhausted
from screening.ingest.limits import (
    MAX_ARCHIVE_MEMBERS,
    MAX_COMPRESSION_RATIO,
    MAX_INFLATED_BYTES_PER_UPLOAD,
    MAX_UPLOAD_BYTES,
    MIB,
)

MANIFEST_NAMES = ("manifest.csv", "manifest.json")
IGNORED_PREFIXES = ("__MACOSX/",)
GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")


@dataclass(frozen=True)
class Member:
    """One file of a bundle, with the candidate the bundle assigns it to."""

    path: str
    data: bytes | None  # None when `problem` is set
    candidate: str | None = None
    candidate_email: str | None = None
    problem: IntakeError | None = None


def is_zip(data: bytes) -> bool:
    return data.startswith(ZIP_MAGICS)


def is_gzip(data: bytes) -> bool:
    return data.startswith(GZIP_MAGIC)


def gunzip_capped(data: bytes, limit: int = MAX_UPLOAD_BYTES,
                  budget: InflateBudget | None = None) -> bytes:
    """Inflate a gzip stream, refusing to produce more than `limit` bytes (bomb-safe), nor
    more than the upload's inflate `budget` has left (which it is charged)."""
    budget = budget or InflateBudget(MAX_INFLATED_BYTES_PER_UPLOAD)
    if budget.remaining <= 0:
        raise exhausted()  # nothing is inflated once the upload's allowance is spent
    own_limit = limit
    if budget.remaining < limit:
        limit = budget.remaining
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        raise IntakeError("gzip_invalid", "The compressed file is damaged.") from exc
    # What was inflated is charged, refused or not (issue 28, B5): a ZIP of 200 gzip
    # members that each inflate to the limit before refusal cannot inflate for free.
    budget.take(min(len(out), limit))
    if len(out) > limit or inflater.unconsumed_tail:
        if limit < own_limit:
            budget.take(1)  # the upload's allowance, not the member's own cap, ran out
        raise IntakeError("decompression_bomb", "The compressed file inflates beyond the "
                            "size limit and was not opened.")
    if not inflater.eof:
        raise IntakeError("gzip_invalid", "The compressed file is cut off.")
    return out


def read_zip(data: bytes, budget: InflateBudget | None = None) -> list[Member]:
    """The bundle's files, candidates assigned by manifest or by top-level folder; all
    members together inflate to no more than the upload's `budget` has left."""
    budget = budget or InflateBudget(MAX_INFLATED_BYTES_PER_UPLOAD)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in archive.infolist() if not i.is_dir() and not _ignored(i.filename)]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise IntakeError("zip_invalid", "The ZIP file is damaged or not a ZIP.") from exc
    if len(infos) > MAX_ARCHIVE_MEMBERS:
        raise IntakeError("zip_too_many_files",
                            f"The ZIP holds more than {MAX_ARCHIVE_MEMBERS} files.")
    with archive:
        members = list(_read_members(archive, infos, budget))
    try:
        manifest = _manifest(members)
    except IntakeError as problem:  # the files are still read, assigned by folder
        manifest = {}
        members.append(Member(next(m.path for m in members if m.path in MANIFEST_NAMES),
                              None, problem=problem))
    return [_assign(m, manifest) for m in members
            if m.path not in MANIFEST_NAMES or m.problem is not None]


def _ignored(name: str) -> bool:
    base = posixpath.basename(name.replace("\\", "/"))
    return name.startswith(IGNORED_PREFIXES) or base.startswith(".") or not base


def _read_members(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo],
                  budget: InflateBudget) -> Iterator[Member]:
    for info in infos:
        path = info.filename
        try:
            _check_path(path)
            _check_declared(info)
            if budget.remaining <= 0:
                budget.take(1)  # spent: the rest is refused without inflating anything
            data = _read_capped(archive, info, min(budget.remaining, MAX_UPLOAD_BYTES),
                                budget)
        except IntakeError as problem:
            yield Member(path, None, problem=problem)
            continue
        yield Member(path, data)


def _check_path(path: str) -> None:
    """Zip-slip and odd names: never extracted, but refused so nothing downstream trusts them."""
    parts = path.replace("\\", "/").split("/")
    if path.startswith(("/", "\\")) or ".." in parts or ":" in parts[0] or "\0" in path:
        raise IntakeError("zip_unsafe_path", "A file in the ZIP has an unsafe path and was "
                            "skipped.")


def _check_declared(info: zipfile.ZipInfo) -> None:
    if info.flag_bits & 0x1:
        raise IntakeError("zip_encrypted", "A file in the ZIP is password-protected.")
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > MIB and ratio > MAX_COMPRESSION_RATIO:
        raise IntakeError("decompression_bomb", "A file in the ZIP inflates far beyond its "
                            "compressed size (a decompression bomb) and was not opened.")


def _read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int,
                 budget: InflateBudget) -> bytes:
    """Read at most `limit` bytes, whatever the header claims; what was inflated is
    charged to the upload's `budget`, a refused member's bytes included."""
    try:
        with archive.open(info) as stream:
            data = stream.read(limit + 1)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, zlib.error,
            EOFError, ValueError) as exc:  # ValueError: offsets that point before the file
        raise IntakeError("zip_invalid", "A file in the ZIP is damaged.") from exc
    budget.take(len(data))  # over `limit`: the upload's allowance is spent (the rest is
    return data  # not opened), or the member alone is over MAX_UPLOAD_BYTES


def _manifest(members: list[Member]) -> dict[str, tuple[str | None, str | None]]:
    """path -> (candidate name, email) from manifest.csv / manifest.json at the root."""
    for member in members:
        if member.path in MANIFEST_NAMES and member.data is not None:
            try:
                text = member.data.decode("utf-8-sig")
                rows = _manifest_rows(text, member.path.endswith(".json"))
            except (UnicodeDecodeError, ValueError, csv.Error, RecursionError) as exc:
                raise IntakeError("manifest_invalid", "The bundle's manifest could not be "
                                    "read.") from exc
            return {path: (name, email) for path, name, email in rows}
    return {}


def _manifest_rows(text: str, is_json: bool) -> list[tuple[str, str | None, str | None]]:
    records = json.loads(text) if is_json else list(csv.DictReader(io.StringIO(text)))
    if isinstance(records, dict):
        records = records.get("files", [])
    rows = []
    for record in records if isinstance(records, list) else []:
        if not isinstance(record, dict):
            continue
        lowered = {str(k).strip().lower(): v for k, v in record.items() if k is not None}
        path = lowered.get("file") or lowered.get("path")
        if isinstance(path, str) and path.strip():
            rows.append((path.strip(), _text(lowered.get("candidate") or lowered.get("name")),
                         _text(lowered.get("email"))))
    return rows


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _assign(member: Member, manifest: dict[str, tuple[str | None, str | None]]) -> Member:
    if member.path in manifest:
        name, email = manifest[member.path]
        return Member(member.path, member.data, name, email, member.problem)
    folder = member.path.split("/", 1)[0] if "/" in member.path else None
    return Member(member.path, member.data, folder, None, member.problem)
