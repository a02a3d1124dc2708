"""The event log: what clients report and what the server does on their behalf."""
import json

from sqlalchemy import bindparam, insert, select

from rwflask import access
from rwflask.errors import Forbidden, Invalid, NotFound
from rwflask.extensions import db
from rwflask.models import Event, Session
from rwflask.models.base import utcnow
from rwflask.principal import Principal

EVENT_FIELDS = ("id", "server_time", "client_time", "event_type", "data", "latitude", "longitude", "session_id",
                "tags")
_INSERT_EVENT = insert(Event.__table__).returning(Event.__table__.c.id)
_SESSION_OWNER = select(Session.user_id).where(Session.id == bindparam("session_id"))


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)


def tags_text(value) -> str | None:
    """Tags as Roundware stores them on events: a comma string ("3,5"), whatever the client sent."""
    if value is None:
        return None
    parts = value if isinstance(value, (list, tuple)) else str(value).split(",")
    return ",".join(str(part).strip() for part in parts if str(part).strip())


def log(session_id: int, event_type: str, *, data=None, latitude=None, longitude=None, tags=None,
        client_time=None) -> dict:
    """Add an event to the current transaction (the caller commits) and return its representation."""
    values = {"server_time": utcnow(), "client_time": _text(client_time), "session_id": session_id,
              "event_type": event_type, "data": _text(data), "latitude": _text(latitude),
              "longitude": _text(longitude), "tags": tags_text(tags)}
    values["id"] = db.session.execute(_INSERT_EVENT, values).scalar_one()
    return {field: values[field] for field in EVENT_FIELDS}


def check_session_owner(session_id: int, caller: Principal) -> None:
    """400 for an unknown session (as Roundware), 403 unless the caller owns it or is staff."""
    row = db.session.execute(_SESSION_OWNER, {"session_id": session_id}).first()
    if row is None:
        raise Invalid(None, "Session matching query does not exist.")
    if not access.acts_for(caller, row.user_id):
        raise Forbidden()


def record_client_event(caller: Principal, data: dict) -> dict:
    """`POST events/`: log an event of one of the caller's sessions."""
    check_session_owner(data["session_id"], caller)
    event = log(data["session_id"], data["event_type"], data=data.get("data"), latitude=data.get("latitude"),
                longitude=data.get("longitude"), tags=data.get("tag_ids"), client_time=data.get("client_time"))
    db.session.commit()
    return event


TAG_CONDITIONS = 100


def visible_query(caller: Principal, args: dict):
    """The `GET events/` query: staff see all events, others those of their sessions."""
    stmt = select(Event).where(access.in_own_sessions(caller, Event.session_id)).order_by(Event.id)
    if "session_id" in args:
        stmt = stmt.where(Event.session_id == args["session_id"])
    if "event_type" in args:
        stmt = stmt.where(Event.event_type.icontains(args["event_type"], autoescape=True))
    if "server_time" in args:
        start, end = args["server_time"]
        stmt = stmt.where(Event.server_time >= start, Event.server_time < end)
    if "server_time__lt" in args:
        stmt = stmt.where(Event.server_time < args["server_time__lt"])
    if "server_time__gt" in args:
        stmt = stmt.where(Event.server_time > args["server_time__gt"])
    for field in ("latitude", "longitude"):
        if field in args:
            stmt = stmt.where(getattr(Event, field).startswith(args[field], autoescape=True))
    wanted = sorted(set(args.get("tag_ids") or ()))
    for start in range(0, len(wanted), TAG_CONDITIONS):
        # Roundware matches each id as a substring of the stored "3,5" text; match whole ids instead. SQLite refuses
        # expressions nested deeper than 1,000 (ANDs nest): a subquery per TAG_CONDITIONS ids.
        chunk = [("," + Event.tags + ",").contains(f",{tag_id},") for tag_id in wanted[start:start + TAG_CONDITIONS]]
        stmt = stmt.where(Event.id.in_(select(Event.id).where(*chunk)))
    return stmt


def visible(caller: Principal, args: dict) -> list[Event]:
    """Events the caller may read, filtered."""
    return db.session.scalars(visible_query(caller, args)).all()


def event_for(event_id: int, caller: Principal) -> Event:
    """An event the caller may read, else 404."""
    event = db.session.scalar(visible_query(caller, {}).where(Event.id == event_id))
    if event is None:
        raise NotFound()
    return event
