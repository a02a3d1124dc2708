"""`assets/`: contributed media, their filters, votes, random picks and blocks."""
from flask import request
from flask.views import MethodView

from rwflask.schemas.assets import (AssetCreateSchema, AssetPatchSchema, AssetQueryArgsSchema, AssetSchema,
                                    PaginatedAssetsSchema, RandomAssetsArgsSchema)
from rwflask.schemas.votes import AssetVoteSchema, BlockedArgsSchema, VoteSchema
from rwflask.services import asset_edits, asset_json, assets, envelopes, uploads, votes
from rwflask.web.auth import current_user
from rwflask.web.responses import json_bytes, paginated
from rwflask.web.smorest import Blueprint
from rwflask.web.uploads import uploaded_file

blp = Blueprint("assets", __name__, description="Assets: recordings, photos and texts contributed to projects.")


def admin_view() -> bool:
    """Whether the request asked for every translation (`?admin`)."""
    return "admin" in request.args


@blp.route("/")
class Assets(MethodView):
    @blp.query(AssetQueryArgsSchema)
    @blp.doc(responses={"200": {
        "description": "A list, or a page envelope with `?paginate=true`.",
        "content": {"application/json": {"schema": {"anyOf": [{"type": "array", "items": AssetSchema},
                                                              PaginatedAssetsSchema]}}}}})
    def get(self, args):
        """List assets (filters: tags, media type, language, envelopes, length, dates, place...)."""
        caller = current_user()
        return paginated(lambda page, size: asset_json.listing(caller, args, admin_view(), page, size), args)

    @blp.body(AssetCreateSchema)
    @blp.response(200, AssetSchema)
    def post(self, data):
        """Upload a file (multipart `file`) as a new asset of one envelope."""
        caller = current_user()
        envelope = envelopes.envelope_for_upload(data.pop("envelope_ids")[0], caller)
        asset = uploads.upload_to_envelope(envelope, uploaded_file("Must supply file for asset content"), data,
                                           caller)
        return json_bytes(asset_json.render_one(asset.id, caller, admin_view()))


@blp.route("/<int:asset_id>/")
class AssetById(MethodView):
    @blp.response(200, AssetSchema)
    def get(self, asset_id):
        """Get an asset."""
        return json_bytes(asset_json.render_one(asset_id, current_user(), admin_view()))

    @blp.body(AssetPatchSchema(partial=True))
    @blp.response(200, AssetSchema)
    def patch(self, data, asset_id):
        """Change an asset's metadata (staff or its uploader); id lists replace the whole set."""
        caller = current_user()
        asset = asset_edits.update(asset_edits.asset_for_edit(asset_id, caller), data, caller)
        return json_bytes(asset_json.render_one(asset.id, caller, admin_view()))

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
        return json_bytes(asset_json.random_picks(current_user(), args, args["limit"], admin_view()))


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
        return votes.subtotals(asset_id)

    @blp.body(AssetVoteSchema)
    @blp.response(200, VoteSchema)
    def post(self, data, asset_id):
        """Vote on the asset; the same vote again without `value` withdraws it."""
        return votes.vote_on_asset(asset_id, current_user(), data["session_id"], data["vote_type"],
                                   data.get("value"))
