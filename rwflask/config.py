"""Configuration, read only from environment variables (and nowhere else)."""
import os
import secrets
from pathlib import Path

DEFAULT_CORS_ORIGINS = "http://localhost:8080,http://localhost:3000"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def as_bool(value: str | None, default: bool = False) -> bool:
    """Interpret an environment string such as "1", "true" or "no"."""
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def database_url(instance_path: str, environ=os.environ) -> str:
    """`DATABASE_URL`, defaulting to an SQLite file in the instance folder."""
    url = environ.get("DATABASE_URL") or f"sqlite:///{Path(instance_path) / 'rwflask.db'}"
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def engine_options(url: str) -> dict:
    """Pool settings: a liveness ping per checkout only where the server can go away (not SQLite)."""
    return {} if url.startswith("sqlite") else {"pool_pre_ping": True, "pool_recycle": 1800}


def secret_key(instance_path: str, environ=os.environ) -> str:
    """`SECRET_KEY`, or a random key generated once and kept in the instance folder."""
    if environ.get("SECRET_KEY"):
        return environ["SECRET_KEY"]
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return path.read_text().strip()


def load(instance_path: str, environ=os.environ) -> dict:
    """All settings of the app, from the environment, with the embedded (one machine) defaults."""
    return {
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path, environ),
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(database_url(instance_path, environ)),
        "SECRET_KEY": secret_key(instance_path, environ),
        "REDIS_URL": environ.get("REDIS_URL", DEFAULT_REDIS_URL),
        "MEDIA_ROOT": environ.get("MEDIA_ROOT") or str(Path(instance_path) / "media"),
        "MEDIA_URL": environ.get("MEDIA_URL", "/rwmedia/"),
        # How other machines (Liquidsoap render nodes) reach this API, for absolute media URLs.
        "PUBLIC_URL": environ.get("PUBLIC_URL", "http://127.0.0.1:8888").rstrip("/"),
        "MAX_UPLOAD_BYTES": int(float(environ.get("MAX_UPLOAD_MB", "100")) * 1024 * 1024),
        # Werkzeug refuses bodies above this before parsing them; multipart overhead on top of a file.
        "MAX_CONTENT_LENGTH": int(float(environ.get("MAX_UPLOAD_MB", "100")) * 1024 * 1024) + (1 << 20),
        # Where listeners reach the Icecast mounts; by default the API's host on port 8000.
        "STREAM_BASE_URL": environ.get("STREAM_BASE_URL", "").rstrip("/"),
        "PLAYLIST_BAN_SECONDS": float(environ.get("PLAYLIST_BAN_SECONDS", "1800")),
        "FLOWER_ADDRESS": environ.get("FLOWER_ADDRESS", "127.0.0.1"),
        "FLOWER_BASIC_AUTH": environ.get("FLOWER_BASIC_AUTH", ""),
        "PROCESSING_STALE_SECONDS": int(environ.get("PROCESSING_STALE_SECONDS", "60")),
        "CORS_ORIGINS": [o.strip() for o in environ.get("CORS_ORIGINS", DEFAULT_CORS_ORIGINS).split(",")
                         if o.strip()],
        "API_TITLE": "rwflask: Roundware API v2",
        "API_VERSION": "2",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api/2/",
        "OPENAPI_JSON_PATH": "openapi.json",
        "OPENAPI_SWAGGER_UI_PATH": "docs/",
        "OPENAPI_SWAGGER_UI_URL": "/api/2/docs/static/",
        "API_SPEC_OPTIONS": {
            "info": {"description": "Roundware API v2, served by rwflask. Authenticate with the header "
                                    "`Authorization: token <key>`; get a key from `POST /api/2/users/`."},
            "security": [{"TokenAuth": []}],
            "components": {"securitySchemes": {"TokenAuth": {
                "type": "apiKey", "in": "header", "name": "Authorization",
                "description": "`token <key>` (the scheme is case-insensitive)."}}},
        },
    }
