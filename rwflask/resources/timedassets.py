"""`timedassets/`."""
from rwflask.web.crud import register_crud
from rwflask.schemas.timedassets import TimedAssetQueryArgsSchema, TimedAssetSchema
from rwflask.services.timedassets import timed_assets
from rwflask.web.smorest import Blueprint

blp = Blueprint("timedassets", __name__, description="Timed assets: available by time since a stream started.")
register_crud(blp, timed_assets, schema=TimedAssetSchema, input_schema=TimedAssetSchema,
              query_schema=TimedAssetQueryArgsSchema, noun="timed asset", plural="timed assets")
