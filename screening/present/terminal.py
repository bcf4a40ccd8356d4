"""Plain-text views for the terminal: the CLI's tables of credentials and of a ranking.

Credential text is folded to one line and clipped (`screening.text.clip`), so a name with
newlines cannot forge a line of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from screening.present.credentials import CredentialRow
from screening.text import clip
from screening.verify.codes import title_of

if TYPE_CHECKING:  # `verify` prints credentials without loading pandas for snapshots
    from screening.present.snapshot import ScreeningSnapshot


def render_credentials(records: Iterable[CredentialRow]) -> str:
    """One block per credential: verdict and file, what it is and who issued it, the
    card's plain status line, then its checks that did not pass."""
    lines = []
    for row in records:
        lines.append(f"{row.verdict.upper():<12} {clip(row.file, 200)}")
        if row.credential or row.issuer:
            lines.append(f"{'':<12} {clip(row.credential, 60)}  —  issuer: "
                         f"{clip(row.issuer, 70)}")
        lines.append(f"{'':<12} {row.plain_status_title}"
                     + (f": {clip(row.plain_status_reason, 200)}"
                        if row.plain_status_reason else ""))
        for check in row.failing_checks:
            lines.append(f"{'':<12}   {check.outcome:<13} {check.code:<30} "
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
