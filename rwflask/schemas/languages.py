"""Languages and localized strings."""
from marshmallow import fields, validate

from rwflask.schemas.fields import DATA_LENGTH, FILTER_LENGTH, LANGUAGE_TAG_LENGTH, Integer, Schema


class LanguageSchema(Schema):
    """A language."""

    id = Integer(dump_only=True)
    name = fields.String(validate=validate.Length(max=20))
    language_code = fields.String(required=True, validate=validate.Length(
        equal=2, error="language_code not 2 characters"))


class LanguageQueryArgsSchema(Schema):
    """Filters of `GET languages/`."""

    name = fields.String(validate=validate.Length(max=20), metadata={"description": "Case-insensitive substring."})
    language_code = fields.String(validate=validate.Length(max=10),
                                  metadata={"description": "Case-insensitive substring."})


class LocalizedStringSchema(Schema):
    """A text in one language."""

    id = Integer()
    language = fields.Function(lambda s: s.language.language_code, metadata={"description": "Language code."})
    language_id = Integer()
    text = fields.String(attribute="localized_string")


class LocalizedStringInputSchema(Schema):
    """Create or change a localized string (`localized_string` and `language` are accepted aliases)."""

    ALIASES = {"localized_string": "text"}
    OPENAPI = {"anyOf": [{"required": ["language_id"]},
                         {"required": ["language"], "properties": {"language": {"minLength": 1}}}]}

    text = fields.String(required=True, attribute="localized_string", validate=validate.Length(max=DATA_LENGTH))
    language_id = Integer(metadata={"description": "Required unless `language` is given."})
    language = fields.String(load_only=True, validate=validate.Length(max=LANGUAGE_TAG_LENGTH),
                             metadata={"description": "Language code, instead of language_id."})


class LocalizedStringQueryArgsSchema(Schema):
    """Filters of `GET localizedstrings/`."""

    language = fields.String(validate=validate.Length(max=LANGUAGE_TAG_LENGTH),
                             metadata={"description": "Language code."})
    language_id = Integer()
    localized_string = fields.String(validate=validate.Length(max=FILTER_LENGTH),
                                     metadata={"description": "Case-insensitive substring of the text."})
