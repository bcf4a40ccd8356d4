"""Credential cards: one status line per credential, decided from its checks; the badge
image only ever inline and raster."""

from __future__ import annotations

import base64

import pytest
from factories import NOW

from screening.matching.scoring import DEFAULT_CONFIG
from screening.present.cards import attention_first, badge_image
from screening.session.samples import sample_pool, sample_roles
from screening.session.workspace import Pool, snapshot_of
from screening.verify.report import VerificationReport

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(scope="module")
def pool() -> Pool:
    result = sample_pool(NOW)
    return result


@pytest.fixture(scope="module")
def snapshot(pool):
    return snapshot_of(pool, sample_roles()["data-analyst"], DEFAULT_CONFIG, NOW)


@pytest.mark.parametrize(("file", "kind"), [
    ("ada-lovelace/sql.json", "verified"),
    ("alan-turing/python-data-tampered.json", "failed"),
    ("alan-turing/sql-expired.json", "expired"),
    ("edsger-dijkstra/java-not-yet-valid.json", "not_yet_valid"),
    ("grace-hopper/statistics-revoked.json", "revoked"),
    ("mary-seacole/medication-ob2-revoked.json", "revoked"),
    ("katherine-johnson/sql.json", "issuer_unknown"),
])
def test_status_line_names_what_happened(snapshot, file, kind):
    row = next(r for r in snapshot.verification if r.file.endswith(file))
    assert row.plain_status == kind
    assert row.plain_status_title and row.plain_status_reason


def test_every_credential_has_a_status_line_and_its_tone_matches_the_verdict(snapshot):
    for row in snapshot.credential_rows():
        assert row.plain_status
        if row.verdict == "verified":
            assert row.plain_status == "verified"
        if row.verdict == "failed":
            assert row.plain_status in {"failed", "revoked", "suspended", "expired",
                                  "not_yet_valid", "impersonation"}


def test_checks_needing_attention_come_first(snapshot):
    row = next(r for r in snapshot.verification if r.file.endswith("tampered.json"))
    ordered = [c.outcome for c in row.checks_attention_first()]
    assert ordered[0] == "fail"
    assert ordered == sorted(ordered, key=["fail", "indeterminate", "pass", "n/a"].index)
    assert attention_first(["pass", "fail", "n/a", "indeterminate", "fail"]) == [1, 4, 3, 0, 2]


def test_credential_text_comes_from_the_credential(snapshot):
    row = next(r for r in snapshot.verification if r.file.endswith("ada-lovelace/sql.json"))
    assert row.description and row.criteria
    assert "SQL" in snapshot.skills_evidenced(row.key, row.file)


def test_a_baked_png_is_its_own_badge_image(pool):
    row = next(r for r in pool.rows if r.source.endswith("data-visualisation.png"))
    image = badge_image(row.report, row.data)
    assert image.startswith("data:image/png;base64,")
    assert base64.b64decode(image.split(",", 1)[1]) == row.data


def _with_image(value) -> VerificationReport:
    document = {"credentialSubject": {"achievement": {"image": value}}}
    return VerificationReport("x.json", "credential", "vc-ld", (), document=document)


@pytest.mark.parametrize(("value", "shown"), [
    ("data:image/png;base64," + base64.b64encode(PNG).decode(), True),
    ({"id": "data:image/png;base64," + base64.b64encode(PNG).decode()}, True),
    ("https://images.example/badge.png", False),  # never loaded by the browser
    ("data:image/svg+xml;base64," + base64.b64encode(b"<svg/>").decode(), False),
    ("data:image/png;base64," + base64.b64encode(b"<svg onload=x>").decode(), False),
    ("data:image/png;base64,not-base64!!", False),
    ("data:image/png;base64," + base64.b64encode(PNG + b"\x00" * 300_000).decode(), False),
])
def test_only_small_inline_raster_images_are_shown(value, shown):
    assert bool(badge_image(_with_image(value))) is shown


@pytest.mark.parametrize(("details", "kind"), [
    ({"entries": [{"result": "suspended", "purpose": "suspension"}]}, "suspended"),
    ({"entries": [{"result": "suspended"}, {"result": "revoked"}]}, "revoked"),
    ({"entries": [{"result": "clear"}, {"result": "revoked"}]}, "revoked"),
    ({"type": "TokenStatusList", "result": "suspended"}, "suspended"),
    ({"type": "TokenStatusList", "result": "revoked"}, "revoked"),
])
def test_a_suspended_credential_is_not_called_revoked(details, kind):
    from screening.present.cards import status_line
    from screening.verify.report import CheckResult, Status

    report = VerificationReport("c.json", "credential", "vc-ld", (
        CheckResult("proof_verified", Status.PASS, "ok", {}),
        CheckResult("credential_status", Status.FAIL, "The issuer has x this credential.",
                    details)))
    assert status_line(report).kind == kind


def test_a_card_without_an_image_gets_a_neutral_badge_with_the_issuers_initials():
    """Issue 27 P2: never "[ no image ]" and never a remote image: inline SVG whose only
    text is the issuer's initials (ASCII letters and digits), whatever the name holds."""
    from xml.etree import ElementTree

    from screening.present.cards import badge_glyph, initials

    assert initials("Northbridge University") == "NU"
    assert initials("harbour data school") == "HD"
    assert initials("") == "?" and initials("—") == "?"
    for name in ("Northbridge University", '<script>alert(1)</script> "x" & y',
                 "É école", "", "💥 Boom"):
        svg = badge_glyph(name)
        root = ElementTree.fromstring(svg)  # well-formed: nothing of the name escaped out
        texts = [el.text for el in root.iter() if el.text]
        assert texts == [initials(name)] and texts[0].isascii()
        assert "href" not in svg and "http" not in svg.replace(
            "http://www.w3.org/2000/svg", "")
