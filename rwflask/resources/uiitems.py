"""`uiitems/`."""
from rwflask.web.crud import register_crud
from rwflask.schemas.ui import UIItemQueryArgsSchema, UIItemSchema
from rwflask.services.ui import ui_items
from rwflask.web.smorest import Blueprint

blp = Blueprint("uiitems", __name__, description="UI items: the answers (tags) of a UI group.")
register_crud(blp, ui_items, schema=UIItemSchema, input_schema=UIItemSchema, query_schema=UIItemQueryArgsSchema,
              noun="UI item", plural="UI items")
