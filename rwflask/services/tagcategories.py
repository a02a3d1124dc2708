"""Tag categories: the dimensions tags belong to."""
from rwflask.models import TagCategory
from rwflask.services.records import RecordService

tag_categories = RecordService(TagCategory, filters={"name": (TagCategory.name, "icontains")})
