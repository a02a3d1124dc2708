"""`tagrelationships/`."""
from rwflask.web.crud import register_crud
from rwflask.schemas.tags import TagRelationshipQueryArgsSchema, TagRelationshipSchema
from rwflask.services.tags import tag_relationships
from rwflask.web.smorest import Blueprint

blp = Blueprint("tagrelationships", __name__, description="Tag relationships: the tag hierarchy.")
register_crud(blp, tag_relationships, schema=TagRelationshipSchema, input_schema=TagRelationshipSchema,
              query_schema=TagRelationshipQueryArgsSchema, noun="tag relationship", plural="tag relationships")
