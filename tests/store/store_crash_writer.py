"""Run by tests/store/test_store.py in a subprocess: start a save, then die mid-transaction.

The hook lives here, not in the product: it wraps the store's credential-insert step so
that, once the credential rows are written (but before commit), the process reports how
many rows its own transaction can see and exits at once with os._exit(1) — no cleanup,
no rollback, as in a crash or a kill.

Usage: python tests/store/store_crash_writer.py DB_URL
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # store_support, at tests/

from store_support import NOW, sample_request

from screening.store import open_store, schema, steps


def main(url: str) -> None:
    real_insert = steps.insert_credentials

    def insert_then_crash(conn: Any, *args: Any, **kwargs: Any) -> int:
        written = real_insert(conn, *args, **kwargs)
        seen = conn.execute(select(func.count()).select_from(schema.credentials)).scalar_one()
        os.write(1, f"inserted {written} credentials, transaction sees {seen}\n".encode())
        os._exit(1)

    steps.insert_credentials = insert_then_crash
    store = open_store(url)
    store.save_screening(sample_request("crash"), actor="crasher", now=NOW)
    os.write(1, b"save returned: the hook did not run\n")


if __name__ == "__main__":
    main(sys.argv[1])
