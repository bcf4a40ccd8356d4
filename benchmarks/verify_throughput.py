"""Verification throughput per proof type, in one process and with every core.

    python benchmarks/verify_throughput.py [--count 600] [--repeat 3] [--suite jcs ...]
    python benchmarks/verify_throughput.py --profile eddsa-jcs-2022   # where the time goes

Each credential is distinct (its own id, subject and name), so no cache can answer for a
document it has not verified. Prints credentials/s (the median of --repeat timed passes
over the same credentials, each after warm-up) against the targets of issue 18.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import NOW, mint, peak_rss_mib, timed, trust, verdict_line

from screening.verify import verify

KINDS: dict[str, float | None] = {
    "eddsa-rdfc-2022": 600, "Ed25519Signature2020": 600, "eddsa-jcs-2022": 4000,
    "vc-jwt": 6000, "ecdsa-rdfc-2019": 480, "ecdsa-sd-2023": 480,
    "bbs-2023": None,  # issue 25: measured beside eddsa-rdfc-2022, no target
    "edc-jades": None, "mdoc": None}  # issue 25 too: EDC sealed with JAdES, ISO mdoc
# Issue 13: ECDSA suites at least as fast per credential as eddsa-rdfc-2022, within 20 %
# (their targets above are 0.8 × rdfc's); compared on CPU time, fair on a shared machine.
RELATIVE_TO = {"ecdsa-rdfc-2019": "eddsa-rdfc-2022", "ecdsa-sd-2023": "eddsa-rdfc-2022",
               "bbs-2023": "eddsa-rdfc-2022", "edc-jades": "eddsa-rdfc-2022",
               "mdoc": "eddsa-rdfc-2022"}  # issue 25: the ratio only, no floor
RELATIVE_FLOOR = 0.8


def _line(name: str, value: float, unit: str, target: float | None) -> str:
    if target is None:
        return f"{name:<48} {value:>10.2f} {unit}"
    return verdict_line(name, value, unit, target, True)


def verify_all(documents: list[bytes]) -> int:
    verified = 0
    listed = trust()  # the seal CA of EDC and mdoc; no issuers (as for every suite)
    for data in documents:
        verified += verify(data, now=NOW, trust=listed).check(
            "proof_verified").status == "pass"
    return verified


def one_process(documents: list[bytes], repeat: int) -> tuple[list[float], list[float]]:
    """(credentials per wall-clock second, per CPU second of this process) per pass.
    On a shared machine the CPU-time rate is what this process alone would do."""
    verify_all(documents[:20])  # warm up: contexts parsed once per process
    wall, cpu = [], []
    for _ in range(repeat):
        cpu_start = time.process_time()
        with timed() as elapsed:
            ok = verify_all(documents)
        cpu_seconds = time.process_time() - cpu_start
        assert ok == len(documents), f"only {ok} of {len(documents)} verified"
        wall.append(len(documents) / elapsed())
        cpu.append(len(documents) / cpu_seconds)
    return wall, cpu


def all_cores(documents: list[bytes], workers: int) -> float:
    chunks = [documents[i::workers] for i in range(workers)]
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(verify_all, [c[:10] for c in chunks]))  # warm every worker
        with timed() as elapsed:
            ok = sum(pool.map(verify_all, chunks))
    assert ok == len(documents)
    return len(documents) / elapsed()


def profile(kind: str, count: int) -> None:
    documents = [mint(kind, serial) for serial in range(count)]
    verify_all(documents[:20])
    profiler = cProfile.Profile()
    profiler.runcall(verify_all, documents)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=3, help="timed passes per suite")
    parser.add_argument("--suite", action="append", choices=sorted(KINDS),
                        help="only these proof types (repeatable)")
    parser.add_argument("--no-cores", action="store_true", help="skip the all-cores run")
    parser.add_argument("--profile", choices=sorted(KINDS), help="cProfile one proof type")
    args = parser.parse_args()
    if args.profile:
        profile(args.profile, args.count)
        return
    workers = os.cpu_count() or 1
    print(f"{args.count} distinct credentials per proof type; {workers} cores; "
          f"median of {args.repeat} passes")
    per_cpu: dict[str, float] = {}
    for kind in args.suite or KINDS:
        documents = [mint(kind, serial) for serial in range(args.count)]
        wall, cpu = one_process(documents, args.repeat)
        per_cpu[kind] = statistics.median(cpu)
        target = KINDS[kind]
        for what, rates in (("one process", wall), ("one process, per CPU second", cpu)):
            print(_line(f"{kind}: {what}", statistics.median(rates), "credentials/s", target)
                  + f"  (passes: {', '.join(f'{r:,.0f}' for r in rates)}; "
                  f"{1000 / statistics.median(rates):.2f} ms per credential)")
        base = RELATIVE_TO.get(kind)
        if base in per_cpu:
            print(_line(f"{kind}: vs {base} (CPU)", per_cpu[kind] / per_cpu[base],
                        "× its rate", RELATIVE_FLOOR if target is not None else None))
        if not args.no_cores:
            print(f"{kind + f': {workers} processes':<48} "
                  f"{all_cores(documents, workers):>10.1f} credentials/s")
    print(f"peak memory (this process): {peak_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
