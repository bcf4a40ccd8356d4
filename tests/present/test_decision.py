"""One screen per candidate decision (issue 27): what the Candidate page and the shared
view show for one candidate, computed from the snapshot without Streamlit."""

from __future__ import annotations

import pytest
from factories import NOW

from screening.matching.scoring import DEFAULT_CONFIG
from screening.present.cards import PlainStatus
from screening.present.decision import decision_summary, issuer_line, issuer_short
from screening.session.samples import sample_pool, sample_roles
from screening.session.workspace import snapshot_of


@pytest.fixture(scope="module")
def snapshot():
    return snapshot_of(sample_pool(NOW), sample_roles()["data-analyst"], DEFAULT_CONFIG, NOW)


def key_of(snapshot, name: str) -> str:
    return next(c.key for c in snapshot.candidates if c.name == name)


def test_a_full_fit_names_every_required_skill_met(snapshot):
    key = key_of(snapshot, "Ada Lovelace")
    summary = decision_summary(snapshot, key)
    fit = snapshot.fit(key)
    assert summary.ranked and summary.fit == f"{fit.fit:.1f}"
    assert summary.band == fit.band_shown and summary.decision == "new"
    required = [r.label for r in fit.requirements if r.required]
    assert summary.required_met == f"{len(required)} of {len(required)}"
    assert summary.met == tuple(required) and not summary.missing and not summary.partly
    assert "Missing" not in summary.required_line


def test_a_knocked_out_fit_names_the_missing_required_skills(snapshot):
    summary = decision_summary(snapshot, key_of(snapshot, "Grace Hopper"))
    assert summary.band == "knocked out"
    assert set(summary.missing) == {"SQL", "Statistics"}
    assert summary.required_line.endswith("Missing: SQL, Statistics")
    assert not set(summary.met) & set(summary.missing)


def test_each_credential_is_a_compact_card_with_its_status_and_evidence(snapshot):
    for key in snapshot.ranked_keys():
        summary = decision_summary(snapshot, key)
        rows = snapshot.credentials_of(key)
        names = [r.credential or r.file for r in rows]
        # a name two credentials share is told apart by its file ("Signed PDF")
        assert [c.title for c in summary.cards] == [
            f"{n} ({r.file})" if names.count(n) > 1 else n
            for n, r in zip(names, rows, strict=True)]
        assert len(set(c.title for c in summary.cards)) == len(rows)
        for card, row in zip(summary.cards, rows, strict=True):
            assert card.index == rows.index(row)
            assert card.status.kind == row.plain_status
            assert list(card.skills) == snapshot.skills_evidenced(key, row.file)
            assert card.checks_needing_attention == len(row.failing_checks)
            assert card.evidence.startswith("Evidence for: " if card.skills else "No ")
    ada = decision_summary(snapshot, key_of(snapshot, "Ada Lovelace"))
    sql = next(c for c in ada.cards if c.title == "SQL for Analysts")
    assert sql.skills == ("SQL",) and sql.status.kind is PlainStatus.VERIFIED
    assert sql.reason == ""  # verified: the issuer line says enough


def test_compact_issuer_lines_say_what_is_true(snapshot):
    """Issue 27: an unknown issuer is "not on your list", never "partly verified"; a
    credential posing as a known issuer is never called known."""
    katherine = decision_summary(snapshot, key_of(snapshot, "Katherine Johnson"))
    unknown = [c for c in katherine.cards if c.status.kind is PlainStatus.ISSUER_UNKNOWN]
    assert unknown and all("not on your list" in c.issuer for c in unknown)
    assert all("partly" not in c.issuer.lower() + c.status.title.lower() for c in unknown)
    radia = key_of(snapshot, "Radia Perlman")
    forged = next(r for r in snapshot.credentials_of(radia) if r.verdict == "failed")
    assert "not signed with its key" in issuer_short(forged)
    assert "known issuer" not in issuer_short(forged)
    assert "posing" in issuer_line(forged)
    revoked = next(c for c in decision_summary(snapshot, key_of(snapshot, "Grace Hopper")).cards
                   if c.status.kind is PlainStatus.REVOKED)
    assert revoked.reason  # why it is not verified, on the card itself


def test_a_long_issuer_id_is_shortened_on_the_compact_card_only(snapshot):
    row = next(r for r in snapshot.verification if len(r.issuer) > 200)
    assert len(issuer_short(row)) < 120
    assert row.issuer in issuer_line(row) or row.known_issuer in issuer_line(row)


def test_a_signed_document_names_its_signer_and_an_unsigned_one_names_nobody(snapshot):
    """Issue 24 on the compact card: a signed PDF's issuer is its signer (whether that
    signer's authority is listed is its status line), and a document that names no issuer
    (an unsigned PDF) says so instead of "From —"."""
    from dataclasses import replace

    from screening.present.credentials import CheckLine
    from screening.verify.report import Status

    base = snapshot.credentials_of(key_of(snapshot, "Ada Lovelace"))[0]
    signed = replace(base, issuer="Harbour Data School", issuer_id="", known_issuer="",
                     checks=(CheckLine("pdf_signature_intact", Status.PASS, ""),
                             CheckLine("certificate_chain_trusted", Status.INDETERMINATE,
                                       "")))
    assert issuer_short(signed) == "Signed by Harbour Data School"
    assert "who signed the document" in issuer_line(signed)
    unsigned = replace(base, issuer="", issuer_id="", known_issuer="",
                       checks=(CheckLine("pdf_signed", Status.INDETERMINATE, ""),))
    assert "—" not in issuer_short(unsigned)
    assert "known issuer" not in issuer_short(unsigned)
