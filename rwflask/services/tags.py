"""Tags, tag relationships and the session-language rule of localized lists."""
from rwflask.errors import Invalid
from rwflask.extensions import db
from rwflask.models import LocalizedString, Project, Tag, TagCategory, TagRelationship
from rwflask.services.records import RecordService

tags = RecordService(
    Tag,
    filters={"project_id": (Tag.project_id, "eq"), "tag_category_id": (Tag.tag_category_id, "eq"),
             "description": (Tag.description, "icontains"), "data": (Tag.data, "icontains")},
    references={"project_id": Project, "tag_category_id": TagCategory},
    relations={"description_loc_ids": ("loc_description", LocalizedString),
               "msg_loc_ids": ("loc_msg", LocalizedString)},
)


def _no_cycle(relationship: TagRelationship) -> None:
    seen = {relationship.id}
    parent_id = relationship.parent_id
    while parent_id is not None:
        if parent_id in seen:
            raise Invalid("parent_id", "A tag relationship cannot be its own ancestor.")
        seen.add(parent_id)
        parent_id = db.session.get(TagRelationship, parent_id).parent_id


tag_relationships = RecordService(
    TagRelationship,
    filters={"tag_id": (TagRelationship.tag_id, "eq"), "parent_id": (TagRelationship.parent_id, "eq")},
    references={"tag_id": Tag, "parent_id": TagRelationship},
    prepare=_no_cycle,
)

