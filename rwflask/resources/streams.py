"""`streams/`: a listening session's personal stream, steered by location and tags."""
from flask import current_app
from flask.views import MethodView

from rwflask.schemas.streams import (CommandResultSchema, IsActiveSchema, KillResultSchema, PlayAssetSchema,
                                     PlaylistSchema, StreamChangeSchema, StreamCreateSchema, StreamSchema)
from rwflask.services import streams
from rwflask.web.auth import current_user, staff_required
from rwflask.web.responses import empty_ok
from rwflask.web.smorest import Blueprint

blp = Blueprint("streams", __name__, description="Streams: each listening session's own live mix.")


def stream_base_url() -> str:
    """Where listeners are given their stream: STREAM_BASE_URL, or PUBLIC_URL (whose
    `/stream<session id>.mp3` redirects to the session's mount)."""
    return current_app.config.get("STREAM_BASE_URL") or current_app.config["PUBLIC_URL"]


@blp.route("/")
class Streams(MethodView):
    @blp.body(StreamCreateSchema)
    @blp.response(200, StreamSchema)
    def post(self, data):
        """Start listening: get the session's stream URL (stream id = session id)."""
        return streams.request_stream(current_user(), data, stream_base_url())


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
        return streams.playlist(current_user(), session_id)


@blp.route("/<int:session_id>/heartbeat/")
class StreamHeartbeat(MethodView):
    @blp.response(200, description="Empty body.")
    def post(self, session_id):
        """Keep the stream alive while no player is connected."""
        streams.heartbeat(current_user(), session_id)
        return empty_ok()


def _command_view(name: str, doc: str):
    """A POST view running one stream command (skip, pause, resume)."""
    @blp.response(200, CommandResultSchema)
    def post(self, session_id):
        return streams.stream_command(current_user(), session_id, name)
    post.__doc__ = doc
    return type(f"Stream{name.title()}", (MethodView,), {"post": post})


blp.route("/<int:session_id>/skipasset/")(_command_view("skip", "Fade out the playing assets; the next ones follow."))
blp.route("/<int:session_id>/skip/", endpoint="StreamSkipAlias")(
    _command_view("skip", "Fade out the playing assets (alias of skipasset/)."))
blp.route("/<int:session_id>/pause/")(_command_view("pause", "Fade out and play no new assets until resume/."))
blp.route("/<int:session_id>/resume/")(_command_view("resume", "Play assets again after pause/."))


@blp.route("/<int:session_id>/playasset/")
class StreamPlayAsset(MethodView):
    @blp.body(PlayAssetSchema)
    @blp.response(200, CommandResultSchema)
    def post(self, data, session_id):
        """Fade out what plays and play this asset next (whatever the tags and place)."""
        return streams.stream_command(current_user(), session_id, "play", data["asset_id"])


@blp.route("/<int:session_id>/replayasset/")
class StreamReplayAsset(MethodView):
    @blp.response(200, CommandResultSchema)
    def post(self, session_id):
        """Play the last heard asset again (projects with one audiotrack)."""
        return streams.replay(current_user(), session_id)


@blp.route("/<int:session_id>/isactive/")
class StreamIsActive(MethodView):
    @blp.response(200, IsActiveSchema)
    def get(self, session_id):
        """Whether the stream is live on Icecast."""
        return streams.is_active(current_user(), session_id)


@blp.route("/<int:session_id>/kill/")
class StreamKill(MethodView):
    @staff_required
    @blp.response(200, KillResultSchema)
    def post(self, session_id):
        """Tear the stream down now (staff only)."""
        return streams.kill(session_id)
