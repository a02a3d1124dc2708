"""Changing and deleting assets: allowed to staff and to the uploader."""
from rwflask.errors import fail
from rwflask.extensions import db
from rwflask.models import Asset, Envelope, Language, LocalizedString, Project, Tag, User
from rwflask.models.base import utcnow
from rwflask.services import media
from rwflask.services.records import apply_changes
from rwflask.services.tokens import Principal

REFERENCES = {"project_id": Project, "language_id": Language, "user_id": User}
RELATIONS = {"tag_ids": ("tags", Tag), "envelope_ids": ("envelopes", Envelope),
             "description_loc_ids": ("loc_description", LocalizedString),
             "alt_text_loc_ids": ("loc_alt_text", LocalizedString)}


def asset_for_edit(asset_id: int, caller: Principal) -> Asset:
    """An asset the caller may change: staff, or its uploader (others get 404 or 403)."""
    asset = db.session.get(Asset, asset_id)
    if asset is None:
        fail(404, "Not found.")
    if caller.is_staff or asset.user_id == caller.id:
        return asset
    if not asset.submitted:
        fail(404, "Not found.")  # others cannot even see unapproved assets
    fail(403, "You do not have permission to perform this action.")


def update(asset: Asset, data: dict, caller: Principal) -> Asset:
    """Apply a partial change; `tag_ids` and the other id lists replace the whole set."""
    data = dict(data)
    if "media_type" in data:
        data["mediatype"] = data.pop("media_type")
    if "user_id" in data and not caller.is_staff:
        fail(403, "Only staff may credit an asset to another user.")
    apply_changes(asset, data, REFERENCES, RELATIONS)
    if asset.end_time is not None and asset.start_time is not None and asset.end_time < asset.start_time:
        fail(400, "end_time: must not be before start_time.")
    asset.updated = utcnow()
    db.session.commit()
    db.session.expire(asset)
    return asset


def delete(asset: Asset) -> None:
    """Delete the asset and its files."""
    names = {asset.file, asset.filename} - {None}
    db.session.delete(asset)
    db.session.commit()
    root = media.media_root()
    for name in names:
        (root / name).unlink(missing_ok=True)
