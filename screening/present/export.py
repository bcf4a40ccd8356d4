"""Exports a recruiter opens in a spreadsheet: one CSV writer for the app and the CLI.

Every cell is neutralised against formula injection (CSV injection): a value that starts
with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`, so Excel,
LibreOffice and Google Sheets show it as text instead of running it. This applies to every
cell, numbers included, as written (a negative number becomes text: exports here have none
that matter, and safety beats convenience). List cells are joined with "; ".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from screening.present.snapshot import ScreeningSnapshot

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

RANKING_EXPORT = ["rank", "candidate", "fit", "band", "knocked_out", "required_met",
                  "required_total", "missing", "top_evidence", "flags", "credentials_counted",
                  "credentials_excluded", "explanation"]
# the card's plain status beside the verdict: its words (Revoked, Expired, Issuer unknown)
# and its stable code
VERIFICATION_EXPORT = ["candidate", "file", "kind", "verdict", "plain_status_title",
                       "plain_status", "credential", "issuer", "issuer_id", "known_issuer",
                       "attention", "attention_code", "source", "sha256"]


def csv_cell(value: Any) -> str:
    """One cell as spreadsheet-safe text."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = "; ".join("" if v is None else str(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def display_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells are neutralised like CSV cells (lists joined with "; "):
    for a data grid that offers its own "Download as CSV". Numbers and booleans stay."""
    safe = frame.copy()
    for column in safe.columns:
        dtype = safe[column].dtype
        if not (pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)
                or pd.api.types.is_datetime64_any_dtype(dtype)):
            safe[column] = safe[column].map(_display_cell).astype(object)
    return safe


def _display_cell(value: Any) -> Any:
    if isinstance(value, str | list | tuple):
        return csv_cell(value)
    return value


def csv_text(records: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """Records as CSV with a header row, every cell neutralised."""
    buffer = io.StringIO()
    # RFC 4180 line ends: the writer then quotes any cell holding CR or LF (with "\n"
    # alone it left a bare CR unquoted, and a spreadsheet split the row there)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_cell(c) for c in columns])
    for record in records:
        writer.writerow([csv_cell(record.get(c)) for c in columns])
    return buffer.getvalue()


def ranking_csv(snapshot: ScreeningSnapshot) -> str:
    """The ranking, one row per candidate in rank order."""
    return csv_text(snapshot.ranking_frame().to_dict("records"), RANKING_EXPORT)


def verification_csv(snapshot: ScreeningSnapshot) -> str:
    """Every credential (and each presentation's own holder proof, as kind "presentation")
    with its verdict and the first check that needs attention."""
    return csv_text(snapshot.verification_frame(presentations=True).to_dict("records"),
                    VERIFICATION_EXPORT)
