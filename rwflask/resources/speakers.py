"""`speakers/`."""
from rwflask.web.crud import register_crud
from rwflask.schemas.speakers import SpeakerQueryArgsSchema, SpeakerSchema
from rwflask.services.speakers import speakers
from rwflask.web.smorest import Blueprint

blp = Blueprint("speakers", __name__, description="Speakers: ambient sound zones mixed by location.")
register_crud(blp, speakers, schema=SpeakerSchema, input_schema=SpeakerSchema, query_schema=SpeakerQueryArgsSchema,
              noun="speaker", plural="speakers")
