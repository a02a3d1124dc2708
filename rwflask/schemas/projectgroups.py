"""Project groups."""
from marshmallow import fields, validate

from rwflask.schemas.fields import (LANGUAGE_TAG_LENGTH, TEXT_LENGTH, Integer, Latitude, Longitude, QueryBool,
                                    RelatedIds, Schema)


class ProjectGroupSchema(Schema):
    """A named set of projects."""

    id = Integer(dump_only=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=50))
    active = fields.Boolean()
    description = fields.String(validate=validate.Length(max=TEXT_LENGTH))
    project_ids = RelatedIds("projects")


class ProjectGroupQueryArgsSchema(Schema):
    """Filters of `GET projectgroups/`."""

    name = fields.String(validate=validate.Length(max=50), metadata={"description": "Case-insensitive substring."})
    active = QueryBool()


class ProjectGroupProjectsArgsSchema(Schema):
    """Where the listener is, and the language to describe projects in."""

    latitude = Latitude(required=True)
    longitude = Longitude(required=True)
    language_code = fields.String(load_default="en", validate=validate.Length(max=LANGUAGE_TAG_LENGTH))


class ProjectGroupProjectSchema(Schema):
    """A project of a group, as offered to a listener choosing one."""

    project_id = Integer()
    name = fields.String()
    owner = fields.String()
    description_loc = fields.String()
    thumbnail_url = fields.String()
