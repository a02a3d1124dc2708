"""Tag categories."""
from marshmallow import fields, validate

from rwflask.schemas.fields import Integer, Schema


class TagCategorySchema(Schema):
    """A tag category."""

    id = Integer(dump_only=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=50))
    data = fields.String(allow_none=True)


class TagCategoryQueryArgsSchema(Schema):
    """Filters of `GET tagcategories/`."""

    name = fields.String(metadata={"description": "Case-insensitive substring."})
