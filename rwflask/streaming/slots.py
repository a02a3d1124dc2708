"""Placing live streams on render nodes: a slot per stream, speaker feeds shared per node."""
import logging

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from rwflask.extensions import db
from rwflask.models import ListenerState, NodeFeed, Session, Speaker
from rwflask.playlist.speaker_mix import speaker_uri
from rwflask.streaming.nodes import RenderNode, configured_nodes, node_named

log = logging.getLogger(__name__)


class NoSlotAvailable(RuntimeError):
    """Every render node is full or unreachable."""


def _load_by_node() -> dict[str, int]:
    return dict(db.session.execute(select(ListenerState.node, func.count()).where(ListenerState.active)
                                   .group_by(ListenerState.node)).all())


def take_slot(state: ListenerState) -> RenderNode:
    """Place the stream on a free slot of the least-loaded node that answers; its node.

    The database refuses two streams on one slot, so concurrent starts never share one.
    """
    if state.active:
        node = node_named(state.node)
        if node is not None:
            return node
        state.node = state.slot = None  # its node left the configuration
    db.session.flush()
    load = _load_by_node()
    for node in sorted(configured_nodes(), key=lambda n: (load.get(n.name, 0) / n.slots, n.name)):
        if load.get(node.name, 0) >= node.slots or not node.client(timeout=1.0).ping():
            continue
        taken = set(db.session.scalars(select(ListenerState.slot).where(ListenerState.node == node.name)))
        for slot in (s for s in range(node.slots) if s not in taken):
            try:
                with db.session.begin_nested():
                    db.session.execute(update(ListenerState).where(ListenerState.session_id == state.session_id)
                                       .values(node=node.name, slot=slot))
            except IntegrityError:
                continue  # another stream took it meanwhile
            set_committed_value(state, "node", node.name)
            set_committed_value(state, "slot", slot)
            return node
    raise NoSlotAvailable("every render node is busy or unreachable")


def free_slot(state: ListenerState) -> None:
    """Give the stream's slot back."""
    state.node = state.slot = None


def project_speakers(project_id: int) -> list[Speaker]:
    """The project's active speakers that have something to play."""
    return [s for s in db.session.scalars(select(Speaker).where(
        Speaker.project_id == project_id, Speaker.activeyn.is_(True)).order_by(Speaker.id)) if speaker_uri(s)]


def feed_for(node: RenderNode, uri: str) -> tuple[int | None, bool]:
    """The node's feed playing `uri`, assigning a free one if needed; (feed, newly assigned)."""
    feeds = {f.uri: f.feed for f in db.session.scalars(select(NodeFeed).where(NodeFeed.node == node.name))}
    if uri in feeds:
        return feeds[uri], False
    for feed in range(node.feeds):
        if feed in feeds.values():
            continue
        try:
            with db.session.begin_nested():
                db.session.add(NodeFeed(node=node.name, feed=feed, uri=uri))
            return feed, True
        except IntegrityError:
            continue
    log.warning("node %s has no free speaker feed for %s (raise RENDER_NODE_FEEDS)", node.name, uri)
    return None, False


def unused_feeds(node: RenderNode) -> list[NodeFeed]:
    """Feeds of the node whose speaker no stream on it needs any more."""
    projects = select(Session.project_id).join(ListenerState, ListenerState.session_id == Session.id).where(
        ListenerState.node == node.name)
    needed = {speaker_uri(s) for s in db.session.scalars(select(Speaker).where(
        Speaker.project_id.in_(projects), Speaker.activeyn.is_(True)))}
    return [f for f in db.session.scalars(select(NodeFeed).where(NodeFeed.node == node.name)) if f.uri not in needed]
