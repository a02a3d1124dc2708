"""Rendering the streaming side's files (render node and silence scripts, Icecast config) from
the templates in `liquidsoap/`, with addresses and passwords from configuration.

They hold passwords: each is readable only by us and the service that runs it (rwflask.ops.private_files).
"""
import shutil
from pathlib import Path

from flask import current_app
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from rwflask.ops import private_files
from rwflask.streaming.nodes import RenderNode, callback_secret, configured_nodes

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "liquidsoap"
SILENCE_MOUNT = "silence.mp3"
# Debian's liquidsoap and icecast2 refuse to run as root: as root we run them as these users.
LIQUIDSOAP_USER = "liquidsoap"
ICECAST_USER = "icecast2"
# One folder per service: a 0750 folder lets in one group, and each service may read only its own passwords.
SCRIPTS_FOLDER = "streaming"
ICECAST_FOLDER = "icecast"


def liquidsoap_string(value) -> str:
    """A Liquidsoap expression for the text `value`, whatever it holds (quotes, backslashes, `#{`).

    Liquidsoap reads `#{...}` inside any string literal as an interpolation, even when the `#` is
    escaped, so every `#` ends a literal and the pieces are joined with `^`.
    """
    def literal(text: str) -> str:
        escaped = "".join(c if c.isprintable() and c not in '"\\' else f"\\x{ord(c):02x}" for c in text)
        return f'"{escaped}"'
    pieces = str(value).split("#")
    return " ^ ".join(literal(piece + ("#" if i < len(pieces) - 1 else "")) for i, piece in enumerate(pieces))


def _environment() -> Environment:
    environment = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                              keep_trailing_newline=True, autoescape=False)
    environment.filters["liq"] = liquidsoap_string
    return environment


def output_dir() -> Path:
    """Where the Liquidsoap scripts go: only we and the liquidsoap user may read them (passwords)."""
    return private_files.private_folder(Path(current_app.instance_path) / SCRIPTS_FOLDER, LIQUIDSOAP_USER)


def icecast_dir() -> Path:
    """Where Icecast's configuration goes, apart from the scripts: only we and Icecast may read it."""
    return private_files.private_folder(Path(current_app.instance_path) / ICECAST_FOLDER, ICECAST_USER)


def icecast_log_dir() -> Path:
    """Icecast's log folder, which Icecast (running as its own user when we are root) writes."""
    path = icecast_dir() / "log"
    path.mkdir(mode=0o750, exist_ok=True)
    if private_files.service_group(ICECAST_USER) is not None:
        shutil.chown(path, ICECAST_USER)
    return path


def secure_existing(instance_path: str) -> None:
    """Make the generated files already there private, and drop the Icecast configuration that older
    installs kept among the scripts (the liquidsoap user must not read its admin password)."""
    (Path(instance_path) / SCRIPTS_FOLDER / "icecast.xml").unlink(missing_ok=True)
    for folder, reader in ((SCRIPTS_FOLDER, LIQUIDSOAP_USER), (ICECAST_FOLDER, ICECAST_USER)):
        path = Path(instance_path) / folder
        if path.is_dir():
            private_files.secure(path, reader)
            for child in path.iterdir():
                if child.is_file():
                    private_files.secure(child, reader)


def render_node_script(node: RenderNode, telnet_bind: str = "127.0.0.1") -> Path:
    """The Liquidsoap script of one render node."""
    config = current_app.config
    text = _environment().get_template("render_node.liq.j2").render(
        node=node.name, slots=node.slots, tracks=node.tracks, feeds=node.feeds, telnet_bind=telnet_bind,
        telnet_port=node.port, icecast_host=config["ICECAST_HOST"], icecast_port=config["ICECAST_PORT"],
        icecast_password=config["ICECAST_SOURCE_PASSWORD"], bitrate=config["MP3_BITRATE"],
        quality=config["MP3_QUALITY"], callback_url=config["INTERNAL_API_URL"] + "/internal/played",
        callback_secret=callback_secret(), log_level=3, gc_space_overhead=config["RENDER_NODE_GC_OVERHEAD"])
    return private_files.write(output_dir() / f"{node.name}.liq", text, LIQUIDSOAP_USER)


def silence_script() -> Path:
    """The silence feeder's Liquidsoap script."""
    config = current_app.config
    text = _environment().get_template("silence.liq.j2").render(
        icecast_host=config["ICECAST_HOST"], icecast_port=config["ICECAST_PORT"],
        icecast_password=config["ICECAST_SOURCE_PASSWORD"], bitrate=config["MP3_BITRATE"],
        quality=config["MP3_QUALITY"], mount=SILENCE_MOUNT)
    return private_files.write(output_dir() / "silence.liq", text, LIQUIDSOAP_USER)


def icecast_config(log_dir: Path) -> Path:
    """Icecast's configuration: a mount with the silence fallback for every slot of every node."""
    config = current_app.config
    nodes = configured_nodes()
    mounts = [node.mount(slot) for node in nodes for slot in range(node.slots)]
    text = _environment().get_template("icecast.xml.j2").render(
        clients=max(100, 4 * len(mounts)), sources=len(mounts) + 2, burst_size=config["ICECAST_BURST_BYTES"],
        source_password=config["ICECAST_SOURCE_PASSWORD"], admin_password=config["ICECAST_ADMIN_PASSWORD"],
        hostname=config["ICECAST_HOST"], port=config["ICECAST_PORT"], bind_address=config["ICECAST_BIND"],
        logdir=str(log_dir), mounts=mounts, silence_mount=SILENCE_MOUNT)
    return private_files.write(icecast_dir() / "icecast.xml", text, ICECAST_USER)
