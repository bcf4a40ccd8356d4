"""Our verifier side by side with Digital Bazaar's JavaScript verifier (the reference).

    python benchmarks/side_by_side.py [--count 600] [--repeat 3] [--suite eddsa-jcs-2022 ...]

Mints distinct credentials per suite (in worker processes) into a temporary folder, then
times our verifier (in this process) and the reference (`node reference_js/verify.mjs
--step`, one process per suite) on the same credentials, each after warm-up on 20 others,
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
import shutil
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
# Issue "Ahead of the reference implementation on every suite": target ours/reference ≥ 1
# everywhere; jcs ≥ 4,000/s against the reference's 1,841/s there, i.e. ≈ 2.2×. The issue
# measured these ratios on its author's machine.
TARGET = {suite: 1.0 for suite in SUITES} | {"eddsa-jcs-2022": 4000 / 1841}
ISSUE_MEASURED = {"eddsa-rdfc-2022": 3.9, "Ed25519Signature2020": 1.7, "vc-jwt": 1.5,
                  "eddsa-jcs-2022": 0.57}
WARMUP = 20


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
    if target > 1:
        verdict += f"; {target:.1f}× target {'MET' if ratio >= target else 'NOT MET'}"
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
    parser.add_argument("--repeat", type=int, default=3, help="timed passes per suite")
    parser.add_argument("--suite", action="append", choices=SUITES,
                        help="only these suites (repeatable)")
    args = parser.parse_args()
    if args.count < 1 or args.repeat < 1:
        parser.error("--count and --repeat must be positive")
    ensure_node_modules()
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
    with tempfile.TemporaryDirectory(prefix="side-by-side-") as tmp:
        for suite in args.suite or SUITES:
            ours, theirs = side_by_side(suite, Path(tmp) / suite, args.count, args.repeat)
            packages = theirs.get("packages", packages)
            print(ratio_line(suite, ours, theirs), flush=True)
            shutil.rmtree(Path(tmp) / suite)
    print("ours/ref: median over passes of ours / the reference's pass right after it; "
          "CPU: the same on CPU time (Node's counts its helper threads).")
    print("target: the issue's ours/reference (≥ 1× = ahead; jcs ≥ 4,000/s against the "
          "reference's 1,841/s ≈ 2.2×); issue: the ratio the issue measured.")
    print("vc-jwt: Digital Bazaar has no VC-JWT verifier; the reference side is jose "
          "(EdDSA signature, did:key from kid, exp/nbf, validFrom/validUntil) without the "
          "JSON-LD / VC data-model checks ours makes, so that ratio flatters the reference.")
    print("reference packages: " + ", ".join(f"{n}@{v}" for n, v in sorted(packages.items())))


if __name__ == "__main__":
    main()
