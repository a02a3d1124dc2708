"""Audiotracks (all durations in seconds)."""
from marshmallow import fields, validate

from rwflask.models.audiotrack import TIMED_ASSET_PRIORITIES
from rwflask.schemas.fields import Float, Integer, QueryBool, RelatedIds, Schema


def _seconds(**kwargs):
    return Float(required=True, validate=validate.Range(min=0), metadata={"description": "Seconds."}, **kwargs)


def _volume():
    return Float(required=True, validate=validate.Range(min=0))


def _pan():
    return Float(required=True, validate=validate.Range(min=-1, max=1, error="must be between -1.0 and 1.0"))


class AudiotrackSchema(Schema):
    """An audiotrack: volume, duration, dead air, fade and pan ranges of one voice layer."""

    id = Integer(dump_only=True)
    minvolume = _volume()
    maxvolume = _volume()
    minduration = _seconds()
    maxduration = _seconds()
    mindeadair = _seconds()
    maxdeadair = _seconds()
    minfadeintime = _seconds()
    maxfadeintime = _seconds()
    minfadeouttime = _seconds()
    maxfadeouttime = _seconds()
    minpanpos = _pan()
    maxpanpos = _pan()
    minpanduration = _seconds()
    maxpanduration = _seconds()
    repeatrecordings = fields.Boolean()
    active = fields.Boolean()
    start_with_silence = fields.Boolean()
    banned_duration = Integer(validate=validate.Range(min=0), metadata={"description": "Seconds."})
    fadeout_when_filtered = fields.Boolean()
    timed_asset_priority = fields.String(validate=validate.OneOf(TIMED_ASSET_PRIORITIES))
    tag_filters = RelatedIds("tag_filters", metadata={"description": "Tag ids."})
    project_id = Integer(required=True)


class AudiotrackQueryArgsSchema(Schema):
    """Filters of `GET audiotracks/` (durations in seconds)."""

    project_id = Integer()
    minduration__lte = Float()
    minduration__gte = Float()
    maxduration__lte = Float()
    maxduration__gte = Float()
    mindeadair__lte = Float()
    mindeadair__gte = Float()
    maxdeadair__lte = Float()
    maxdeadair__gte = Float()
    active = QueryBool()
    repeatrecordings = QueryBool()
    start_with_silence = QueryBool()
    fadeout_when_filtered = QueryBool()
