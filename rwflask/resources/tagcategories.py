"""`tagcategories/`."""
from rwflask.schemas.tagcategories import TagCategoryQueryArgsSchema, TagCategorySchema
from rwflask.services.tagcategories import tag_categories
from rwflask.web.crud import register_crud
from rwflask.web.smorest import Blueprint

blp = Blueprint("tagcategories", __name__, description="Tag categories: the dimensions tags belong to.")
register_crud(blp, tag_categories, schema=TagCategorySchema, input_schema=TagCategorySchema,
              query_schema=TagCategoryQueryArgsSchema, noun="tag category", plural="tag categories")
