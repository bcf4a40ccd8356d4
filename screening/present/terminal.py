"""Plain-text views for the terminal: the CLI's tables of reports and of a ranking.

Credential text is folded to one line and clipped (`screening.text.clip`), so a name with
newlines cannot forge a line of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from screening.text import clip
from screening.verify.codes import title_of
from screening.verify.report import Status, VerificationReport

if TYPE_CHECKING:  # `verify` prints reports without loading pandas for snapshots
    from screening.present.snapshot import ScreeningSnapshot


def render_reports(reports: Iterable[VerificationReport]) -> str:
    """One line per credential plus its checks that did not pass."""
    lines = []
    for report in reports:
        rows = [report] if report.kind != "presentation" else [report, *report.iter_credentials()]
        for row in rows:
            name = row.summary.name or row.summary.id or ""
            issuer = row.summary.issuer_name or row.summary.issuer_id or ""
            lines.append(f"{row.verdict.upper():<12} {clip(row.label, 200)}")
            if name or issuer:
                lines.append(f"{'':<12} {clip(name, 60)}  —  issuer: {clip(issuer, 70)}")
            for check in row.checks:
                if check.status in (Status.PASS, Status.NA):
                    continue
                lines.append(f"{'':<12}   {check.status:<13} {check.code:<30} "
                             f"{title_of(check.code)}: {clip(check.message, 300)}")
    return "\n".join(lines)


def render_ranking(snapshot: ScreeningSnapshot) -> str:
    """One block per candidate, in rank order."""
    lines = [f"Role: {clip(snapshot.role.title, 80)} ({clip(snapshot.role.id, 60)})   "
             f"scoring config {snapshot.config.digest[:12]}"]
    labels = snapshot.labels()
    for row in snapshot.ranking:
        band = row.band_shown.upper()  # "KNOCKED OUT" overrides the band
        lines.append(f"{row.rank:>2}. {row.fit:5.1f}  {band:<11}  "
                     f"{clip(labels.get(row.key, row.candidate), 40)}"
                     f"  required {row.required_met}/{row.required_total}")
        lines.append(f"    {clip(row.explanation, 400)}")
    return "\n".join(lines)
