"""`streams/`: a listening session's personal stream, steered by location and tags."""
from flask import current_app
from flask.views import MethodView

from rwflask.auth import current_user
from rwflask.schemas.streams import PlaylistSchema, StreamChangeSchema, StreamCreateSchema, StreamSchema
from rwflask.services import listeners, streams
from rwflask.smorest import Blueprint

blp = Blueprint("streams", __name__, description="Streams: each listening session's own live mix.")


def empty_ok():
    """Roundware answers these with 200 and no body."""
    return current_app.response_class(b"", status=200, mimetype="application/json")


@blp.route("/")
class Streams(MethodView):
    @blp.body(StreamCreateSchema)
    @blp.response(200, StreamSchema)
    def post(self, data):
        """Start listening: get the session's stream URL (stream id = session id)."""
        return streams.request_stream(current_user(), data)


@blp.route("/<int:session_id>/")
class StreamById(MethodView):
    @blp.body(StreamChangeSchema)
    @blp.response(200, description="Empty body.")
    def patch(self, data, session_id):
        """Move the listener (latitude, longitude, range, heading) or change their tags."""
        streams.change_stream(current_user(), session_id, dict(data))
        return empty_ok()


@blp.route("/<int:session_id>/playlist/")
class StreamPlaylist(MethodView):
    @blp.response(200, PlaylistSchema)
    def get(self, session_id):
        """What the listener will hear next and why, and why other assets are left out (owner or staff)."""
        streams.owned_session(session_id, current_user(), missing_status=404)
        return listeners.stored_playlist(session_id)
