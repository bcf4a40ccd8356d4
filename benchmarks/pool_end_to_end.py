"""A recruiting team's pool end to end: intake of a ZIP bundle -> verification with every
core -> ranking; then a re-rank after a role change.

    python benchmarks/pool_end_to_end.py [--candidates 1000] [--per-candidate 5]

The pool is minted once with the project's signing helpers (a mix of eddsa-rdfc-2022,
Ed25519Signature2020, eddsa-jcs-2022 and VC-JWT) and cached in /tmp; minting is not timed.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ISSUER, NOW, mint, peak_rss_mib, timed, verdict_line

from screening.batch.parallel import verify_items
from screening.batch.runner import RunSettings
from screening.ingest import ingest_bytes
from screening.matching.ranking import rank_candidates
from screening.matching.scoring import DEFAULT_CONFIG
from screening.session.samples import sample_roles
from screening.session.workspace import Pool
from screening.verify.trust import KnownIssuer, TrustList

KINDS = ["eddsa-rdfc-2022", "Ed25519Signature2020", "eddsa-jcs-2022", "vc-jwt"]


def pool_zip(candidates: int, per_candidate: int) -> bytes:
    cache = Path(f"/tmp/screening-bench-pool-{candidates}x{per_candidate}.zip")
    if cache.exists():
        return cache.read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for serial in range(candidates * per_candidate):
            kind = KINDS[serial % len(KINDS)]
            suffix = "jwt" if kind == "vc-jwt" else "json"
            bundle.writestr(f"candidate-{serial // per_candidate:04d}/{serial}.{suffix}",
                            mint(kind, serial))
    cache.write_bytes(buffer.getvalue())
    return cache.read_bytes()


def children_peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--candidates", type=int, default=1000)
    parser.add_argument("--per-candidate", type=int, default=5)
    args = parser.parse_args()
    bundle = pool_zip(args.candidates, args.per_candidate)
    roles = sample_roles()
    trust = TrustList([KnownIssuer(ISSUER.did_key, "Benchmark University")])
    workers = os.cpu_count() or 1
    total = args.candidates * args.per_candidate
    print(f"{args.candidates} candidates × {args.per_candidate} credentials = {total}; "
          f"{workers} cores; bundle {len(bundle) / 2**20:.1f} MiB")

    with timed() as whole:
        with timed() as intake:
            items, errors = ingest_bytes(bundle, "pool.zip")
        with timed() as verification:
            rows = verify_items(items, RunSettings(NOW, trust), workers)
        pool = Pool(rows)
        with timed() as ranking_time:
            ranking = rank_candidates(roles["data-analyst"], pool.reports_by_candidate(),
                                          DEFAULT_CONFIG, NOW)
    assert not errors and len(rows) == total
    verified = sum(1 for row in rows if row.report.verdict == "verified")
    print(f"  intake {intake():.2f} s, verification {verification():.2f} s "
          f"({total / verification():.0f} credentials/s), ranking {ranking_time():.2f} s; "
          f"{verified} verified; top fit {ranking.table.iloc[0]['fit']}")
    print(verdict_line("end to end (intake -> verify -> rank)", whole(), "s", 30, False))
    with timed() as rerank:
        rank_candidates(roles["backend-engineer"], pool.reports_by_candidate(), DEFAULT_CONFIG,
                        NOW)
    print(verdict_line("re-rank after a role change", rerank(), "s", 1, False))
    peak = max(peak_rss_mib(), children_peak_mib())
    print(verdict_line("peak memory (largest process)", peak, "MiB", 1024, False))


if __name__ == "__main__":
    main()
