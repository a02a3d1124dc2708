"""What players and render nodes call outside the token-authenticated API."""
import hmac

from flask import Flask, redirect, request
from flask_smorest import abort
from marshmallow import ValidationError

from rwflask.auth import public
from rwflask.errors import fail
from rwflask.schemas.common import Float, Integer, Schema
from rwflask.services import stream_control
from rwflask.services.dispatch import dispatch
from rwflask.services.streams import listen_url
from rwflask.streaming.nodes import callback_secret


def register(app: Flask) -> None:
    """`/stream<session>.mp3` for players and `/internal/played` for render nodes."""
    app.add_url_rule("/stream<int:session_id>.mp3", "listen", listen)
    app.add_url_rule("/internal/played", "node_played", node_played, methods=["POST"])


@public
def listen(session_id: int):
    """Send the player to the session's mount on Icecast (starting the stream again if it was torn down)."""
    return redirect(listen_url(session_id), code=307)


class PlayedSchema(Schema):
    """A render node's report that an asset started."""

    session = Integer(required=True)
    track = Integer(required=True)
    asset = Integer(required=True)
    cue_in = Float(load_default=0.0)
    duration = Float(required=True, metadata={"description": "The cue out point (seconds in the file)."})


@public
def node_played():
    """Record that a render node started playing an asset, and queue the next one."""
    if not hmac.compare_digest(request.headers.get("X-RW-Node-Secret", ""), callback_secret()):
        fail(403, "You do not have permission to perform this action.")
    try:
        data = PlayedSchema().load(request.form)
    except ValidationError as exc:
        abort(400, errors=exc.messages)
    dispatch("workers.streams.stream_played", data["session"], data["track"], data["asset"], data["cue_in"],
             data["duration"], inline=stream_control.played)
    return "", 204
