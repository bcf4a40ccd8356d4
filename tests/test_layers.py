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
SHARED = {"screening", "screening.dates", "screening.errors", "screening.settings",
          "screening.text", "screening.contexts", "screening.fetch.seeds"}
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
                "screening.dates", "screening.settings", "screening.text", "screening.access")
VIEWS = sorted([ROOT / "app.py", *(ROOT / "views").glob("*.py"), PACKAGE / "cli.py"])


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
    "dates": set(),
    "settings": {"screening.dates"},
    "access": {"screening.settings", "screening.errors"},
    "serve": {"screening.access", "screening.settings", "screening.errors"},
}


@pytest.mark.parametrize("module", sorted(TOP_LEVEL))
def test_top_level_modules_import_only_below_them(module):
    found = {name for name in imports_of(PACKAGE / f"{module}.py")
             if name.split(".")[0] == "screening" and name != "screening"}
    assert found <= TOP_LEVEL[module], sorted(found - TOP_LEVEL[module])


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


def test_no_pages_folder_beside_the_entry_script():
    """Streamlit serves a `pages/` folder beside app.py page by page to any run that has not
    called st.navigation (the first run of a process, a run the gate stops): the access
    gate holds only if there is none (the views live in views/)."""
    assert not (ROOT / "pages").exists()
