"""Tags and tag relationships."""
from marshmallow import fields, validate

from rwflask.models.tag import TAG_FILTERS
from rwflask.schemas.fields import (DATA_LENGTH, FILTER_LENGTH, FLAG_LENGTH, TEXT_LENGTH, AdminStrings, GeoJSON,
                                    IdList, Integer, LocalizedSchema, LocalizedText, Schema)


class TagRelationshipSchema(Schema):
    """A node of the tag tree; `parent_id` is another tag relationship."""

    id = Integer(dump_only=True)
    tag_id = Integer(required=True)
    parent_id = Integer(allow_none=True)


class TagRelationshipQueryArgsSchema(Schema):
    """Filters of `GET tagrelationships/`."""

    tag_id = Integer()
    parent_id = Integer()


class TagSchema(LocalizedSchema):
    """A tag, with its texts in the response language."""

    id = Integer()
    value = fields.String()
    description = fields.String(allow_none=True)
    data = fields.String(allow_none=True)
    filter = fields.String()
    location = GeoJSON(allow_none=True)
    loc_msg_admin = AdminStrings("loc_msg")
    loc_description_admin = AdminStrings("loc_description")
    project_id = Integer(allow_none=True)
    tag_category_id = Integer(allow_none=True)
    description_loc = LocalizedText("loc_description")
    msg_loc = LocalizedText("loc_msg")
    relationships = fields.List(fields.Nested(TagRelationshipSchema))


class TagInputSchema(Schema):
    """Create or change a tag."""

    value = fields.String(required=True, validate=validate.Length(min=1, max=TEXT_LENGTH))
    project_id = Integer(allow_none=True)
    tag_category_id = Integer(allow_none=True)
    description = fields.String(allow_none=True, validate=validate.Length(max=TEXT_LENGTH))
    description_loc_ids = IdList()
    msg_loc_ids = IdList()
    data = fields.String(allow_none=True, validate=validate.Length(max=DATA_LENGTH))
    filter = fields.String(validate=validate.OneOf(TAG_FILTERS))
    location = GeoJSON("MultiPolygon", allow_none=True)


class LocalizedQueryArgsSchema(Schema):
    """Which session's language to render texts in, and whether to add every translation."""

    session_id = Integer(metadata={"description": "Render texts in this session's language "
                                                         "(default English)."})
    admin = fields.String(validate=validate.Length(max=FLAG_LENGTH),
                          metadata={"description": "Present: add `*_admin` lists with every translation."})


class TagQueryArgsSchema(LocalizedQueryArgsSchema):
    """Filters of `GET tags/`."""

    project_id = Integer()
    tag_category_id = Integer()
    description = fields.String(validate=validate.Length(max=FILTER_LENGTH),
                                metadata={"description": "Case-insensitive substring."})
    data = fields.String(validate=validate.Length(max=FILTER_LENGTH),
                         metadata={"description": "Case-insensitive substring."})
