"""Run by tests/store/test_store.py as one of several OS processes on ONE database, as the app
processes of a team instance are: each saves screenings (a new version of the shared role
`backend` every time), creates share links, adds snapshots and saves versions of a second
shared role, all at once with the other processes. Prints what it made as JSON.

Usage: python tests/store/store_process_writer.py DB_URL WORKER ROUNDS START_AT
(START_AT: a time.time() to wait for, so the processes write at the same moment)
"""

from __future__ import annotations

import json
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # store_support, at tests/

from store_support import NOW, sample_request

from screening.store import open_store


def main(url: str, worker: str, rounds: int, start_at: float) -> None:
    made: dict[str, list[str]] = {"screenings": [], "tokens": [], "snapshots": []}
    with open_store(url) as store:
        time.sleep(max(0.0, start_at - time.time()))
        for i in range(rounds):
            actor = f"{worker}@example.com"
            now = NOW + timedelta(seconds=i)
            summary = store.save_screening(
                sample_request(f"{worker}-{i}", role_toml=f'title = "Backend"\n# {worker} {i}\n'),
                actor, now)
            assert summary.latest_snapshot_id is not None
            token, _ = store.create_share_link(summary.latest_snapshot_id, actor, now)
            store.save_role("shared", "Shared role", f'title = "Shared"\n# {worker} {i}\n',
                            now, actor)
            added = store.add_snapshot(summary.id, {"round": i, "worker": worker}, actor, now)
            made["screenings"].append(summary.id)
            made["tokens"].append(token)
            made["snapshots"].append(added.id)
    print(json.dumps(made))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]))
