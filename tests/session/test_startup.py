"""`screening verify` loads only what verification needs (CLI start-up, issue 18), the
launcher `screening.serve` loads no verifier at all, and pyld, imported without the HTTP
stack, can never fetch a context by itself."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data" / "candidates" / "ada-lovelace" / "python-data.json"
HEAVY = ["pandas", "altair", "streamlit", "sqlalchemy", "jsonschema", "requests", "urllib3",
         "numpy"]

PROBE = """
import contextlib, io, json, sys
from screening.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(["verify", sys.argv[1], "--now", "2026-06-01T12:00:00Z"])
loaded = [m for m in json.loads(sys.argv[2]) if m in sys.modules]
import pyld.jsonld  # the loader pyld uses when a call passes none: its refusing dummy
default_loader = pyld.jsonld._default_document_loader.__qualname__.split(".")[0]
import requests  # still importable for the guarded client
print(json.dumps({"code": code, "loaded": loaded, "default_loader": default_loader,
                  "requests": bool(requests.Session)}))
"""


def test_verify_command_loads_no_heavy_module_and_pyld_cannot_fetch() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE, str(SAMPLE), json.dumps(HEAVY)],
                            capture_output=True, text=True, check=True, cwd=ROOT)
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {"code": 0, "loaded": [], "default_loader": "dummy_document_loader",
                       "requests": True}


LAUNCHER_NEVER_LOADS = ("screening.verify", "pyld", "pandas", "streamlit", "sqlalchemy")


def test_the_launcher_loads_no_verifier_and_no_heavy_module() -> None:
    """`python -m screening.serve` decides whether to start before it loads anything heavy:
    the launcher, its settings and the access policy import no verifier, pyld, pandas,
    Streamlit or SQLAlchemy."""
    probe = ("import json, sys, screening.serve, screening.settings, screening.access; "
             "print(json.dumps(sorted(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True, cwd=ROOT)
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert "screening.serve" in loaded
    heavy = [m for m in loaded
             if any(m == name or m.startswith(name + ".") for name in LAUNCHER_NEVER_LOADS)]
    assert heavy == []
