"""Our verifier side by side with Digital Bazaar's JavaScript verifier (the reference).

    python benchmarks/side_by_side.py [--count 600] [--repeat 3] [--suite eddsa-jcs-2022 ...]

Mints distinct credentials per suite (in worker processes) into a temporary folder, then
times our verifier (in this process) and the reference (`node reference_js/verify.mjs
--step`, one process per suite) on the same credentials, each after warm-up on 200 others,
interleaving their passes (ours, theirs, ours, theirs …) so that machine noise hits both
alike. Every pass verifies --count credentials that no earlier pass saw, so no
per-document memo of either side can answer from an earlier pass. The ratio
ours/reference is what to quote: unlike credentials/s it does not depend on how fast the
machine is today. The reference must verify every credential, or that suite is void.
"""

from __future__ import annotations

import argparse
import json
import operator
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import IO, Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import NOW, mint

from screening.verify import verify

REFERENCE = Path(__file__).resolve().parent / "reference_js"
SUITES = ["eddsa-rdfc-2022", "Ed25519Signature2020", "eddsa-jcs-2022", "vc-jwt",
          "ecdsa-rdfc-2019", "ecdsa-sd-2023"]
# Issue "Ahead of the reference implementation on every suite" measured ours/reference
# on its author's machine (ISSUE_MEASURED) when ours ran at the rates of docs/benchmarks.md
# (2026-11-23: rdfc 602/s, Ed25519Signature2020 508/s, VC-JWT 5,479/s, jcs 1,056/s); so the
# reference ran there at ≈ 154, 299, 3,653 and 1,841/s, and the issue's targets (rdfc and
# Ed25519Signature2020 ≥ 600/s, JWT ≥ 6,000/s, jcs ≥ 4,000/s) are these ratios to the
# reference — comparable on any machine. The ECDSA suites: ahead (≥ 1×).
ISSUE_MEASURED = {"eddsa-rdfc-2022": 3.9, "Ed25519Signature2020": 1.7, "vc-jwt": 1.5,
                  "eddsa-jcs-2022": 0.57}
OURS_THEN = {"eddsa-rdfc-2022": 602, "Ed25519Signature2020": 508, "vc-jwt": 5479,
             "eddsa-jcs-2022": 1056}
TARGET_RATE = {"eddsa-rdfc-2022": 600, "Ed25519Signature2020": 600, "vc-jwt": 6000,
               "eddsa-jcs-2022": 4000}
TARGET = {suite: 1.0 for suite in SUITES} | {
    suite: TARGET_RATE[suite] / (OURS_THEN[suite] / ISSUE_MEASURED[suite])
    for suite in TARGET_RATE}
WARMUP = 200  # credentials each side verifies before timing (V8's JIT needs more than 20)


def ensure_node_modules() -> None:
    if not (REFERENCE / "node_modules").is_dir():
        print("installing the reference verifier: npm ci", flush=True)
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=REFERENCE, check=True)


def our_pass(documents: list[bytes]) -> tuple[int, float, float]:
    """(credentials verified, per wall-clock second, per CPU second)."""
    cpu_start, start = time.process_time(), time.perf_counter()
    ok = sum(verify(data, now=NOW).check("proof_verified").status == "pass"
             for data in documents)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    return ok, len(documents) / wall, len(documents) / cpu


def read_json(stream: IO[str]) -> dict[str, Any]:
    line = stream.readline()
    if not line:
        raise RuntimeError("the reference verifier exited without a result")
    return json.loads(line)


def minted(suite: str, serials: range, folder: Path, pool: ProcessPoolExecutor
           ) -> list[bytes]:
    """Credentials minted in other processes (no memo of this one sees them signed),
    also written to `folder` for the reference, one file each."""
    documents = list(pool.map(mint, [suite] * len(serials), serials, chunksize=20))
    folder.mkdir(parents=True)
    for serial, data in zip(serials, documents, strict=True):
        (folder / f"{serial:06d}.txt").write_bytes(data)
    return documents


def side_by_side(suite: str, folder: Path, count: int, repeat: int
                 ) -> tuple[dict[str, list[float]], dict[str, Any]]:
    """Interleaved passes of ours and the reference's over the same credentials."""
    with ProcessPoolExecutor() as pool:
        warmup = minted(suite, range(WARMUP), folder / "warmup", pool)
        passes = [minted(suite, range(WARMUP + p * count, WARMUP + (p + 1) * count),
                         folder / f"pass-{p}", pool) for p in range(repeat)]
    node = subprocess.Popen(
        ["node", str(REFERENCE / "verify.mjs"), suite, str(folder / "warmup"), str(repeat),
         NOW.isoformat(), "--step"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
    assert node.stdin and node.stdout
    our_pass(warmup)  # warm up, while node loads and warms up on the same credentials
    ours: dict[str, list[float]] = {"wall": [], "cpu": []}
    message = read_json(node.stdout)
    while "ready" in message:  # the reference waits: our pass, then its pass
        index = message["ready"]
        ok, wall, cpu = our_pass(passes[index])
        if ok != count:
            node.kill()
            raise RuntimeError(f"{suite}: ours verified only {ok} of {count}")
        ours["wall"].append(wall)
        ours["cpu"].append(cpu)
        node.stdin.write(f"{folder / f'pass-{index}'}\n")
        message = read_json(node.stdout)
    node.stdin.close()
    node.wait()
    return ours, message


def ratio_line(suite: str, ours: dict[str, list[float]], theirs: dict[str, Any]) -> str:
    if theirs.get("first_error") or theirs["verified"] != theirs["count"]:
        return (f"{suite:<22} VOID: the reference verified {theirs['verified']} of "
                f"{theirs['count']}; first error: {theirs.get('first_error')}")
    our_rate = statistics.median(ours["wall"])
    their_rate = statistics.median(theirs["passes_per_second"])
    # the median of each pass's ratio to the reference pass run right after it
    ratio = statistics.median(map(operator.truediv, ours["wall"], theirs["passes_per_second"]))
    cpu_ratio = statistics.median(map(operator.truediv, ours["cpu"],
                                      theirs["cpu_passes_per_second"]))
    target = TARGET[suite]
    verdict = "ahead" if ratio >= 1 else "behind"
    verdict += f"; target {'MET' if ratio >= target else 'NOT MET'}"
    measured = ISSUE_MEASURED.get(suite)
    return (f"{suite:<22} {our_rate:>9,.0f} {their_rate:>13,.0f} {ratio:>9.2f}× "
            f"{cpu_ratio:>11.2f}× {target:>7.1f}× "
            f"{f'{measured:.2f}×' if measured else '–':>8}  {verdict}\n"
            f"{'':<22} passes ours {', '.join(f'{r:,.0f}' for r in ours['wall'])}; "
            f"reference {', '.join(f'{r:,.0f}' for r in theirs['passes_per_second'])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=5, help="timed passes per suite")
    parser.add_argument("--suite", action="append", choices=SUITES,
                        help="only these suites (repeatable)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.count < 1 or args.repeat < 1:
        parser.error("--count and --repeat must be positive")
    ensure_node_modules()
    if args.child:  # one suite, in a fresh process of its own, as the reference runs
        with tempfile.TemporaryDirectory(prefix="side-by-side-") as tmp:
            ours, theirs = side_by_side(args.suite[0], Path(tmp), args.count, args.repeat)
        print(json.dumps({"line": ratio_line(args.suite[0], ours, theirs),
                          "packages": theirs.get("packages", {})}))
        return
    node_version = subprocess.run(["node", "--version"], capture_output=True, text=True,
                                  check=True).stdout.strip()
    print(f"Measured side by side with Digital Bazaar's JavaScript verifier on the same "
          f"{args.count} distinct credentials per suite and pass (one process each, after "
          f"warm-up; {args.repeat} interleaved pass(es), fresh credentials each, medians). "
          f"Clock: {NOW.isoformat()} on both.")
    print(f"Python {platform.python_version()}; Node {node_version}")
    print(f"{'suite':<22} {'ours/s':>9} {'reference/s':>13} {'ours/ref':>10} "
          f"{'CPU ours/ref':>12} {'target':>8} {'issue':>8}  verdict")
    packages: dict[str, str] = {}
    for suite in args.suite or SUITES:  # each suite in a fresh process (no other suite's
        child = subprocess.run(  # objects and caches in ours, as none are in the reference)
            [sys.executable, __file__, "--child", "--suite", suite, "--count",
             str(args.count), "--repeat", str(args.repeat)],
            check=True, capture_output=True, text=True)
        result = json.loads(child.stdout.strip().splitlines()[-1])
        packages = result["packages"] or packages
        print(result["line"], flush=True)
    print("ours/ref: median over passes of ours / the reference's pass right after it; "
          "CPU: the same on CPU time (Node's counts its helper threads).")
    print("target: the issue's per-second targets as ratios to the reference (rdfc and "
          "Ed25519Signature2020 ≥ 600/s, JWT ≥ 6,000/s, jcs ≥ 4,000/s, over the reference's "
          "rates where the issue measured them); ≥ 1× (ahead) for the ECDSA suites; issue: "
          "the ratio the issue measured.")
    print("vc-jwt: Digital Bazaar has no VC-JWT verifier; the reference side is jose "
          "(EdDSA signature, did:key from kid, exp/nbf, validFrom/validUntil) without the "
          "JSON-LD / VC data-model checks ours makes, so that ratio flatters the reference.")
    print("reference packages: " + ", ".join(f"{n}@{v}" for n, v in sorted(packages.items())))


if __name__ == "__main__":
    main()
