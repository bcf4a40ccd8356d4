"""Test support for the store: a real throw-away PostgreSQL server, sample saves, dumps.

The server runs on 127.0.0.1 with a private socket directory for the test session only.
PostgreSQL refuses to run as root, so under uid 0 it runs as the unprivileged `postgres`
user that Debian's package creates. Missing server binaries are a test FAILURE, never a
skip: CI installs them (`apt-get install -y postgresql`).
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, select, text

from screening.store import CandidateInput, CredentialInput, SaveScreening, schema

NOW = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
PG_BINDIR_ENV = "SCREENING_PG_BINDIR"
INSTALL_HINT = ("install the PostgreSQL server (Debian: `apt-get install -y postgresql`) or "
                f"point {PG_BINDIR_ENV} at the directory holding initdb and pg_ctl")


class PostgresUnavailable(RuntimeError):
    pass


def find_pg_bindir() -> Path:
    candidates: list[Path] = []
    if os.environ.get(PG_BINDIR_ENV):
        candidates.append(Path(os.environ[PG_BINDIR_ENV]))
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    versions = glob.glob("/usr/lib/postgresql/*/bin")
    versions.sort(key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
                  reverse=True)
    candidates += [Path(p) for p in versions]
    for directory in candidates:
        if all((directory / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres")):
            return directory
    raise PostgresUnavailable(f"PostgreSQL server binaries (initdb, pg_ctl) not found: "
                              f"{INSTALL_HINT}")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PostgresServer:
    bindir: Path
    base: Path
    port: int
    user: str | None  # the OS user the server runs as when we are root

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        prefix = ["runuser", "-u", self.user, "--"] if self.user else []
        return subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=120,
                              check=False, cwd=self.base)

    def _check(self, step: str, result: subprocess.CompletedProcess[str]) -> None:
        if result.returncode != 0:
            log = self.base / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise PostgresUnavailable(f"PostgreSQL {step} failed ({result.returncode}):\n"
                                      f"{result.stdout}\n{result.stderr}\n{tail}")

    def start(self) -> None:
        data, sock = self.base / "data", self.base / "sock"
        self._check("initdb", self._run(
            str(self.bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
            "-E", "UTF8", "--locale=C", "--no-sync"))
        options = (f"-h 127.0.0.1 -p {self.port} -k {sock} -c fsync=off "
                   "-c full_page_writes=off -c synchronous_commit=off -c max_connections=60")
        self._check("start", self._run(
            str(self.bindir / "pg_ctl"), "-D", str(data), "-l", str(self.base / "server.log"),
            "-w", "-t", "60", "-o", options, "start"))

    def stop(self) -> None:
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.base / "data"), "-m", "immediate",
                  "-w", "stop")

    def create_database(self) -> str:
        name = f"t_{uuid.uuid4().hex[:12]}"
        with _admin(self.admin_url) as engine, engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        return name

    def drop_database(self, name: str) -> None:
        with _admin(self.admin_url) as engine, engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@contextlib.contextmanager
def _admin(url: str) -> Iterator[Engine]:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        yield engine
    finally:
        engine.dispose()


@contextlib.contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """Start a private PostgreSQL server on loopback for the duration of the block."""
    bindir = find_pg_bindir()
    user: str | None = None
    if os.geteuid() == 0:
        try:
            pw = pwd.getpwnam("postgres")
        except KeyError:
            raise PostgresUnavailable("running as root and there is no unprivileged `postgres` "
                                      f"user to run the server as: {INSTALL_HINT}") from None
        user = "postgres"
    # Not under pytest's tmp dir: that is private to root, and the server user needs access.
    base = Path(tempfile.mkdtemp(prefix="screening-pg-"))
    (base / "sock").mkdir()
    if user:
        for path in (base, base / "sock"):
            os.chown(path, pw.pw_uid, pw.pw_gid)
    server = None
    try:
        for attempt in range(3):  # a free port can be taken between probe and start
            server = PostgresServer(bindir, base, free_port(), user)
            try:
                server.start()
                break
            except PostgresUnavailable:
                server.stop()
                shutil.rmtree(base / "data", ignore_errors=True)
                if attempt == 2:
                    raise
        yield server
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(base, ignore_errors=True)


# ---------------------------------------------------------------------------- sample data


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sample_request(name: str = "Backend hiring", *, role_toml: str = 'title = "Backend"\n',
                   n_candidates: int = 2) -> SaveScreening:
    people = [("Alice Example", "alice@example.com"), ("Bob Sample", "bob@example.org"),
              ("Chandra Test", "chandra@example.net")][:n_candidates]
    credentials = []
    for i, (person, email) in enumerate(people):
        data = b"\x00\xffbinary\x89PNG" + person.encode() + bytes(range(256))
        credentials.append(CredentialInput(
            candidate=person, source=f"upload-{i}.png", sha256=sha(data), data=data,
            report={"verdict": "verified", "checks": [{"code": "signature", "status": "pass"}],
                    "recipient": f"mailto:{email}", "note": "naïve ✓ unicode"}))
    credentials.append(CredentialInput(candidate="unassigned", source="broken.txt", sha256=None,
                                       data=None, report={"verdict": "failed"}))
    ranking = [{"rank": i + 1, "candidate": person, "fit": 0.9 - i / 10, "band": "strong",
                "email": email, "explanation": f"Contact {email} for details"}
               for i, (person, email) in enumerate(people)]
    snapshot = {
        "role": {"key": "backend", "title": "Backend engineer"},
        "config_hash": "cfg-1",
        "ranking": ranking,
        "verification": [{"candidate": person, "candidate_email": email,
                          "subject": {"id": f"mailto:{email}"}} for person, email in people],
        "scores": [1.5, None, 3],
    }
    return SaveScreening(
        name=name, role_key="backend", role_title="Backend engineer", role_toml=role_toml,
        scoring_config={"weights": {"python": 2}, "threshold": 0.5}, config_hash="cfg-1",
        candidates=[CandidateInput(person, email) for person, email in people],
        credentials=credentials, snapshot=snapshot)


def dump_tables(engine: Engine) -> str:
    """Every row of every table as text, for "this secret is stored nowhere" checks."""
    parts: list[str] = []
    with engine.connect() as conn:
        for table in schema.TABLES:
            for row in conn.execute(select(table)):
                parts.append(repr(tuple(row)))
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        parts.append(bytes(value).decode("latin-1"))
    return "\n".join(parts)


def count_rows(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {table.name: len(conn.execute(select(table)).all()) for table in schema.TABLES}


@contextlib.contextmanager
def required_postgres() -> Iterator[PostgresServer]:
    """`postgres_server()` for tests that need it: when no server can start, the test fails
    (never skips) — CI must provide PostgreSQL."""
    with contextlib.ExitStack() as stack:
        problem = ""
        try:
            server = stack.enter_context(postgres_server())
        except PostgresUnavailable as exc:
            problem = str(exc)
        if problem:
            pytest.fail(f"PostgreSQL tests cannot run: {problem}", pytrace=False)
        yield server
