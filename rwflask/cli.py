"""`flask --app wsgi rw ...`: administration commands."""
import click
from flask import current_app
from flask.cli import AppGroup

from rwflask.services import demo, users

rw = AppGroup("rw", help="rwflask administration.")


@rw.command("create-admin")
@click.argument("username")
@click.argument("password")
def create_admin(username: str, password: str) -> None:
    """Create a staff user (or make an existing user staff with this password)."""
    user = users.create_admin(username, password)
    click.echo(f"staff user {user.username} (id {user.id}) ready")


@rw.command("seed-demo")
def seed_demo() -> None:
    """Create the demo project (idempotent)."""
    ambient = current_app.config["MEDIA_URL"] + "demo-ambient.mp3"
    project, created = demo.seed_demo(ambient_uri=ambient)
    click.echo(f"demo project {project.id} {'created' if created else 'already present'}")
