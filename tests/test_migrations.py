"""The Alembic migrations build the schema the models describe, through the real CLI."""
import os
import subprocess
import sys
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from rwflask.extensions import db
from rwflask.models import Base

ROOT = Path(__file__).resolve().parent.parent


def test_migrated_schema_matches_models():
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def test_flask_db_upgrade_builds_an_empty_sqlite_file(tmp_path):
    env = {**os.environ, "RW_INSTANCE_PATH": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}"}
    flask = [str(Path(sys.executable).parent / "flask"), "--app", "wsgi"]
    subprocess.run(flask + ["db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    result = subprocess.run(flask + ["db", "current"], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    assert "(head)" in result.stdout
