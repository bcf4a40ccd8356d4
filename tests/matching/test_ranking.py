"""Ranking realistic candidates end to end: minted credentials, the real verifier, the
sample roles, the DataFrame and `screening rank`."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from factories import UNIVERSITY, open_badge

from screening.cli import main
from screening.matching.ranking import COLUMNS, rank_candidates
from screening.matching.roles import list_roles, load_role
from screening.session.runs import run_settings, verify_candidate_folders
from screening.testing.issuers import Issuer
from screening.testing.signing import sign
from screening.verify import verify
from screening.verify.report import VerificationReport
from screening.verify.trust import KnownIssuer, TrustList

ROOT = Path(__file__).resolve().parents[2]
ROLE = load_role(ROOT / "sample_data" / "roles" / "data-analyst.toml")
NOW = datetime(2026, 6, 1, tzinfo=UTC)
ACADEMY = Issuer.from_seed("test-ranking:data-academy")
MILL = Issuer.from_seed("test-ranking:diploma-mill")  # not on the known-issuer list
TRUST = TrustList([KnownIssuer(UNIVERSITY.did_key, "Example University"),
                   KnownIssuer(ACADEMY.did_key, "Data Academy")])
ISSUER_NAMES = {UNIVERSITY.did_key: "Example University", ACADEMY.did_key: "Data Academy",
                MILL.did_key: "Diploma Mill"}
ESCO = "http://data.europa.eu/esco/skill/"
SQL = ESCO + "598de5b0-5b58-4ea7-8058-a4bc4d18c742"
PYTHON = ESCO + "ccd0a1d9-afda-43d9-b901-96344886e14d"
STATISTICS = ESCO + "7ee4c2ea-b349-4bd2-81a3-ec31475d4833"

_serial = iter(range(1, 10_000))


def mint(issuer: Issuer, name: str, *, esco: str | None = None, tags: tuple[str, ...] = (),
         **extra: Any) -> dict[str, Any]:
    serial = next(_serial)
    doc = open_badge(issuer, name=name, **extra)
    # each issuer under its own name (a badge naming a known issuer's organisation from
    # another key fails issuer_impersonation)
    doc["issuer"]["name"] = ISSUER_NAMES[issuer.did_key]
    doc["id"] = f"urn:uuid:00000000-0000-4000-8000-{serial:012d}"
    doc["validFrom"] = "2025-09-01T00:00:00Z"
    achievement = doc["credentialSubject"]["achievement"]
    achievement["id"] = f"https://example.edu/achievements/{serial}"
    achievement["description"] = f"Awarded for {name}."
    if esco:
        achievement["alignment"] = [{"type": ["Alignment"], "targetName": name,
                                     "targetUrl": esco, "targetFramework": "ESCO"}]
    if tags:
        achievement["tag"] = list(tags)
    return sign(doc, issuer, suite="eddsa-jcs-2022")


def tamper(doc: dict[str, Any]) -> dict[str, Any]:
    forged = copy.deepcopy(doc)
    forged["credentialSubject"]["achievement"]["name"] = "Advanced SQL (Distinction)"
    return forged


@pytest.fixture(scope="module")
def documents() -> dict[str, dict[str, dict[str, Any]]]:
    sql = mint(ACADEMY, "SQL for Analysts", esco=SQL)
    python = mint(UNIVERSITY, "Data Analysis with Python", esco=PYTHON)
    stats = mint(UNIVERSITY, "Applied Statistics", esco=STATISTICS)
    return {
        # every required skill verified, plus two preferred ones
        "priya": {"sql.json": sql, "python.json": python, "statistics.json": stats,
                  "tableau.json": mint(ACADEMY, "Dashboards in Practice", tags=("Tableau",)),
                  "excel.json": mint(ACADEMY, "Excel for Business", tags=("Excel",))},
        # required skills verified, statistics only from an unknown issuer
        "marcus": {"sql.json": mint(ACADEMY, "SQL for Analysts", esco=SQL),
                   "python.json": mint(UNIVERSITY, "Python", esco=PYTHON),
                   "statistics.json": mint(MILL, "Statistics", esco=STATISTICS)},
        # every required skill, but all from an issuer nobody knows
        "jo": {"sql.json": mint(MILL, "SQL", esco=SQL),
               "python.json": mint(MILL, "Python", esco=PYTHON),
               "statistics.json": mint(MILL, "Statistics", esco=STATISTICS)},
        # strong, verified — but no SQL at all
        "lena": {"python.json": mint(UNIVERSITY, "Python", esco=PYTHON),
                 "statistics.json": mint(UNIVERSITY, "Statistics", esco=STATISTICS)},
        # SQL tampered with, Python expired: only statistics counts
        "omar": {"sql-tampered.json": tamper(mint(ACADEMY, "SQL", esco=SQL)),
                 "python-expired.json": mint(UNIVERSITY, "Python", esco=PYTHON,
                                             validUntil="2026-01-01T00:00:00Z"),
                 "statistics.json": mint(UNIVERSITY, "Statistics", esco=STATISTICS)},
        # nothing that survives verification
        "sam": {"sql-tampered.json": tamper(mint(ACADEMY, "SQL", esco=SQL)),
                "python-expired.json": mint(UNIVERSITY, "Python", esco=PYTHON,
                                            validUntil="2026-01-01T00:00:00Z")},
    }


@pytest.fixture(scope="module")
def candidates(documents) -> dict[str, list[VerificationReport]]:
    return {name: [verify(doc, now=NOW, trust=TRUST, label=label)
                   for label, doc in files.items()]
            for name, files in documents.items()}


def test_recruiter_order(candidates):
    ranking = rank_candidates(ROLE, candidates, None, NOW)
    table = ranking.table
    assert list(table["candidate"]) == ["priya", "marcus", "jo", "lena", "omar", "sam"]
    rows = table.set_index("candidate")
    assert rows.loc["priya", "band"] == "strong" and not rows.loc["priya", "knocked_out"]
    assert rows.loc["marcus", "band"] == "possible"
    assert rows.loc["jo", "band"] == "weak" and not rows.loc["jo", "knocked_out"]
    # unknown issuers add points but never meet a required skill on their own
    assert rows.loc["jo", "flag_codes"] == ["partial_required", "unknown_issuer_only",
                                            "unknown_issuer"]
    assert rows.loc["jo", "required_met"] == 0 and rows.loc["jo", "fit"] > 0
    assert rows.loc["lena", "missing"] == ["SQL"] and rows.loc["lena", "knocked_out"]
    assert rows.loc["omar", "credentials_excluded"] == 2
    assert rows.loc["sam", "fit"] == 0.0 and rows.loc["sam", "required_met"] == 0
    assert (rows.loc["priya", "required_met"], rows.loc["priya", "required_total"]) == (3, 3)


def test_each_explanation_names_the_credentials_behind_it(candidates):
    ranking = rank_candidates(ROLE, candidates, None, NOW)
    for row in ranking.table.itertuples():
        fit = ranking.fits[row.candidate]
        behind = {c.credential for c in fit.contributions if c.points > 0}
        excluded = {c.label for c in fit.excluded}
        assert behind | excluded, row.candidate
        for label in behind | excluded:
            assert label in row.explanation, (row.candidate, label)
        assert row.explanation.startswith(f"Fit {row.fit:.1f} (")
        assert row.explanation.endswith(".") and "\n" not in row.explanation
    omar = ranking.fits["omar"].explanation
    assert "sql-tampered.json (Failed — signature does not match" in omar
    assert re.search(r"python-expired\.json \((Expired|Failed — expired)", omar)


def test_dataframe_shape_and_the_fits_behind_it(candidates):
    ranking = rank_candidates(ROLE, candidates, None, NOW)
    table = ranking.table
    assert list(table.columns) == COLUMNS
    assert list(table["rank"]) == list(range(1, len(candidates) + 1))
    assert list(ranking.fits) == list(table["candidate"])
    priya = ranking.fits["priya"]
    assert table.loc[0, "fit"] == round(priya.fit, 1)
    assert priya.fit == sum(c.points for c in priya.contributions)
    assert table.loc[0, "top_evidence"][0].endswith(".json (+23.1)")
    assert ranking.config_hash == priya.config_hash
    data = json.loads(json.dumps(ranking.to_dict()))
    assert [c["candidate"] for c in data["candidates"]] == list(table["candidate"])
    assert data["role"]["hash"] == ROLE.digest


def test_ties_break_by_required_met_then_name(candidates):
    twins = {"zoe": candidates["lena"], "abe": candidates["lena"], "kim": candidates["lena"]}
    table = rank_candidates(ROLE, twins, None, NOW).table
    assert list(table["candidate"]) == ["abe", "kim", "zoe"]
    shuffled = dict(reversed(list(twins.items())))
    pd.testing.assert_frame_equal(table, rank_candidates(ROLE, shuffled, None, NOW).table)


def test_empty_inputs():
    assert rank_candidates(ROLE, {}, None, NOW).table.empty
    table = rank_candidates(ROLE, {"nobody": []}, None, NOW).table
    assert table.loc[0, "flag_codes"][:2] == ["no_credentials", "knocked_out"]


# -- command line --------------------------------------------------------------------------

@pytest.fixture
def candidates_dir(tmp_path, documents) -> Path:
    for name, files in documents.items():
        folder = tmp_path / "candidates" / name
        folder.mkdir(parents=True)
        for label, doc in files.items():
            (folder / label).write_text(json.dumps(doc), encoding="utf-8")
    (tmp_path / "candidates" / ".hidden").mkdir()
    (tmp_path / "trust.toml").write_text(
        f'[[issuer]]\nid = "{UNIVERSITY.did_key}"\norganisation = "Example University"\n\n'
        f'[[issuer]]\nid = "{ACADEMY.did_key}"\norganisation = "Data Academy"\n',
        encoding="utf-8")
    return tmp_path


def run_rank(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["rank", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_rank_table_json_and_csv(candidates_dir, capsys):
    base = ["--role", str(ROOT / "sample_data/roles/data-analyst.toml"),
            str(candidates_dir / "candidates"), "--now", "2026-06-01T00:00:00Z",
            "--trust", str(candidates_dir / "trust.toml")]
    code, out, _ = run_rank(capsys, *base)
    assert code == 0
    assert out.splitlines()[1].split()[:4] == ["1.", "76.2", "STRONG", "priya"]
    assert "KNOCKED OUT" in out
    code, out, _ = run_rank(capsys, *base, "--json")
    data = json.loads(out)
    assert code == 0 and [c["candidate"] for c in data["ranking"]] == \
        ["priya", "marcus", "jo", "lena", "omar", "sam"]
    assert data["fits"][0]["contributions"][0]["reason"]
    assert data["format"] == "credential-screening/snapshot/3"
    code, out, _ = run_rank(capsys, *base, "--csv")
    assert code == 0 and out.splitlines()[0].startswith("rank,candidate,fit,band")


def test_cli_rank_without_trust_list_counts_everyone_as_unknown(candidates_dir, capsys):
    code, out, _ = run_rank(capsys, "--role", str(ROOT / "sample_data/roles/data-analyst.toml"),
                            str(candidates_dir / "candidates"), "--now", "2026-06-01T00:00:00Z",
                            "--json")
    fits = {c["candidate"]: c for c in json.loads(out)["fits"]}
    assert code == 0 and fits["priya"]["fit"] < 50
    assert "unknown_issuer" in {f["code"] for f in fits["priya"]["flags"]}


def test_cli_rank_usage_errors(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('[role]\nid = "x"\n[[requirement]]\nskill = "SQL"\nweight = -1\n',
                   encoding="utf-8")
    code, _, err = run_rank(capsys, "--role", str(bad), str(tmp_path))
    assert code == 2 and "requirement[0].weight" in err and "role.title" in err
    good = str(ROOT / "sample_data/roles/data-analyst.toml")
    code, _, err = run_rank(capsys, "--role", good, str(tmp_path / "missing"))
    assert code == 2 and "not a directory" in err
    code, _, err = run_rank(capsys, "--role", good, str(tmp_path), "--now", "yesterday")
    assert code == 2 and "--now" in err


# -- the bundled sample data ---------------------------------------------------------------

def test_sample_candidates_rank_for_every_sample_role():
    folder = ROOT / "sample_data" / "candidates"
    trust = TrustList.load(ROOT / "sample_data" / "trust.toml")
    folders = [d for d in sorted(folder.iterdir()) if d.is_dir()]
    rows = verify_candidate_folders(folders, run_settings(NOW, trust))
    candidates = {d.name: [r.report for r in rows if r.candidate == d.name] for d in folders}
    assert len(candidates) >= 4
    for role in list_roles(ROOT / "sample_data" / "roles"):
        ranking = rank_candidates(role, candidates, None, NOW)
        assert len(ranking.table) == len(candidates)
        fits = list(ranking.fits.values())
        assert all(0 <= f.fit <= 100 for f in fits)
        assert [f.knocked_out for f in fits] == sorted(f.knocked_out for f in fits)
        for fit in fits:
            for contribution in fit.contributions:
                if contribution.points > 0:
                    assert contribution.credential in fit.explanation


def test_docs_worked_example_matches_the_code():
    folder = ROOT / "sample_data" / "candidates" / "ada-lovelace"
    trust = TrustList.load(ROOT / "sample_data" / "trust.toml")
    reports = [row.report for row in verify_candidate_folders([folder],
                                                              run_settings(NOW, trust))]
    fit = rank_candidates(ROLE, {"ada-lovelace": reports}, None, NOW).fits["ada-lovelace"]
    text = (ROOT / "docs" / "scoring.md").read_text(encoding="utf-8")
    stale = "docs/scoring.md worked example is stale: rerun the command it shows"
    assert f"**{fit.fit:.1f}, {fit.band}**" in text, stale
    assert fit.explanation in " ".join(text.replace("*", "").split()), stale


def test_cli_rank_csv_neutralises_spreadsheet_formulas(candidates_dir, capsys):
    """A candidate folder named like a formula reaches the CSV as text, not as a formula:
    the CLI and the app share one exporter (screening.present.export)."""
    folders = candidates_dir / "candidates"
    (folders / "priya").rename(folders / "=HYPERLINK(\"evil.example\",\"x\")")
    (folders / "jo").rename(folders / "@SUM(A1)")
    (folders / "sam").rename(folders / "+1-2")
    code, out, _ = run_rank(capsys, "--role", str(ROOT / "sample_data/roles/data-analyst.toml"),
                            str(folders), "--now", "2026-06-01T00:00:00Z", "--csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    names = {row["candidate"] for row in rows}
    assert {"'=HYPERLINK(\"evil.example\",\"x\")", "'@SUM(A1)", "'+1-2"} <= names
    for row in rows:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r"))
                       for cell in row.values())
