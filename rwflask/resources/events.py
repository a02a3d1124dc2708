"""`events/`: the log of what clients and the server did in each session."""
from flask.views import MethodView

from rwflask.schemas.events import EventCreateSchema, EventQueryArgsSchema, EventSchema
from rwflask.services import events
from rwflask.web.auth import current_user
from rwflask.web.smorest import Blueprint

blp = Blueprint("events", __name__, description="Events: client and server activity, per session.")


@blp.route("/")
class Events(MethodView):
    @blp.query(EventQueryArgsSchema)
    @blp.response(200, EventSchema(many=True))
    def get(self, args):
        """List events (staff see all, others those of their sessions)."""
        return events.visible(current_user(), args)

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
        return events.event_for(event_id, current_user())
