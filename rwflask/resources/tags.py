"""`tags/`."""
from rwflask.web.crud import register_crud
from rwflask.schemas.tags import LocalizedQueryArgsSchema, TagInputSchema, TagQueryArgsSchema, TagSchema
from rwflask.web.language import localize_by_session
from rwflask.services.tags import tags
from rwflask.web.smorest import Blueprint

blp = Blueprint("tags", __name__, description="Tags: metadata describing assets.")
register_crud(blp, tags, schema=TagSchema, input_schema=TagInputSchema, query_schema=TagQueryArgsSchema,
              item_query_schema=LocalizedQueryArgsSchema, before_output=localize_by_session,
              noun="tag", plural="tags")
