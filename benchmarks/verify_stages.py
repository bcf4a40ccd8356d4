"""Where one verification's time goes, stage by stage, without a profiler's distortion.

    python benchmarks/verify_stages.py eddsa-jcs-2022 [--count 600]

cProfile charges every Python call, so it overstates call-heavy code (the term walk, the
report) against C (JSON, signatures). Here the pipeline's main stages are wrapped with a
clock instead (one perf_counter pair per stage call, ≈ 0.2 µs) and the per-credential
mean of each is printed beside the total. Stages nest: `_proof_outcomes` contains
`_signature_check`, which contains `hash_data`; the others are disjoint.
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import NOW, mint

from screening.verify import budget, datamodel, pipeline, structure, verify
from screening.verify.proofs import dataintegrity

STAGES: list[tuple[ModuleType, list[str]]] = [
    (pipeline, ["parse_document", "_linked_data_checks", "_proof_outcomes", "validity_check",
                "_status_check", "_holder_checks", "_report", "_verify_jwt"]),
    (dataintegrity, ["_signature_check", "hash_data", "_method_checks"]),
    (structure, ["credential_structure", "open_badge_structure", "summarize"]),
    (datamodel, ["checks"]),
    (budget, ["check_document"]),
]


def clocked(name: str, function: Callable[..., Any], spent: dict[str, float]
            ) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - start
    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind")
    parser.add_argument("--count", type=int, default=600)
    args = parser.parse_args()
    spent: dict[str, float] = {}
    for module, names in STAGES:
        for name in names:
            if hasattr(module, name):
                setattr(module, name, clocked(name, getattr(module, name), spent))
    documents = [mint(args.kind, serial) for serial in range(args.count)]
    for data in documents[:20]:
        verify(data, now=NOW)
    spent.clear()
    start = time.perf_counter()
    for data in documents:
        verify(data, now=NOW)
    total = time.perf_counter() - start
    print(f"{args.kind}: {total / args.count * 1e6:.0f} µs per credential "
          f"({args.count / total:,.0f}/s with the clocks on)")
    for name, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"  {name:<24} {seconds / args.count * 1e6:7.1f} µs")


if __name__ == "__main__":
    main()
