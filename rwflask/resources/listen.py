"""What players and render nodes call outside the token-authenticated API."""
import hmac

from flask import Flask, redirect, request
from flask_smorest import abort
from marshmallow import ValidationError

from rwflask.schemas.fields import Float, Integer, Schema
from rwflask.services import streams
from rwflask.streaming import icecast, tracks
from rwflask.streaming.nodes import callback_secret
from rwflask.tasks import enqueue
from rwflask.web.auth import public
from rwflask.web.errors import fail


def register(app: Flask) -> None:
    """`/stream<session>.mp3` for players and `/internal/played` for render nodes."""
    app.add_url_rule("/stream<int:session_id>.mp3", "listen", listen)
    app.add_url_rule("/internal/played", "node_played", node_played, methods=["POST"])


@public
def listen(session_id: int):
    """Send the player to the session's mount on Icecast (starting the stream again if it was torn down)."""
    mount = streams.mount_of(session_id, request.args.get("key"))
    return redirect(f"{icecast.public_base(request.host)}/{mount}", code=307)


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
    enqueue(tracks.played, data["session"], data["track"], data["asset"], data["cue_in"], data["duration"])
    return "", 204
