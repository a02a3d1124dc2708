"""`envelopes/`: bundles of uploads; `PATCH envelopes/:id/` with a file is how clients contribute."""
from flask import request
from flask.views import MethodView

from rwflask.schemas.assets import AssetSchema, AssetUploadSchema
from rwflask.schemas.envelopes import EnvelopeCreateSchema, EnvelopeQueryArgsSchema, EnvelopeSchema
from rwflask.services import asset_json, envelopes, uploads
from rwflask.web.auth import current_user
from rwflask.web.errors import fail
from rwflask.web.responses import json_bytes
from rwflask.web.smorest import Blueprint
from rwflask.web.uploads import uploaded_file

blp = Blueprint("envelopes", __name__, description="Envelopes: the bundles contributions are uploaded in.")


@blp.route("/")
class Envelopes(MethodView):
    @blp.query(EnvelopeQueryArgsSchema)
    @blp.response(200, EnvelopeSchema(many=True))
    def get(self, args):
        """List envelopes (staff see all, others those of their sessions)."""
        return envelopes.visible(current_user(), args)

    @blp.body(EnvelopeCreateSchema)
    @blp.response(200, EnvelopeSchema)
    def post(self, data):
        """Open an envelope in one of your sessions."""
        return envelopes.create(current_user(), data["session_id"])


@blp.route("/<int:envelope_id>/")
class EnvelopeById(MethodView):
    @blp.response(200, EnvelopeSchema)
    def get(self, envelope_id):
        """Get an envelope."""
        return envelopes.envelope_for(envelope_id, current_user())

    @blp.body(AssetUploadSchema)
    @blp.response(200, AssetSchema)
    def patch(self, data, envelope_id):
        """Add a new asset to the envelope: upload `file` (multipart) with its metadata, or give `asset_id`."""
        caller = current_user()
        envelope = envelopes.envelope_for_upload(envelope_id, caller)
        if "file" in request.files:
            asset = uploads.upload_to_envelope(envelope, uploaded_file(), data, caller)
        elif data.get("asset_id") is not None:
            asset = uploads.add_existing(envelope, data["asset_id"], caller)
        else:
            fail(400, "asset_id or file required")
        return json_bytes(asset_json.render_one(asset.id, caller, "admin" in request.args))
