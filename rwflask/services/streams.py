"""Starting and steering a listening session's stream (Roundware's request_stream and modify/move)."""
import logging

from flask import current_app, request

from rwflask.errors import fail, field_error
from rwflask.extensions import db
from rwflask.models import Asset, Audiotrack, Project, Session
from rwflask.models.base import utcnow
from rwflask.services import events, listeners, stream_control, stream_slots
from rwflask.services.dispatch import dispatch
from rwflask.services.localization import language_id_for_code, pick
from rwflask.services.speakers import listener_in_range
from rwflask.services.tokens import Principal
from rwflask.streaming import icecast
from rwflask.streaming.nodes import node_named

log = logging.getLogger(__name__)
OUT_OF_RANGE_MESSAGE = (
    "This application is designed to be used in specific geographic locations. Apparently your phone thinks "
    "you are not at one of those locations, so you will hear a sample audio stream instead of the real deal. "
    "If you think your phone is incorrect, please restart Roundware and it will probably work. "
    "Thanks for checking it out!")


def owned_session(session_id: int, caller: Principal, missing_status: int = 400) -> Session:
    """The caller's session (any for staff)."""
    session = db.session.get(Session, session_id)
    if session is None or not (caller.is_staff or session.user_id == caller.id):
        if missing_status == 404:
            fail(404, "Not found.")
        field_error("session_id", "Session not found")
    return session


def stream_base_url() -> str:
    """Where listeners are given their stream (STREAM_BASE_URL, or this API's own address).

    `/stream<session id>.mp3` there redirects to the session's slot mount on Icecast, and
    recreates the stream first if it was torn down.
    """
    return current_app.config.get("STREAM_BASE_URL") or request.host_url.rstrip("/")


def request_stream(caller: Principal, data: dict) -> dict:
    """Start listening: the personal stream, or the demo / out-of-range stream with a message."""
    session = owned_session(data["session_id"], caller)
    if data.get("project_id") is not None and data["project_id"] != session.project_id:
        field_error("project_id", "The session belongs to another project.")
    project = db.session.get(Project, session.project_id)
    latitude, longitude = data.get("latitude"), data.get("longitude")
    located = latitude is not None and longitude is not None
    if session.geo_listen_enabled and not located:
        fail(400, "latitude and longitude are required to listen in a geo-listening session.")
    if session.demo_stream_enabled:
        return {"stream_url": project.demo_stream_url or f"{stream_base_url()}/demo_stream.mp3",
                "stream_id": session.id,
                "demo_stream_message": pick(project.demo_stream_message_loc, session.language_id)
                or "demo_stream_message"}
    if located and not listener_in_range(session, project, latitude, longitude):
        return {"stream_url": project.out_of_range_url, "stream_id": session.id,
                "user_message": pick(project.out_of_range_message_loc, session.language_id) or OUT_OF_RANGE_MESSAGE}
    events.log(session.id, "request_stream", data=_event_data(data), latitude=latitude, longitude=longitude,
               tags=data.get("tag_ids"))
    state = listeners.start(session, latitude, longitude, data.get("tag_ids"))
    if state.active:
        dispatch("workers.streams.refresh_stream", session.id, inline=stream_control.refresh)
    elif not go_live(session.id):
        # The listener state is kept: the stream starts when the player asks for it (/stream<id>.mp3).
        dispatch("workers.streams.refresh_stream", session.id, inline=stream_control.refresh)
    return {"stream_url": f"{stream_base_url()}/stream{session.id}.mp3", "stream_id": session.id}


def go_live(session_id: int) -> bool:
    """Give a listening session a render slot and have a worker start it; False when no node can."""
    try:
        stream_control.activate(session_id)
    except stream_slots.NoSlotAvailable:
        db.session.rollback()
        log.warning("no render node can take session %s now", session_id)
        return False
    dispatch("workers.streams.start_stream", session_id, inline=stream_control.start)
    return True


def _event_data(data: dict) -> str:
    return "&".join(f"{k}={v}" for k, v in data.items())


def change_stream(caller: Principal, session_id: int, changes: dict) -> None:
    """Move the listener, change their tags or listening mode; the playlist follows."""
    session = owned_session(session_id, caller, missing_status=404)
    state = listeners.state_for(session.id)
    if state is None:
        fail(400, f"no stream available for session: {session.id}")
    if "language" in changes:
        language_id = language_id_for_code(changes.pop("language").split("-")[0].lower())
        if language_id is None:
            field_error("language", "language not supported")
        session.language_id = language_id
    located = changes.get("latitude") is not None and changes.get("longitude") is not None
    if not located:
        changes.pop("latitude", None)
        changes.pop("longitude", None)
    if not changes:
        fail(400, "could not update stream: must supply something to update")
    events.log(session.id, "modify_stream" if "tag_ids" in changes else "move_listener",
               data=_event_data(changes), latitude=changes.get("latitude"), longitude=changes.get("longitude"),
               tags=changes.get("tag_ids"))
    state.last_activity = utcnow()
    listeners.update(state, changes)
    dispatch("workers.streams.refresh_stream", session.id, inline=stream_control.refresh)


def live_state(caller: Principal, session_id: int):
    """The caller's listening state, or None when the stream is not running."""
    owned_session(session_id, caller, missing_status=404)
    state = listeners.state_for(session_id)
    return state if state is not None and state.active else None


def heartbeat(caller: Principal, session_id: int) -> None:
    """Keep a stream alive without a listener."""
    state = live_state(caller, session_id)
    if state is None:
        fail(400, f"no stream available for session: {session_id}")
    state.last_activity = utcnow()
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
        fail(400, "no asset found with this asset_id")
    events.log(session_id, EVENT_OF[name], data=f"asset_id={asset_id}" if asset_id else None)
    state.last_activity = utcnow()
    db.session.commit()
    dispatch("workers.streams.stream_command", session_id, name, asset_id, inline=stream_control.command)
    return {"success": True}


def replay(caller: Principal, session_id: int) -> dict:
    """Play again the asset heard last (projects with one audiotrack only)."""
    session = owned_session(session_id, caller, missing_status=404)
    tracks = db.session.scalar(db.select(db.func.count()).select_from(Audiotrack)
                               .where(Audiotrack.project_id == session.project_id))
    if tracks != 1:
        fail(400, "this operation is only valid for projects with 1 audiotrack")
    asset_id = stream_control.last_played_asset(session_id)
    if asset_id is None:
        fail(400, "nothing has played in this stream yet")
    return stream_command(caller, session_id, "play", asset_id)


def is_active(caller: Principal, session_id: int) -> dict:
    """Whether Icecast has the session's stream live."""
    state = live_state(caller, session_id)
    node = node_named(state.node) if state else None
    return {"stream_id": session_id, "active": bool(node and node.mount(state.slot) in icecast.mounts())}


def kill(session_id: int) -> dict:
    """Tear a stream down now (staff)."""
    state = listeners.state_for(session_id)
    if state is None or not state.active:
        return {"stream_id": session_id, "success": False}
    return {"stream_id": session_id, "success": stream_control.stop(session_id, "kill_stream")}


def listen_url(session_id: int) -> str:
    """Where `/stream<id>.mp3` sends a player: the slot mount, recreating the stream if it was torn down."""
    state = listeners.state_for(session_id)
    if state is None:
        fail(404, "Not found.")
    if state.active and node_named(state.node) is None:
        stream_control.stop(session_id)  # its node left the configuration: start it elsewhere
    if not state.active and not go_live(session_id):
        fail(503, "Every render node is busy or unreachable; try again shortly.")
    node = node_named(state.node)
    return f"{icecast.public_base(request.host)}/{node.mount(state.slot)}"
