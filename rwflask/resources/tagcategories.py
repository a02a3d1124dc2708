"""`tagcategories/`."""
from rwflask.models import TagCategory
from rwflask.resources.crud import register_crud
from rwflask.schemas.tagcategories import TagCategoryQueryArgsSchema, TagCategorySchema
from rwflask.services.records import RecordService
from rwflask.smorest import Blueprint

blp = Blueprint("tagcategories", __name__, description="Tag categories: the dimensions tags belong to.")
tag_categories = RecordService(TagCategory, filters={"name": (TagCategory.name, "icontains")})
register_crud(blp, tag_categories, schema=TagCategorySchema, input_schema=TagCategorySchema,
              query_schema=TagCategoryQueryArgsSchema, noun="tag category", plural="tag categories")
