"""`audiotracks/`."""
from rwflask.web.crud import register_crud
from rwflask.schemas.audiotracks import AudiotrackQueryArgsSchema, AudiotrackSchema
from rwflask.services.audiotracks import audiotracks
from rwflask.web.smorest import Blueprint

blp = Blueprint("audiotracks", __name__, description="Audiotracks: the voice layers of a project's streams.")
register_crud(blp, audiotracks, schema=AudiotrackSchema, input_schema=AudiotrackSchema,
              query_schema=AudiotrackQueryArgsSchema, noun="audiotrack", plural="audiotracks")
