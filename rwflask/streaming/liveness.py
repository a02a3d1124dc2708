"""Keeping live streams honest: reap the abandoned and the orphaned, refill stalled tracks, restore
restarted nodes."""
import logging
import time
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from rwflask.extensions import db
from rwflask.models import ListenerState, NodeFeed
from rwflask.models.base import utcnow
from rwflask.streaming import icecast, lifecycle, tracks
from rwflask.streaming.config_files import SILENCE_MOUNT
from rwflask.streaming.nodes import node_named
from rwflask.streaming.state import live
from rwflask.streaming.telnet import NodeUnavailable
from rwflask.tasks import STREAMS, task

log = logging.getLogger(__name__)
REFILL_AFTER_SECONDS = 8  # a track with nothing queued this long after its last push missed a callback


def active_states(node_name: str | None = None) -> list[ListenerState]:
    """Live streams (of one node)."""
    stmt = select(ListenerState).where(ListenerState.active).order_by(ListenerState.session_id)
    if node_name is not None:
        stmt = stmt.where(ListenerState.node == node_name)
    return db.session.scalars(stmt).all()


@task(STREAMS, every=10.0)
def reap_idle() -> list[int]:
    """Free the slots of streams whose player left (and whose client sent no heartbeat) more than
    STREAM_GRACE_SECONDS ago, and of streams left on a node that is no longer configured; the
    sessions reaped. Their listener state stays: a player that comes back starts them again."""
    now = utcnow()
    listeners_by_mount = icecast.mounts()
    grace = timedelta(seconds=current_app.config["STREAM_GRACE_SECONDS"])
    # While a node restarts its mounts are gone and Icecast parks their listeners on the fallback.
    parked = listeners_by_mount.get(SILENCE_MOUNT, 0) > 0
    reaped = []
    for state in active_states():
        node = node_named(state.node)
        if node is None:
            log.warning("session %s was on render node %s, no longer configured", state.session_id, state.node)
            reaped.append(state.session_id)
            continue
        mount = node.mount(state.slot)
        if listeners_by_mount.get(mount, 0) > 0:
            state.listener_seen_at = now
            continue
        if mount not in listeners_by_mount and parked:
            continue  # its listener may be among the parked ones: judge it once the mount is back
        # listener_seen_at: the last listener on the mount, heartbeat or start (a start's grace).
        if state.listener_seen_at is None or now - state.listener_seen_at > grace:
            reaped.append(state.session_id)
    db.session.commit()
    for session_id in reaped:
        lifecycle.stop(session_id, "cleanup_session")
    return reaped


@task(STREAMS, every=5.0)
def reconcile() -> int:
    """Keep every live stream's slot on and queue the next item on tracks whose push was lost (a
    callback that never came, a worker that died); returns how many tracks were refilled."""
    refilled = 0
    for session_id in [state.session_id for state in active_states()]:
        try:
            refilled += _refill_stalled_tracks(session_id)
        finally:
            db.session.commit()  # releases the stream's lock
    return refilled


def _refill_stalled_tracks(session_id: int) -> int:
    """Refill the tracks of one live stream that have nothing queued on the node; how many."""
    # Locked and re-read: the stream may have stopped since it was listed and its slot gone to another.
    stream = live(session_id)
    if stream is None or stream.state.paused:
        return 0
    track_count = len(tracks.audiotracks(stream))
    # The slot is switched on again too: a start whose round trip failed (a busy node, a locked
    # database) left it off, and its listener would wait for a mount that never comes.
    try:
        _, *statuses = stream.node.client().run(f"var.set s{stream.slot}_on=true",
                                                 *(f"{stream.queue(k)}.status" for k in range(track_count)))
    except NodeUnavailable:
        return 0
    now = time.time()
    stalled = []
    for k, status in enumerate(statuses):
        queued_on_node = int(status.split()[0]) if status.split() else 0
        track = stream.state.tracks[k]
        last_push = (track.queued.pushed if track.queued else None) or track.started or 0
        if queued_on_node == 0 and now - last_push > REFILL_AFTER_SECONDS:
            stalled.append(k)
    return tracks.fill_stalled(stream, stalled)


def restore_node(node_name: str) -> int:
    """After a render node (re)started: give it back its feeds and every stream it was playing."""
    node = node_named(node_name)
    if node is None:
        return 0
    feeds = db.session.scalars(select(NodeFeed).where(NodeFeed.node == node_name)).all()
    if feeds:
        node.client().run(*(f"feed{f.feed}.url {f.uri}" for f in feeds))
    restored = 0
    for session_id in [state.session_id for state in active_states(node_name)]:
        try:
            lifecycle.start(session_id)
            restored += 1
        except NodeUnavailable:
            db.session.rollback()
            log.warning("node %s went away again while restoring session %s", node_name, session_id)
            break
    return restored
