"""Re-verifying takes each stored document in again as what it was (issue 27): a pasted or
CSV link keeps its label instead of gaining another "line 1: <link>" each time, so the
saved explanation never repeats the link."""

from __future__ import annotations

from factories import NOW

from screening.ingest import ingest_text
from screening.matching.scoring import DEFAULT_CONFIG
from screening.session.runs import verify_uploads
from screening.session.samples import sample_roles, sample_settings
from screening.session.saved import read_snapshot, reverify_saved, save_current
from screening.session.workspace import Pool, reverify, snapshot_of
from screening.store import open_store

LINKS = ("https://credentials.northbridge.example/share/44\n"  # served by the sample seeds
         "https://credentials.northbridge.example/share/45")
CSV = ("candidate,link\n"
       "Dorothy Vaughan,https://credentials.northbridge.example/share/45\n")


def linked_pool() -> Pool:
    return Pool(verify_uploads([ingest_text(LINKS, "pasted links", "Dorothy Vaughan"),
                                ingest_text(CSV, "links.csv")], sample_settings(NOW)))


def test_reverifying_keeps_every_label():
    pool = linked_pool()
    labels = [(row.source, row.report.label) for row in pool.rows]
    assert [source for source, _ in labels] == [
        "pasted links line 1: https://credentials.northbridge.example/share/44",
        "pasted links line 2: https://credentials.northbridge.example/share/45",
        "links.csv row 2: https://credentials.northbridge.example/share/45"]
    again = reverify(reverify(pool, sample_settings(NOW)), sample_settings(NOW))
    assert [(row.source, row.report.label) for row in again.rows] == labels
    assert again.key == pool.key  # the same documents, the same results


def test_a_reverified_saved_screening_names_each_link_once(tmp_path):
    pool = linked_pool()
    role = sample_roles()["data-analyst"]
    first = snapshot_of(pool, role, DEFAULT_CONFIG, NOW)
    with open_store(f"sqlite:///{tmp_path / 'screening.db'}") as store:
        saved = save_current(store, "Links", pool, first, role, DEFAULT_CONFIG, "a", NOW)
        again = read_snapshot(reverify_saved(store, saved.id, sample_settings(NOW), "a", NOW))
    assert ([row.file for row in again.verification]
            == [row.file for row in first.verification])
    before = {fit.candidate: fit.explanation for fit in first.fits}
    assert {fit.candidate: fit.explanation for fit in again.fits} == before
    assert not any(" line 1: https" in label for label in
                   (row.file.split(": https", 1)[1] for row in again.verification))
