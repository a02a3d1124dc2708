"""Listener state: what a listening session asked for, kept in the database so any worker can
recompute its playlist, and the recomputation itself."""
import json
import random
import time
from datetime import timezone

import orjson
from flask import current_app
from sqlalchemy import bindparam, update

from rwflask.errors import fail
from rwflask.extensions import db
from rwflask.models import ListenerState, Session
from rwflask.models.base import utcnow
from rwflask.services import playlist, playlist_data
from rwflask.services.votes import blocked_asset_ids

LISTENER_PARAMS = ("listener_range_min", "listener_range_max", "listen_heading", "listen_width")
RECOMPUTE_TASK = "workers.playlists.recompute_playlist"
_table = ListenerState.__table__
_STORE_PLAYLIST = (update(_table).where(_table.c.session_id == bindparam("b_session"))
                   .values(playlist=bindparam("b_playlist"), playlist_version=bindparam("b_version"),
                           proximity_banned=bindparam("b_banned")))


def state_for(session_id: int) -> ListenerState | None:
    """The session's listener state, if it has started listening."""
    return db.session.get(ListenerState, session_id)


def start(session: Session, latitude: float | None, longitude: float | None, tag_ids: list[int] | None) -> ListenerState:
    """Begin (or begin again) listening: a fresh stream clock, the given place and tags, no bans."""
    state = state_for(session.id) or ListenerState(session_id=session.id)
    state.latitude, state.longitude = latitude, longitude
    state.tag_ids = json.dumps(tag_ids or [])
    for param in LISTENER_PARAMS:
        setattr(state, param, None)
    state.started_at = utcnow()
    state.played_at, state.proximity_banned = "{}", "[]"
    state.version = (state.version or 0) + 1
    db.session.add(state)
    db.session.commit()
    return state


def update(state: ListenerState, changes: dict) -> ListenerState:
    """Apply a listener's move or tag change.

    Range and heading are per request, as Roundware defines them: a move that does not repeat
    them goes back to the project's own listening mode. A tag change without a location keeps
    the last known location (Roundware computed around 0, 0 then).
    """
    if "tag_ids" in changes:
        state.tag_ids = json.dumps(changes["tag_ids"])
    if "latitude" in changes and "longitude" in changes:
        state.latitude, state.longitude = changes["latitude"], changes["longitude"]
        for param in LISTENER_PARAMS:
            setattr(state, param, changes.get(param))
    else:
        for param in LISTENER_PARAMS:
            if param in changes:
                setattr(state, param, changes[param])
    state.version += 1
    db.session.commit()
    return state


def to_listener(state: ListenerState, session: Session) -> playlist.Listener:
    """The pure engine's view of a stored listener state."""
    return playlist.Listener(
        session_id=session.id, language_id=session.language_id, geo_listen_enabled=session.geo_listen_enabled,
        latitude=state.latitude, longitude=state.longitude, tag_ids=tuple(json.loads(state.tag_ids or "[]")),
        listener_range_min=state.listener_range_min, listener_range_max=state.listener_range_max,
        listen_heading=state.listen_heading, listen_width=state.listen_width,
        started_at=state.started_at.replace(tzinfo=timezone.utc).timestamp(),
        played_at={int(k): v for k, v in json.loads(state.played_at or "{}").items()},
        proximity_banned=frozenset(json.loads(state.proximity_banned or "[]")),
        blocked=frozenset(blocked_asset_ids(session.user_id)) if session.user_id else frozenset())


def recompute(session_id: int, now: float | None = None, commit: bool = True) -> playlist.Playlist | None:
    """Recompute and store the session's playlist; None when the session is not listening."""
    state = state_for(session_id)
    if state is None:
        return None
    session = db.session.get(Session, session_id)
    rules, index = playlist_data.project_data(session.project_id)
    listener = to_listener(state, session)
    result = playlist.build_playlist(listener, rules, index, time.time() if now is None else now,
                                     ban_seconds=current_app.config["PLAYLIST_BAN_SECONDS"],
                                     rng=random.Random(f"{session_id}:{state.version}"))
    stored = orjson.dumps({"asset_ids": result.asset_ids, "reasons": result.reasons, "excluded": result.excluded},
                          option=orjson.OPT_NON_STR_KEYS).decode()
    # A plain UPDATE: the worker's hot path, cheaper than the ORM's unit of work.
    db.session.execute(_STORE_PLAYLIST, {"b_session": session_id, "b_playlist": stored, "b_version": state.version,
                                         "b_banned": json.dumps(sorted(result.proximity_banned))})
    if commit:
        db.session.commit()
    state.playlist, state.playlist_version = stored, state.version
    return result


def queue_recompute(session_id: int) -> None:
    """Ask a worker to recompute the session's playlist (the API never waits for it)."""
    current_app.extensions["celery"].send_task(RECOMPUTE_TASK, args=(session_id,), retry=False,
                                               queue=current_app.config["CELERY_STREAM_QUEUE"])


def stored_playlist(session_id: int) -> dict:
    """The session's playlist as `GET streams/:id/playlist/` shows it (recomputed if out of date)."""
    state = state_for(session_id)
    if state is None:
        fail(404, "Not found.")
    if state.playlist is None or state.playlist_version != state.version:
        recompute(session_id)
    data = json.loads(state.playlist)
    reasons = data["reasons"]
    return {"stream_id": session_id, "asset_ids": data["asset_ids"],
            "assets": [{"id": asset_id, "reason": reasons[str(asset_id)]} for asset_id in data["asset_ids"]],
            "excluded": data["excluded"]}
