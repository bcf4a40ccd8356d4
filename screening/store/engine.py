"""Where the store lives and how to connect to it: SQLite by default, PostgreSQL by URL."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import StaticPool

from screening import settings
from screening.store.records import StoreError

DB_FILENAME = "screening.db"
BUSY_TIMEOUT_MS = 30_000
# Execution option naming the SQLite BEGIN mode; writers use IMMEDIATE so that two writers
# queue on busy_timeout instead of failing when a read lock cannot be upgraded.
BEGIN_MODE = "screening_sqlite_begin"


def default_data_dir() -> Path:
    return settings.data_dir()


def resolve_url(url: str | None = None, data_dir: Path | None = None) -> URL:
    """`url`, else $SCREENING_DB_URL, else `<data_dir>/screening.db` (created 0700/0600)."""
    url = url or settings.db_url()
    if url is None:
        directory = Path(data_dir).expanduser() if data_dir else default_data_dir()
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = directory / DB_FILENAME
        if not path.exists():  # candidates' personal data: readable by the owner only
            try:
                os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
                _created_empty.add(str(path))
            except FileExistsError:  # another process created it meanwhile
                pass
        return URL.create("sqlite", database=str(path))
    try:
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy raises ArgumentError; hide nothing but the password
        raise StoreError("the database URL could not be parsed") from exc
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError(f"unsupported database backend {parsed.get_backend_name()!r}; "
                         "use sqlite or postgresql+psycopg")
    return parsed


_created_empty: set[str] = set()  # database files this process created (empty) to initialise


def check_sqlite_file(url: URL) -> None:
    """Refuse a SQLite file that is not a database this program can open as it is: an
    existing zero-length file (an empty file is NOT silently taken as an empty store,
    unless this process just created it) or one that is not SQLite at all."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return
    path = Path(str(url.database))
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(16)
    except FileNotFoundError:
        return  # SQLite creates it: a new store
    except OSError as exc:
        raise StoreError(f"cannot open the store at {path}: {exc.strerror}") from None
    wal = Path(f"{path}-wal")
    if size == 0 and str(path) not in _created_empty and not (
            wal.exists() and wal.stat().st_size > 0):
        raise StoreError(f"the store file {path} is empty (0 bytes) but was not created by "
                         "this program; it is not opened as an empty store. Move it away "
                         "(or delete it) to start a new store, or restore it from a backup.")
    if size > 0 and head != b"SQLite format 3\0":
        raise StoreError(f"the store file {path} is not a database (damaged or another kind "
                         "of file); restore it from a backup or move it away to start anew.")


def initialised(url: URL) -> None:
    """The file at `url` now holds a database: an empty file there is no longer ours."""
    if url.get_backend_name() == "sqlite":
        _created_empty.discard(str(url.database))


def make_engine(url: URL | str) -> Engine:
    url = make_url(url) if isinstance(url, str) else url
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    return create_engine(url, pool_pre_ping=True)


def writer(engine: Engine) -> Engine:
    """The same engine, but SQLite transactions start with BEGIN IMMEDIATE."""
    if engine.dialect.name != "sqlite":
        return engine
    return engine.execution_options(**{BEGIN_MODE: "IMMEDIATE"})


def _sqlite_engine(url: URL) -> Engine:
    kwargs: dict[str, Any] = {}
    if url.database in (None, "", ":memory:"):  # one shared connection, else each is empty
        kwargs.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy (below) emit BEGIN itself, so DDL is transactional too and the
        # BEGIN mode can be chosen; pysqlite's own implicit transactions would do neither.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get(BEGIN_MODE, "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {'IMMEDIATE' if mode == 'IMMEDIATE' else 'DEFERRED'}")

    return engine
