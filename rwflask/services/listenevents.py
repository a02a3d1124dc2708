"""Listen events: which asset each stream played, when and for how long (seconds)."""
from datetime import datetime, time, timedelta

from sqlalchemy import select

from rwflask import access
from rwflask.errors import Forbidden, NotFound, not_exists
from rwflask.extensions import db
from rwflask.models import ListenEvent, Session
from rwflask.models.base import utcnow
from rwflask.principal import Principal
from rwflask.services.assets import visible_reference


def _check_refs(data: dict, caller: Principal) -> None:
    if "session_id" in data:
        session = db.session.get(Session, data["session_id"])
        if session is None:
            raise not_exists("session_id", data["session_id"])
        if not access.acts_for(caller, session.user_id):
            raise Forbidden()
    if "asset_id" in data:
        visible_reference(data["asset_id"], caller)


def represent(event: ListenEvent) -> dict:
    """A listen event with its session's project."""
    project_id = db.session.scalar(select(Session.project_id).where(Session.id == event.session_id))
    duration = None if event.duration is None else round(event.duration, 2)
    return {"id": event.id, "duration_in_seconds": duration, "start_time": event.starttime,
            "session_id": event.session_id, "asset_id": event.asset_id, "project_id": project_id}


def create(caller: Principal, data: dict) -> ListenEvent:
    """Record a play."""
    _check_refs(data, caller)
    event = ListenEvent(session_id=data["session_id"], asset_id=data["asset_id"],
                        starttime=data.get("starttime") or utcnow(), duration=data.get("duration_in_seconds"))
    db.session.add(event)
    db.session.commit()
    return event


def update(event: ListenEvent, data: dict, caller: Principal) -> ListenEvent:
    """Change a recorded play (typically its real duration once it ended)."""
    _check_refs(data, caller)
    for field, attribute in (("session_id", "session_id"), ("asset_id", "asset_id"), ("starttime", "starttime"),
                             ("duration_in_seconds", "duration")):
        if field in data:
            setattr(event, attribute, data[field])
    db.session.commit()
    return event


def event_for(event_id: int, caller: Principal) -> ListenEvent:
    """A listen event of one of the caller's sessions (any for staff), else 404."""
    event = db.session.get(ListenEvent, event_id)
    if event is None or not access.acts_for(caller, db.session.get(Session, event.session_id).user_id):
        raise NotFound()
    return event


def delete(event: ListenEvent) -> None:
    """Delete a listen event."""
    db.session.delete(event)
    db.session.commit()


def _range_start(name: str, now: datetime) -> tuple[datetime, datetime]:
    midnight = datetime.combine(now.date(), time())
    return {
        "today": (midnight, midnight + timedelta(days=1)),
        "yesterday": (midnight - timedelta(days=1), midnight),
        "week": (now - timedelta(days=7), now),
        "month": (now - timedelta(days=30), now),
        "year": (now - timedelta(days=365), now),
    }[name]


def visible_query(caller: Principal, args: dict):
    """The `GET listenevents/` query: staff see all, others those of their sessions."""
    stmt = select(ListenEvent).where(access.in_own_sessions(caller, ListenEvent.session_id)).order_by(ListenEvent.id)
    for field in ("session_id", "asset_id"):
        if field in args:
            stmt = stmt.where(getattr(ListenEvent, field) == args[field])
    if "project_id" in args:
        stmt = stmt.where(ListenEvent.session_id.in_(
            select(Session.id).where(Session.project_id == args["project_id"])))
    if "duration__lte" in args:
        stmt = stmt.where(ListenEvent.duration <= args["duration__lte"])
    if "duration__gte" in args:
        stmt = stmt.where(ListenEvent.duration >= args["duration__gte"])
    if "start_time__lte" in args:
        stmt = stmt.where(ListenEvent.starttime <= args["start_time__lte"])
    if "start_time__gte" in args:
        stmt = stmt.where(ListenEvent.starttime >= args["start_time__gte"])
    if "start_time__range" in args:
        start, end = _range_start(args["start_time__range"], utcnow())
        stmt = stmt.where(ListenEvent.starttime >= start, ListenEvent.starttime < end)
    return stmt


def visible(caller: Principal, args: dict) -> list[dict]:
    """Listen events the caller may see, filtered, as the API renders them."""
    return [represent(event) for event in db.session.scalars(visible_query(caller, args))]
