"""The Flask application: configuration, extensions, the API's resources, the CLI."""
import os

from flask import Flask
from sqlalchemy.exc import OperationalError
from werkzeug.middleware.proxy_fix import ProxyFix

from rwflask import config
from rwflask.errors import DomainError
from rwflask.web.errors import database_unavailable, domain_error_response
from rwflask.web.json_provider import OrjsonProvider
from rwflask.web.middleware import BufferSmallResponses
from rwflask.web.routing import Int32Converter


def build_app(overrides: dict | None = None) -> Flask:
    """Build the Flask app from the environment, then apply `overrides`."""
    app = Flask(__name__.split(".")[0], instance_path=config.instance_path())
    app.json = OrjsonProvider(app)
    app.url_map.strict_slashes = False
    app.url_map.converters["int"] = Int32Converter
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.update(config.load(app.instance_path))
    app.config.update(overrides or {})
    secure_instance_files(app)
    register_extensions(app)
    register_blueprints(app)
    app.register_error_handler(DomainError, domain_error_response)
    app.register_error_handler(OperationalError, database_unavailable)
    register_cli(app)
    register_tasks(app)
    app.wsgi_app = BufferSmallResponses(app.wsgi_app)
    if app.config["TRUSTED_PROXIES"]:  # the client's address from X-Forwarded-For (rate limits count per address)
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["TRUSTED_PROXIES"])
    return app


def secure_instance_files(app: Flask) -> None:
    """Make the instance's secrets, SQLite database and generated configs private, creating the
    database owner-only; runs at every start, since an older install left them world-readable."""
    from rwflask import database
    from rwflask.streaming import config_files

    config.secure_instance_secrets(app.instance_path)
    database.protect_sqlite_file(app.config["SQLALCHEMY_DATABASE_URI"], app.instance_path)
    config_files.secure_existing(app.instance_path)


def register_extensions(app: Flask) -> None:
    """Bind the database, migrations, CORS, the API and its rate limits to the app."""
    from rwflask import database
    from rwflask.extensions import api, cors, db, migrate
    from rwflask.services import generations
    from rwflask.streaming import follow
    from rwflask.web import throttle

    db.init_app(app)
    database.configure_engine(app)
    generations.install()
    generations.follow(follow.projects_changed)  # live playlists follow their project's changes
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"))
    cors.init_app(app, resources={r"/api/*": {"origins": app.config["CORS_ORIGINS"]}},
                  allow_headers=["Authorization", "Content-Type", "Accept", "X-Requested-With"],
                  expose_headers=["Allow", "WWW-Authenticate", "Retry-After"], max_age=86400)
    api.init_app(app)
    throttle.init_app(app)


def register_blueprints(app: Flask) -> None:
    """Register every API resource and the authentication hook."""
    from rwflask.extensions import api
    from rwflask.resources import admin, listen, media, register_resources
    from rwflask.web import auth, docs, limits

    register_resources(api)
    app.register_blueprint(admin.blp)
    listen.register(app)
    docs.register(app)
    media.register(app)
    app.before_request(limits.limit_request_body)  # first: nothing may read a body before its bound is set
    app.before_request(auth.authenticate_request)


def register_cli(app: Flask) -> None:
    """Add the `flask rw ...` commands."""
    from rwflask.ops.cli import rw

    app.cli.add_command(rw)


def register_tasks(app: Flask) -> None:
    """The Celery app, with every task of the task table."""
    from rwflask.celery import celery_init_app

    celery_init_app(app)
