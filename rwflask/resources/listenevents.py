"""`listenevents/`: what each stream played."""
from flask.views import MethodView

from rwflask.schemas.listenevents import ListenEventInputSchema, ListenEventQueryArgsSchema, ListenEventSchema
from rwflask.services import listenevents
from rwflask.web.auth import current_user
from rwflask.web.smorest import Blueprint

blp = Blueprint("listenevents", __name__, description="Listen events: the assets each stream played.")


@blp.route("/")
class ListenEvents(MethodView):
    @blp.query(ListenEventQueryArgsSchema)
    @blp.response(200, ListenEventSchema(many=True))
    def get(self, args):
        """List listen events (staff see all, others those of their sessions)."""
        return listenevents.visible(current_user(), args)

    @blp.body(ListenEventInputSchema)
    @blp.response(200, ListenEventSchema)
    def post(self, data):
        """Record that a session's stream played an asset."""
        return listenevents.represent(listenevents.create(current_user(), data))


@blp.route("/<int:event_id>/")
class ListenEventById(MethodView):
    @blp.response(200, ListenEventSchema)
    def get(self, event_id):
        """Get a listen event."""
        return listenevents.represent(listenevents.event_for(event_id, current_user()))

    @blp.body(ListenEventInputSchema(partial=True))
    @blp.response(200, ListenEventSchema)
    def patch(self, data, event_id):
        """Change a listen event (for example its duration once the play ended)."""
        caller = current_user()
        return listenevents.represent(listenevents.update(listenevents.event_for(event_id, caller), data, caller))

    @blp.response(204)
    def delete(self, event_id):
        """Delete a listen event."""
        listenevents.delete(listenevents.event_for(event_id, current_user()))
