"""A live stream's stored state: taking a stream's lock, and the stream a worker drives."""
import time
from dataclasses import dataclass

from sqlalchemy import select, update

from rwflask.extensions import db
from rwflask.models import ListenerState, ListenEvent, Session
from rwflask.streaming.nodes import RenderNode, node_named


@dataclass(frozen=True)
class LiveStream:
    """A stream that plays: its (locked) state, its session and the node rendering it."""

    state: ListenerState
    session: Session
    node: RenderNode

    @property
    def slot(self) -> int:
        """The node slot it renders in."""
        return self.state.slot

    def queue(self, track_index: int) -> str:
        """The node's name for one of its track queues."""
        return f"s{self.state.slot}_t{track_index}"


_LOCK = update(ListenerState).values(paused=ListenerState.paused)


def lock(session_id: int) -> ListenerState | None:
    """The session's listener state, its row locked until the caller commits or rolls back.

    Callbacks, moves and commands for one stream may run at once on several workers; each reads
    and rewrites the stream's tracks, so they take turns. Writing first takes the lock on
    PostgreSQL (the row) and SQLite (the database) alike, and the read that follows sees the
    latest state. Call it first in a transaction: on SQLite a transaction that has already read
    cannot become a writer once another one committed.
    """
    db.session.execute(_LOCK.where(ListenerState.session_id == session_id))
    return db.session.get(ListenerState, session_id, populate_existing=True)


def lock_many(session_ids: list[int]) -> list[ListenerState]:
    """Several listener states, their rows locked until the caller commits (see `lock`), in id order
    so that two batches never wait on each other's rows."""
    stmt = (select(ListenerState).where(ListenerState.session_id.in_(session_ids))
            .order_by(ListenerState.session_id).execution_options(populate_existing=True))
    if db.session.get_bind().dialect.name == "sqlite":
        # SQLite locks the whole database, and only a transaction that writes first may become a writer.
        db.session.execute(_LOCK.where(ListenerState.session_id.in_(session_ids)))
        return db.session.scalars(stmt).all()
    return db.session.scalars(stmt.with_for_update()).all()


def live_of(state: ListenerState | None, session: Session | None = None) -> LiveStream | None:
    """The stream of a (locked) state, if it plays on a configured node (one that left the
    configuration leaves an orphan for the reaper)."""
    if state is None or not state.active:
        return None
    node = node_named(state.node)
    if node is None:
        return None
    return LiveStream(state, session or db.session.get(Session, state.session_id), node)


def live(session_id: int) -> LiveStream | None:
    """The session's live stream, locked (see `lock`); None when it does not play."""
    return live_of(lock(session_id))


def close_listen_events(state: ListenerState, track_indexes) -> None:
    """Cut the recorded duration of what plays on some tracks to what was actually heard."""
    now = time.time()
    for k in track_indexes:
        track = state.tracks[k] if k < len(state.tracks) else None
        if track is not None and track.event and track.started:
            event = db.session.get(ListenEvent, track.event)
            if event is not None:
                event.duration = max(0.0, min(event.duration or 0.0, now - track.started))
