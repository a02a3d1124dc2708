"""The configured render nodes and how to reach them; all addresses come from configuration."""
import hashlib
import hmac
from dataclasses import dataclass

from flask import current_app

from rwflask.streaming.telnet import LiquidsoapClient


@dataclass(frozen=True)
class RenderNode:
    """A Liquidsoap process with a pool of session slots."""

    name: str
    host: str
    port: int
    slots: int
    tracks: int
    feeds: int

    def client(self, timeout: float = 3.0) -> LiquidsoapClient:
        """A telnet client for this node."""
        return LiquidsoapClient(self.host, self.port, timeout)

    def mount(self, slot: int) -> str:
        """The Icecast mount of one of its slots."""
        return f"{self.name}-s{slot}.mp3"


def parse_nodes(spec: str, slots: int, tracks: int, feeds: int) -> list[RenderNode]:
    """`n1=127.0.0.1:1234,n2=10.0.0.5:1234` -> render nodes."""
    nodes = []
    for item in spec.split(","):
        if not item.strip():
            continue
        name, _, address = item.strip().partition("=")
        host, _, port = address.strip().rpartition(":")
        nodes.append(RenderNode(name.strip(), host.strip() or "127.0.0.1", int(port), slots, tracks, feeds))
    return nodes


def configured_nodes() -> list[RenderNode]:
    """The render nodes of this installation."""
    config = current_app.config
    return parse_nodes(config["RENDER_NODES"], config["RENDER_NODE_SLOTS"], config["RENDER_NODE_TRACKS"],
                       config["RENDER_NODE_FEEDS"])


def node_named(name: str) -> RenderNode | None:
    """A configured node by name."""
    return next((node for node in configured_nodes() if node.name == name), None)


def callback_secret() -> str:
    """The secret render nodes send with their callbacks (derived from SECRET_KEY)."""
    return hmac.new(current_app.config["SECRET_KEY"].encode(), b"rwflask-render-node", hashlib.sha256).hexdigest()
