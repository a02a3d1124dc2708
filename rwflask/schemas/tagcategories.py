"""Tag categories."""
from marshmallow import fields, validate

from rwflask.schemas.fields import DATA_LENGTH, Integer, Schema


class TagCategorySchema(Schema):
    """A tag category."""

    id = Integer(dump_only=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=50))
    data = fields.String(allow_none=True, validate=validate.Length(max=DATA_LENGTH))


class TagCategoryQueryArgsSchema(Schema):
    """Filters of `GET tagcategories/`."""

    name = fields.String(validate=validate.Length(max=50), metadata={"description": "Case-insensitive substring."})
