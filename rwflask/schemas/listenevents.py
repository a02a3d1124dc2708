"""Listen events: the assets each stream played."""
from marshmallow import fields, validate

from rwflask.schemas.fields import Float, Integer, Schema, Timestamp


class ListenEventSchema(Schema):
    """One asset played in a session's stream."""

    id = Integer()
    duration_in_seconds = fields.Float(allow_none=True)
    start_time = Timestamp()
    session_id = Integer()
    asset_id = Integer()
    project_id = Integer(allow_none=True)


class ListenEventInputSchema(Schema):
    """Record a play (Roundware's model names `session`, `asset`, `starttime` are accepted too)."""

    ALIASES = {"session": "session_id", "asset": "asset_id", "start_time": "starttime"}

    session_id = Integer(required=True)
    asset_id = Integer(required=True)
    starttime = Timestamp(metadata={"description": "Defaults to now."})
    duration_in_seconds = Float(allow_none=True, validate=validate.Range(min=0))


RANGES = ("today", "yesterday", "week", "month", "year")


class ListenEventQueryArgsSchema(Schema):
    """Filters of `GET listenevents/` (durations in seconds)."""

    ALIASES = {"session": "session_id", "asset": "asset_id"}

    session_id = Integer()
    asset_id = Integer()
    project_id = Integer()
    duration__lte = Float(metadata={"description": "Seconds."})
    duration__gte = Float(metadata={"description": "Seconds."})
    start_time__lte = Timestamp()
    start_time__gte = Timestamp()
    start_time__range = fields.String(validate=validate.OneOf(RANGES))
