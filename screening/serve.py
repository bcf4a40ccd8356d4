"""`python -m screening.serve`: check the access policy, then run the dashboard.

    python -m screening.serve                        # local: 127.0.0.1:8501, no sign-in
    python -m screening.serve --address 0.0.0.0      # refused unless team mode or the override
    python -m screening.serve --check --address 0.0.0.0   # decide only, start nothing

The launcher owns the address: it passes `--server.address` to Streamlit itself, so the
address it checked is the address Streamlit binds. It reads the `[auth]` section of the
secrets files Streamlit will read (`--secrets`, else ~/.streamlit/secrets.toml and the
project's .streamlit/secrets.toml) and applies `screening.access.Policy.startup`. A refusal
prints the reason on stderr and exits with status 3 before anything listens; otherwise it
says which mode it starts in and replaces itself with `python -m streamlit run app.py`.
Streamlit options other than the address may follow (e.g. `--server.baseUrlPath x`).
"""

from __future__ import annotations

import argparse
import os
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from screening.access import AccessConfigError, load_policy
from screening.settings import PROJECT_DIR

EXIT_REFUSED = 3
EXIT_USAGE = 2
APP = PROJECT_DIR / "app.py"


def secrets_files(explicit: Sequence[Path]) -> list[Path]:
    """The secrets files Streamlit will read, in its order (later wins)."""
    if explicit:
        return list(explicit)
    return [Path.home() / ".streamlit" / "secrets.toml",
            PROJECT_DIR / ".streamlit" / "secrets.toml"]


def read_auth(files: Sequence[Path]) -> dict[str, Any] | None:
    """The merged `[auth]` section of `files` (missing files are skipped)."""
    merged: dict[str, Any] = {}
    found = False
    for path in files:
        if not path.is_file():
            continue
        with path.open("rb") as handle:
            data = tomllib.load(handle)
        auth = data.get("auth")
        if isinstance(auth, dict):
            found = True
            merged.update(auth)
    return merged if found else None


def streamlit_command(address: str, port: int, secrets: Sequence[Path],
                      extra: Sequence[str]) -> list[str]:
    command = [sys.executable, "-m", "streamlit", "run", str(APP),
               "--server.address", address, "--server.port", str(port),
               "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    for path in secrets:
        command += ["--secrets.files", str(path)]
    return [*command, *extra]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m screening.serve", allow_abbrev=False,
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--address", default="127.0.0.1",
                        help="the address to listen on (default: 127.0.0.1, loopback only)")
    parser.add_argument("--port", type=int, default=8501, help="default: 8501")
    parser.add_argument("--secrets", type=Path, action="append", default=[],
                        help="a secrets.toml to read [auth] from (repeatable)")
    parser.add_argument("--check", action="store_true",
                        help="only decide whether the app may start; exit 0 or 3")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args, extra = _parser().parse_known_args(argv)
    if any(arg.startswith("--server.address") for arg in extra):
        print("screening.serve: give the address as --address, not --server.address",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        policy = load_policy()
        missing = [str(path) for path in args.secrets if not path.is_file()]
        if missing and policy.team:  # name the file given, never a default one
            print(f"screening.serve: the secrets file given with --secrets is missing: "
                  f"{', '.join(missing)}", file=sys.stderr)
            return EXIT_REFUSED
        where = ", ".join(str(path) for path in args.secrets) or ".streamlit/secrets.toml"
        decision = policy.startup(args.address, read_auth(secrets_files(args.secrets)), where)
    except (AccessConfigError, OSError, tomllib.TOMLDecodeError) as error:
        print(f"screening.serve: {error}", file=sys.stderr)
        return EXIT_REFUSED
    if not decision.allowed:
        print(f"screening.serve: {decision.message}", file=sys.stderr)
        return EXIT_REFUSED
    print(f"screening.serve: {decision.message}", file=sys.stderr, flush=True)
    if args.check:
        return 0
    command = streamlit_command(args.address, args.port, args.secrets, extra)
    os.chdir(PROJECT_DIR)  # Streamlit reads .streamlit/config.toml from here
    os.execv(command[0], command)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
