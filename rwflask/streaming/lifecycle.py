"""A live stream's life: placed on a render slot, switched on and filled, torn down.

Only the functions here and the tasks of `tracks` commit; the helpers they call leave the
transaction to them.
"""
import logging
import time

from sqlalchemy.exc import OperationalError

from rwflask.extensions import db
from rwflask.models import ListenerState
from rwflask.models.base import utcnow
from rwflask.models.listener import TrackState
from rwflask.services import events
from rwflask.streaming import slots, tracks
from rwflask.streaming.nodes import node_named
from rwflask.streaming.speakers import speaker_commands
from rwflask.streaming.state import close_listen_events, live, lock
from rwflask.streaming.telnet import NodeUnavailable
from rwflask.tasks import STREAMS, enqueue, task

log = logging.getLogger(__name__)


def go_live(session_id: int) -> bool:
    """Give a listening session a render slot and have a worker switch it on; False when no node can."""
    state = lock(session_id)
    try:
        node = slots.take_slot(state)
    except slots.NoSlotAvailable:
        db.session.rollback()
        log.warning("no render node can take session %s now", session_id)
        return False
    state.paused = False
    state.last_activity = utcnow()
    state.listener_seen_at = utcnow()  # the grace a player has to connect
    state.tracks = [TrackState() for _ in range(node.tracks)]
    db.session.commit()
    enqueue(start, session_id)
    return True


START_ATTEMPTS = 3


@task(STREAMS, inline_fallback=True)
def start(session_id: int) -> bool:
    """Switch the session's slot on and fill it (speakers, one item per audiotrack) in one round trip;
    tried again when the node or the database was busy (the round trip begins by clearing the slot)."""
    for attempt in range(1, START_ATTEMPTS + 1):
        try:
            return _start(session_id)
        except (NodeUnavailable, OperationalError):
            db.session.rollback()
            if attempt == START_ATTEMPTS:
                raise
            log.warning("starting session %s failed (attempt %s); trying again", session_id, attempt)
            time.sleep(0.5 * attempt)
    return False


def _start(session_id: int) -> bool:
    stream = live(session_id)
    if stream is None:
        db.session.commit()
        return False
    state, node = stream.state, stream.node
    state.tracks = [TrackState() for _ in range(node.tracks)]
    # Its listener gets the reaper's grace from now: after a node restart Icecast moves listeners
    # back from the fallback mount only once the mount is live again.
    state.listener_seen_at = utcnow()
    # A slot keeps its last user's dead-air gate and items until cleared.
    commands = [f"{stream.queue(k)}.clear" for k in range(node.tracks)] + [f"var.set s{stream.slot}_on=true"]
    commands += speaker_commands(stream)
    playlist = tracks.rebuild_playlist(state, stream.session)
    for k, audiotrack in enumerate(tracks.audiotracks(stream)):
        commands += tracks.queue_next(stream, k, audiotrack, playlist, replacing=False)
    node.client().run(*commands)
    db.session.commit()
    return True


def stop(session_id: int, event_type: str = "cleanup_session") -> bool:
    """Tear the stream down (see `teardown`); False when it was not live."""
    state = lock(session_id)
    if state is None or not state.active:
        db.session.commit()
        return False
    teardown(state, event_type)
    db.session.commit()
    return True


def teardown(state: ListenerState, event_type: str) -> None:
    """Switch the slot off and empty it, release the node's feeds nobody needs, free the slot and log
    `event_type` (the node may be gone: the database is put right anyway)."""
    node = node_named(state.node)
    slot = state.slot
    close_listen_events(state, range(len(state.tracks)))
    slots.free_slot(state)
    state.tracks = []
    events.log(state.session_id, event_type)
    db.session.flush()
    if node is None:
        return
    # Cleared while still on, so that the skips land before the slot stops being pulled. Switched off,
    # its output leaves Icecast while the slot rests (slots.take_slot).
    commands = [*(f"s{slot}_t{k}.clear" for k in range(node.tracks)), f"var.set s{slot}_on=false",
                *(f"var.set s{slot}_f{feed}=0." for feed in range(node.feeds))]
    unused = slots.unused_feeds(node)
    commands += [f"feed{feed.feed}.url " for feed in unused]
    try:
        node.client().run(*commands)
    except NodeUnavailable:
        log.warning("node %s unreachable while stopping session %s", node.name, state.session_id)
    for feed in unused:
        db.session.delete(feed)
