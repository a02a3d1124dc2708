"""UI groups and UI items: how tags are offered on the listen and speak screens."""
from marshmallow import fields, pre_load, validate

from rwflask.models.ui import SELECT_MODES, UI_MODES
from rwflask.schemas.common import AdminStrings, IdList, LocalizedSchema, LocalizedText, QueryBool, Schema
from rwflask.schemas.tags import LocalizedQueryArgsSchema


class UIItemSchema(Schema):
    """One answer (a tag) of a UI group."""

    id = fields.Integer(dump_only=True)
    index = fields.Integer(required=True)
    default = fields.Boolean()
    active = fields.Boolean()
    ui_group_id = fields.Integer(required=True)
    tag_id = fields.Integer(required=True)
    parent_id = fields.Integer(allow_none=True)


class UIItemQueryArgsSchema(Schema):
    """Filters of `GET uiitems/`."""

    ui_group_id = fields.Integer()
    tag_id = fields.Integer()
    active = QueryBool()
    parent_id = fields.Integer()
    default = QueryBool()
    index = fields.Integer()
    project_id = fields.Integer()


class UIGroupSchema(LocalizedSchema):
    """A UI group with its header in the response language and all its items."""

    id = fields.Integer()
    name = fields.String()
    ui_mode = fields.String()
    select = fields.String()
    active = fields.Boolean()
    index = fields.Integer()
    header_text_loc = LocalizedText("header_text_loc")
    header_text_loc_admin = AdminStrings("header_text_loc")
    tag_category_id = fields.Integer()
    project_id = fields.Integer()
    ui_items = fields.List(fields.Nested(UIItemSchema))


class UIGroupInputSchema(Schema):
    """Create or change a UI group (`tag_category` is accepted for `tag_category_id`)."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=50))
    ui_mode = fields.String(validate=validate.OneOf(UI_MODES))
    tag_category_id = fields.Integer(required=True)
    select = fields.String(validate=validate.OneOf(SELECT_MODES))
    index = fields.Integer(required=True)
    project_id = fields.Integer(required=True)
    header_text_loc_ids = IdList()
    active = fields.Boolean()

    @pre_load
    def accept_aliases(self, data, **kwargs):
        """Accept `tag_category` as an alias of `tag_category_id`."""
        data = {key: data[key] for key in data}
        if "tag_category_id" not in data and "tag_category" in data:
            data["tag_category_id"] = data.pop("tag_category")
        return data


class UIGroupQueryArgsSchema(LocalizedQueryArgsSchema):
    """Filters of `GET uigroups/` and `GET projects/:id/uigroups/`."""

    project_id = fields.Integer()
    name = fields.String(metadata={"description": "Prefix of the name."})
    ui_mode = fields.String(validate=validate.OneOf(UI_MODES))
    tag_category_id = fields.Integer()
    select = fields.String(validate=validate.OneOf(SELECT_MODES))
    active = QueryBool()
    index = fields.Integer()


class UIConfigItemSchema(Schema):
    """An item of the UI configuration."""

    id = fields.Integer()
    tag_id = fields.Integer()
    parent_id = fields.Integer(allow_none=True)
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
