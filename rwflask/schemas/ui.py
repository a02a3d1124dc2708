"""UI groups and UI items: how tags are offered on the listen and speak screens."""
from marshmallow import fields, validate

from rwflask.models.ui import SELECT_MODES, UI_MODES
from rwflask.schemas.fields import (AdminStrings, IdList, Integer, LocalizedSchema, LocalizedText, QueryBool,
                                    Schema)
from rwflask.schemas.tags import LocalizedQueryArgsSchema


class UIItemSchema(Schema):
    """One answer (a tag) of a UI group."""

    id = Integer(dump_only=True)
    index = Integer(required=True)
    default = fields.Boolean()
    active = fields.Boolean()
    ui_group_id = Integer(required=True)
    tag_id = Integer(required=True)
    parent_id = Integer(allow_none=True)


class UIItemQueryArgsSchema(Schema):
    """Filters of `GET uiitems/`."""

    ui_group_id = Integer()
    tag_id = Integer()
    active = QueryBool()
    parent_id = Integer()
    default = QueryBool()
    index = Integer()
    project_id = Integer()


class UIGroupSchema(LocalizedSchema):
    """A UI group with its header in the response language and all its items."""

    id = Integer()
    name = fields.String()
    ui_mode = fields.String()
    select = fields.String()
    active = fields.Boolean()
    index = Integer()
    header_text_loc = LocalizedText("header_text_loc")
    header_text_loc_admin = AdminStrings("header_text_loc")
    tag_category_id = Integer()
    project_id = Integer()
    ui_items = fields.List(fields.Nested(UIItemSchema))


class UIGroupInputSchema(Schema):
    """Create or change a UI group (`tag_category` is accepted for `tag_category_id`)."""

    ALIASES = {"tag_category": "tag_category_id"}

    name = fields.String(required=True, validate=validate.Length(min=1, max=50))
    ui_mode = fields.String(validate=validate.OneOf(UI_MODES))
    tag_category_id = Integer(required=True)
    select = fields.String(validate=validate.OneOf(SELECT_MODES))
    index = Integer(required=True)
    project_id = Integer(required=True)
    header_text_loc_ids = IdList()
    active = fields.Boolean()


class UIGroupQueryArgsSchema(LocalizedQueryArgsSchema):
    """Filters of `GET uigroups/` and `GET projects/:id/uigroups/`."""

    project_id = Integer()
    name = fields.String(validate=validate.Length(max=50), metadata={"description": "Prefix of the name."})
    ui_mode = fields.String(validate=validate.OneOf(UI_MODES))
    tag_category_id = Integer()
    select = fields.String(validate=validate.OneOf(SELECT_MODES))
    active = QueryBool()
    index = Integer()


class UIConfigItemSchema(Schema):
    """An item of the UI configuration."""

    id = Integer()
    tag_id = Integer()
    parent_id = Integer(allow_none=True)
    default_state = fields.Boolean()
    tag_display_text = fields.String(allow_none=True)


class UIConfigGroupSchema(Schema):
    """A group of the UI configuration."""

    select = fields.String()
    group_short_name = fields.String()
    header_display_text = fields.String(allow_none=True)
    display_items = fields.List(fields.Nested(UIConfigItemSchema))


class UIConfigSchema(Schema):
    """Everything a client needs to build its listen and speak screens."""

    listen = fields.List(fields.Nested(UIConfigGroupSchema))
    speak = fields.List(fields.Nested(UIConfigGroupSchema))
