"""`events/`: the log of what clients and the server did in each session."""
from flask.views import MethodView
from sqlalchemy import select

from rwflask.auth import current_user
from rwflask.errors import fail
from rwflask.extensions import db
from rwflask.models import Event, Session
from rwflask.schemas.assets import EventCreateSchema, EventQueryArgsSchema, EventSchema
from rwflask.services import events
from rwflask.smorest import Blueprint

blp = Blueprint("events", __name__, description="Events: client and server activity, per session.")


def visible_events(args: dict):
    """Events the caller may read, filtered (staff: all; others: their sessions)."""
    caller = current_user()
    stmt = select(Event).order_by(Event.id)
    if not caller.is_staff:
        stmt = stmt.where(Event.session_id.in_(select(Session.id).where(Session.user_id == caller.id)))
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
    for tag_id in args.get("tag_ids") or ():
        # Roundware matches each id as a substring of the stored "3,5" text; match whole ids instead.
        stmt = stmt.where(("," + Event.tags + ",").contains(f",{tag_id},"))
    return stmt


@blp.route("/")
class Events(MethodView):
    @blp.query(EventQueryArgsSchema)
    @blp.response(200, EventSchema(many=True))
    def get(self, args):
        """List events (staff see all, others those of their sessions)."""
        return db.session.scalars(visible_events(args)).all()

    @blp.body(EventCreateSchema)
    @blp.response(200, EventSchema)
    def post(self, data):
        """Log an event of one of your sessions."""
        return events.record_client_event(current_user(), data)


@blp.route("/<int:event_id>/")
class EventById(MethodView):
    @blp.response(200, EventSchema)
    def get(self, event_id):
        """Get an event."""
        event = db.session.scalar(visible_events({}).where(Event.id == event_id))
        if event is None:
            fail(404, "Not found.")
        return event
