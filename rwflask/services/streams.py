"""The `streams/` requests: start listening, move, heartbeat, commands (Roundware's request_stream
and modify/move); the work on the render nodes is queued for the stream workers."""
import base64
import hashlib
import hmac
import logging

from flask import current_app
from sqlalchemy import func, select

from rwflask import access
from rwflask.errors import Invalid, NotFound, Unavailable
from rwflask.extensions import db
from rwflask.models import Asset, Audiotrack, ListenerState, ListenEvent, Project, Session
from rwflask.models.base import utcnow
from rwflask.playlist import index, listener
from rwflask.principal import Principal
from rwflask.services import events
from rwflask.services.localization import language_id_for_code, pick
from rwflask.services.speakers import listener_in_range
from rwflask.streaming import icecast, lifecycle, tracks
from rwflask.streaming.nodes import node_named
from rwflask.streaming.state import lock
from rwflask.tasks import enqueue

log = logging.getLogger(__name__)
OUT_OF_RANGE_MESSAGE = (
    "This application is designed to be used in specific geographic locations. Apparently your phone thinks "
    "you are not at one of those locations, so you will hear a sample audio stream instead of the real deal. "
    "If you think your phone is incorrect, please restart Roundware and it will probably work. "
    "Thanks for checking it out!")


def owned_session(session_id: int, caller: Principal, missing: type = Invalid) -> Session:
    """The caller's session (any for staff); else a 400 naming `session_id`, or a 404 (`missing=NotFound`)."""
    session = db.session.get(Session, session_id)
    if session is None or not access.acts_for(caller, session.user_id):
        raise NotFound() if missing is NotFound else Invalid("session_id", "Session not found")
    return session


def request_stream(caller: Principal, data: dict, base_url: str) -> dict:
    """Start listening: the personal stream (`<base_url>/stream<id>.mp3`), or the demo /
    out-of-range stream with a message."""
    session = owned_session(data["session_id"], caller)
    if data.get("project_id") is not None and data["project_id"] != session.project_id:
        raise Invalid("project_id", "The session belongs to another project.")
    project = db.session.get(Project, session.project_id)
    latitude, longitude = data.get("latitude"), data.get("longitude")
    located = latitude is not None and longitude is not None
    if session.geo_listen_enabled and not located:
        raise Invalid(None, "latitude and longitude are required to listen in a geo-listening session.")
    if session.demo_stream_enabled:
        return {"stream_url": project.demo_stream_url or f"{base_url}/demo_stream.mp3",
                "stream_id": session.id,
                "demo_stream_message": pick(project.demo_stream_message_loc, session.language_id)
                or "demo_stream_message"}
    if located and not listener_in_range(session, project, latitude, longitude):
        return {"stream_url": project.out_of_range_url, "stream_id": session.id,
                "user_message": pick(project.out_of_range_message_loc, session.language_id) or OUT_OF_RANGE_MESSAGE}
    events.log(session.id, "request_stream", data=_event_data(data), latitude=latitude, longitude=longitude,
               tags=data.get("tag_ids"))
    state = db.session.get(ListenerState, session.id) or ListenerState(session_id=session.id)
    db.session.add(listener.start(state, latitude, longitude, data.get("tag_ids")))
    db.session.commit()
    if state.active:
        enqueue(tracks.refresh, session.id)
    elif not lifecycle.go_live(session.id):
        # The listener state and playlist are kept: the player's GET starts the stream once a slot is free.
        enqueue(tracks.refresh, session.id)
        raise Unavailable(NO_SLOT_MESSAGE, retry_after=RETRY_AFTER_SECONDS)
    return {"stream_url": stream_url(base_url, session.id), "stream_id": session.id}


NO_SLOT_MESSAGE = "Every render node is busy or unreachable; try again shortly."
RETRY_AFTER_SECONDS = 10


def stream_key(session_id: int) -> str:
    """The unguessable part of a session's stream URL (an HMAC of its id under SECRET_KEY)."""
    digest = hmac.new(current_app.config["SECRET_KEY"].encode(), f"stream:{session_id}".encode(),
                      hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:16]).decode().rstrip("=")


def stream_url(base_url: str, session_id: int) -> str:
    """The URL a session's player is given: only it starts or restarts the stream."""
    return f"{base_url}/stream{session_id}.mp3?key={stream_key(session_id)}"


def _event_data(data: dict) -> str:
    return "&".join(f"{k}={v}" for k, v in data.items())


def change_stream(caller: Principal, session_id: int, changes: dict) -> None:
    """Move the listener, change their tags or listening mode; the playlist follows."""
    session = owned_session(session_id, caller, missing=NotFound)
    state = db.session.get(ListenerState, session.id)
    if state is None:
        raise Invalid(None, f"no stream available for session: {session.id}")
    if "language" in changes:
        language_id = language_id_for_code(changes.pop("language").split("-")[0].lower())
        if language_id is None:
            raise Invalid("language", "language not supported")
        session.language_id = language_id
    located = changes.get("latitude") is not None and changes.get("longitude") is not None
    if not located:
        changes.pop("latitude", None)
        changes.pop("longitude", None)
    if not changes:
        raise Invalid(None, "could not update stream: must supply something to update")
    events.log(session.id, "modify_stream" if "tag_ids" in changes else "move_listener",
               data=_event_data(changes), latitude=changes.get("latitude"), longitude=changes.get("longitude"),
               tags=changes.get("tag_ids"))
    state.last_activity = utcnow()
    listener.move(state, changes)
    db.session.commit()
    enqueue(tracks.refresh, session.id)


def playlist(caller: Principal, session_id: int) -> dict:
    """What the listener hears next and why, and why other assets are left out."""
    session = owned_session(session_id, caller, missing=NotFound)
    state = db.session.get(ListenerState, session_id)
    if state is None:
        raise NotFound()
    if listener.current_playlist(state, index.data_key(db.session, session.project_id)) is None:
        db.session.rollback()  # on SQLite a transaction that has read may not become a writer
        state = lock(session_id)
        tracks.rebuild_playlist(state, db.session.get(Session, session_id))
        db.session.commit()
    return listener.playlist_view(state)


def live_state(caller: Principal, session_id: int) -> ListenerState | None:
    """The caller's listening state, or None when the stream is not running."""
    owned_session(session_id, caller, missing=NotFound)
    state = db.session.get(ListenerState, session_id)
    return state if state is not None and state.active else None


def heartbeat(caller: Principal, session_id: int) -> None:
    """Keep a stream alive without a listener."""
    state = live_state(caller, session_id)
    if state is None:
        raise Invalid(None, f"no stream available for session: {session_id}")
    state.last_activity = state.listener_seen_at = utcnow()  # a heartbeat holds the slot like a player
    events.log(session_id, "heartbeat")
    db.session.commit()


NOT_ACTIVE = {"skip": "Specified stream not active; can't skip asset on non-existent stream!",
              "play": "Specified stream not active; can't play asset on non-existent stream!",
              "pause": "Specified stream not active; can't pause a non-existent stream!",
              "resume": "Specified stream not active; can't resume a non-existent stream!"}
EVENT_OF = {"skip": "skip_ahead", "play": "play_asset_in_stream", "pause": "pause", "resume": "resume"}


def stream_command(caller: Principal, session_id: int, name: str, asset_id: int | None = None) -> dict:
    """skip, pause, resume or play an asset; Roundware's `{"success": ...}` answer."""
    state = live_state(caller, session_id)
    if state is None:
        return {"success": False, "message": NOT_ACTIVE[name]}
    if name == "play" and db.session.get(Asset, asset_id) is None:
        raise Invalid(None, "no asset found with this asset_id")
    events.log(session_id, EVENT_OF[name], data=f"asset_id={asset_id}" if asset_id else None)
    state.last_activity = utcnow()
    db.session.commit()
    enqueue(tracks.command, session_id, name, asset_id)
    return {"success": True}


def replay(caller: Principal, session_id: int) -> dict:
    """Play again the asset heard last (projects with one audiotrack only)."""
    session = owned_session(session_id, caller, missing=NotFound)
    track_count = db.session.scalar(select(func.count()).select_from(Audiotrack)
                                    .where(Audiotrack.project_id == session.project_id))
    if track_count != 1:
        raise Invalid(None, "this operation is only valid for projects with 1 audiotrack")
    asset_id = db.session.scalar(select(ListenEvent.asset_id).where(ListenEvent.session_id == session_id)
                                 .order_by(ListenEvent.id.desc()).limit(1))
    if asset_id is None:
        raise Invalid(None, "nothing has played in this stream yet")
    return stream_command(caller, session_id, "play", asset_id)


def is_active(caller: Principal, session_id: int) -> dict:
    """Whether Icecast has the session's stream live."""
    state = live_state(caller, session_id)
    node = node_named(state.node) if state else None
    return {"stream_id": session_id, "active": bool(node and node.mount(state.slot) in icecast.mounts())}


def kill(session_id: int) -> dict:
    """Tear a stream down now (staff)."""
    return {"stream_id": session_id, "success": lifecycle.stop(session_id, "kill_stream")}


def mount_of(session_id: int, key: str | None) -> str:
    """The Icecast mount a player of `/stream<id>.mp3?key=...` goes to, (re)starting the stream when it
    was torn down or its node left the configuration; a URL without the session's key is a 404."""
    if not key or not hmac.compare_digest(key, stream_key(session_id)):
        raise NotFound()
    state = db.session.get(ListenerState, session_id)
    if state is None:
        raise NotFound()
    if state.active and node_named(state.node) is None:
        lifecycle.stop(session_id)
    if not state.active and not lifecycle.go_live(session_id):
        raise Unavailable(NO_SLOT_MESSAGE, retry_after=RETRY_AFTER_SECONDS)
    db.session.refresh(state)
    return node_named(state.node).mount(state.slot)
