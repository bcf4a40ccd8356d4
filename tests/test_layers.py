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


def _is_os(node: ast.AST, attribute: str) -> bool:
    """`node` is `os.<attribute>`."""
    return (isinstance(node, ast.Attribute) and node.attr == attribute
            and isinstance(node.value, ast.Name) and node.value.id == "os")


def _reads_environment(node: ast.AST) -> bool:
    """os.environ.get(...), os.getenv(...) or os.environ[...] (read)."""
    if isinstance(node, ast.Call):
        func = node.func
        return _is_os(func, "getenv") or (isinstance(func, ast.Attribute)
                                          and func.attr == "get" and _is_os(func.value, "environ"))
    return (isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load)
            and _is_os(node.value, "environ"))


def environment_reads_at_import(path: Path) -> list[int]:
    """Lines where the module reads the environment outside any function."""
    found: list[int] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            return  # runs when called, not at import
        if _reads_environment(node):
            found.append(getattr(node, "lineno", 0))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def test_the_environment_check_finds_reads_at_import(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("import os\nA = os.environ.get('X')\nB = os.getenv('Y')\n"
                     "C = os.environ['Z']\nclass K:\n    D = os.getenv('W')\n"
                     "def f():\n    return os.environ.get('X'), os.environ['Z']\n",
                     encoding="utf-8")
    assert environment_reads_at_import(probe) == [2, 3, 4, 6]


def test_no_module_reads_the_environment_at_import():
    """Every SCREENING_* variable is read in settings.py, when asked for (so a test can set
    it with monkeypatch); no module reads the environment at import."""
    wrong = {str(path.relative_to(PACKAGE)): lines for path in modules()
             if path != PACKAGE / "settings.py"
             if (lines := environment_reads_at_import(path))}
    assert not wrong, wrong
