"""Links to credentials: a CSV of candidate -> link(s), or links pasted one per line."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from screening.ingest.items import IntakeError
from screening.ingest.limits import MAX_CSV_ROWS, MAX_LINKS_PER_ROW

NAME_HEADERS = ("candidate", "name", "full name", "candidate name")
EMAIL_HEADERS = ("email", "e-mail", "email address", "candidate email")
# A link column: "link", "URL", "credential link", "badge url", "credentials", "links"...
LINK_HEADER = re.compile(r"((credential|badge|certificate)s?[ _-]?)?(links?|urls?)|"
                         r"(credential|badge|certificate)s?")
_SPLIT = re.compile(r"[\s;|]+")


@dataclass(frozen=True)
class LinkRow:
    """One candidate's links from one CSV row (or one pasted line)."""

    row: int
    links: tuple[str, ...]
    candidate: str | None = None
    email: str | None = None
    problem: IntakeError | None = None


def is_link(text: str) -> bool:
    """An http(s) URL with a host, and nothing else."""
    if not re.fullmatch(r"https?://\S+", text) or len(text) > 2048:
        return False
    try:
        return bool(urlsplit(text).hostname)
    except ValueError:
        return False


COMMENTS = ("#", "//")
MAX_QUOTED = 80  # characters of a bad line or value quoted back


def link_block(text: str) -> list[LinkRow] | None:
    """Links pasted one per line, read line by line; None if the text is not that.

    Blank lines, comments (`#`, `//`) and prose (words with spaces and no `://`, such as
    "Here are my badges:") are ignored, and a first line that is a link column's header
    ("url", "links", ...) is skipped. The text is a link list when at least
    one line is a link and at least half of the others are too (a README that mentions a
    link is not). Each line that is not an http(s) link is a row of its own with a
    `link_invalid` problem naming the line; the good lines are taken."""
    lines = [(number, line.strip()) for number, line in enumerate(text.splitlines(), start=1)
             if not _ignored(line.strip())]
    if lines and _is_link_header(lines[0][1].strip('"')):
        lines = lines[1:]
    good = sum(1 for _, line in lines if is_link(line))
    if not good or good * 2 < len(lines):
        return None
    rows = [LinkRow(number, (line,)) if is_link(line) else LinkRow(number, (), problem=IntakeError(
        "link_invalid", f"Line {number} is not an http(s) link: {_quoted(line)}"))
        for number, line in lines[:MAX_CSV_ROWS]]
    if len(lines) > MAX_CSV_ROWS:
        rows.append(LinkRow(lines[MAX_CSV_ROWS][0], (), problem=IntakeError(
            "csv_too_many_rows", f"Only the first {MAX_CSV_ROWS} lines were read.")))
    return rows


def _ignored(line: str) -> bool:
    return not line or line.startswith(COMMENTS) or (
        bool(re.search(r"\s", line)) and "://" not in line and "www." not in line)


def _quoted(value: str) -> str:
    return f"'{value[:MAX_QUOTED]}…'" if len(value) > MAX_QUOTED else f"'{value}'"


def looks_like_csv(text: str) -> bool:
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    cells = [c.strip().strip('"').lower() for c in re.split(r"[,;\t]", header)]
    return len(cells) > 1 and any(_is_link_header(c) for c in cells)


def _is_link_header(cell: str) -> bool:
    return bool(LINK_HEADER.fullmatch(cell.strip().lower()))


def read_csv(text: str) -> list[LinkRow]:
    """Rows of a candidate CSV: a name and/or email column and one or more link columns."""
    text = text.lstrip("\ufeff")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except (StopIteration, csv.Error) as exc:
        raise IntakeError("csv_invalid", "The CSV file has no header row.") from exc
    name_col = _column(header, NAME_HEADERS)
    email_col = _column(header, EMAIL_HEADERS)
    link_cols = [i for i, h in enumerate(header) if _is_link_header(h)
                 and i not in (name_col, email_col)]
    if not link_cols:
        raise IntakeError("csv_no_link_column", "The CSV has no column of credential links "
                            "(expected a header such as 'credential link' or 'url').")
    rows = []
    try:
        for number, record in enumerate(reader, start=2):
            if number - 1 > MAX_CSV_ROWS:
                rows.append(LinkRow(number, (), problem=IntakeError(
                    "csv_too_many_rows", f"Only the first {MAX_CSV_ROWS} rows were read.")))
                break
            if any(cell.strip() for cell in record):
                rows.append(_row(number, record, name_col, email_col, link_cols))
    except csv.Error as exc:
        raise IntakeError("csv_invalid", f"The CSV file is malformed ({exc}).") from exc
    if not rows:
        raise IntakeError("csv_empty", "The CSV file has a header but no candidates.")
    return rows


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    return next((i for i, h in enumerate(header) if h in names), None)


def _cell(record: list[str], index: int | None) -> str | None:
    if index is None or index >= len(record):
        return None
    return record[index].strip() or None


def _row(number: int, record: list[str], name_col: int | None, email_col: int | None,
         link_cols: list[int]) -> LinkRow:
    name, email = _cell(record, name_col), _cell(record, email_col)
    words = [w for i in link_cols for w in _SPLIT.split(_cell(record, i) or "") if w]
    bad = [w for w in words if not is_link(w)]
    if not words:
        return LinkRow(number, (), name, email, IntakeError(
            "csv_no_link", "This row has no credential link."))
    if len(words) > MAX_LINKS_PER_ROW:
        return LinkRow(number, (), name, email, IntakeError(
            "csv_invalid_link", f"This row has more than {MAX_LINKS_PER_ROW} links."))
    good = tuple(dict.fromkeys(w for w in words if is_link(w)))
    problem = IntakeError("csv_invalid_link", "This row has a value that is not an http(s) "
                          f"link: {', '.join(_quoted(w) for w in bad[:3])}") if bad else None
    return LinkRow(number, good, name, email, problem)  # the good links are still taken
