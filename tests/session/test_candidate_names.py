"""Whom an upload's credentials are filed under (issue 27 P2): the upload's folder,
manifest or CSV first, then the subject's person name or address — never a credential's
or an achievement's name (an SD-JWT's `name` claim is the credential's, not the holder's)."""

from __future__ import annotations

from pathlib import Path

from factories import NOW

from screening import ingest_bytes, run_settings, sample_trust, verify_uploads
from screening.settings import SAMPLE_DIR

WALLET = SAMPLE_DIR / "candidates" / "edsger-dijkstra" / "testing-wallet.sd-jwt"


def owners(path: Path) -> list[tuple[str, str | None]]:
    """(whom each credential of one loose file is filed under, the credential's name)."""
    rows = verify_uploads([ingest_bytes(path.read_bytes(), path.name)],
                          run_settings(NOW, sample_trust()), isolate=False)
    return [(row.candidate, row.report.summary.name) for row in rows]


def test_a_credential_name_never_names_a_candidate() -> None:
    (owner, name), = owners(WALLET)
    assert name == "Automated Software Testing"  # the credential's own name
    assert owner == "edsger@example.com"  # the subject it names (sub: mailto:...)


def test_every_loose_sample_file_is_filed_under_a_person_never_a_credential_name() -> None:
    for path in sorted((SAMPLE_DIR / "candidates").glob("*/*")):
        for owner, name in owners(path):
            assert owner != name, path
