"""Opening sessions: project, language and client defaults."""
from sqlalchemy import bindparam, insert, select

from rwflask import access
from rwflask.errors import Invalid, NotFound
from rwflask.extensions import db
from rwflask.models import Language, Project, Session
from rwflask.models.base import utcnow
from rwflask.services import records
from rwflask.services.localization import DEFAULT_LANGUAGE_CODE
from rwflask.principal import Principal

_SESSION_COLUMNS = ("id", "device_id", "starttime", "stoptime", "client_type", "client_system",
                    "demo_stream_enabled", "geo_listen_enabled", "timezone", "project_id", "language_id")
# One round trip for what a new session needs from the project and the languages.
_PROJECT_AND_LANGUAGE = select(
    Project.geo_listen_enabled,
    select(Language.id).where(Language.language_code == bindparam("code")).scalar_subquery(),
    select(Language.id).where(Language.id == bindparam("language_id")).scalar_subquery(),
    select(Language.id).where(Language.language_code == DEFAULT_LANGUAGE_CODE).scalar_subquery(),
).where(Project.id == bindparam("project_id"))
_INSERT_SESSION = insert(Session.__table__).returning(Session.__table__.c.id)


def _language_code(code: str | None) -> str | None:
    """"en-US" and "en_US" become "en"."""
    return code.split("-")[0].split("_")[0].strip().lower() if code else None


def start_session(user: Principal, data: dict) -> dict:
    """Open a session for `user` on a project, filling Roundware's defaults; returns its representation.

    Language: the code (region stripped) first, then `language_id`, then English (an unknown code
    falls back to English, as Roundware falls back to its first language).
    """
    code = _language_code(data.get("language"))
    row = db.session.execute(_PROJECT_AND_LANGUAGE, {
        "project_id": data["project_id"], "code": code, "language_id": data.get("language_id")}).first()
    if row is None:
        raise Invalid("project_id", "Project not found")
    project_geo_listen, by_code, by_id, english = row
    if code:
        language_id = by_code or english
    elif data.get("language_id") is not None:
        if by_id is None:
            raise Invalid("language_id", f"Language Code {data['language_id']} not found")
        language_id = by_id
    else:
        language_id = english
    values = {
        "user_id": user.id,
        "device_id": user.device_id,
        "starttime": utcnow(),
        "stoptime": None,
        "client_type": data.get("client_type") or user.client_type,
        "client_system": data.get("client_system"),
        "demo_stream_enabled": bool(data.get("demo_stream_enabled") or False),
        "geo_listen_enabled": (project_geo_listen if data.get("geo_listen_enabled") is None
                               else data["geo_listen_enabled"]),
        "timezone": data.get("timezone") or "0000",
        "project_id": data["project_id"],
        "language_id": language_id,
    }
    values["id"] = db.session.execute(_INSERT_SESSION, values).scalar_one()
    db.session.commit()
    return {column: values[column] for column in _SESSION_COLUMNS}


def visible_sessions(user: Principal, args: dict):
    """The `GET sessions/` query: staff see all sessions, others only their own."""
    stmt = select(Session).where(access.own_rows(user, Session.user_id)).order_by(Session.id)
    for field in ("project_id", "language_id", "geo_listen_enabled", "demo_stream_enabled", "device_id",
                  "client_type", "client_system", "timezone"):
        if field in args:
            stmt = stmt.where(getattr(Session, field) == args[field])
    if "language" in args:
        stmt = stmt.join(Language, Language.id == Session.language_id).where(
            Language.language_code == args["language"])
    return stmt


def session_for(user: Principal, session_id: int) -> Session:
    """A session the caller may see (its own, or any for staff), else 404."""
    session = records.get_or_404(Session, session_id)
    if not access.acts_for(user, session.user_id):
        raise NotFound()
    return session


def visible(user: Principal, args: dict) -> list[Session]:
    """Sessions the caller may see, filtered."""
    return db.session.scalars(visible_sessions(user, args)).all()
