"""Real credentials from public repositories (issue 23: "A verdict follows from evidence only").

tests/fixtures/realworld/ holds credentials published by issuers, wallets and validators,
byte-exact, each with the verdict the specifications demand of an offline verifier at a
pinned clock (manifest.json, mirrored by README.md). Each is verified through the product's
public path with the bundled contexts, an empty trust list and a seed fetcher holding only
documents collected byte-exact from a public source (none so far: everything else is
unreachable, and the expectation says what an offline verifier can honestly say).

Where today's code disagrees with the specification the case is `xfail(strict=True)` with
the reason: once the fix lands the test fails, and the marker is removed.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime
from pathlib import Path

import pytest

from screening.batch.runner import Screening
from screening.fetch.seeds import SeedFetcher
from screening.verify.report import Status, VerificationReport
from screening.verify.trust import TrustList

REALWORLD = Path(__file__).resolve().parents[1] / "fixtures" / "realworld"
MANIFEST = json.loads((REALWORLD / "manifest.json").read_text(encoding="utf-8"))
ENTRIES: list[dict] = MANIFEST["files"]
VERDICTS = {"verified", "warning", "unsupported", "failed"}
# The authenticity summary fails with any failing signature check; the manifest names the
# concrete checks only.
SUMMARY = {"proof_verified"}

_ROW = re.compile(r"^\| `([^`]+)` \| `([^`@]+)@([0-9a-f]{40}):([^`]+)` \| ([^|]+) \| ([^|]+) \|"
                  r" ([^|]+) \| (\w+) \| ([^|]+) \|$")


def seed_fetcher() -> SeedFetcher:
    return SeedFetcher({url: REALWORLD / rel for url, rel in MANIFEST["seeds"].items()})


def verify_entry(entry: dict) -> VerificationReport:
    path = REALWORLD / entry["file"]
    now = datetime.fromisoformat(entry["now"].replace("Z", "+00:00"))
    run = Screening(now=now, fetcher=seed_fetcher(), trust=TrustList())
    rows = run.verify_upload(path.read_bytes(), path.name)
    assert len(rows) == 1, [row.report.verdict for row in rows]
    return rows[0].report


def codes_with(report: VerificationReport, status: Status) -> set[str]:
    return {check.code for check in report.checks if check.status is status}


def summary(report: VerificationReport) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for check in report.checks:
        if check.status in (Status.FAIL, Status.INDETERMINATE):
            out.setdefault(str(check.status), []).append(check.code)
    return out


def case(entry: dict):
    marks = [pytest.mark.xfail(strict=True, reason=entry["xfail"])] if entry.get("xfail") else []
    return pytest.param(entry, id=entry["file"], marks=marks)


@pytest.mark.parametrize("entry", [case(e) for e in ENTRIES])
def test_realworld_verdict(entry):
    report = verify_entry(entry)
    seen = (str(report.verdict), summary(report))
    assert str(report.verdict) == entry["expected"], seen
    if entry["expected"] == "failed":
        assert codes_with(report, Status.FAIL) - SUMMARY == set(entry["fail"]), seen
    missing = set(entry["indeterminate"]) - codes_with(report, Status.INDETERMINATE)
    assert not missing, (missing, seen)


# --- the collection itself -----------------------------------------------------------------

def test_manifest_entries_are_complete():
    for entry in ENTRIES:
        assert entry["expected"] in VERDICTS, entry["file"]
        assert entry["reason"].strip() and entry["license"].strip(), entry["file"]
        assert re.fullmatch(r"[0-9a-f]{40}", entry["source"]["commit"]), entry["file"]
        assert entry["source"]["repo"].count("/") == 1 and entry["source"]["path"], entry["file"]
        datetime.fromisoformat(entry["now"].replace("Z", "+00:00"))
        # a failed verdict names what was found wrong; anything else names nothing failing
        assert bool(entry["fail"]) == (entry["expected"] == "failed"), entry["file"]
    assert len({e["file"] for e in ENTRIES}) == len(ENTRIES)


def test_every_file_is_listed_and_byte_exact():
    on_disk = {str(p.relative_to(REALWORLD)) for p in REALWORLD.rglob("*") if p.is_file()}
    seeds = set(MANIFEST["seeds"].values())
    listed = {e["file"] for e in ENTRIES}
    assert on_disk - {"README.md", "manifest.json"} - seeds == listed
    for entry in ENTRIES:
        data = (REALWORLD / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["file"]


def test_readme_agrees_with_manifest():
    rows = {}
    for line in (REALWORLD / "README.md").read_text(encoding="utf-8").splitlines():
        match = _ROW.match(line)
        if match:
            file, repo, commit, path, license_, _what, now, expected, why = match.groups()
            rows[file] = (repo, commit, path, license_.strip(), now.strip(), expected, why.strip())
    assert rows == {
        e["file"]: (e["source"]["repo"], e["source"]["commit"], e["source"]["path"],
                    e["license"], e["now"], e["expected"], e["reason"])
        for e in ENTRIES}


def test_readme_lists_every_disagreement():
    text = (REALWORLD / "README.md").read_text(encoding="utf-8")
    section = text.split("## Disagreements with today's code", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| `([^`]+)` \|", section, flags=re.M))
    assert listed == {e["file"] for e in ENTRIES if e.get("xfail")}
