"""The working screening kept as a draft (`screening.session.drafts`): written when it
changes, read back exactly as it was for the same owner only, gone when saved or discarded."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
from factories import NOW

from screening.batch.runner import Row
from screening.matching.scoring import DEFAULT_CONFIG
from screening.session.drafts import (
    discard_draft,
    draft_content,
    draft_key,
    keep_draft,
    read_content,
    restore_draft,
    saved_draft,
)
from screening.session.samples import sample_pool, sample_roles
from screening.session.workspace import Pool, snapshot_of
from screening.store import Store, open_store
from screening.verify.report import VerificationReport


@pytest.fixture(scope="module")
def working() -> Pool:
    """The sample candidates as a recruiter's own screening, with a decision made."""
    pool = sample_pool(NOW)
    mine = Pool(list(pool.rows))
    mine.decide(["Ada Lovelace"], "shortlisted", "Strong SQL")
    return mine


@pytest.fixture
def store(tmp_path) -> Iterator[Store]:
    with open_store(f"sqlite:///{tmp_path / 'screening.db'}") as opened:
        yield opened


def test_a_draft_reads_back_as_the_same_screening(working: Pool):
    role = sample_roles()["data-analyst"]
    config = replace(DEFAULT_CONFIG, met_threshold=0.6)
    stored = json.loads(json.dumps(draft_content(working, role.id, config)))  # as JSON
    pool, role_id, restored_config = read_content(stored)
    assert (role_id, restored_config) == (role.id, config)
    assert pool.key == working.key and not pool.demo
    assert [row.data for row in pool.rows] == [row.data for row in working.rows]
    # what every page draws is the same: ranks, fits, skills (read from the documents),
    # cards and decisions — nothing was verified again
    assert (snapshot_of(pool, role, config, NOW).to_dict()
            == snapshot_of(working, role, config, NOW).to_dict())


def test_kept_when_changed_never_for_the_demo_or_an_empty_screening(store: Store,
                                                                   working: Pool):
    assert keep_draft(store, "local:a", sample_pool(NOW), None, None, NOW, None) is None
    assert keep_draft(store, "local:a", Pool(), None, None, NOW, None) is None
    assert store.get_draft("local:a") is None
    key = keep_draft(store, "local:a", working, "data-analyst", DEFAULT_CONFIG, NOW, None)
    assert key == draft_key(working, "data-analyst", DEFAULT_CONFIG)
    # unchanged: not written again (the time on record stays)
    later = NOW + timedelta(hours=1)
    assert keep_draft(store, "local:a", working, "data-analyst", DEFAULT_CONFIG, later,
                      key) == key
    draft = store.get_draft("local:a")
    assert draft is not None and draft.updated_at == NOW
    changed = Pool(list(working.rows), dict(working.decisions))
    changed.decide(["Ada Lovelace"], "rejected")
    assert keep_draft(store, "local:a", changed, "data-analyst", DEFAULT_CONFIG, later,
                      key) != key
    restored = restore_draft(store, "local:a")
    assert restored is not None and restored.kept_at == later
    assert restored.pool.decisions["Ada Lovelace"].status == "rejected"


def test_restored_for_its_owner_only(store: Store, working: Pool):
    keep_draft(store, "team:alice@example.com", working, None, None, NOW, None)
    assert restore_draft(store, "team:bob@example.com") is None
    assert restore_draft(store, "local:alice@example.com") is None
    mine = restore_draft(store, "team:alice@example.com")
    assert mine is not None and mine.pool.key == working.key
    assert mine.key == draft_key(working, None, None)  # unchanged: not written again


def test_saving_or_discarding_removes_it(store: Store, working: Pool):
    keep_draft(store, "local:a", working, None, None, NOW, None)
    key = saved_draft(store, "local:a", "a", NOW, working, None, None)
    assert store.get_draft("local:a") is None
    # the saved screening is not drafted again until it changes
    assert keep_draft(store, "local:a", working, None, None, NOW, key) == key
    assert store.get_draft("local:a") is None
    keep_draft(store, "local:a", working, "x", None, NOW, key)  # changed: drafted again
    assert discard_draft(store, "local:a", "a", NOW) is True
    assert restore_draft(store, "local:a") is None
    assert [e.details["reason"] for e in store.audit_log()
            if e.action == "draft_discarded"] == ["discarded", "saved"]


def test_an_unreadable_draft_is_not_restored(store: Store):
    store.save_draft("local:a", {"format": 99, "rows": []}, NOW)
    assert restore_draft(store, "local:a") is None
    store.save_draft("local:a", {"format": 1, "rows": [{"report": {}}]}, NOW)
    assert restore_draft(store, "local:a") is None


def test_failed_intakes_and_nested_reports_survive(store: Store, working: Pool):
    presentation = next(row for row in working.rows if row.report.kind == "presentation")
    failed = Row("unassigned", VerificationReport("broken.json", "unknown", "unknown", ()),
                 None, "broken.json")
    pool = Pool([presentation, failed])
    keep_draft(store, "local:a", pool, None, None, NOW, None)
    restored = restore_draft(store, "local:a")
    assert restored is not None
    back = restored.pool.rows
    assert back[1].data is None and back[1].report.label == "broken.json"
    assert back[0].report == presentation.report  # nested credentials, checks, summary
    assert ([r.document for r in back[0].report.iter_credentials()]
            == [r.document for r in presentation.report.iter_credentials()])
