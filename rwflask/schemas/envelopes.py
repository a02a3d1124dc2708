"""Envelopes: bundles of assets uploaded together."""
from marshmallow import fields

from rwflask.schemas.fields import Integer, Schema, Timestamp


class EnvelopeSchema(Schema):
    """An envelope: a bundle of assets uploaded together."""

    id = Integer()
    session_id = Integer()
    created = Timestamp()
    asset_ids = fields.Function(lambda e: [a.id for a in e.assets])


class EnvelopeCreateSchema(Schema):
    """Open an envelope in one of your sessions."""

    session_id = Integer(required=True)


class EnvelopeQueryArgsSchema(Schema):
    """Filters of `GET envelopes/`."""

    session_id = Integer()
    project_id = Integer()
    asset_id = Integer()
