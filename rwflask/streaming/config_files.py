"""Rendering the streaming side's files (render node and silence scripts, Icecast config) from
the templates in `liquidsoap/`, with addresses and passwords from configuration."""
from pathlib import Path

from flask import current_app
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from rwflask.streaming.nodes import RenderNode, callback_secret, configured_nodes

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "liquidsoap"
SILENCE_MOUNT = "silence.mp3"


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
    """Where rendered files go (readable by the liquidsoap and icecast2 users)."""
    path = Path(current_app.instance_path) / "streaming"
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o755)
    return path


def _write(name: str, text: str) -> Path:
    path = output_dir() / name
    path.write_text(text)
    path.chmod(0o644)
    return path


def render_node_script(node: RenderNode, telnet_bind: str = "127.0.0.1") -> Path:
    """The Liquidsoap script of one render node."""
    config = current_app.config
    text = _environment().get_template("render_node.liq.j2").render(
        node=node.name, slots=node.slots, tracks=node.tracks, feeds=node.feeds, telnet_bind=telnet_bind,
        telnet_port=node.port, icecast_host=config["ICECAST_HOST"], icecast_port=config["ICECAST_PORT"],
        icecast_password=config["ICECAST_SOURCE_PASSWORD"], bitrate=config["MP3_BITRATE"],
        quality=config["MP3_QUALITY"], callback_url=config["INTERNAL_API_URL"] + "/internal/played",
        callback_secret=callback_secret(), log_level=3, gc_space_overhead=config["RENDER_NODE_GC_OVERHEAD"])
    return _write(f"{node.name}.liq", text)


def silence_script() -> Path:
    """The silence feeder's Liquidsoap script."""
    config = current_app.config
    text = _environment().get_template("silence.liq.j2").render(
        icecast_host=config["ICECAST_HOST"], icecast_port=config["ICECAST_PORT"],
        icecast_password=config["ICECAST_SOURCE_PASSWORD"], bitrate=config["MP3_BITRATE"],
        quality=config["MP3_QUALITY"], mount=SILENCE_MOUNT)
    return _write("silence.liq", text)


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
    return _write("icecast.xml", text)
