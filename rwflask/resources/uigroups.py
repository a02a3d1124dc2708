"""`uigroups/`."""
from rwflask.web.crud import register_crud
from rwflask.schemas.tags import LocalizedQueryArgsSchema
from rwflask.schemas.ui import UIGroupInputSchema, UIGroupQueryArgsSchema, UIGroupSchema
from rwflask.web.language import localize_by_session
from rwflask.services.ui import ui_groups
from rwflask.web.smorest import Blueprint

blp = Blueprint("uigroups", __name__, description="UI groups: the questions of the listen and speak screens.")
register_crud(blp, ui_groups, schema=UIGroupSchema, input_schema=UIGroupInputSchema,
              query_schema=UIGroupQueryArgsSchema, item_query_schema=LocalizedQueryArgsSchema,
              before_output=localize_by_session, noun="UI group", plural="UI groups")
