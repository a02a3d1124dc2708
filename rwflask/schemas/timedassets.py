"""Timed assets."""
from rwflask.schemas.fields import Float, Integer, Schema


class TimedAssetSchema(Schema):
    """An asset available between `start` and `end` seconds of a stream."""

    id = Integer(dump_only=True)
    start = Float(required=True, metadata={"description": "Seconds after the stream started."})
    end = Float(required=True, metadata={"description": "Seconds after the stream started."})
    asset_id = Integer(required=True)
    project_id = Integer(required=True)


class TimedAssetQueryArgsSchema(Schema):
    """Filters of `GET timedassets/` (times in seconds)."""

    project_id = Integer()
    asset_id = Integer()
    start__lte = Float()
    start__gte = Float()
    end__lte = Float()
    end__gte = Float()
