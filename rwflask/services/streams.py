"""Starting and steering a listening session's stream (Roundware's request_stream and modify/move)."""
from flask import current_app, request

from rwflask.errors import fail, field_error
from rwflask.extensions import db
from rwflask.models import Project, Session
from rwflask.services import listeners
from rwflask.services.localization import language_id_for_code, pick
from rwflask.services.speakers import listener_in_range
from rwflask.services.tokens import Principal

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
    """Where listeners reach the Icecast mounts (the request's host on port 8000 by default)."""
    configured = current_app.config.get("STREAM_BASE_URL")
    return configured or f"http://{request.host.split(':')[0]}:8000"


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
    listeners.start(session, latitude, longitude, data.get("tag_ids"))
    listeners.queue_recompute(session.id)
    return {"stream_url": f"{stream_base_url()}/stream{session.id}.mp3", "stream_id": session.id}


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
    listeners.update(state, changes)
    listeners.queue_recompute(session.id)
