"""rwflask: a Roundware-compatible audio augmented reality server."""
import os

from flask import Flask
from sqlalchemy.exc import OperationalError

from rwflask import config
from rwflask.errors import database_unavailable
from rwflask.routing import Int32Converter
from rwflask.json_provider import OrjsonProvider
from rwflask.middleware import BufferSmallResponses


def create_app(overrides: dict | None = None) -> Flask:
    """Build the Flask app from the environment, then apply `overrides` (tests pass theirs here)."""
    app = Flask(__name__, instance_path=os.environ.get("RW_INSTANCE_PATH") or None)
    app.json = OrjsonProvider(app)
    app.url_map.strict_slashes = False
    app.url_map.converters["int"] = Int32Converter
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.update(config.load(app.instance_path))
    app.config.update(overrides or {})
    register_extensions(app)
    register_blueprints(app)
    app.register_error_handler(OperationalError, database_unavailable)
    register_cli(app)
    app.wsgi_app = BufferSmallResponses(app.wsgi_app)
    return app


def register_extensions(app: Flask) -> None:
    """Bind the database, migrations, CORS and the API to the app."""
    from rwflask import database
    from rwflask.celery import celery_init_app
    from rwflask.extensions import api, cors, db, migrate

    from rwflask.services import generations

    db.init_app(app)
    database.configure_engine(app)
    generations.install()
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"))
    cors.init_app(app, resources={r"/api/*": {"origins": app.config["CORS_ORIGINS"]}},
                  allow_headers=["Authorization", "Content-Type", "Accept", "X-Requested-With"],
                  expose_headers=["Allow", "WWW-Authenticate"], max_age=86400)
    api.init_app(app)
    celery_init_app(app)


def register_blueprints(app: Flask) -> None:
    """Register every API resource and the authentication hook."""
    from rwflask import auth, docs
    from rwflask.extensions import api
    from rwflask.resources import admin, listen, media, register_resources

    register_resources(api)
    app.register_blueprint(admin.blp)
    listen.register(app)
    docs.register(app)
    media.register(app)
    app.before_request(auth.authenticate_request)


def register_cli(app: Flask) -> None:
    """Add the `flask rw ...` commands."""
    from rwflask.cli import rw

    app.cli.add_command(rw)
