"""The documentation lists every check code exactly as the registry defines it."""

from pathlib import Path

from screening.verify.codes import SPECS, markdown_table

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_verification_doc_has_the_generated_code_table():
    text = (DOCS / "verification.md").read_text(encoding="utf-8")
    assert markdown_table() in text
    for code in SPECS:
        assert f"`{code}`" in text


ROOT = Path(__file__).resolve().parents[1]


def _codes_raised(folder: Path, exceptions: set[str], *, keyword: str | None = None
                  ) -> set[str]:
    """Every code literal a module under `folder` passes to one of `exceptions` (or their
    builders): as the first argument, or as `keyword=`."""
    import ast

    codes = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            if name not in exceptions:
                continue
            candidates = [*node.args[:1], *(k.value for k in node.keywords
                                            if keyword is not None and k.arg == keyword)]
            codes.update(c.value for c in candidates
                         if isinstance(c, ast.Constant) and isinstance(c.value, str))
    return codes


def test_every_intake_code_is_documented():
    codes = _codes_raised(ROOT / "screening" / "ingest", {"IntakeError", "IntakeFailure"})
    assert len(codes) >= 10
    text = (DOCS / "intake.md").read_text(encoding="utf-8")
    assert not {c for c in codes if f"`{c}`" not in text}


def test_every_fetch_code_is_documented():
    codes = _codes_raised(ROOT / "screening" / "fetch", {"fail"})
    codes |= _codes_raised(ROOT / "screening" / "fetch", {"FetchError"}, keyword="code")
    codes -= {""}
    assert len(codes) >= 10
    text = (DOCS / "security.md").read_text(encoding="utf-8")
    assert not {c for c in codes if f"`{c}`" not in text}
