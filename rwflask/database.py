"""Database engine settings that make SQLite a safe embedded default."""
import os
import sqlite3
from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

from rwflask.ops import private_files

_listening = False
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def _on_connect(dbapi_connection, connection_record):
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    # WAL lets the API, the Celery workers and readers share the file without blocking each other.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def configure_engine(app: Flask) -> None:
    """Install the SQLite connection pragmas (once per process)."""
    global _listening
    if not _listening:
        event.listen(Engine, "connect", _on_connect)
        _listening = True


def sqlite_file(url: str, instance_path: str) -> Path | None:
    """The file of an SQLite database URL, relative paths in the instance folder as Flask-SQLAlchemy
    reads them (None for other databases, in-memory and `file:` URI ones)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:") or \
            parsed.query.get("uri"):
        return None
    return Path(instance_path) / parsed.database  # an absolute database path replaces the folder


def protect_sqlite_file(url: str, instance_path: str) -> None:
    """Create the SQLite database file owner-only before SQLite would (0644 under the usual umask),
    and make an existing one and its journals owner-only.

    SQLite gives the -wal and -shm files it creates the database file's mode.
    """
    path = sqlite_file(url, instance_path)
    if path is None or not path.parent.is_dir():
        return
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # SQLite takes an empty file
    except FileExistsError:
        pass
    for name in (path, *(path.with_name(path.name + suffix) for suffix in SQLITE_COMPANIONS)):
        private_files.secure(name)
