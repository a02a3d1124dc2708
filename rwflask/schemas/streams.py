"""Streams: a listening session's live audio and its playlist."""
from marshmallow import fields, validate

from rwflask.schemas.fields import LANGUAGE_TAG_LENGTH, DropBlanks, Float, IdList, Integer, Latitude, Longitude, Schema


class StreamCreateSchema(DropBlanks, Schema):
    """Start listening in a session."""

    ALIASES = {"tags": "tag_ids"}

    session_id = Integer(required=True)
    project_id = Integer(metadata={"description": "Must be the session's project when given."})
    latitude = Latitude(allow_none=True, metadata={"description": "Required for geo-listening sessions."})
    longitude = Longitude(allow_none=True, metadata={"description": "Required for geo-listening sessions."})
    tag_ids = IdList()
    audio_stream_bitrate = fields.String(validate=validate.OneOf(("64", "96", "112", "128", "160", "192", "256",
                                                                  "320")))


class StreamChangeSchema(DropBlanks, Schema):
    """Move the listener, change their tags, or their listening range and direction."""

    ALIASES = {"tags": "tag_ids", "listener_heading": "listen_heading", "listener_width": "listen_width"}

    tag_ids = IdList()
    latitude = Latitude(allow_none=True)
    longitude = Longitude(allow_none=True)
    listener_range_min = Float(validate=validate.Range(min=0), metadata={"description": "Metres."})
    listener_range_max = Float(validate=validate.Range(min=0), metadata={"description": "Metres."})
    listen_heading = Float(validate=validate.Range(min=-360, max=720), metadata={"description": "Degrees."})
    listen_width = Float(validate=validate.Range(min=0, max=360), metadata={"description": "Degrees."})
    language = fields.String(validate=validate.Length(max=LANGUAGE_TAG_LENGTH),
                             metadata={"description": "Change the session's language (code)."})


class StreamSchema(Schema):
    """Where to listen."""

    stream_url = fields.String()
    stream_id = Integer()
    user_message = fields.String(metadata={"description": "Only when out of range."})
    demo_stream_message = fields.String(metadata={"description": "Only for demo-stream sessions."})


class PlaylistAssetSchema(Schema):
    """An asset of a playlist and why the listener hears it."""

    id = Integer()
    reason = fields.String(metadata={"description": "timed, shape, radius, range, directional or global."})


class PlaylistSchema(Schema):
    """A listener's playlist (next first), and how many assets each rule kept out."""

    stream_id = Integer()
    asset_ids = fields.List(Integer())
    assets = fields.List(fields.Nested(PlaylistAssetSchema))
    excluded = fields.Dict(keys=fields.String(), values=Integer())


class PlayAssetSchema(Schema):
    """The asset to play."""

    asset_id = Integer(required=True)


class CommandResultSchema(Schema):
    """Whether the command reached a live stream."""

    success = fields.Boolean()
    message = fields.String(metadata={"description": "Why not, when the stream is not live."})


class IsActiveSchema(Schema):
    """Whether a stream is live."""

    stream_id = Integer()
    active = fields.Boolean()


class KillResultSchema(Schema):
    """Whether a stream was torn down."""

    stream_id = Integer()
    success = fields.Boolean()
