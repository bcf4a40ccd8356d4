"""Behaviour is unchanged by restructuring: the sample data's snapshots (every role, as the
app builds them), `screening rank --json` and `screening verify --json` are compared with
JSON recorded before the use-case layer was introduced (issue 22).

The snapshots were recorded in snapshot format 2; the app now writes format 3 (typed
fields, renamed `status` fields). Each recorded snapshot is read as the store reads an old
one (`ScreeningSnapshot.from_dict`, which upgrades it) and must equal the new snapshot
field for field: nothing changed in meaning, only in spelling.

Regenerate only for an intended change of verdicts or fits, and say why in the commit:
`PYTHONPATH=.:tests python tests/session/test_golden_snapshots.py` (which then records
format 3). tests/present/test_snapshot_types.py reads app-data-analyst.json as a recorded
format-2 snapshot: to keep the diff to what changed (issue 25 did so), write the new
snapshots back in format 2 with that test's `v3_to_v2`, and add a new file's record to
cli-verify.json in the recorded shape (`VerificationReport.to_dict()` with `candidate`,
`source`, `sha256`).
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from factories import NOW

from screening.cli import main as cli_main
from screening.matching.scoring import DEFAULT_CONFIG
from screening.present.snapshot import FORMAT, FORMAT_V2, ScreeningSnapshot, upgrade
from screening.session.samples import sample_pool, sample_roles
from screening.session.workspace import snapshot_of
from screening.settings import ROLES_DIR, SAMPLE_DIR

GOLDEN = Path(__file__).parent / "fixtures" / "golden"
NOW_TEXT = "2026-06-01T12:00:00+00:00"
ROLES = ("data-analyst", "backend-engineer", "cloud-security-engineer", "registered-nurse")


def app_snapshots() -> dict[str, Any]:
    pool = sample_pool(NOW)
    roles = sample_roles()
    return {role: snapshot_of(pool, roles[role], DEFAULT_CONFIG, NOW).to_dict()
            for role in ROLES}


def cli_json(*argv: str) -> Any:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        cli_main([*argv, "--now", NOW_TEXT, "--trust", str(SAMPLE_DIR / "trust.toml")])
    return json.loads(out.getvalue())


def cli_outputs() -> dict[str, Any]:
    candidates = str(SAMPLE_DIR / "candidates")
    return {
        "rank": {role: cli_json("rank", "--role", str(ROLES_DIR / f"{role}.toml"), candidates,
                                "--json") for role in ROLES},
        "verify": cli_json("verify", candidates, "--json"),
    }


def stable(value: Any) -> Any:
    """JSON as recorded: paths relative to the project (the checkout may move)."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False)
    return json.loads(text.replace(str(SAMPLE_DIR.parent) + "/", ""))


def recorded(name: str) -> Any:
    return json.loads((GOLDEN / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def snapshots() -> dict[str, Any]:
    return stable(app_snapshots())


def assert_same_snapshot(new: Any, old: Any) -> None:
    """`new` (format 3) says what the recorded `old` snapshot said: read as the store reads
    it, it is the same snapshot; and its upgraded JSON is the new JSON key for key (so no
    field was dropped or added on the way)."""
    assert new["format"] == FORMAT
    assert old["format"] in (FORMAT_V2, FORMAT)
    assert ScreeningSnapshot.from_dict(old).to_dict() == new
    assert upgrade(old) == new


@pytest.mark.parametrize("role", ROLES)
def test_the_apps_snapshot_of_the_sample_data_is_unchanged(snapshots, role):
    assert_same_snapshot(snapshots[role], recorded(f"app-{role}.json"))


def verdicts_and_checks(printed: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """What `screening verify --json` says of each credential: file, verdict and every
    check's code and outcome. Reads both what it prints now (one record per credential, a
    presentation's before its credentials) and what it printed when the golden file was
    recorded (one verification report per file, a presentation's credentials nested)."""
    found: list[tuple[Any, ...]] = []
    for item in printed:
        if "file" in item:  # a credential record
            found.append((item["file"], item["verdict"],
                          tuple((c["code"], c["outcome"]) for c in item["checks"])))
            continue
        for report in [item, *item.get("credentials", [])] if item.get(
                "kind") == "presentation" else [item]:
            found.append((report["label"], report["verdict"],
                          tuple((c["code"], c["status"]) for c in report["checks"])))
    return found


def test_the_cli_reports_and_rankings_are_unchanged():
    outputs = stable(cli_outputs())
    for role in ROLES:
        assert_same_snapshot(outputs["rank"][role], recorded(f"cli-rank-{role}.json"))
    assert verdicts_and_checks(outputs["verify"]) == verdicts_and_checks(
        recorded("cli-verify.json"))


def write() -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    outputs = {**{f"app-{r}.json": s for r, s in stable(app_snapshots()).items()}}
    cli = stable(cli_outputs())
    outputs.update({f"cli-rank-{r}.json": s for r, s in cli["rank"].items()})
    outputs["cli-verify.json"] = cli["verify"]
    for name, value in outputs.items():
        (GOLDEN / name).write_text(json.dumps(value, indent=1, sort_keys=True,
                                              ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write()
