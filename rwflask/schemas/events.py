"""Events: the log of what clients and the server did in each session."""
from marshmallow import fields, validate

from rwflask.schemas.fields import DATA_LENGTH, IdList, Integer, Schema, Text, TextLength, TimePrefix, Timestamp

TAGS_LENGTH = 4096  # the tags of an event, as their comma text


class EventSchema(Schema):
    """An event; latitude, longitude and tag ids are the strings the client sent."""

    id = Integer()
    server_time = Timestamp()
    client_time = fields.String(allow_none=True)
    event_type = fields.String()
    data = fields.String(allow_none=True)
    latitude = fields.String(allow_none=True)
    longitude = fields.String(allow_none=True)
    session_id = Integer()
    tag_ids = fields.String(allow_none=True, attribute="tags")


class EventCreateSchema(Schema):
    """Log an event of one of your sessions."""

    ALIASES = {"tags": "tag_ids"}

    session_id = Integer(required=True, error_messages={"required": "a session_id is required for this operation"})
    event_type = Text(required=True, validate=validate.Length(min=1, max=50),
                      error_messages={"required": "an event_type is required for this operation"})
    client_time = Text(allow_none=True, validate=validate.Length(max=50))
    latitude = Text(allow_none=True, validate=validate.Length(max=50))
    longitude = Text(allow_none=True, validate=validate.Length(max=50))
    tag_ids = fields.Raw(allow_none=True, validate=TextLength(max=TAGS_LENGTH),
                         metadata={"description": "Comma string or array of tag ids."})
    data = fields.Raw(allow_none=True, validate=TextLength(max=DATA_LENGTH),
                      metadata={"description": f"Any text (objects are stored as JSON), at most {DATA_LENGTH} "
                                               "characters."})


class EventQueryArgsSchema(Schema):
    """Filters of `GET events/`."""

    session_id = Integer()
    event_type = fields.String(validate=validate.Length(max=50),
                               metadata={"description": "Case-insensitive substring."})
    server_time = TimePrefix(metadata={"description": "Leading part of the ISO time, e.g. 2026-12-01T14."})
    server_time__lt = Timestamp()
    server_time__gt = Timestamp()
    latitude = fields.String(validate=validate.Length(max=50),
                             metadata={"description": "Prefix of the latitude as the client sent it."})
    longitude = fields.String(validate=validate.Length(max=50),
                              metadata={"description": "Prefix of the longitude as the client sent it."})
    tag_ids = IdList(metadata={"description": "The event's tags contain each of these ids."})
