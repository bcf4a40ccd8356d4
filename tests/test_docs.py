"""The documentation lists every check code exactly as the registry defines it."""

from pathlib import Path

from screening.verify.codes import SPECS, markdown_table

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_verification_doc_has_the_generated_code_table():
    text = (DOCS / "verification.md").read_text(encoding="utf-8")
    assert markdown_table() in text
    for code in SPECS:
        assert f"`{code}`" in text
