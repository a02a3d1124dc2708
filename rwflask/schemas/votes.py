"""Votes on assets and blocks."""
from marshmallow import fields, validate

from rwflask.models.asset import MEDIA_TYPES, VOTE_TYPES
from rwflask.schemas.fields import Integer, Schema


class VoteSchema(Schema):
    """A vote, with the subtotals of its asset."""

    id = Integer(allow_none=True)
    value = Integer(allow_none=True)
    type = fields.String()
    voter_id = Integer(allow_none=True)
    asset_id = Integer()
    session_id = Integer()
    asset_votes = fields.List(fields.Dict())


class VoteCreateSchema(Schema):
    """Create a vote."""

    type = fields.String(required=True, validate=validate.OneOf(VOTE_TYPES))
    value = Integer(allow_none=True)
    asset_id = Integer(required=True)
    session_id = Integer(required=True)
    voter_id = Integer(allow_none=True, metadata={"description": "Defaults to the session's user."})


class AssetVoteSchema(Schema):
    """Vote on an asset: repeating a vote without `value` withdraws it (toggle)."""

    ALIASES = {"type": "vote_type"}

    session_id = Integer(required=True)
    vote_type = fields.String(required=True, validate=validate.OneOf(VOTE_TYPES))
    value = Integer(allow_none=True)


class VoteQueryArgsSchema(Schema):
    """Filters of `GET votes/` and `votes/summary/`."""

    voter_id = Integer()
    session_id = Integer()
    project_id = Integer()
    asset_id = Integer()
    type = fields.String(validate=validate.OneOf(VOTE_TYPES))
    value = Integer()
    media_type = fields.String(validate=validate.OneOf(MEDIA_TYPES))


class BlockedArgsSchema(Schema):
    """Whose blocks to list."""

    session_id = Integer(required=True)
