"""Speakers."""
from marshmallow import fields, validate

from rwflask.schemas.fields import Float, GeoJSON, Integer, QueryBool, Schema

URL = validate.URL(schemes={"http", "https"}, require_tld=False)
# The documented form of those URLs (the validator takes a few more: IPv6 literals, international names).
_LABEL = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
_HOST = f"(({_LABEL}\\.)*[A-Za-z]{{2,6}}|{_LABEL}|{_OCTET}(\\.{_OCTET}){{3}})"
URL_PATTERN = f"^https?://{_HOST}(:[0-9]{{1,5}})?(/|[/?][!-~]+)?$"


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
    uri = fields.String(required=True, validate=[validate.Length(max=512), URL], metadata={"pattern": URL_PATTERN})
    backupuri = fields.String(validate=[validate.Length(max=512), _url_or_empty],
                              metadata={"pattern": f"^({URL_PATTERN.strip('^$')})?$"})
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
