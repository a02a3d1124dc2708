"""Changing and deleting assets: allowed to staff and to the uploader."""
from sqlalchemy import select

from rwflask import access
from rwflask.errors import Forbidden, Invalid, NotFound
from rwflask.extensions import db
from rwflask.models import Asset, Envelope, Language, LocalizedString, Project, Tag, User
from rwflask.models.base import utcnow
from rwflask.services import media
from rwflask.services.records import apply_changes
from rwflask.principal import Principal

REFERENCES = {"project_id": Project, "language_id": Language, "user_id": User}
RELATIONS = {"tag_ids": ("tags", Tag), "envelope_ids": ("envelopes", Envelope),
             "description_loc_ids": ("loc_description", LocalizedString),
             "alt_text_loc_ids": ("loc_alt_text", LocalizedString)}


def asset_for_edit(asset_id: int, caller: Principal) -> Asset:
    """An asset the caller may change: staff, or its uploader (others get 404 or 403)."""
    asset = db.session.get(Asset, asset_id)
    if asset is None or not access.may_see_asset(caller, asset.submitted, asset.user_id):
        raise NotFound()
    if not access.may_edit_asset(caller, asset.user_id):
        raise Forbidden()
    return asset


def update(asset: Asset, data: dict, caller: Principal) -> Asset:
    """Apply a partial change; `tag_ids` and the other id lists replace the whole set."""
    data = dict(data)
    if "media_type" in data:
        data["mediatype"] = data.pop("media_type")
    if "user_id" in data and not access.may_moderate(caller):
        raise Forbidden("Only staff may credit an asset to another user.")
    if "shape" in data and not access.may_moderate(caller):
        raise Forbidden("Only staff may set where an asset is heard.")
    # A value sent back unchanged is no change (clients may send the whole representation).
    if data.get("submitted", asset.submitted) != asset.submitted \
            and not access.may_set_submitted(caller, data["submitted"]):
        raise Forbidden("Only staff may approve an asset.")
    if data.get("project_id", asset.project_id) != asset.project_id and not access.may_moderate(caller):
        raise Forbidden("Only staff may move an asset to another project.")
    if "envelope_ids" in data:
        _check_envelopes(asset, data["envelope_ids"] or [], caller)
    apply_changes(asset, data, REFERENCES, RELATIONS)
    if asset.end_time is not None and asset.start_time is not None and asset.end_time < asset.start_time:
        raise Invalid("end_time", "must not be before start_time.")
    asset.updated = utcnow()
    db.session.commit()
    db.session.expire(asset)
    return asset


def _check_envelopes(asset: Asset, envelope_ids: list[int], caller: Principal) -> None:
    """403 when the new envelope list adds the asset to an envelope of someone else's session."""
    added = set(envelope_ids) - {e.id for e in asset.envelopes}
    if not added:
        return
    # 403, not 400: as for the envelope of an upload (`envelopes.envelope_for_upload`) and the session_id of a
    # vote or an envelope, an existing record of someone else's session is refused; unknown ids stay a 400.
    foreign = db.session.scalar(select(Envelope.id).where(
        Envelope.id.in_(added), ~access.in_own_sessions(caller, Envelope.session_id)).order_by(Envelope.id).limit(1))
    if foreign is not None:
        raise Forbidden(f"envelope_ids: you may not add assets to envelope {foreign}.")


def delete(asset: Asset) -> None:
    """Delete the asset and its files."""
    names = {asset.file, asset.filename} - {None}
    db.session.delete(asset)
    db.session.commit()
    root = media.media_root()
    for name in names:
        (root / name).unlink(missing_ok=True)
