"""The instance's secret files at start: the SQLite database and its journals, and what an older
install left world-readable."""
import stat
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import create_engine, text

from rwflask import database
from rwflask.app import secure_instance_files
from rwflask.extensions import db


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def readable_by_others(path: Path) -> bool:
    return bool(mode(path) & stat.S_IROTH)


def test_the_sqlite_database_is_not_readable_by_others(app):
    path = database.sqlite_file(app.config["SQLALCHEMY_DATABASE_URI"], app.instance_path)
    if path is None:
        pytest.skip("the run uses PostgreSQL")
    db.session.execute(text("SELECT 1"))
    journals = [path.with_name(path.name + suffix) for suffix in database.SQLITE_COMPANIONS]
    assert [p for p in (path, *journals) if p.exists() and readable_by_others(p)] == []


def test_a_new_sqlite_database_is_created_owner_only(tmp_path):
    database.protect_sqlite_file(f"sqlite:///{tmp_path / 'new.db'}", str(tmp_path))
    assert mode(tmp_path / "new.db") == 0o600


def test_sqlites_journals_get_the_databases_private_mode(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    database.protect_sqlite_file(url, str(tmp_path))
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("PRAGMA journal_mode=WAL")
        connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
        wal, shm = tmp_path / "new.db-wal", tmp_path / "new.db-shm"
        assert (mode(wal), mode(shm)) == (0o600, 0o600)
    engine.dispose()


def test_an_existing_world_readable_database_and_its_journals_are_tightened(tmp_path):
    files = [tmp_path / name for name in ("old.db", "old.db-wal", "old.db-shm")]
    for path in files:
        path.write_bytes(b"")
        path.chmod(0o644)
    database.protect_sqlite_file(f"sqlite:///{files[0]}", str(tmp_path))
    assert [mode(path) for path in files] == [0o600] * 3


def test_a_relative_sqlite_path_is_in_the_instance_folder(tmp_path):
    assert database.sqlite_file("sqlite:///rw.db", str(tmp_path)) == tmp_path / "rw.db"


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:", "postgresql+psycopg://u@h/db"])
def test_databases_without_a_file_of_ours_are_left_alone(url, tmp_path):
    database.protect_sqlite_file(url, str(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_starting_tightens_what_an_older_install_left_world_readable(tmp_path):
    (tmp_path / "streaming").mkdir(mode=0o755)
    old = [tmp_path / name for name in ("secret_key", "icecast_source_password", "rwflask.db", "streaming/n1.liq")]
    for path in old:
        path.write_text("secret")
        path.chmod(0o644)
    secure_instance_files(SimpleNamespace(instance_path=str(tmp_path),
                                          config={"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/rwflask.db"}))
    assert [path for path in [*old, tmp_path / "streaming"] if mode(path) & 0o007] == []
