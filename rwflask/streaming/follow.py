"""Playlists follow their project: after a change to a project's assets, votes or listen
configuration, every live stream of the project gets its playlist rebuilt and what it queued put
right, in one batch per project.

A commit that changes a project queues `follow_project`; the batch claims the project's data key
(its generations) first, so a burst of changes costs one or two batches, not one per change.
Sessions without a live stream rebuild lazily: `GET streams/:id/playlist/` compares the key its
playlist was built from with the project's.
"""
import logging
from collections import defaultdict

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from rwflask.extensions import db
from rwflask.models import Audiotrack, ListenerState, Session
from rwflask.models.generation import Generation
from rwflask.playlist import index, listener
from rwflask.streaming import tracks
from rwflask.streaming.state import live_of, lock_many
from rwflask.streaming.telnet import NodeUnavailable
from rwflask.tasks import STREAMS, enqueue, task

log = logging.getLogger(__name__)
BATCH = 100  # streams locked and sent to their nodes together


def projects_changed(project_ids: set) -> None:
    """Queue a batch for each changed project (`None` in the set: every project with a live stream).

    Called after a commit (see `generations.follow`): it only queues; a broker that refuses is
    logged and the streams catch up at their next play."""
    if None in project_ids:
        enqueue(follow_all)
        return
    for project_id in sorted(project_ids):
        enqueue(follow_project, project_id)


_LIVE = select(ListenerState.session_id).join(Session, Session.id == ListenerState.session_id).where(
    ListenerState.node.is_not(None))


@task(STREAMS)
def follow_all() -> int:
    """`follow_project` for every project with a live stream."""
    projects = db.session.scalars(select(Session.project_id).where(Session.id.in_(_LIVE)).distinct()).all()
    db.session.commit()
    return sum(follow_project(p) for p in projects if p is not None)


def _claim(project_id: int, key: tuple[int, int]) -> bool:
    """Note that the project's streams are being brought up to `key`; False when a batch already did."""
    name, token = f"followed:{project_id}", (key[0] * 1_000_003 + key[1]) % 2 ** 31
    result = db.session.execute(update(Generation).where(Generation.name == name, Generation.value != token)
                                .values(value=token))
    if result.rowcount == 0:
        if db.session.scalar(select(Generation.value).where(Generation.name == name)) is not None:
            db.session.commit()
            return False
        try:
            with db.session.begin_nested():
                db.session.execute(insert(Generation).values(name=name, value=token))
        except IntegrityError:
            db.session.commit()
            return False
    db.session.commit()
    return True


@task(STREAMS)
def follow_project(project_id: int) -> int:
    """Rebuild the playlists of the project's live streams and replace queued items that changed;
    how many streams were sent commands."""
    session_ids = db.session.scalars(_LIVE.where(Session.project_id == project_id)
                                     .order_by(ListenerState.session_id)).all()
    if not session_ids or not _claim(project_id, index.data_key(db.session, project_id)):
        db.session.commit()
        return 0
    changed = 0
    for start in range(0, len(session_ids), BATCH):
        changed += _follow(project_id, session_ids[start:start + BATCH])
    return changed


def _follow(project_id: int, session_ids: list[int]) -> int:
    """One batch: lock the streams (in id order), rebuild, one round trip per node, commit."""
    states = lock_many(session_ids)
    sessions = {s.id: s for s in db.session.scalars(select(Session).where(Session.id.in_(session_ids)))}
    blocked = listener.blocked_by_user(db.session, {s.user_id for s in sessions.values()})
    track_list = db.session.scalars(select(Audiotrack).where(Audiotrack.project_id == project_id)
                                    .order_by(Audiotrack.id)).all()
    data = index.project_data(db.session, project_id)
    nodes, by_node, streams = {}, defaultdict(list), 0
    for state in states:
        session = sessions.get(state.session_id)
        stream = live_of(state, session) if session is not None and session.project_id == project_id else None
        if stream is None or stream.state.paused:
            continue
        commands = tracks.follow_commands(stream, track_list, blocked.get(session.user_id, set()), data)
        if commands:
            nodes[stream.node.name] = stream.node
            by_node[stream.node.name].extend(commands)
            streams += 1
    for name, commands in by_node.items():
        try:
            nodes[name].client().run(*commands)
        except NodeUnavailable:
            log.warning("render node %s missed a playlist update; its next plays follow the new playlist", name)
    db.session.commit()
    return streams
