"""One screen per candidate decision: what a recruiter reads to decide on one candidate —
name, fit and band, required skills met and missing, each credential as a compact card
(its plain status line and the skills it evidences) — computed from a snapshot, so every
view (the Candidate page, a saved screening, the shared view) lays out the same words.
The details (every check, the evidence per requirement) stay in the snapshot, one click
away in the views.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from screening.present.cards import PlainStatus, StatusLine, plain_title
from screening.present.credentials import CredentialRow
from screening.present.snapshot import ScreeningSnapshot
from screening.present.vocabulary import Coverage, RecruiterDecision
from screening.verify.report import Status

# the checks that fail when a credential poses as an issuer: a known issuer's name on
# another's key, or a key that is not the named issuer's
POSING_CHECKS = frozenset({"issuer_impersonation", "issuer_controls_key"})


def status_of(row: CredentialRow) -> StatusLine:
    """The card's plain status line, as the snapshot recorded it."""
    return StatusLine(row.plain_status, row.plain_status_title or plain_title(row.plain_status),
                      row.plain_status_reason)


def posing(row: CredentialRow) -> frozenset[str]:
    """The posing checks this credential failed (empty when it poses as nobody)."""
    return frozenset(c.code for c in row.checks if c.outcome == Status.FAIL) & POSING_CHECKS


def issuer_line(row: CredentialRow) -> str:
    """Who issued it and what is true about that: a known issuer, not on the list, or a
    name or key that is not the named issuer's (then whether the name is on the list is
    beside the point, and nobody is offered to trust it)."""
    if row.kind == "presentation":
        return row.issuer  # whom its credentials are about (credentials.py)
    if row.signer_certified is not None:  # a signed document: its signer is its issuer
        return f"Issuer: {row.issuer or '—'}, who signed the document"
    found = posing(row)
    return f"Issuer: {row.issuer or '—'}" + (
        " · uses the name of one of your known issuers, but is not signed with its key"
        if "issuer_impersonation" in found
        else " · not signed with a key of this issuer: it may be posing as them"
        if found else f" · known issuer: {row.known_issuer}" if row.known_issuer
        else " · not on your list of known issuers")


def issuer_short(row: CredentialRow, limit: int = 60) -> str:
    """The issuer line of a compact card: who, and whether they are known, in a few words
    (a long identifier shortened with "…"; the card's details show it whole)."""
    if row.kind == "presentation":
        return row.issuer
    if not row.issuer and not row.issuer_id:
        return "No issuer stated"  # an unsigned PDF, a picture: nobody to name
    name = row.issuer or row.issuer_id or ""
    if len(name) > limit:
        name = name[: limit - 1] + "…"
    if row.signer_certified is not None:  # a signed document: the status line says
        return f"Signed by {name}"  # whether its signer's authority is listed
    found = posing(row)
    if "issuer_impersonation" in found:
        return f"Uses the name of your known issuer {name}, not its key"
    if found:
        return f"Names {name} as issuer, not signed with its key"
    if row.known_issuer:
        return f"From {row.known_issuer} · known issuer"
    return f"From {name} · not on your list of known issuers"


def dates_line(row: CredentialRow) -> str:
    """'Issued 2025-03-01 · expires 2027-03-01', either part, or ""."""
    dates = " · ".join(part for part in (
        f"issued {row.valid_from[:10]}" if row.valid_from else "",
        f"expires {row.valid_until[:10]}" if row.valid_until else "") if part)
    return dates[:1].upper() + dates[1:]


@dataclass(frozen=True)
class CompactCard:
    """One credential in a line or two: what it is, its status, whose it is, what it shows
    for this role. `index` is its place in `ScreeningSnapshot.credentials_of`."""

    index: int
    title: str  # the credential's name, else its file (untrusted: plain text)
    status: StatusLine
    issuer: str  # the compact issuer line (`issuer_short`)
    skills: tuple[str, ...]  # the role's requirements it adds points to
    dates: str
    file: str
    checks: int
    checks_needing_attention: int

    @property
    def reason(self) -> str:
        """Why the status, when it is not plain "Verified" (then the issuer line says
        enough)."""
        return "" if self.status.kind is PlainStatus.VERIFIED else self.status.reason

    @property
    def evidence(self) -> str:
        """What it shows for this role, in words."""
        if self.skills:
            return "Evidence for: " + ", ".join(self.skills)
        return "No evidence for this role's skills"


@dataclass(frozen=True)
class DecisionSummary:
    """What one candidate's decision screen shows, in the order it is read."""

    key: str
    name: str
    email: str
    decision: RecruiterDecision
    notes: str
    ranked: bool
    fit: str  # "96.6", or "" when the candidate is not ranked
    band: str
    required_met: str  # "2 of 3"
    met: tuple[str, ...]  # required skills met
    missing: tuple[str, ...]  # required skills without counted evidence
    partly: tuple[str, ...]  # required skills with some evidence, not enough to be met
    explanation: str
    cards: tuple[CompactCard, ...]

    @property
    def required_line(self) -> str:
        """Required skills in one line: which are met and which are missing."""
        if not self.ranked:
            return ""
        if not self.met and not self.missing:
            return "The role asks for no required skills."
        parts = []
        if self.met:
            parts.append("Met: " + ", ".join(self.met))
        if self.partly:
            parts.append("Partly met: " + ", ".join(self.partly))
        if self.missing:
            parts.append("Missing: " + ", ".join(self.missing))
        return " · ".join(parts)


def compact_cards(snapshot: ScreeningSnapshot, key: str) -> tuple[CompactCard, ...]:
    """A compact card per credential row of the candidate (presentations included, as the
    verification table lists them), in the snapshot's order."""
    rows = snapshot.credentials_of(key)
    names = Counter(row.credential or row.file for row in rows)
    return tuple(_card(i, row, status_of(row), names, snapshot.skills_evidenced(key, row.file))
                 for i, row in enumerate(rows))


def _card(index: int, row: CredentialRow, status: StatusLine, names: Counter[str],
          skills: Iterable[str]) -> CompactCard:
    return CompactCard(
        index=index, title=_title(row, names), status=status,
        issuer=_unless_said(issuer_short(row), status), skills=tuple(skills),
        dates=dates_line(row), file=row.file, checks=len(row.checks),
        checks_needing_attention=len(row.failing_checks))


def _unless_said(line: str, status: StatusLine) -> str:
    """The issuer line, unless the status reason already says it ("Signed by X; …")."""
    return "" if line and status.kind is not PlainStatus.VERIFIED and line in status.reason \
        else line


def _title(row: CredentialRow, names: Counter[str]) -> str:
    """The credential's name, else its file; with the file when two share a name (two
    "Signed PDF" cards)."""
    name = row.credential or row.file
    return f"{name} ({row.file})" if names[name] > 1 and name != row.file else name


def decision_summary(snapshot: ScreeningSnapshot, key: str) -> DecisionSummary:
    """Everything the candidate's decision screen shows, from the snapshot alone."""
    entry = snapshot.entry(key)
    fit = snapshot.fit(key)
    required = [r for r in fit.requirements if r.required] if fit is not None else []
    missing = tuple(fit.missing) if fit is not None else ()
    met = tuple(r.label for r in required if r.label not in missing
                and r.coverage == Coverage.MET)
    partly = tuple(r.label for r in required if r.label not in missing
                   and r.coverage != Coverage.MET)
    return DecisionSummary(
        key=key, name=snapshot.labels().get(key, key),
        email=snapshot.email(key) or "",
        decision=entry.decision if entry is not None else RecruiterDecision.NEW,
        notes=entry.notes if entry is not None else "",
        ranked=fit is not None,
        fit=f"{fit.fit:.1f}" if fit is not None else "",
        band=str(fit.band_shown) if fit is not None else "",
        required_met=f"{fit.required_met} of {fit.required_total}" if fit is not None
        else "",
        met=met, missing=missing, partly=partly,
        explanation=fit.explanation if fit is not None else "",
        cards=compact_cards(snapshot, key))
