"""Speakers."""
from marshmallow import fields, validate

from rwflask.schemas.fields import Float, GeoJSON, Integer, QueryBool, Schema

URL = validate.URL(schemes={"http", "https"}, require_tld=False)


def _url_or_empty(value: str) -> bool:
    """Accept an empty string (no backup) or an http(s) URL."""
    return value == "" or URL(value)


class SpeakerSchema(Schema):
    """A speaker zone; `boundary` and `attenuation_border` are computed from `shape`."""

    id = Integer(dump_only=True)
    activeyn = fields.Boolean()
    code = fields.String(required=True, validate=validate.Length(min=1, max=10))
    maxvolume = Float(required=True, validate=validate.Range(min=0))
    minvolume = Float(required=True, validate=validate.Range(min=0))
    uri = fields.String(required=True, validate=[validate.Length(max=512), URL])
    backupuri = fields.String(validate=[validate.Length(max=512), _url_or_empty])
    shape = GeoJSON("MultiPolygon", allow_none=True, metadata={"description": "GeoJSON MultiPolygon."})
    boundary = GeoJSON(dump_only=True, allow_none=True)
    attenuation_distance = Integer(required=True, validate=validate.Range(min=0, max=100_000),
                                   metadata={"description": "Metres (at most 100 km)."})
    attenuation_border = GeoJSON(dump_only=True, allow_none=True)
    project_id = Integer(required=True)


class SpeakerQueryArgsSchema(Schema):
    """Filters of `GET speakers/`."""

    project_id = Integer()
    activeyn = QueryBool()
