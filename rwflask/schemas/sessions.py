"""Sessions."""
from marshmallow import fields, validate

from rwflask.schemas.fields import LANGUAGE_TAG_LENGTH, Integer, QueryBool, Schema, Timestamp

TIMEZONE_MESSAGE = "Timezone must be in RFC822 GMT format (e.g. '-0800')"


class SessionSchema(Schema):
    """A session as Roundware renders it."""

    id = Integer()
    device_id = fields.String(allow_none=True)
    starttime = Timestamp()
    stoptime = Timestamp(allow_none=True)
    client_type = fields.String(allow_none=True)
    client_system = fields.String(allow_none=True)
    demo_stream_enabled = fields.Boolean()
    geo_listen_enabled = fields.Boolean()
    timezone = fields.String()
    project_id = Integer()
    language_id = Integer(allow_none=True)


class SessionCreateSchema(Schema):
    """Open a session on a project."""

    project_id = Integer(required=True, strict=False)
    language = fields.String(allow_none=True, validate=validate.Length(max=LANGUAGE_TAG_LENGTH), metadata={
        "description": "Language code such as `en` or `en-US`; takes precedence over language_id."})
    language_id = Integer(allow_none=True)
    client_system = fields.String(allow_none=True, validate=validate.Length(max=128))
    client_type = fields.String(allow_none=True, validate=validate.Length(max=128),
                                metadata={"description": "Defaults to the user's client_type."})
    geo_listen_enabled = fields.Boolean(allow_none=True,
                                        metadata={"description": "Defaults to project.geo_listen_enabled."})
    demo_stream_enabled = fields.Boolean(allow_none=True, metadata={"description": "Defaults to false."})
    timezone = fields.String(allow_none=True, validate=validate.Regexp(r"^[+-]?\d{4}$", error=TIMEZONE_MESSAGE),
                             metadata={"description": "RFC822 GMT offset such as -0500; defaults to 0000."})


class SessionQueryArgsSchema(Schema):
    """Filters of `GET sessions/`."""

    project_id = Integer()
    language_id = Integer()
    language = fields.String(validate=validate.Length(max=LANGUAGE_TAG_LENGTH),
                             metadata={"description": "Language code."})
    geo_listen_enabled = QueryBool()
    demo_stream_enabled = QueryBool()
    device_id = fields.String(validate=validate.Length(max=255))
    client_type = fields.String(validate=validate.Length(max=128))
    client_system = fields.String(validate=validate.Length(max=128))
    timezone = fields.String(validate=validate.Length(max=5))
