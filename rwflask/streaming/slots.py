"""Placing live streams on render nodes: a slot per stream, speaker feeds shared per node."""
import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from rwflask.extensions import db
from rwflask.models import ListenerState, NodeFeed, Session, SlotRelease, Speaker
from rwflask.models.base import utcnow
from rwflask.playlist.speaker_mix import speaker_uri
from rwflask.streaming.nodes import RenderNode, configured_nodes, node_named

log = logging.getLogger(__name__)


class NoSlotAvailable(RuntimeError):
    """Every render node is full or unreachable."""


def _load_by_node() -> dict[str, int]:
    return dict(db.session.execute(select(ListenerState.node, func.count()).where(ListenerState.active)
                                   .group_by(ListenerState.node)).all())


def take_slot(state: ListenerState) -> RenderNode:
    """Place the stream on a free, rested slot of the least-loaded node that answers; its node.

    The database refuses two streams on one slot, so concurrent starts never share one. Of the free
    slots, the one given back longest ago is taken; one given back less than SLOT_COOLDOWN_SECONDS ago
    is not (see `SlotRelease`).
    """
    if state.active:
        node = node_named(state.node)
        if node is not None:
            return node
        state.node = state.slot = None  # its node left the configuration
    db.session.flush()
    load = _load_by_node()
    rested_before = utcnow() - timedelta(seconds=current_app.config["SLOT_COOLDOWN_SECONDS"])
    for node in sorted(configured_nodes(), key=lambda n: (load.get(n.name, 0) / n.slots, n.name)):
        if load.get(node.name, 0) >= node.slots or not node.client(timeout=1.0).ping():
            continue
        for slot in _rested_free_slots(node, rested_before):
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


def _rested_free_slots(node: RenderNode, rested_before: datetime) -> list[int]:
    """The node's free slots not given back since `rested_before`, the longest-rested first."""
    taken = set(db.session.scalars(select(ListenerState.slot).where(ListenerState.node == node.name)))
    released = dict(db.session.execute(select(SlotRelease.slot, SlotRelease.released_at)
                                       .where(SlotRelease.node == node.name)).all())
    never = datetime.min
    free = [s for s in range(node.slots) if s not in taken and released.get(s, never) < rested_before]
    return sorted(free, key=lambda s: (released.get(s, never), s))


def free_slot(state: ListenerState) -> None:
    """Give the stream's slot back, noting when (it rests before its next stream)."""
    if state.node is not None and state.slot is not None:
        release = db.session.get(SlotRelease, (state.node, state.slot))
        if release is None:
            db.session.add(SlotRelease(node=state.node, slot=state.slot, released_at=utcnow()))
        else:
            release.released_at = utcnow()
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
