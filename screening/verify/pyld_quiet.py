"""pyld, imported without the HTTP stack it would never use here.

At import, pyld builds a default document loader from `requests` when `requests` can be
imported (≈ 100 ms of a CLI start-up: urllib3, ssl, http.client). That loader is never
used: every pyld call in this project passes the context store's loader, which serves only
the bundled, pinned contexts. So, while nothing else has loaded `requests` and no other
thread could be importing it, pyld is imported with `requests` hidden and settles for its
dummy loader — which refuses every URL, the safe default should a call ever forget ours.
The guarded HTTP client (screening.fetch.http) imports `requests` normally, before or after.
"""

from __future__ import annotations

import sys
import threading

_HIDDEN = "requests"


def _import_without_requests() -> None:
    if _HIDDEN in sys.modules or "pyld.jsonld" in sys.modules or threading.active_count() > 1:
        return
    sys.modules[_HIDDEN] = None  # type: ignore[assignment]  # documented: import raises
    try:
        import pyld.jsonld  # noqa: F401
    finally:
        if sys.modules.get(_HIDDEN, False) is None:
            del sys.modules[_HIDDEN]


_import_without_requests()

from pyld import jsonld  # noqa: E402
from pyld.canon import URDNA2015  # noqa: E402
from pyld.context_resolver import ContextResolver  # noqa: E402
from pyld.identifier_issuer import IdentifierIssuer  # noqa: E402

KEYWORDS = jsonld.KEYWORDS

__all__ = ["KEYWORDS", "URDNA2015", "ContextResolver", "IdentifierIssuer", "jsonld"]
