"""pyld, imported without the HTTP stack it would never use here, and with two of its
predicates made cheaper (see the end of this module).

At import, pyld builds a default document loader from `requests` when `requests` can be
imported (≈ 100 ms of a CLI start-up: urllib3, ssl, http.client). That loader is never
used: every pyld call in this project passes the context store's loader, which serves only
the bundled, pinned contexts. So, while nothing else has loaded `requests` and no other
thread could be importing it, pyld is imported with `requests` hidden and settles for its
dummy loader — which refuses every URL, the safe default should a call ever forget ours.
The guarded HTTP client (screening.fetch.http) imports `requests` normally, before or after.
`aiohttp` (which pyhanko, the PDF signature checker, depends on) is hidden the same way:
pyld would take it for a fetching default loader too; and whatever pyld chose, its
default is then set to the refusing one.
"""

from __future__ import annotations

import re
import sys
import threading
from typing import Any

_HIDDEN = ("requests", "aiohttp")


def _import_without_requests() -> None:
    if any(name in sys.modules for name in _HIDDEN) or "pyld.jsonld" in sys.modules or \
            threading.active_count() > 1:
        return
    for name in _HIDDEN:
        sys.modules[name] = None  # type: ignore[assignment]  # documented: import raises
    try:
        import pyld.jsonld  # noqa: F401
    finally:
        for name in _HIDDEN:
            if sys.modules.get(name, False) is None:
                del sys.modules[name]


_import_without_requests()

from pyld import jsonld  # noqa: E402
from pyld.canon import URDNA2015  # noqa: E402
from pyld.context_resolver import ContextResolver  # noqa: E402
from pyld.identifier_issuer import IdentifierIssuer  # noqa: E402

jsonld.set_document_loader(jsonld.dummy_document_loader())  # (see the module docstring)

KEYWORDS = jsonld.KEYWORDS

# Two of pyld's predicates, called ~100 times per credential by expansion and toRdf, do
# avoidable work: `_is_absolute_iri` looks its pattern up in re's cache on every call and
# `_is_keyword` scans a list. Same answers (same pattern, same set; tests/session/test_startup.py
# compares them on generated values), without that work.
PYLD_IS_ABSOLUTE_IRI = jsonld._is_absolute_iri
PYLD_IS_KEYWORD = jsonld._is_keyword
_ABSOLUTE_IRI = re.compile(r"^([A-Za-z][A-Za-z0-9+-.]*|_):[^\s]*$").match
_KEYWORD_SET = frozenset(jsonld.KEYWORDS)


def _is_absolute_iri(v: Any) -> Any:
    return isinstance(v, str) and _ABSOLUTE_IRI(v)


def _is_keyword(v: Any) -> bool:
    return isinstance(v, str) and v in _KEYWORD_SET


jsonld._is_absolute_iri = _is_absolute_iri
jsonld._is_keyword = _is_keyword

__all__ = ["KEYWORDS", "URDNA2015", "ContextResolver", "IdentifierIssuer", "jsonld"]
