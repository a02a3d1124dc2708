"""`assets/`: contributed media, their filters, votes, random picks and blocks."""
import orjson
from flask import current_app, request
from flask.views import MethodView

from rwflask.auth import current_user
from rwflask.errors import fail
from rwflask.pagination import envelope, page_bounds
from rwflask.resources.uploads import uploaded_file
from rwflask.schemas.assets import (AssetCreateSchema, AssetPatchSchema, AssetQueryArgsSchema, AssetSchema,
                                    AssetVoteSchema, BlockedArgsSchema, RandomAssetsArgsSchema, VoteSchema)
from rwflask.models import Asset
from rwflask.services import asset_cache, asset_edits, assets, uploads, votes
from rwflask.smorest import Blueprint

blp = Blueprint("assets", __name__, description="Assets: recordings, photos and texts contributed to projects.")


def json_response(body):
    """Render already-serialized data (asset lists are built in bulk, not through the schema)."""
    if isinstance(body, bytes):
        return current_app.response_class(body, mimetype="application/json")
    return current_app.json.response(body)


def rendered_assets(ids, order: list, limit: int | None = None, offset: int | None = None):
    """Assets of an id query as JSON (bytes from the render cache; a list of dicts with `?admin`)."""
    viewer = current_user()
    if "admin" in request.args:
        return assets.represent(ids, viewer, order, admin=True, limit=limit, offset=offset)
    return asset_cache.render(ids, viewer, order, lambda stale: assets.represent(assets.ids_query(stale), viewer),
                              limit=limit, offset=offset)


def list_assets(args: dict):
    """The asset list for these filters, paginated with `?paginate=true`."""
    ids = assets.query(current_user(), args)
    order = assets.ordering(args.get("ordering"))
    if not args.get("paginate"):
        return json_response(rendered_assets(ids, order))
    page, page_size = page_bounds(args)
    total = assets.count(ids)
    if page > 1 and (page - 1) * page_size >= total:
        fail(404, "Invalid page.")
    results = rendered_assets(ids, order, limit=page_size, offset=(page - 1) * page_size)
    if isinstance(results, bytes):
        results = orjson.Fragment(results)
    return json_response(envelope(results, total, page, page_size))


def one_asset(asset_id: int):
    """The JSON of one asset the caller may see, or 404."""
    viewer = current_user()
    if "admin" in request.args:
        body = assets.represent(assets.query(viewer, {}).where(Asset.id == asset_id), viewer, admin=True)
        body = body[0] if body else None
    else:
        body = asset_cache.render_one(asset_id, viewer,
                                      lambda stale: assets.represent(assets.ids_query(stale), viewer))
    if body is None:
        fail(404, "Not found.")
    return json_response(body)


@blp.route("/")
class Assets(MethodView):
    @blp.query(AssetQueryArgsSchema)
    @blp.response(200, AssetSchema(many=True), description="A list, or a page envelope with `?paginate=true`.")
    def get(self, args):
        """List assets (filters: tags, media type, language, envelopes, length, dates, place...)."""
        return list_assets(args)

    @blp.body(AssetCreateSchema)
    @blp.response(200, AssetSchema)
    def post(self, data):
        """Upload a file (multipart `file`) as a new asset of one envelope."""
        caller = current_user()
        envelope_obj = uploads.envelope_for_upload(data.pop("envelope_ids")[0], caller)
        upload = uploaded_file("Must supply file for asset content")
        asset = uploads.upload_to_envelope(envelope_obj, upload, data, caller)
        return one_asset(asset.id)


@blp.route("/<int:asset_id>/")
class AssetById(MethodView):
    @blp.response(200, AssetSchema)
    def get(self, asset_id):
        """Get an asset."""
        return one_asset(asset_id)

    @blp.body(AssetPatchSchema(partial=True))
    @blp.response(200, AssetSchema)
    def patch(self, data, asset_id):
        """Change an asset's metadata (staff or its uploader); id lists replace the whole set."""
        caller = current_user()
        asset = asset_edits.update(asset_edits.asset_for_edit(asset_id, caller), data, caller)
        return one_asset(asset.id)

    @blp.response(204)
    def delete(self, asset_id):
        """Delete an asset and its files (staff or its uploader)."""
        asset_edits.delete(asset_edits.asset_for_edit(asset_id, current_user()))


@blp.route("/random/")
class RandomAssets(MethodView):
    @blp.query(RandomAssetsArgsSchema)
    @blp.response(200, AssetSchema(many=True))
    def get(self, args):
        """Get `limit` assets drawn at random among those matching the filters (in id order)."""
        viewer = current_user()
        picked = assets.random_ids(assets.query(viewer, args), args["limit"])
        return json_response(rendered_assets(assets.ids_query(picked), [Asset.id]))


@blp.route("/blocked/")
class BlockedAssets(MethodView):
    @blp.query(BlockedArgsSchema)
    @blp.response(200)
    def get(self, args):
        """List the assets a session's user blocked (directly or by blocking their creator)."""
        return votes.blocked_assets(current_user(), args["session_id"])


@blp.route("/<int:asset_id>/votes/")
class AssetVotes(MethodView):
    @blp.response(200)
    def get(self, asset_id):
        """Get the asset's vote subtotals per type (`avg` for ratings)."""
        assets.visible_or_404(asset_id, current_user())
        return json_response(votes.subtotals(asset_id))

    @blp.body(AssetVoteSchema)
    @blp.response(200, VoteSchema)
    def post(self, data, asset_id):
        """Vote on the asset; the same vote again without `value` withdraws it."""
        return votes.vote_on_asset(asset_id, current_user(), data["session_id"], data["vote_type"],
                                   data.get("value"))
