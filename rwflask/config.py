"""Configuration, read only from environment variables (and nowhere else)."""
import os
import secrets
from pathlib import Path

import orjson

from rwflask.ops import private_files

DEFAULT_CORS_ORIGINS = "http://localhost:8080,http://localhost:3000"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
INSTANCE_SECRETS = ("secret_key", "icecast_source_password", "icecast_admin_password")


def as_bool(value: str | None, default: bool = False) -> bool:
    """Interpret an environment string such as "1", "true" or "no"."""
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def instance_path(environ=os.environ) -> str | None:
    """`RW_INSTANCE_PATH`: the instance folder (Flask's default, `instance/`, when unset)."""
    return environ.get("RW_INSTANCE_PATH") or None


def database_url(instance_path: str, environ=os.environ) -> str:
    """`DATABASE_URL`, defaulting to an SQLite file in the instance folder."""
    url = environ.get("DATABASE_URL") or f"sqlite:///{Path(instance_path) / 'rwflask.db'}"
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def _json_text(value) -> str:
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def engine_options(url: str) -> dict:
    """JSON columns through orjson (the playlist store is the worker's hot path); a liveness ping per
    checkout only where the server can go away (not SQLite)."""
    options = {"json_serializer": _json_text, "json_deserializer": orjson.loads}
    if not url.startswith("sqlite"):
        options.update(pool_pre_ping=True, pool_recycle=1800)
    return options


def instance_secret(instance_path: str, name: str) -> str:
    """A random secret generated once and kept (mode 600) in the instance folder."""
    path = Path(instance_path) / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        private_files.create(path, secrets.token_hex(32))  # or another process made it first: read theirs
    return path.read_text().strip()


def secure_instance_secrets(instance_path: str) -> None:
    """Make the instance's secret files owner-only (an older install may have left them readable)."""
    for name in INSTANCE_SECRETS:
        private_files.secure(Path(instance_path) / name)


def secret_key(instance_path: str, environ=os.environ) -> str:
    """`SECRET_KEY`, or a random key generated once and kept in the instance folder."""
    return environ.get("SECRET_KEY") or instance_secret(instance_path, "secret_key")


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
        # The longest audio recording accepted, in seconds (decoded length), whatever a project's
        # max_recording_length allows; and how far past a limit a recording may run.
        "MAX_RECORDING_SECONDS": float(environ.get("MAX_RECORDING_SECONDS", "600")),
        "RECORDING_TOLERANCE_SECONDS": float(environ.get("RECORDING_TOLERANCE_SECONDS", "2")),
        # JSON and form bodies (everything but multipart uploads) are refused above this (413).
        "MAX_JSON_BODY_BYTES": int(float(environ.get("MAX_JSON_BODY_KB", "1024")) * 1024),
        # A form-encoded body, or one text field of a multipart body: the same bound (Flask's default is 500 kB).
        "MAX_FORM_MEMORY_SIZE": int(float(environ.get("MAX_JSON_BODY_KB", "1024")) * 1024),
        # Parts of a form or multipart body: a body may carry the 1,000 ids each id list takes (fields.MAX_IDS),
        # several lists, and its other fields (Werkzeug's default, 1,000 in all, refused such a body with a 413).
        "MAX_FORM_PARTS": 5000,
        # Where listeners are given their stream URL; by default this API, whose /stream<id>.mp3 redirects
        # to the session's Icecast mount.
        "STREAM_BASE_URL": environ.get("STREAM_BASE_URL", "").rstrip("/"),
        "CELERY_QUEUE": environ.get("CELERY_QUEUE", "rwflask"),  # uploads and periodic jobs
        # The Celery queue of stream control tasks (its own worker, see celeryconfig.py).
        "CELERY_STREAM_QUEUE": environ.get("CELERY_STREAM_QUEUE", "rwflask-streams"),
        # Render nodes: `name=host:port` telnet addresses, each with the same slot layout. Two per core:
        # a node's clock is one thread that stalls while it opens a file, and smaller nodes spread the
        # stalls (bench/README.md: 40 streams on 2 cores kept real time with 4 nodes, not with 2).
        "RENDER_NODES": environ.get("RENDER_NODES", ",".join(f"n{i}=127.0.0.1:{1233 + i}" for i in range(1, 5))),
        "RENDER_NODE_SLOTS": int(environ.get("RENDER_NODE_SLOTS", "12")),
        "RENDER_NODE_TRACKS": int(environ.get("RENDER_NODE_TRACKS", "3")),
        "RENDER_NODE_FEEDS": int(environ.get("RENDER_NODE_FEEDS", "4")),
        # OCaml's GC space_overhead in render nodes: higher spends memory to save CPU (120 is OCaml's).
        "RENDER_NODE_GC_OVERHEAD": int(environ.get("RENDER_NODE_GC_OVERHEAD", "1000")),
        # Niceness of render nodes: below the workers and the API so that audio keeps its clock when
        # the machine is busy (negative values need root, which `make run` has; otherwise ignored).
        "RENDER_NODE_NICE": int(environ.get("RENDER_NODE_NICE", "-5")),
        "RENDER_NODE_MEDIA": environ.get("RENDER_NODE_MEDIA", "file"),  # file paths, or "http" via PUBLIC_URL
        "MP3_BITRATE": int(environ.get("MP3_BITRATE", "128")),
        "MP3_QUALITY": int(environ.get("MP3_QUALITY", "5")),
        # How render nodes reach the API for their callbacks.
        "INTERNAL_API_URL": environ.get("INTERNAL_API_URL", "http://127.0.0.1:8888").rstrip("/"),
        "ICECAST_HOST": environ.get("ICECAST_HOST", "127.0.0.1"),
        "ICECAST_PORT": int(environ.get("ICECAST_PORT", "8000")),
        "ICECAST_BIND": environ.get("ICECAST_BIND", "127.0.0.1"),
        "ICECAST_BURST_BYTES": int(environ.get("ICECAST_BURST_BYTES", "16000")),  # 1 s of 128 kbit/s
        "ICECAST_SOURCE_PASSWORD": environ.get("ICECAST_SOURCE_PASSWORD")
        or instance_secret(instance_path, "icecast_source_password"),
        "ICECAST_ADMIN_PASSWORD": environ.get("ICECAST_ADMIN_PASSWORD")
        or instance_secret(instance_path, "icecast_admin_password"),
        # Where listeners fetch session mounts; by default the API's host on ICECAST_PORT.
        "ICECAST_PUBLIC_URL": environ.get("ICECAST_PUBLIC_URL", "").rstrip("/"),
        # A render slot is kept this long after its player left (or the client's last heartbeat).
        "STREAM_GRACE_SECONDS": float(environ.get("STREAM_GRACE_SECONDS", "30")),
        # A freed render slot rests this long before its next listener (its Icecast source must leave).
        "SLOT_COOLDOWN_SECONDS": float(environ.get("SLOT_COOLDOWN_SECONDS", "3")),
        "PLAYLIST_BAN_SECONDS": float(environ.get("PLAYLIST_BAN_SECONDS", "1800")),
        "FLOWER_ADDRESS": environ.get("FLOWER_ADDRESS", "127.0.0.1"),
        "FLOWER_BASIC_AUTH": environ.get("FLOWER_BASIC_AUTH", ""),
        # A worker converting an upload holds it this long and renews it every third of it; an upload whose
        # lease ran out (its worker died), or never claimed this long after arrival, is queued again.
        # PROCESSING_STALE_SECONDS: its name before leases, still read.
        "PROCESSING_LEASE_SECONDS": float(environ.get("PROCESSING_LEASE_SECONDS")
                                          or environ.get("PROCESSING_STALE_SECONDS") or "60"),
        "CORS_ORIGINS": [o.strip() for o in environ.get("CORS_ORIGINS", DEFAULT_CORS_ORIGINS).split(",")
                         if o.strip()],
        # Rate limits per client address (Flask-Limiter, counted in Redis at REDIS_URL): password logins
        # (API and admin form together) and device registrations; "N/second|minute|hour|day".
        "RATE_LIMITS_ENABLED": as_bool(environ.get("RATE_LIMITS_ENABLED"), default=True),
        "RATE_LIMIT_LOGIN": environ.get("RATE_LIMIT_LOGIN", "10/minute"),
        "RATE_LIMIT_USERS": environ.get("RATE_LIMIT_USERS", "30/minute"),
        # How many proxies in front of the API append to X-Forwarded-For: the client address is taken
        # from there (0: the peer's address; never trust the header when nothing in front sets it).
        "TRUSTED_PROXIES": int(environ.get("TRUSTED_PROXIES", "0")),
        # The admin pages' session cookie: not readable by scripts, not sent on cross-site posts, and
        # only over HTTPS when the API is served over HTTPS.
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": as_bool(environ.get("SESSION_COOKIE_SECURE"), default=environ.get(
            "PUBLIC_URL", "").lower().startswith("https://")),
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
