"""CPU instructions per verification, which other processes on the machine cannot change.

    for n in 20 120; do
      valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        python benchmarks/verify_instructions.py eddsa-jcs-2022 $n 2>&1 | grep Collected
    done
    # instructions per verification = (Collected(120) - Collected(20)) / 100

Both runs mint the same 130 credentials and warm up on 10, so the difference is the
verification of 100 distinct credentials and nothing else.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import NOW, mint

from screening.verify import verify


def main() -> None:
    kind, count = sys.argv[1], int(sys.argv[2])
    documents = [mint(kind, serial) for serial in range(130)]  # the same work in every run
    for data in documents[:10]:
        verify(data, now=NOW)
    for data in documents[10:10 + count]:
        assert verify(data, now=NOW).check("proof_verified").status == "pass"


if __name__ == "__main__":
    main()
