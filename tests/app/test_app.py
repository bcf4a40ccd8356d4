"""Every page, driven through app.py with Streamlit's AppTest (no browser), offline and
with the clock pinned by SCREENING_NOW."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from app_support import shown_cards
from factories import NOW, UNIVERSITY, open_badge
from streamlit.testing.v1 import AppTest

from screening.batch.runner import Screening
from screening.matching.scoring import DEFAULT_CONFIG
from screening.session.samples import sample_uploads
from screening.session.workspace import Pool
from screening.testing.signing import sign

APP = str(Path(__file__).resolve().parents[2] / "app.py")
EVIL = "**x** <img src=x onerror=alert(1)> [link](javascript:alert(1))"
LINK = "https://credentials.northbridge.example/share/44"  # served by the sample seed cache


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch, tmp_path):
    monkeypatch.setenv("SCREENING_NOW", NOW.isoformat())
    monkeypatch.setenv("SCREENING_DATA_DIR", str(tmp_path / "data"))  # never the real home


def start() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SCREENING_NOW", NOW.isoformat())
        patch.setenv("SCREENING_DATA_DIR", str(tmp_path_factory.mktemp("data")))
        yield start()


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def table(at: AppTest, *columns: str):
    """The first dataframe on the page with these columns (dataframes carry no key here)."""
    for frame in at.dataframe:
        if set(columns) <= set(frame.value.columns):
            return frame.value
    raise AssertionError(f"no table with columns {columns}")


def keyed(widgets, prefix: str):
    """The one widget whose key starts with `prefix` (per-candidate widgets carry the
    candidate and the snapshot in their keys)."""
    (found,) = [w for w in widgets if (w.key or "").startswith(prefix)]
    return found


def go(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"views/{page}.py").run()
    assert not at.exception, at.exception
    return at


def test_opens_on_the_bundled_samples(app):
    go(app, "screen")
    values = metrics(app)
    assert int(values["Candidates"]) >= 8
    assert int(values["Credentials"]) == sum(
        1 for row in app.session_state["pool"].rows for _ in row.report.iter_credentials())
    preview = table(app, "Rank", "Why")
    assert list(preview["Rank"])[:3] == [1, 2, 3]
    assert preview.iloc[0]["Candidate"] == "Ada Lovelace"  # the data analyst with it all


def test_pasted_link_is_fetched_verified_and_added():
    at = start()
    assert at.session_state["pool"].demo  # a new session opens on the demo screening
    at.text_area(key="links").input(LINK)
    at.text_input(key="candidate").input("Dorothy Vaughan")
    at.button(key="FormSubmitter:intake-Verify and add to the screening").click().run()
    assert not at.exception, at.exception
    pool = at.session_state["pool"]
    assert not pool.demo and len(pool.rows) == 1  # a screening of its own, not the demo
    added = pool.rows_of("Dorothy Vaughan")
    assert [row.report.verdict for row in added] == ["verified"]


def test_switching_role_reranks_without_reverifying(app):
    go(app, "ranking")
    pool_key = app.session_state["pool"].key
    analyst = table(app, "Rank", "Band")
    app.selectbox(key="ranking_picker").select("registered-nurse").run()
    assert not app.exception
    nurses = table(app, "Rank", "Band")
    assert nurses.iloc[0]["Candidate"] == "Florence Nightingale"
    assert analyst.iloc[0]["Candidate"] != nurses.iloc[0]["Candidate"]
    assert app.session_state["pool"].key == pool_key  # the same verified pool, re-ranked
    assert len(app.session_state["snapshots"]) >= 2
    assert len(app.get("vega_lite_chart")) + len(app.get("arrow_vega_lite_chart")) >= 4


def test_verification_filters_and_detail(app):
    go(app, "verification")
    app.multiselect(key="filter_verdict").select("failed").run()
    failed = table(app, "verdict", "Needs attention")
    assert len(failed) >= 5 and set(failed["verdict"]) == {"failed"}
    labels = app.selectbox(key="detail").options
    tampered = next(i for i, label in enumerate(labels) if "tampered" in label)
    app.selectbox(key="detail").set_value(tampered).run()
    checks = table(app, "check", "code", "status")
    statuses = [s.split()[-1] for s in checks["status"]]
    assert [s for s, c in zip(statuses, checks["code"], strict=True)
            if c == "proof_signature"] == ["fail"]
    assert statuses[0] == "fail"  # what needs attention comes first


def test_candidate_page_explains_every_requirement(app):
    go(app, "candidate")
    app.selectbox(key="candidate_picker").select("data-analyst").run()
    picker = app.selectbox(key="live_candidate")
    picker.select_index(picker.options.index("Ada Lovelace")).run()
    evidence = table(app, "requirement", "evidence")
    role = app.session_state["roles"]["data-analyst"]
    assert len(evidence) == len(role.requirements)
    assert "ada-lovelace/sql.json" in " ".join(evidence["evidence"])
    assert len(table(app, "verdict", "credential")) == 4


def test_roles_page_rejects_invalid_and_saves_valid_edits():
    at = go(start(), "roles")
    at.selectbox(key="roles_pick").select("data-analyst").run()
    key = "toml_data-analyst"
    original = at.text_area(key=key).value
    at.text_area(key=key).input(original.replace("[role]", "[role]\nbogus = 1", 1))
    at.button(key="save_role").click().run()
    problems = table(at, "where", "code")
    assert "unknown_field" in set(problems["code"])
    at.text_area(key=key).input(original.replace('title = "Data Analyst"',
                                                 'title = "Senior Data Analyst"'))
    at.button(key="save_role").click().run()
    assert at.session_state["roles"]["data-analyst"].title == "Senior Data Analyst"
    go(at, "ranking")
    assert at.session_state["role_id"] == "data-analyst"
    later = start()  # a new session of the same team instance sees the saved role
    assert later.session_state["roles"]["data-analyst"].title == "Senior Data Analyst"


def test_settings_trust_list_and_scoring_take_effect():
    at = go(start(), "settings")
    before = DEFAULT_CONFIG.digest
    at.slider(key="unknown").set_value(0.2).run()
    assert at.slider(key="attended").value == 0.0  # attendance only suggests, by default
    at.slider(key="attended").set_value(0.5).run()
    assert at.checkbox(key="learned_suggestions").value  # on by default
    at.checkbox(key="learned_suggestions").uncheck().run()
    at.button(key="apply_scoring").click().run()
    assert at.session_state["config"].unknown_issuer == 0.2
    assert at.session_state["config"].proof_attended == 0.5
    assert not at.session_state["config"].learned_suggestions
    assert at.session_state["config"].digest != before

    def known(rows) -> int:
        return sum(1 for r in rows if (c := r.report.check("issuer_trusted"))
                   and c.status == "pass")

    trusted_before = known(at.session_state["pool"].rows)
    at.text_area(key="trust_toml").input(
        '[[issuer]]\nid = "did:web:credentials.northbridge.example"\n'
        'organisation = "Northbridge University"\n')
    at.button(key="save_trust").click().run()
    assert not at.exception, at.exception
    assert len(at.session_state["trust"]) == 1
    rows = at.session_state["pool"].rows
    assert 0 < known(rows) < trusted_before
    # known now: Northbridge, or a sealed credential whose certificate authority is still
    # listed (a pasted list of issuers keeps the certificate authorities)
    assert all(r.report.summary.issuer_id == "did:web:credentials.northbridge.example"
               or c.details.get("authority")
               for r in rows if (c := r.report.check("issuer_trusted")) and c.status == "pass")
    assert at.session_state["trust"].authorities


def test_untrusted_credential_text_renders_inert():
    evil = sign(open_badge(name=EVIL), UNIVERSITY)
    rows = Screening(now=NOW).verify_upload(json.dumps(evil).encode(), "evil.json", EVIL)
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state["pool"] = Pool(rows)
    at.run()
    for page in ("screen", "verification", "ranking", "candidate"):
        go(at, page)
        rendered = [m.value for m in (*at.markdown, *at.caption, *at.title, *at.header,
                                      *at.subheader, *at.success, *at.info)]
        assert not any("<img" in text or "javascript:" in text or "**x**" in text
                       for text in rendered), page
    go(at, "verification")
    shown = table(at, "verdict", "Needs attention")
    assert EVIL in set(shown["Credential"]) and EVIL in set(shown["Candidate"])
    go(at, "candidate")
    assert EVIL in [t.value for t in at.text]  # shown, as plain text


def test_sample_uploads_cover_every_supported_format():
    names = {Path(label).suffix for label, _, _ in sample_uploads()}
    assert {".json", ".jwt", ".png", ".svg"} <= names


def test_shortlist_in_bulk_and_filter_by_decision():
    at = start()
    go(at, "ranking")
    keys = [row.key for row in at.session_state["snapshots"][
        next(iter(at.session_state["snapshots"]))].ranking[:2]]
    at.multiselect(key="bulk_pick").set_value(keys)
    at.radio(key="bulk_status").set_value("shortlisted").run()
    at.button(key="bulk_apply").click().run()
    assert not at.exception, at.exception
    pool = at.session_state["pool"]
    shortlisted = {n for n, d in pool.decisions.items() if d.status == "shortlisted"}
    assert len(shortlisted) == 2 and "Ada Lovelace" in shortlisted  # the two best fits
    at.multiselect(key="live_status_filter").set_value(["shortlisted"]).run()
    shown = table(at, "Rank", "Decision")
    assert len(shown) == 2 and set(shown["Decision"]) == {"shortlisted"}


def test_decision_notes_and_rename_on_the_candidate_page():
    at = start()
    go(at, "candidate")
    keyed(at.radio, "decision_status_").set_value("rejected")
    keyed(at.text_area, "decision_notes_").input("Strong SQL; no Python yet.")
    next(b for b in at.button if b.label == "Save decision").click().run()
    assert not at.exception, at.exception
    pool = at.session_state["pool"]
    (name,) = [n for n, d in pool.decisions.items() if d.status == "rejected"]
    assert pool.decisions[name].notes == "Strong SQL; no Python yet."
    # the form now shows the saved values (and the page does not repeat them as text)
    assert keyed(at.text_area, "decision_notes_").value == "Strong SQL; no Python yet."
    assert keyed(at.radio, "decision_status_").value == "rejected"
    assert not any(t.value.startswith("Notes: ") for t in at.text)
    keyed(at.text_input, "rename_to_").input("Grace Hopper").run()
    keyed(at.button, "rename_").click().run()
    assert not at.exception, at.exception
    assert name not in at.session_state["pool"].candidates  # merged into Grace Hopper
    assert at.session_state["pool"].decisions["Grace Hopper"].notes.endswith("no Python yet.")


def live_snapshot(at: AppTest):
    key = at.session_state["pool"].key
    role = at.session_state["role_id"]
    (found,) = [shot for k, shot in at.session_state["snapshots"].items()
                if k[0] == key and shot.role.id == role]
    return found


def shown_candidate(at: AppTest) -> tuple[str, str]:
    """The picked candidate's (key, name) in the live snapshot."""
    chosen = at.selectbox(key="live_candidate").value
    return chosen, live_snapshot(at).entry(chosen).name


def card_titles(snapshot, candidate: str) -> list[str]:
    """The titles the decision screen gives this candidate's cards (present/decision.py)."""
    from screening.present.decision import decision_summary

    return [card.title for card in decision_summary(snapshot, candidate).cards]


def test_switching_candidates_never_shows_or_saves_another_candidates_values():
    """Issue 27 P1.2/P1.3: decide on one candidate, switch to another (new, no note): the
    form, the rename field and the credential cards show that candidate's own values, and
    Save decision writes to that candidate only."""
    at = start()
    go(at, "candidate")
    at.selectbox(key="candidate_picker").select("data-analyst").run()
    picker = at.selectbox(key="live_candidate")
    first = picker.options.index("Ada Lovelace")
    picker.select_index(first).run()
    key_a, ada = shown_candidate(at)
    assert len(live_snapshot(at).credentials_of(key_a)) >= 2
    keyed(at.radio, "decision_status_").set_value("shortlisted")
    keyed(at.text_area, "decision_notes_").input("Strong analyst; call first.")
    next(b for b in at.button if b.label == "Save decision").click().run()
    assert not at.exception, at.exception
    for index in range(len(at.selectbox(key="live_candidate").options)):
        if index == first:
            continue
        at.selectbox(key="live_candidate").select_index(index).run()
        assert not at.exception, at.exception
        key_b, other = shown_candidate(at)
        entry = live_snapshot(at).entry(key_b)
        assert other != ada
        assert keyed(at.radio, "decision_status_").value == entry.decision == "new"
        assert keyed(at.text_area, "decision_notes_").value == entry.notes == ""
        assert keyed(at.text_input, "rename_to_").value == other
        cards = shown_cards(at, "live_credential_")  # this candidate's cards, keyed so
        assert [title for _, title in cards] == card_titles(live_snapshot(at), key_b)
        assert all(suffix.startswith(f"{key_b}_") for suffix, _ in cards)
    # Save decision on the last one shown writes to it alone
    next(b for b in at.button if b.label == "Save decision").click().run()
    decisions = at.session_state["pool"].decisions
    assert decisions[ada].status == "shortlisted"
    assert decisions[ada].notes == "Strong analyst; call first."
    assert other not in decisions or (decisions[other].status == "new"
                                      and decisions[other].notes == "")
    keyed(at.radio, "decision_status_").set_value("rejected")
    next(b for b in at.button if b.label == "Save decision").click().run()
    decisions = at.session_state["pool"].decisions
    assert decisions[other].status == "rejected" and decisions[other].notes == ""
    assert decisions[ada].status == "shortlisted"
    # back on Ada: her own values again
    picker = at.selectbox(key="live_candidate")
    picker.select_index(picker.options.index("Ada Lovelace")).run()
    assert keyed(at.radio, "decision_status_").value == "shortlisted"
    assert keyed(at.text_area, "decision_notes_").value == "Strong analyst; call first."


def test_new_screening_starts_empty_and_the_demo_is_one_click_away():
    at = start()
    at.button(key="new_screening").click().run()
    assert not at.exception and not at.session_state["pool"].rows
    at.button(key="reset_samples").click().run()
    assert at.session_state["pool"].demo and at.session_state["pool"].rows


def test_trust_this_issuer_from_a_card_reverifies():
    at = start()
    go(at, "verification")
    rows = next(iter(at.session_state["snapshots"].values())).verification
    unknown = next(i for i, r in enumerate(rows) if r.plain_status == "issuer_unknown")
    at.selectbox(key="detail").set_value(unknown).run()
    issuer = rows[unknown].issuer_id
    keyed(at.text_input, "verification_").input("Harbour Data School")
    next(b for b in at.button if b.label == "Trust this issuer").click().run()
    assert not at.exception, at.exception
    assert at.session_state["trust"].lookup(issuer).organisation == "Harbour Data School"
    assert len([s for s in at.success if s.icon == ":material/check_circle:"]) == 1
    key = at.session_state["pool"].key
    (after,) = [shot for k, shot in at.session_state["snapshots"].items() if k[0] == key]
    assert all(r.known_issuer == "Harbour Data School" for r in after.verification
               if r.issuer_id == issuer)


def test_an_impersonation_is_never_offered_trust():
    """Issue 27 P2: a credential posing as an issuer (a known issuer's name, or a key that
    is not the named issuer's) offers no "Trust this issuer": that would trust a forgery."""
    at = start()
    go(at, "verification")
    rows = next(iter(at.session_state["snapshots"].values())).verification
    forged = [i for i, r in enumerate(rows) if any(
        c.code in ("issuer_impersonation", "issuer_controls_key") and c.outcome == "fail"
        for c in r.checks)]
    assert forged
    for index in forged:
        at.selectbox(key="detail").set_value(index).run()
        assert not at.exception, at.exception
        assert not [b for b in at.button if b.label == "Trust this issuer"]
        assert not [t for t in at.text_input if (t.key or "").startswith("verification_")]


def test_a_supplied_document_is_used_and_the_app_starts_offline_in_tests():
    at = start()
    go(at, "settings")
    assert at.session_state["online"] is False  # SCREENING_OFFLINE (tests/conftest.py)
    at.text_input(key="supply_url").input("https://status.example/list/1")
    next(b for b in at.button if b.label == "Use this document and re-verify").click().run()
    assert not at.exception
    assert at.error  # no file: refused, nothing changed
    assert "supplied_index" not in at.session_state


def test_build_a_role_with_the_form_and_revert_a_bundled_one():
    at = go(start(), "roles")
    at.text_input(key="title_(new role)").input("Data Engineer")
    at.text_input(key="skill_query_(new role)").input("sql").run()
    at.button(key="skill_add_(new role)").click().run()
    assert not at.exception, at.exception
    at.button(key="save_role_form").click().run()
    assert not at.exception, at.exception
    built = at.session_state["roles"]["data-engineer"]
    assert [r.label for r in built.requirements] == ["SQL"]
    # issue 27: the picker lists and shows the new role at once, not after the next rerun
    assert at.selectbox(key="roles_pick").value == "data-engineer"
    assert "Data Engineer" in at.selectbox(key="roles_pick").options
    assert any(s.value.startswith("Saved role version") for s in at.success)
    at.button(key="save_role_form").click().run()  # saved again: a new version, no error
    # a problem is said in plain words, and nothing is saved
    at.selectbox(key="roles_pick").select("data-engineer").run()
    at.text_input(key="title_data-engineer").input("").run()
    at.button(key="save_role_form").click().run()
    assert at.error and at.session_state["roles"]["data-engineer"].title == "Data Engineer"
    # editing a bundled role, then reverting it
    at.selectbox(key="roles_pick").select("data-analyst").run()
    at.text_input(key="title_data-analyst").input("Analyst (edited)").run()
    at.button(key="save_role_form").click().run()
    assert at.session_state["roles"]["data-analyst"].title == "Analyst (edited)"
    at.run()
    at.button(key="revert_role").click().run()
    assert at.session_state["roles"]["data-analyst"].title == "Data Analyst"
