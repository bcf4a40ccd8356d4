"""Plain tables of verification results for the pages, the CLI and exports (no Streamlit)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from screening.verify.codes import title_of
from screening.verify.report import Status, VerificationReport


def verification_table(rows: Iterable[tuple[str, VerificationReport]]) -> pd.DataFrame:
    """One row per credential: candidate, file, verdict, what it is, who issued it, and the
    first check that did not pass."""
    records = []
    for candidate, report in rows:
        for cred in report.iter_credentials():
            problem = next((c for c in cred.checks if c.status is Status.FAIL), None) or next(
                (c for c in cred.checks if c.status is Status.INDETERMINATE), None)
            records.append({
                "candidate": candidate,
                "file": cred.label,
                "verdict": str(cred.verdict),
                "credential": cred.summary.name or "",
                "issuer": cred.summary.issuer_name or cred.summary.issuer_id or "",
                "issuer_id": cred.summary.issuer_id or "",
                "attention": f"{title_of(problem.code)}: {problem.message}" if problem else "",
                "attention_code": problem.code if problem else "",
            })
    return pd.DataFrame.from_records(records, columns=[
        "candidate", "file", "verdict", "credential", "issuer", "issuer_id", "attention",
        "attention_code"])


def checks_table(report: VerificationReport) -> pd.DataFrame:
    """Every check of one credential, in order."""
    return pd.DataFrame.from_records(
        [{"check": title_of(c.code), "code": c.code, "status": str(c.status),
          "message": c.message} for c in report.checks],
        columns=["check", "code", "status", "message"])
