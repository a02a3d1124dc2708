"""Database engine settings that make SQLite a safe embedded default."""
import sqlite3

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

_listening = False


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
