"""docs/snapshot.md is generated from the snapshot's dataclasses and kept up to date:
`python -m screening.present.snapshot_docs` rewrites it."""

from __future__ import annotations

from dataclasses import fields

from screening.present import credentials, snapshot, snapshot_docs
from screening.present.vocabulary import VERDICTS


def test_every_snapshot_field_has_a_one_line_description():
    assert snapshot_docs.undocumented() == []
    assert snapshot.ScreeningSnapshot in snapshot_docs.records()
    assert credentials.CheckLine in snapshot_docs.records()  # nested records are found too


def test_the_docs_are_the_generators_output():
    text = snapshot_docs.DOCS.read_text(encoding="utf-8")
    assert text == snapshot_docs.render(), \
        "docs/snapshot.md is out of date: run python -m screening.present.snapshot_docs"


def test_the_docs_name_every_field_and_every_enum_value_in_order():
    text = snapshot_docs.render()
    for record in snapshot_docs.records():
        assert f"## {record.__name__}\n" in text
        for f in fields(record):
            assert f"| `{f.name}` |" in text
    for enum in snapshot_docs.enums():
        line = next(s for s in text[text.index(f"### {enum.__name__}\n"):].splitlines()
                    if s.startswith("Values, in order:"))
        assert line == "Values, in order: " + ", ".join(
            f"`{v}`" for v in snapshot_docs.enum_order(enum)) + "."
    assert snapshot_docs.enum_order(VERDICTS[0].__class__) == [v.value for v in VERDICTS]


def test_a_field_without_a_description_is_reported(monkeypatch):
    from dataclasses import dataclass, field

    @dataclass(frozen=True)
    class Bare:
        described: str = field(default="", metadata={"doc": "Has one."})
        bare: str = ""

    monkeypatch.setattr(snapshot_docs, "records", lambda root=None: [Bare])
    assert snapshot_docs.undocumented() == ["Bare.bare"]
    assert snapshot_docs.main(["--check"]) == 1


def test_check_mode_passes_on_the_committed_file():
    assert snapshot_docs.main(["--check"]) == 0
