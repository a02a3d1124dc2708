"""Test fixtures: one app per run on SQLite (default) or a throwaway PostgreSQL database.

`RW_TEST_DATABASE=postgresql` runs the suite against a database created for the run on the
server at `RW_TEST_PG_ADMIN_URL` and dropped afterwards.
"""
import os
import secrets
import shutil
import socket
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask_migrate import upgrade

from rwflask import create_app
from rwflask.config import DEFAULT_CORS_ORIGINS
from rwflask.extensions import db
from rwflask.models import Base
from rwflask.services import tokens
from tests.support import audio
from tests.support.processes import CeleryWorker, RedisServer, free_port

DEFAULT_PG_ADMIN_URL = "postgresql://rwflask_test:rwflask_test@127.0.0.1:5432/postgres"


def _postgres_database():
    """Create a database for this run; return its URL and a function that drops it."""
    import psycopg

    admin_url = os.environ.get("RW_TEST_PG_ADMIN_URL", DEFAULT_PG_ADMIN_URL)
    name = f"rwflask_test_{secrets.token_hex(4)}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    base, _, _ = admin_url.rpartition("/")
    return f"{base}/{name}", drop


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """URL of the database the whole run uses."""
    if os.environ.get("RW_TEST_DATABASE", "sqlite") == "postgresql":
        url, drop = _postgres_database()
        yield url
        drop()
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def redis_server():
    """A private Redis for the run (the broker of the Celery workers the tests start)."""
    server = RedisServer()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def worker_env(database_url, redis_server):
    """Environment that points a worker process at the test database, media folder and queue."""
    # Outside pytest's private tmp tree: the liquidsoap and icecast2 users read scripts and media here.
    instance = Path(tempfile.mkdtemp(prefix="rwflask-test-instance-"))
    instance.chmod(0o755)
    queue = f"rwflask-test-{secrets.token_hex(4)}"
    yield {
        "RW_INSTANCE_PATH": str(instance),
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(instance / "media"),
        "REDIS_URL": redis_server.url,
        "CELERY_QUEUE": queue,
        "CELERY_STREAM_QUEUE": f"{queue}-streams",
        "SECRET_KEY": "test-secret",
        "RENDER_NODES": "",
        "ICECAST_PORT": str(free_port()),
        # The suite registers and logs in far more than one client address would be let: limits that are
        # never reached (tests/api/test_account_security.py lowers them to test them).
        "RATE_LIMIT_LOGIN": "100000/minute",
        "RATE_LIMIT_USERS": "100000/minute",
    }
    shutil.rmtree(instance, ignore_errors=True)


@pytest.fixture(scope="session")
def page_origin_socket():
    """A listening loopback socket for pages served from another origin than the API (tests/browser
    serve a web client there), reserved before the app is built: flask-cors reads CORS_ORIGINS once,
    at build time, so that origin, `http://localhost:<port>`, is among the app's allowed origins."""
    sock = socket.create_server(("127.0.0.1", 0))
    yield sock
    sock.close()


def page_origin(sock: socket.socket) -> str:
    """The origin of pages served on `page_origin_socket` (another host name than the API's 127.0.0.1)."""
    return f"http://localhost:{sock.getsockname()[1]}"


@pytest.fixture(scope="session")
def app(database_url, worker_env, page_origin_socket):
    """The app, with its schema built by the migrations."""
    os.environ["RW_INSTANCE_PATH"] = worker_env["RW_INSTANCE_PATH"]
    cors_origins = [o.strip() for o in os.environ.get("CORS_ORIGINS", DEFAULT_CORS_ORIGINS).split(",") if o.strip()]
    application = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": worker_env["SECRET_KEY"],
        "MEDIA_ROOT": worker_env["MEDIA_ROOT"],
        # No render node unless a test starts one (tests/streaming): never a stack that happens to run here.
        "RENDER_NODES": "",
        "ICECAST_PORT": int(worker_env["ICECAST_PORT"]),
        "REDIS_URL": worker_env["REDIS_URL"],
        "CELERY_QUEUE": worker_env["CELERY_QUEUE"],
        "CELERY_STREAM_QUEUE": worker_env["CELERY_STREAM_QUEUE"],
        "CORS_ORIGINS": [*cors_origins, page_origin(page_origin_socket)],
        "RATE_LIMIT_LOGIN": worker_env["RATE_LIMIT_LOGIN"],
        "RATE_LIMIT_USERS": worker_env["RATE_LIMIT_USERS"],
    })
    with application.app_context():
        upgrade()
    return application


# Fixtures that start processes which read the test's data (a worker, the API server, the streaming
# stack): their tests commit for real. Every other test runs in a transaction rolled back at its end.
OUT_OF_PROCESS_FIXTURES = {"celery_worker", "stack", "live_server", "private_queue", "start_worker"}
COMMITTING_FOLDERS = ("ops", "streaming", "workers", "browser")


def commits_for_real(request) -> bool:
    """Whether the test's data must really be committed (other processes or connections read it)."""
    folder = Path(request.node.path).relative_to(Path(__file__).parent).parts[0]
    return folder in COMMITTING_FOLDERS or request.node.path.name == "test_migrations.py" or bool(
        OUT_OF_PROCESS_FIXTURES & set(request.fixturenames))


@pytest.fixture(autouse=True)
def app_context(app, request):
    """Every test runs inside an app context and leaves the database as it found it (empty)."""
    with app.app_context():
        if commits_for_real(request):
            yield
            db.session.remove()
            _empty_database()
        else:
            with _rolled_back():
                yield


@contextmanager
def _rolled_back():
    """Run the app's database work in one transaction, rolled back at the end: the app's commits
    release savepoints of it, its rollbacks return to them."""
    engines = db.engines
    engine = engines[None]
    connection = engine.connect()
    sqlite = engine.dialect.name == "sqlite"
    if sqlite:
        # pysqlite opens transactions by itself, which breaks savepoints: take over (SQLAlchemy's recipe).
        connection.connection.driver_connection.isolation_level = None
    transaction = connection.begin()
    if sqlite:
        connection.exec_driver_sql("BEGIN")
    db.session.remove()
    engines[None] = connection
    db.session.configure(join_transaction_mode="create_savepoint")
    try:
        yield
    finally:
        db.session.remove()
        db.session.configure(join_transaction_mode="conditional_savepoint")
        engines[None] = engine
        transaction.rollback()
        if sqlite:
            connection.invalidate()  # its driver settings are not the pool's
        connection.close()


def _empty_database():
    # DELETE (children first) is much faster than TRUNCATE on small PostgreSQL tables.
    with db.engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())


class ApiClient:
    """A test client that sends `Authorization: token <key>` for one user (or nothing)."""

    def __init__(self, client, user=None):
        self.client = client
        self.user = user
        self.headers = {}
        if user is not None:
            key = tokens.issue_token(user)
            db.session.commit()
            self.headers = {"Authorization": f"token {key}"}

    def open(self, method, path, **kwargs):
        """Send a request, adding the token header.

        Requests share the test's app context (and database session), so objects are expired
        around each request: the request and the test then read the database afresh, as
        separate requests do in production.
        """
        headers = {**self.headers, **kwargs.pop("headers", {})}
        db.session.expire_all()
        try:
            return self.client.open(path, method=method, headers=headers, **kwargs)
        finally:
            db.session.expire_all()

    def get(self, path, **kwargs):
        return self.open("GET", path, **kwargs)

    def post(self, path, **kwargs):
        return self.open("POST", path, **kwargs)

    def patch(self, path, **kwargs):
        return self.open("PATCH", path, **kwargs)

    def put(self, path, **kwargs):
        return self.open("PUT", path, **kwargs)

    def delete(self, path, **kwargs):
        return self.open("DELETE", path, **kwargs)


@pytest.fixture
def anonymous(app):
    """A client without a token."""
    return ApiClient(app.test_client())


@pytest.fixture
def participant(app):
    """A client authenticated as an ordinary (device) user."""
    from tests.factories import UserFactory
    return ApiClient(app.test_client(), UserFactory())


@pytest.fixture
def staff(app):
    """A client authenticated as a staff user."""
    from tests.factories import StaffFactory
    return ApiClient(app.test_client(), StaffFactory())


@pytest.fixture
def client_for(app):
    """Build a client authenticated as a given user."""
    return lambda user: ApiClient(app.test_client(), user)


@pytest.fixture
def english():
    """The English language row (the default response language)."""
    from tests.factories import LanguageFactory
    return LanguageFactory(language_code="en")


@pytest.fixture
def spanish():
    """The Spanish language row."""
    from tests.factories import LanguageFactory
    return LanguageFactory(language_code="es")


@pytest.fixture(scope="session")
def celery_worker(app, worker_env, tmp_path_factory):
    """A real Celery worker process converting uploads for the whole run."""
    worker = CeleryWorker(worker_env, tmp_path_factory.mktemp("worker") / "worker.log",
                          queues=[worker_env["CELERY_QUEUE"], worker_env["CELERY_STREAM_QUEUE"]])
    yield worker
    worker.stop()


@pytest.fixture(scope="session")
def hour_of_opus_claiming_a_second(tmp_path_factory):
    """An Ogg/Opus file of about 1.3 MB that ffprobe says lasts 1 s and that decodes to an hour of silence."""
    directory = tmp_path_factory.mktemp("opus-attack")
    claiming = audio.claiming_duration(audio.silent_opus(directory, 60, copies=60), directory / "claims-1s.opus", 1.0)
    assert float(audio.ffprobe(claiming)["format"]["duration"]) < 2
    return claiming
