"""The upload → verify use case (`screening.session.runs`)."""

from __future__ import annotations

import json

from factories import NOW, UNIVERSITY, open_badge

from screening.batch.runner import Row
from screening.ingest import ingest_bytes
from screening.session.runs import not_checked, run_settings, verify_uploads
from screening.testing.signing import sign
from screening.verify.pipeline import upload_budget_report
from screening.verify.trust import TrustList


def test_rows_an_upload_budget_left_unchecked_are_counted_for_the_page():
    signed = json.dumps(sign(open_badge(), UNIVERSITY)).encode()
    good = verify_uploads([ingest_bytes(signed, "a.json")], run_settings(NOW, TrustList()))
    skipped = [Row("ada", upload_budget_report(f"b{n}.json"), None, f"b{n}.json")
               for n in range(3)]
    assert not_checked(good) == 0
    assert not_checked([*good, *skipped]) == 3
