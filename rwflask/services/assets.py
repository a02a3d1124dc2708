"""Assets: who may see them, the Roundware filters, and their representation, built in bulk."""
import random

from flask import current_app
from sqlalchemy import and_, exists, func, or_, select, true
from shapely.geometry import mapping

from rwflask.errors import fail
from rwflask.extensions import db
from rwflask.models import Asset, Language, LocalizedString, User
from rwflask.models.asset import asset_tag, envelope_asset
from rwflask.services.localization import as_admin
from rwflask.services.tokens import Principal

_loc_description = Asset.loc_description.property.secondary
_loc_alt_text = Asset.loc_alt_text.property.secondary
ORDER_COLUMNS = {"id": Asset.id, "session_id": Asset.session_id, "audiolength": Asset.audio_length,
                 "weight": Asset.weight, "volume": Asset.volume}
USER_FIELDS = ("id", "username", "first_name", "last_name", "email", "device_id", "client_type")


def visible_to(viewer: Principal):
    """Staff see every asset; others see approved (submitted) assets and their own."""
    if viewer.is_staff:
        return true()
    return or_(Asset.submitted.is_(True), Asset.user_id == viewer.id)


def filter_conditions(args: dict) -> list:
    """SQL conditions for Roundware's asset filters."""
    conditions = []
    for field in ("session_id", "project_id"):
        if field in args:
            conditions.append(getattr(Asset, field) == args[field])
    for tag_id in args.get("tag_ids") or ():
        conditions.append(exists().where(asset_tag.c.asset_id == Asset.id, asset_tag.c.tag_id == tag_id))
    any_tags = list(args.get("tag_ids_or") or ()) + list(args.get("tags") or ())
    if any_tags:
        conditions.append(exists().where(asset_tag.c.asset_id == Asset.id, asset_tag.c.tag_id.in_(any_tags)))
    for envelope_id in args.get("envelope_ids") or ():
        conditions.append(exists().where(envelope_asset.c.asset_id == Asset.id,
                                         envelope_asset.c.envelope_id == envelope_id))
    if "media_type" in args:
        conditions.append(Asset.mediatype == args["media_type"])
    if "language" in args:
        conditions.append(Asset.language_id.in_(select(Language.id).where(Language.language_code == args["language"])))
    for field in ("latitude", "longitude"):
        if field in args:
            low, high, negative = args[field]
            column = getattr(Asset, field)
            # Numbers written with these leading digits: [low, high) for positives, (low, high] for negatives.
            conditions.append(and_(column > low, column <= high) if negative else and_(column >= low, column < high))
    if "submitted" in args:
        conditions.append(Asset.submitted.is_(args["submitted"]))
    if "audiolength__lte" in args:
        conditions.append(Asset.audio_length <= args["audiolength__lte"])
    if "audiolength__gte" in args:
        conditions.append(Asset.audio_length >= args["audiolength__gte"])
    for field in ("created", "updated"):
        if f"{field}__lte" in args:
            conditions.append(getattr(Asset, field) <= args[f"{field}__lte"])
        if f"{field}__gte" in args:
            conditions.append(getattr(Asset, field) >= args[f"{field}__gte"])
    for field in ("description", "filename"):
        if field in args:
            conditions.append(getattr(Asset, field).icontains(args[field], autoescape=True))
    if "text_filter" in args:
        text = args["text_filter"]
        conditions.append(or_(Asset.description.icontains(text, autoescape=True),
                              Asset.filename.icontains(text, autoescape=True)))
    if "user_str" in args:
        text = args["user_str"]
        conditions.append(Asset.user_id.in_(select(User.id).where(or_(
            *(getattr(User, f).icontains(text, autoescape=True)
              for f in ("first_name", "last_name", "email", "username"))))))
    return conditions


def ordering(keys: list[str] | None) -> list:
    """ORDER BY clauses for `?ordering=` (id by default, id as the final tie-breaker)."""
    clauses = [ORDER_COLUMNS[k.lstrip("-")].desc() if k.startswith("-") else ORDER_COLUMNS[k] for k in keys or ()]
    return clauses + [Asset.id]


def query(viewer: Principal, args: dict):
    """The SELECT of asset ids matching the filters that `viewer` may see."""
    return select(Asset.id).where(visible_to(viewer), *filter_conditions(args))


def ids_query(ids: list[int]):
    """An id query for a given list of ids."""
    return select(Asset.id).where(Asset.id.in_(ids))


def count(id_query) -> int:
    """How many assets an id query matches."""
    return db.session.scalar(select(func.count()).select_from(id_query.subquery()))


def random_ids(id_query, limit: int) -> list[int]:
    """Up to `limit` distinct ids drawn uniformly at random, returned in id order (as Roundware does)."""
    ids = db.session.scalars(id_query).all()
    return sorted(random.sample(ids, min(limit, len(ids))))


_ASSET_COLUMNS = (Asset.id, Asset.description, Asset.latitude, Asset.longitude, Asset.shape, Asset.filename,
                  Asset.file, Asset.volume, Asset.submitted, Asset.created, Asset.updated, Asset.weight,
                  Asset.start_time, Asset.end_time, Asset.user_id, Asset.mediatype, Asset.audio_length,
                  Asset.session_id, Asset.project_id, Asset.language_id, Asset.processing_state)


def _grouped(rows) -> dict:
    grouped: dict = {}
    for owner, value in rows:
        if owner in grouped:
            grouped[owner].append(value)
        else:
            grouped[owner] = [value]
    return grouped


def _links(conn, table, owner: str, other: str, ids) -> dict:
    """{asset id: [related ids]} from an association table, in related-id order."""
    return _grouped(conn.execute(select(table.c[owner], table.c[other]).where(table.c[owner].in_(ids))
                                 .order_by(table.c[other])))


def represent(id_query, viewer: Principal, order: list | None = None, admin: bool = False,
              limit: int | None = None, offset: int | None = None) -> list[dict]:
    """Assets selected by an id query, rendered as Roundware does, with a fixed number of queries.

    Lists run to tens of thousands of assets, so rows are read through Core and unpacked by
    position; datetimes are left to the JSON encoder.
    """
    conn = db.session.connection()
    stmt = select(*_ASSET_COLUMNS).where(Asset.id.in_(id_query)).order_by(*(order or [Asset.id]))
    if limit is not None:
        stmt = stmt.limit(limit).offset(offset or 0)
    rows = conn.execute(stmt).all()
    if not rows:
        return []
    # Related rows of a page come by its ids; of a whole list, by the same filter (no huge IN lists).
    ids = [r[0] for r in rows] if limit is not None else id_query
    tags = _links(conn, asset_tag, "asset_id", "tag_id", ids)
    envelopes = _links(conn, envelope_asset, "asset_id", "envelope_id", ids)
    descriptions = _links(conn, _loc_description, "asset_id", "localized_string_id", ids)
    alt_texts = _links(conn, _loc_alt_text, "asset_id", "localized_string_id", ids)
    user_ids = {r[14] for r in rows if r[14] is not None}
    users = {u[0]: _user_info(u, viewer) for u in conn.execute(
        select(*(getattr(User, f) for f in USER_FIELDS)).where(User.id.in_(user_ids)))} if user_ids else {}
    strings = _strings_by_id(descriptions, alt_texts) if admin else {}
    prefix = current_app.config["MEDIA_URL"]
    empty: list = []

    result = []
    for (asset_id, description, latitude, longitude, shape, filename, file, volume, submitted, created, updated,
         weight, start_time, end_time, user_id, mediatype, audio_length, session_id, project_id, language_id,
         processing_state) in rows:
        playable = filename if processing_state == "ready" and filename else None
        served = playable or file
        item = {
            "id": asset_id, "description": description, "latitude": latitude, "longitude": longitude,
            "shape": mapping(shape) if shape is not None else None, "filename": playable,
            "file": prefix + served if served else None, "volume": volume, "submitted": submitted,
            "created": created, "updated": updated, "weight": weight, "start_time": start_time,
            "end_time": end_time, "user": users.get(user_id),
        }
        if admin:
            item["loc_description_admin"] = [strings[i] for i in descriptions.get(asset_id, empty)]
            item["loc_alt_text_admin"] = [strings[i] for i in alt_texts.get(asset_id, empty)]
        item["media_type"] = mediatype
        item["audio_length_in_seconds"] = None if audio_length is None else round(audio_length, 2)
        item["tag_ids"] = tags.get(asset_id, empty)
        item["session_id"] = session_id
        item["project_id"] = project_id
        item["language_id"] = language_id
        item["envelope_ids"] = envelopes.get(asset_id, empty)
        item["description_loc_ids"] = descriptions.get(asset_id, empty)
        item["alt_text_loc_ids"] = alt_texts.get(asset_id, empty)
        result.append(item)
    return result


def _user_info(row, viewer: Principal) -> dict:
    info = dict(zip(USER_FIELDS, row))
    if not viewer.is_staff and info["id"] != viewer.id:
        # Other participants' contact details and device identity are private.
        info.update(first_name="", last_name="", email="", device_id=None, client_type=None)
    return info


def _strings_by_id(*groups: dict) -> dict:
    ids = {i for group in groups for values in group.values() for i in values}
    if not ids:
        return {}
    strings = db.session.scalars(select(LocalizedString).where(LocalizedString.id.in_(ids))).all()
    return {s.id: entry for s, entry in zip(strings, as_admin(strings))}


def visible_or_404(asset_id: int, viewer: Principal) -> None:
    """404 unless the asset exists and the viewer may see it."""
    if db.session.execute(select(Asset.id).where(Asset.id == asset_id, visible_to(viewer))).first() is None:
        fail(404, "Not found.")

