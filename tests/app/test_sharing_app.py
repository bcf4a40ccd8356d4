"""The Saved page and the shared view, driven through app.py with AppTest: a store in a temp
SCREENING_DATA_DIR, the clock pinned by SCREENING_NOW."""

from __future__ import annotations

import html
import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from app_support import shown_cards
from factories import NOW, UNIVERSITY, open_badge
from streamlit.testing.v1 import AppTest

from screening.batch.runner import Screening
from screening.matching.scoring import DEFAULT_CONFIG
from screening.present.decision import decision_summary
from screening.present.html_report import html_report
from screening.session.samples import sample_pool, sample_roles
from screening.session.saved import save_current
from screening.session.workspace import Pool, snapshot_of
from screening.store import open_store
from screening.store.sharing import new_token
from screening.testing.signing import sign

APP = str(Path(__file__).resolve().parents[2] / "app.py")
EVIL = "**x** <img src=x onerror=alert(1)> [link](javascript:alert(1))"
INVALID = ("This link cannot be opened. It may have expired or been revoked; ask the "
           "person who shared it for a new link.")


@pytest.fixture(autouse=True)
def environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SCREENING_NOW", NOW.isoformat())
    monkeypatch.setenv("SCREENING_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("SCREENING_DB_URL", raising=False)
    monkeypatch.delenv("SCREENING_PUBLIC_URL", raising=False)
    monkeypatch.setenv("SCREENING_ACTOR", "alice")
    return tmp_path / "data"


@pytest.fixture(scope="module")
def sample():
    pool = sample_pool(NOW)
    role = sample_roles()["data-analyst"]
    return pool, role, snapshot_of(pool, role, DEFAULT_CONFIG, NOW)


@pytest.fixture
def saved(environment, sample):
    """A saved screening in the test's store: (store, summary, snapshot)."""
    pool, role, snapshot = sample
    store = open_store(data_dir=environment)
    summary = save_current(store, "Q3 analysts", pool, snapshot, role, DEFAULT_CONFIG,
                           "alice", NOW)
    yield store, summary, snapshot
    store.close()


def visit(token: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["share"] = token
    at.run()
    assert not at.exception, at.exception
    return at


def table(at: AppTest, *columns: str):
    for frame in at.dataframe:
        if set(columns) <= set(frame.value.columns):
            return frame.value
    raise AssertionError(f"no table with columns {columns}")


def metrics_of(at: AppTest) -> dict[str, str]:
    return {m.label: str(m.value) for m in at.metric}


def only_the_shared_page(at: AppTest, first_run: bool = True) -> None:
    # what st.navigation registered (AppTest reports it reliably for a session's first run)
    pages = getattr(at, "_registered_pages", None) if first_run else None
    if pages is not None:
        assert [p.get("url_pathname", "") for p in pages.values()] == [""]
    assert not at.file_uploader
    assert not at.get("page_link")
    assert "pool" not in at.session_state  # no samples verified, no screening started


def assert_generic_refusal(at: AppTest, first_run: bool = True) -> None:
    only_the_shared_page(at, first_run)
    assert [w.value for w in at.warning] == [INVALID]
    assert not at.dataframe and not at.title and not at.text and not at.button
    assert not at.get("download_button")


def test_valid_link_shows_the_read_only_dashboard(saved):
    store, summary, snapshot = saved
    token, _link = store.create_share_link(summary.latest_snapshot_id, "alice", NOW)
    at = visit(token)
    only_the_shared_page(at)
    assert not at.warning
    assert [t.value for t in at.title] == ["Shared screening"]
    assert "Q3 analysts" in [t.value for t in at.text]
    shown = table(at, "Rank", "Candidate", "Fit", "Band")
    assert list(shown["Candidate"]) == [r.candidate for r in snapshot.ranking]
    assert len(at.get("vega_lite_chart")) + len(at.get("arrow_vega_lite_chart")) >= 4
    assert at.get("download_button")
    # the candidate picker re-renders from the snapshot; the visit is counted once
    at.selectbox(key="shared_candidate").select_index(1).run()
    assert not at.exception
    assert len(table(at, "requirement", "evidence")) == len(snapshot.role.requirements)
    assert store.list_share_links(summary.latest_snapshot_id)[0].access_count == 1


def test_switching_candidates_in_the_shared_view_shows_their_own_cards(saved):
    """Issue 27 P1.3: after switching candidates, the credential cards are the shown
    candidate's (never the previous one's), each keyed by that candidate."""
    store, summary, snapshot = saved
    token, _link = store.create_share_link(summary.latest_snapshot_id, "alice", NOW)
    at = visit(token)
    picker = at.selectbox(key="shared_candidate")
    keys = [*snapshot.ranked_keys(), *snapshot.unranked_keys()]
    for index in [*range(len(keys)), 0]:
        at.selectbox(key="shared_candidate").select_index(index).run()
        assert not at.exception, at.exception
        chosen = at.selectbox(key="shared_candidate").value
        assert chosen == keys[index]
        cards = shown_cards(at, "shared_credential_")
        assert [title for _, title in cards] == [
            card.title for card in decision_summary(snapshot, chosen).cards]
        assert all(suffix.startswith(f"{chosen}_") for suffix, _ in cards)
    assert picker is not None


def test_hidden_emails_stay_hidden(saved):
    store, summary, _ = saved
    token, _ = store.create_share_link(summary.latest_snapshot_id, "alice", NOW,
                                       hide_emails=True)
    at = visit(token)
    shown = [*(f.value.astype(str).to_csv() for f in at.dataframe),
             *(t.value for t in at.text)]
    assert shown and not any(re.search(r"[\w.+-]+@[\w-]+\.\w", text) for text in shown)


@pytest.mark.parametrize("case", ["expired", "revoked", "forged", "short", "markup", "empty",
                                  "non-ascii", "huge"])
def test_every_bad_link_gets_the_same_message(saved, monkeypatch, case):
    store, summary, _ = saved
    token, link = store.create_share_link(summary.latest_snapshot_id, "alice", NOW, days=7)
    if case == "expired":
        monkeypatch.setenv("SCREENING_NOW", (NOW + timedelta(days=7, seconds=1)).isoformat())
    elif case == "revoked":
        store.revoke_share_link(link.id, "alice", NOW)
    else:
        token = {"forged": new_token(), "short": token[:-1], "markup": "<b>x</b>",
                 "empty": "", "non-ascii": "é" * 43, "huge": "A" * 100_000}[case]
    assert_generic_refusal(visit(token))


def rendered_markup(at: AppTest) -> list[str]:
    """Everything Streamlit renders as Markdown (where hostile text must never appear)."""
    return [m.value for m in (*at.markdown, *at.caption, *at.title, *at.header, *at.subheader,
                              *at.success, *at.info, *at.warning, *at.error)]


def test_hostile_credential_text_stays_inert_in_the_shared_view(environment, sample):
    pool, role, _ = sample
    hostile = Pool(list(pool.rows))
    evil = json.dumps(sign(open_badge(name=EVIL), UNIVERSITY)).encode()
    hostile.extend(Screening(now=NOW).verify_upload(evil, "evil.json", EVIL))
    shot = snapshot_of(hostile, role, DEFAULT_CONFIG, NOW)
    with open_store(data_dir=environment) as store:
        summary = save_current(store, EVIL, hostile, shot, role, DEFAULT_CONFIG, "alice",
                               NOW)
        token, _ = store.create_share_link(summary.latest_snapshot_id, "alice", NOW)
    at = visit(token)
    assert not any("<img" in t or "javascript:" in t or "**x**" in t
                   for t in rendered_markup(at))
    assert EVIL in [t.value for t in at.text]  # the screening name, as plain text
    assert EVIL in set(table(at, "Rank", "Candidate")["Candidate"])
    picker = at.selectbox(key="shared_candidate")
    picker.select_index(picker.options.index(EVIL)).run()
    assert not at.exception, at.exception
    # the name again above its evidence, and the credential's own name on its card
    assert [t.value for t in at.text].count(EVIL) >= 2
    assert EVIL in set(table(at, "credential", "verdict")["credential"])
    assert not any("<img" in t or "javascript:" in t for t in rendered_markup(at))


def test_an_old_snapshot_with_an_unknown_verdict_opens_in_the_shared_view(saved):
    """Stored snapshots never change: a format-2 snapshot (its `status` fields) holding a
    verdict this version does not know still opens, that credential read as unsupported."""
    store, summary, snapshot = saved
    old = json.loads(json.dumps(snapshot.to_dict()))
    old["format"] = "credential-screening/snapshot/2"
    for record in [*old["candidates"], *old["ranking"]]:
        record["status"] = record.pop("decision")
    for row in old["verification"]:
        row["status"] = row.pop("plain_status")
        for check in row["checks"]:
            check["status"] = check.pop("outcome")
    row = next(r for r in old["verification"] if r["kind"] == "credential")
    row["verdict"] = "quantum-verified"
    stored = store.add_snapshot(summary.id, old, "alice", NOW)
    token, _ = store.create_share_link(stored.id, "alice", NOW)
    at = visit(token)
    assert not at.warning and not at.error
    metrics = {m.label: m.value for m in at.metric}
    counts = snapshot.verdict_counts()
    assert int(metrics["Needs a look"]) == snapshot.needs_attention_count() + 1
    assert int(metrics["Verified"]) + int(metrics["Failed"]) == \
        counts["verified"] + counts["failed"] - 1
    shown = table(at, "Rank", "Candidate", "Fit", "Band")
    assert list(shown["Candidate"]) == [r.candidate for r in snapshot.ranking]


def test_revoking_applies_to_an_open_session(saved):
    store, summary, _ = saved
    token, link = store.create_share_link(summary.latest_snapshot_id, "alice", NOW)
    at = visit(token)
    assert at.dataframe
    store.revoke_share_link(link.id, "alice", NOW)
    at.run()
    assert_generic_refusal(at, first_run=False)


def saved_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    at.switch_page("views/saved.py").run()
    assert not at.exception, at.exception
    return at


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_saved_page_saves_shares_revokes_reverifies_and_deletes(environment):
    at = saved_page()
    assert any("Nothing saved yet" in i.value for i in at.info)
    at.text_input(key="save_name").input("Shortlist <b>June</b>")
    at.button(key="save_screening").click().run()
    assert not at.exception, at.exception
    listed = table(at, "name", "candidates", "credentials")
    assert list(listed["name"]) == ["Shortlist <b>June</b>"]
    assert not any("<b>" in text for text in rendered_markup(at))
    live = next(iter(at.session_state["snapshots"].values()))  # the one snapshot saved
    assert listed.iloc[0]["candidates"] == live.candidate_count()  # one count everywhere
    assert listed.iloc[0]["credentials"] == live.credential_count()
    assert metrics_of(at)["Candidates"] == str(live.candidate_count())
    assert metrics_of(at)["Credentials"] == str(live.credential_count())
    shown = table(at, "Rank", "Candidate", "Fit", "Band")
    assert shown.iloc[0]["Candidate"] == "Ada Lovelace"

    at.text_input(key="share_purpose").input("Priya (hiring manager)")
    button(at, "Create share link").click().run()
    assert not at.exception, at.exception
    link = at.code[0].value
    match = re.fullmatch(r"http://localhost:8501/\?share=([A-Za-z0-9_-]{43})", link)
    assert match, link
    with open_store(data_dir=environment) as store:
        assert store.resolve_share_token(match.group(1), NOW) is not None
    assert list(table(at, "status", "opened", "expires")["status"]) == ["active"]
    at.run()
    assert not at.code  # the link is shown once
    assert list(table(at, "status", "opened")["opened"]) == [1]  # opened once above

    (label,) = at.selectbox(key="revoke_pick").options  # named by whom it is for
    assert label.startswith("Priya (hiring manager) · created ")
    assert list(table(at, "for", "status")["for"]) == ["Priya (hiring manager)"]
    at.button(key="revoke_link").click().run()
    assert not at.exception, at.exception
    assert list(table(at, "status", "opened")["status"]) == ["revoked"]
    with open_store(data_dir=environment) as store:
        assert store.resolve_share_token(match.group(1), NOW) is None

    at.button(key="reverify").click().run()
    assert not at.exception, at.exception
    assert any("snapshot 2 added" in s.value for s in at.success)
    snapshot = at.selectbox(key=f"snapshot_{at.selectbox(key='saved_pick').value}")
    assert len(snapshot.options) == 2 and "(latest)" in snapshot.options[0]

    chosen = at.selectbox(key="saved_pick").value
    assert at.button(key="delete_screening").disabled
    at.checkbox(key=f"confirm_{chosen}").check().run()
    at.button(key="delete_screening").click().run()
    assert not at.exception, at.exception
    assert any("Nothing saved yet" in i.value for i in at.info)
    with open_store(data_dir=environment) as store:
        assert store.list_screenings() == []
        assert "screening_deleted" in {a.action for a in store.audit_log()}
        assert {a.actor for a in store.audit_log()} >= {"alice"}


def _fits_shown(frame) -> list[tuple[str, float]]:
    return list(zip(frame["Candidate"], frame["Fit"], strict=True))


def test_one_snapshot_renders_the_live_page_the_shared_view_and_the_report(environment,
                                                                            sample):
    """The live Ranking page, a hiring manager's shared view and the HTML report all render
    the same snapshot: the same candidates, in the same order, with the same numbers."""
    pool, role, snapshot = sample
    expected = [(row.candidate, row.fit) for row in snapshot.ranking]

    live = AppTest.from_file(APP, default_timeout=120)
    live.run()
    live.switch_page("views/ranking.py").run()
    assert not live.exception, live.exception
    (live_snapshot,) = live.session_state["snapshots"].values()
    assert live_snapshot.to_dict() == snapshot.to_dict()  # the app built the same object
    assert _fits_shown(table(live, "Rank", "Candidate", "Fit")) == expected

    with open_store(data_dir=environment) as store:
        summary = save_current(store, "Q3 analysts", pool, snapshot, role, DEFAULT_CONFIG,
                               "alice", NOW)
        token, _ = store.create_share_link(summary.latest_snapshot_id, "alice", NOW)
    shared = visit(token)
    assert _fits_shown(table(shared, "Rank", "Candidate", "Fit")) == expected

    report = html_report(snapshot)
    body = report[report.index('<table id="ranking">'):]
    body = body[:body.index("</table>")]
    cells = re.findall(r'<td class="candidate">(.*?)</td><td class="num">([\d.]+)</td>', body)
    assert [(html.unescape(name), float(fit)) for name, fit in cells] == expected
