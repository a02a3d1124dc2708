"""`flask --app wsgi rw ...`: administration commands."""
import click
from flask import current_app
from flask.cli import AppGroup

from rwflask.ops import bench_data, demo, private_files, procfile, supervisor
from rwflask.services import media, users
from rwflask.streaming import config_files, liveness
from rwflask.streaming.nodes import node_named

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
    """Create the demo project with a few spoken recordings and an ambient speaker (idempotent)."""
    ambient = media.media_base(current_app.config) + demo.AMBIENT_NAME
    project, created = demo.seed_demo(ambient_uri=ambient)
    click.echo(f"demo project {project.id} {'created' if created else 'already present'}")
    added = demo.seed_demo_media(project, media.media_root())
    if added:
        click.echo(f"added {added} demo recordings")


@rw.command("seed-bench")
@click.option("--assets", "count", type=int, default=10000, show_default=True, help="How many assets to add.")
@click.option("--project-id", type=int, default=None, help="Default: the demo project.")
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed (repeatable layouts).")
def seed_bench(count: int, project_id: int | None, seed: int) -> None:
    """Add many assets (spread over 5 km, 1-3 tags each) to a project, for benchmarks."""
    project = bench_data.target_project(project_id)
    if project is None:
        raise click.ClickException("project not found (run `flask rw seed-demo` first)")
    added = bench_data.add_assets(project, count, media.media_root(), seed=seed)
    click.echo(f"added {added} assets to project {project.id}")


@rw.command("procfile")
@click.option("--port", type=int, default=8888, show_default=True)
@click.option("--api-workers", type=int, default=3, show_default=True)
@click.option("--output", type=click.Path(dir_okay=False), default=None,
              help="Write it to this file, owner-only (it may hold Flower's password), instead of printing it.")
def write_procfile(port: int, api_workers: int, output: str | None) -> None:
    """Print (or write) the Procfile of every process `make run` starts (Redis only when none is running)."""
    text = procfile.procfile({**current_app.config, "INSTANCE_PATH": current_app.instance_path}, port, api_workers)
    if output is None:
        click.echo(text, nl=False)
    else:
        private_files.write(output, text)


@rw.command("render-node")
@click.argument("name")
def render_node(name: str) -> None:
    """Run render node NAME (Liquidsoap), restarting it and restoring its streams whenever it dies."""
    node = node_named(name)
    if node is None:
        raise click.ClickException(f"no render node {name!r} in RENDER_NODES")
    script = config_files.render_node_script(node)
    app = current_app._get_current_object()

    def restore(process) -> None:
        if not supervisor.wait_until(lambda: process.poll() is not None or node.client(timeout=1).ping(), 60):
            raise RuntimeError(f"render node {name} did not answer")
        if process.poll() is None:
            with app.app_context():
                restored = liveness.restore_node(name)
            click.echo(f"render node {name}: restored {restored} streams")

    command = supervisor.with_niceness(current_app.config["RENDER_NODE_NICE"],
                                       supervisor.as_user(config_files.LIQUIDSOAP_USER, ["liquidsoap", str(script)]))
    supervisor.supervise(command, f"render node {name}", on_start=restore)


@rw.command("silence-feeder")
def silence_feeder() -> None:
    """Run the live silence mount listeners fall back to while a render node restarts."""
    script = config_files.silence_script()
    command = supervisor.as_user(config_files.LIQUIDSOAP_USER, ["liquidsoap", str(script)])
    supervisor.supervise(command, "silence feeder")


@rw.command("icecast")
def run_icecast() -> None:
    """Run Icecast with the generated configuration (as the icecast2 user)."""
    config = config_files.icecast_config(config_files.icecast_log_dir())
    supervisor.supervise(supervisor.as_user(config_files.ICECAST_USER, ["icecast2", "-c", str(config)]), "icecast")