"""The layout keeps its layers: the library never imports Streamlit, the verifier never
imports the minting helpers, and no import goes up the flow (ingest → verify → match →
present → store). Read from the source, so a lazy import inside a function counts too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "screening"

# what each layer may import from the product (besides itself and the shared modules)
SHARED = {"screening", "screening.dates", "screening.errors", "screening.settings",
          "screening.text", "screening.contexts", "screening.fetch.seeds"}
ALLOWED = {
    "ingest": set(),
    "fetch": {"ingest"},
    "verify": {"ingest", "fetch"},
    "batch": {"ingest", "fetch", "verify"},
    "matching": {"verify"},
    "present": {"ingest", "fetch", "verify", "batch", "matching"},
    "store": {"ingest", "fetch", "verify", "batch", "matching", "present"},
    "testing": {"verify", "ingest", "fetch"},
}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_library_never_imports_streamlit(path):
    assert not {m for m in imports_of(path) if m.split(".")[0] == "streamlit"}


@pytest.mark.parametrize("path", sorted((PACKAGE / "verify").rglob("*.py")),
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_verifier_never_imports_the_minting_helpers(path):
    assert not {m for m in imports_of(path) if m.startswith("screening.testing")}


def test_every_module_belongs_to_a_layer():
    loose = {p.name for p in PACKAGE.glob("*.py")}
    # access.py: the sign-in policy (Streamlit-free); serve.py: the launcher that applies it;
    # dates.py: the date parsing that settings and the verifier share
    assert loose <= {"__init__.py", "access.py", "cli.py", "dates.py", "errors.py", "serve.py",
                     "settings.py", "text.py"}
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert packages == {*ALLOWED, "contexts"}


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_no_import_goes_up_the_flow(layer):
    wrong = {}
    for path in (PACKAGE / layer).rglob("*.py"):
        for name in imports_of(path):
            if not name.startswith("screening.") or name in SHARED:
                continue
            target = name.split(".")[1]
            if target != layer and target not in ALLOWED[layer] and not any(
                    name.startswith(s + ".") for s in SHARED):
                wrong[str(path.relative_to(PACKAGE))] = name
    assert not wrong, wrong
