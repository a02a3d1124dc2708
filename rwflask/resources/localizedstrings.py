"""`localizedstrings/`."""
from rwflask.web.crud import register_crud
from rwflask.schemas.languages import (LocalizedStringInputSchema, LocalizedStringQueryArgsSchema,
                                       LocalizedStringSchema)
from rwflask.services.languages import localized_strings
from rwflask.web.smorest import Blueprint

blp = Blueprint("localizedstrings", __name__, description="Texts in one language.")
register_crud(blp, localized_strings, schema=LocalizedStringSchema, input_schema=LocalizedStringInputSchema,
              query_schema=LocalizedStringQueryArgsSchema, noun="localized string", plural="localized strings")
