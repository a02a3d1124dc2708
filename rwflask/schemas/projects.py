"""Projects."""
from marshmallow import fields, validate

from rwflask.models.project import BITRATES, ORDERINGS, REPEAT_MODES
from rwflask.schemas.fields import (FLAG_LENGTH, AdminStrings, Float, IdList, Integer, Latitude, LocalizedSchema,
                                    LocalizedText, Longitude, QueryBool, RelatedIds, Schema, Text, Timestamp)

LOCALIZED = ("sharing_message", "out_of_range_message", "description", "legal_agreement", "demo_stream_message")


class ProjectSchema(LocalizedSchema):
    """A project, with its messages in the response language."""

    id = Integer()
    name = fields.String()
    owner = fields.String()
    latitude = fields.Float()
    longitude = fields.Float()
    pub_date = Timestamp()
    audio_format = fields.String()
    auto_submit = fields.Boolean()
    max_recording_length = Integer()
    listen_questions_dynamic = fields.Boolean()
    speak_questions_dynamic = fields.Boolean()
    sharing_url = fields.String()
    out_of_range_url = fields.String()
    recording_radius = Integer(allow_none=True)
    listen_enabled = fields.Boolean()
    geo_listen_enabled = fields.Boolean()
    speak_enabled = fields.Boolean()
    geo_speak_enabled = fields.Boolean()
    reset_tag_defaults_on_startup = fields.Boolean()
    timed_asset_priority = fields.Boolean()
    repeat_mode = fields.String()
    files_url = fields.String()
    files_version = fields.String()
    audio_stream_bitrate = fields.String()
    ordering = fields.String()
    demo_stream_enabled = fields.Boolean()
    demo_stream_url = fields.String()
    out_of_range_distance = fields.Float()
    demo_stream_message_loc_admin = AdminStrings("demo_stream_message_loc")
    legal_agreement_loc_admin = AdminStrings("legal_agreement_loc")
    sharing_message_loc_admin = AdminStrings("sharing_message_loc")
    out_of_range_message_loc_admin = AdminStrings("out_of_range_message_loc")
    description_loc_admin = AdminStrings("description_loc")
    demo_stream_message = LocalizedText("demo_stream_message_loc")
    legal_agreement = LocalizedText("legal_agreement_loc")
    description = LocalizedText("description_loc")
    sharing_message = LocalizedText("sharing_message_loc")
    out_of_range_message = LocalizedText("out_of_range_message_loc")
    language_ids = RelatedIds("languages")


def _url(**kwargs):
    return fields.String(validate=validate.Length(max=512), **kwargs)


class ProjectInputSchema(Schema):
    """Create or change a project; `<message>_loc` (or `<message>_loc_ids`) fields take localized string ids."""

    ALIASES = {f"{name}_loc_ids": f"{name}_loc" for name in LOCALIZED}

    name = fields.String(required=True, validate=validate.Length(min=1, max=50))
    owner = fields.String(validate=validate.Length(max=128))
    latitude = Latitude(required=True)
    longitude = Longitude(required=True)
    pub_date = Timestamp(metadata={"description": "Defaults to now."})
    audio_format = fields.String(validate=validate.OneOf(("mp3",)), metadata={"description": "Always mp3."})
    auto_submit = fields.Boolean()
    max_recording_length = Integer(required=True, validate=validate.Range(min=1),
                                          metadata={"description": "Seconds."})
    listen_questions_dynamic = fields.Boolean()
    speak_questions_dynamic = fields.Boolean()
    sharing_url = _url(required=True)
    out_of_range_url = _url(required=True)
    recording_radius = Integer(allow_none=True, validate=validate.Range(min=0),
                                      metadata={"description": "Metres."})
    listen_enabled = fields.Boolean()
    geo_listen_enabled = fields.Boolean()
    speak_enabled = fields.Boolean()
    geo_speak_enabled = fields.Boolean()
    reset_tag_defaults_on_startup = fields.Boolean()
    timed_asset_priority = fields.Boolean()
    repeat_mode = fields.String(validate=validate.OneOf(REPEAT_MODES))
    files_url = _url()
    files_version = fields.String(validate=validate.Length(max=16))
    audio_stream_bitrate = Text(validate=validate.OneOf(BITRATES))
    ordering = fields.String(validate=validate.OneOf(ORDERINGS))
    demo_stream_enabled = fields.Boolean()
    demo_stream_url = _url()
    out_of_range_distance = Float(validate=validate.Range(min=0), metadata={"description": "Metres."})
    sharing_message_loc = IdList()
    out_of_range_message_loc = IdList()
    description_loc = IdList()
    legal_agreement_loc = IdList()
    demo_stream_message_loc = IdList()
    language_ids = IdList(required=True, validate=validate.Length(min=1))


class ProjectQueryArgsSchema(Schema):
    """Filters of `GET projects/`."""

    name = fields.String(validate=validate.Length(max=50), metadata={"description": "Case-insensitive substring."})
    listen_enabled = QueryBool()
    geo_listen_enabled = QueryBool()
    speak_enabled = QueryBool()
    geo_speak_enabled = QueryBool()
    admin = fields.String(validate=validate.Length(max=FLAG_LENGTH),
                          metadata={"description": "Present: add `*_admin` lists with every translation."})


class ProjectDetailArgsSchema(Schema):
    """The session whose language the project is rendered in."""

    session_id = Integer(required=True)
    admin = fields.String(validate=validate.Length(max=FLAG_LENGTH),
                          metadata={"description": "Present: add `*_admin` lists with every translation."})
