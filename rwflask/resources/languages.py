"""`languages/`."""
from rwflask.web.crud import register_crud
from rwflask.schemas.languages import LanguageQueryArgsSchema, LanguageSchema
from rwflask.services.languages import languages
from rwflask.web.smorest import Blueprint

blp = Blueprint("languages", __name__, description="Languages (ISO 639-1 codes).")
register_crud(blp, languages, schema=LanguageSchema, input_schema=LanguageSchema,
              query_schema=LanguageQueryArgsSchema, noun="language", plural="languages")
