"""Does the app's process give memory back after large uploads? (issue 28, B6)

Plays the Streamlit server's part in one process: the sample pool loaded, then uploads
verified as the Screen page verifies them (intake here, verification in worker processes
that exit: `verify_uploads(..., isolate=True)` with forkserver). Prints the resident set
size (RSS) at the baseline and after each upload, its rows kept as the session's pool keeps
them (after a garbage collection), and the ratio to the baseline.

    PYTHONPATH=. python benchmarks/upload_memory.py [--credentials 300]
"""

from __future__ import annotations

import argparse
import gc
import os
from dataclasses import replace

from common import NOW, mint

from screening.ingest import ingest_bytes
from screening.session.runs import run_settings, verify_uploads
from screening.session.samples import sample_pool, sample_trust
from screening.testing.bundles import zip_of


def rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--credentials", type=int, default=300)
    args = parser.parse_args()
    pool = sample_pool(NOW)  # the demo screening every new session opens on
    settings = replace(run_settings(NOW, sample_trust()), start_method="forkserver")
    gc.collect()
    baseline = rss_mib()
    print(f"baseline (imports, sample pool of {len(pool.rows)} rows): {baseline:.0f} MiB")
    uploads = {
        "10,000 empty objects (1 MiB JSON array)": ("[" + ",".join(["{}"] * 10_000) + "]"
                                                   ).encode(),
        f"ZIP of {args.credentials} credentials": zip_of(
            {f"c{serial:04}.json": mint("eddsa-rdfc-2022", serial)
             for serial in range(args.credentials)}),
    }
    kept = []  # the session's pool keeps the rows, as the app does
    for name, data in uploads.items():
        rows = verify_uploads([ingest_bytes(data, "upload")], settings, isolate=True)
        kept += rows
        gc.collect()
        now = rss_mib()
        print(f"after {name} ({len(rows)} rows kept): {now:.0f} MiB "
              f"({now / baseline:.2f}× the baseline)")


if __name__ == "__main__":
    main()
