"""Opening sessions: project, language and client defaults."""
from sqlalchemy import select

from rwflask.errors import fail, field_error
from rwflask.extensions import db
from rwflask.models import Language, Project, Session, User
from rwflask.models.base import utcnow
from rwflask.services import records
from rwflask.services.localization import DEFAULT_LANGUAGE_CODE, language_id_for_code


def resolve_language_id(code: str | None, language_id: int | None) -> int | None:
    """Language of a new session: the code (region stripped) first, then the id, then English.

    An unknown code falls back to English, as Roundware falls back to its first language.
    """
    if code:
        found = language_id_for_code(code.split("-")[0].split("_")[0].strip().lower())
        if found is not None:
            return found
    elif language_id is not None:
        if db.session.get(Language, language_id) is None:
            field_error("language_id", f"Language Code {language_id} not found")
        return language_id
    return language_id_for_code(DEFAULT_LANGUAGE_CODE)


def start_session(user: User, data: dict) -> Session:
    """Open a session for `user` on a project, filling Roundware's defaults."""
    project = db.session.get(Project, data["project_id"])
    if project is None:
        field_error("project_id", "Project not found")
    session = Session(
        user_id=user.id,
        device_id=user.device_id,
        starttime=utcnow(),
        project_id=project.id,
        language_id=resolve_language_id(data.get("language"), data.get("language_id")),
        client_type=data.get("client_type") or user.client_type,
        client_system=data.get("client_system"),
        demo_stream_enabled=bool(data.get("demo_stream_enabled") or False),
        geo_listen_enabled=(project.geo_listen_enabled if data.get("geo_listen_enabled") is None
                            else data["geo_listen_enabled"]),
        timezone=data.get("timezone") or "0000",
    )
    return records.save(session)


def visible_sessions(user: User, args: dict):
    """The `GET sessions/` query: staff see all sessions, others only their own."""
    stmt = select(Session).order_by(Session.id)
    if not user.is_staff:
        stmt = stmt.where(Session.user_id == user.id)
    for field in ("project_id", "language_id", "geo_listen_enabled", "demo_stream_enabled", "device_id",
                  "client_type", "client_system", "timezone"):
        if field in args:
            stmt = stmt.where(getattr(Session, field) == args[field])
    if "language" in args:
        stmt = stmt.join(Language, Language.id == Session.language_id).where(
            Language.language_code == args["language"])
    return stmt


def session_for(user: User, session_id: int) -> Session:
    """A session the caller may see (its own, or any for staff), else 404."""
    session = records.get_or_404(Session, session_id)
    if not user.is_staff and session.user_id != user.id:
        fail(404, "Not found.")
    return session
