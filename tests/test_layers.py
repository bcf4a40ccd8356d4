"""The layout keeps its layers: the library never imports Streamlit, the verifier never
imports the minting helpers, no import goes up the flow (ingest → fetch → verify → batch →
match → present, store → session), and the views (pages, app.py, the CLI) reach the library
only through its public API (`screening.__all__`), the use cases (`screening.session`) and
the presentation (`screening.present`). Read from the source, so a lazy import inside a
function counts too."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import screening

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "screening"

# what each layer may import from the product (besides itself and the shared modules)
SHARED = {"screening", "screening.errors", "screening.settings", "screening.text",
          "screening.contexts", "screening.fetch.seeds"}
ALLOWED = {
    "ingest": set(),
    "fetch": {"ingest"},
    "verify": {"ingest", "fetch"},
    "batch": {"ingest", "fetch", "verify"},
    "matching": {"verify"},
    "present": {"ingest", "fetch", "verify", "batch", "matching"},
    "store": set(),  # persistence knows records, not the domain: session maps between them
    "session": {"ingest", "fetch", "verify", "batch", "matching", "present", "store"},
    "testing": {"verify", "ingest", "fetch"},
}
# what a view may import from the product: the public API, the use cases, the presentation
# and the shared modules; nothing below them
VIEW_ALLOWED = ("screening", "screening.session", "screening.present", "screening.errors",
                "screening.settings", "screening.text", "screening.access")
VIEWS = sorted([ROOT / "app.py", *(ROOT / "pages").glob("*.py"), PACKAGE / "cli.py"])


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
                         ids=lambda p: p.name)
def test_the_verifier_never_imports_the_minting_helpers(path):
    assert not {m for m in imports_of(path) if m.startswith("screening.testing")}


def test_every_module_belongs_to_a_layer():
    loose = {p.name for p in PACKAGE.glob("*.py")}
    # access.py: the sign-in policy (Streamlit-free); serve.py: the launcher that applies it
    assert loose <= {"__init__.py", "access.py", "cli.py", "errors.py", "serve.py",
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


@pytest.mark.parametrize("path", VIEWS, ids=lambda p: str(p.relative_to(ROOT)))
def test_views_import_nothing_below_the_use_cases(path):
    below = {name for name in imports_of(path) if name.split(".")[0] == "screening"
             and not any(name == allowed or name.startswith(allowed + ".")
                         for allowed in VIEW_ALLOWED if allowed != "screening")
             and name != "screening"}
    assert not below, f"{path.name} imports {sorted(below)}: use the public API (screening)"


def _type_checking_names() -> set[str]:
    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    block = next(node for node in tree.body if isinstance(node, ast.If)
                 and getattr(node.test, "id", None) == "TYPE_CHECKING")
    return {alias.asname or alias.name for node in block.body
            if isinstance(node, ast.ImportFrom) for alias in node.names}


def test_the_public_api_is_one_list():
    """`__all__`, the lazy table and the names type checkers see agree, and every public
    name is defined where the table says."""
    assert sorted(screening.__all__) == sorted(screening._PUBLIC) == sorted(
        _type_checking_names())
    for name, module in screening._PUBLIC.items():
        assert hasattr(importlib.import_module(module), name), (name, module)
        assert getattr(screening, name) is getattr(importlib.import_module(module), name)


def test_an_unknown_public_name_is_an_attribute_error():
    with pytest.raises(AttributeError):
        _ = screening.no_such_name  # type: ignore[attr-defined]


# the top-level modules: what each may import from the product (cli.py is a view, above)
TOP_LEVEL = {
    "errors": set(),
    "text": set(),
    "settings": {"screening.verify.dates"},
    "access": {"screening.settings", "screening.errors"},
    "serve": {"screening.access", "screening.settings", "screening.errors"},
}


@pytest.mark.parametrize("module", sorted(TOP_LEVEL))
def test_top_level_modules_import_only_below_them(module):
    found = {name for name in imports_of(PACKAGE / f"{module}.py")
             if name.split(".")[0] == "screening" and name != "screening"}
    assert found <= TOP_LEVEL[module], sorted(found - TOP_LEVEL[module])
