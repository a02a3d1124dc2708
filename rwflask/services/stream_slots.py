"""Placing live streams on render nodes: slots (one per stream) and speaker feeds (shared per node)."""
import logging

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from rwflask.extensions import db
from rwflask.models import ListenerState, NodeFeed, Session, Speaker, StreamSlot
from rwflask.services.speaker_mix import speaker_uri
from rwflask.streaming.nodes import RenderNode, configured_nodes, node_named

log = logging.getLogger(__name__)


def _load_by_node() -> dict[str, int]:
    return dict(db.session.execute(select(StreamSlot.node, func.count()).group_by(StreamSlot.node)).all())


class NoSlotAvailable(RuntimeError):
    """Every render node is full or unreachable."""


def take_slot(session_id: int) -> tuple[RenderNode, int]:
    """A free slot on the least-loaded node that answers."""
    existing = db.session.scalar(select(StreamSlot).where(StreamSlot.session_id == session_id))
    if existing is not None:
        if node_named(existing.node) is not None:
            return node_named(existing.node), existing.slot
        db.session.delete(existing)  # its node left the configuration
        db.session.flush()
    load = _load_by_node()
    for node in sorted(configured_nodes(), key=lambda n: (load.get(n.name, 0) / n.slots, n.name)):
        if load.get(node.name, 0) >= node.slots or not node.client(timeout=1.0).ping():
            continue
        taken = set(db.session.scalars(select(StreamSlot.slot).where(StreamSlot.node == node.name)))
        for slot in (s for s in range(node.slots) if s not in taken):
            try:
                with db.session.begin_nested():
                    db.session.add(StreamSlot(node=node.name, slot=slot, session_id=session_id))
                return node, slot
            except IntegrityError:
                continue  # another request took it meanwhile
    raise NoSlotAvailable("every render node is busy or unreachable")


def free_slot(session_id: int) -> None:
    """Give the session's slot back."""
    db.session.execute(StreamSlot.__table__.delete().where(StreamSlot.session_id == session_id))


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
    """Feeds of the node whose speaker no active stream on it needs any more."""
    projects = select(Session.project_id).join(ListenerState, ListenerState.session_id == Session.id).where(
        ListenerState.active.is_(True), ListenerState.node == node.name)
    needed = {speaker_uri(s) for s in db.session.scalars(select(Speaker).where(
        Speaker.project_id.in_(projects), Speaker.activeyn.is_(True)))}
    return [f for f in db.session.scalars(select(NodeFeed).where(NodeFeed.node == node.name)) if f.uri not in needed]
