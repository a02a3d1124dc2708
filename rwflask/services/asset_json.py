"""An asset as the API renders it, in one place: lists, pages, random picks and single assets.

Asset lists run to tens of thousands of items; rendering each one (tags, envelopes, localized
string ids, URL) dominates the request. A rendered asset is kept per process as two JSON
fragments around its `user` (which depends on who is asking), valid while its `updated` time
and the configuration generation (tags, strings) are the same: every write path bumps one of
them. `?admin` answers (every translation) are rendered afresh.
"""
import orjson
from flask import current_app
from shapely.geometry import mapping
from sqlalchemy import String, bindparam, cast, select

from rwflask import access
from rwflask.errors import NotFound
from rwflask.extensions import db
from rwflask.models import Asset, LocalizedString, User
from rwflask.models.asset import asset_tag, envelope_asset
from rwflask.principal import Principal
from rwflask.services import assets, generations, media
from rwflask.services.localization import as_admin

MAX_ENTRIES = 300_000
USER_FIELDS = ("id", "username", "first_name", "last_name", "email", "device_id", "client_type")
_loc_description = Asset.loc_description.property.secondary
_loc_alt_text = Asset.loc_alt_text.property.secondary
_entries: dict = {}  # asset id -> (updated text, config generation, head bytes, tail bytes)


def _users(conn, user_ids: set, viewer: Principal) -> dict:
    """{user id: the uploader as the viewer may see them}."""
    user_ids = user_ids - {None}
    if not user_ids:
        return {}
    users = {}
    for row in conn.execute(select(*(getattr(User, f) for f in USER_FIELDS)).where(User.id.in_(user_ids))):
        info = dict(zip(USER_FIELDS, row))
        if not access.sees_private_fields_of(viewer, info["id"]):
            info.update(first_name="", last_name="", email="", device_id=None, client_type=None)
        users[info["id"]] = info
    return users


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


def _represent(id_query, viewer: Principal, order: list | None = None, admin: bool = False,
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
    users = _users(conn, {r[14] for r in rows}, viewer)
    strings = _strings_by_id(descriptions, alt_texts) if admin else {}
    prefix = media.media_base(current_app.config)
    empty: list = []

    result = []
    for (asset_id, description, latitude, longitude, shape, filename, file, volume, submitted, created, updated,
         weight, start_time, end_time, user_id, mediatype, audio_length, session_id, project_id, language_id,
         processing_state) in rows:
        served = filename if processing_state == "ready" and filename else file
        item = {
            "id": asset_id, "description": description, "latitude": latitude, "longitude": longitude,
            "shape": mapping(shape) if shape is not None else None, "filename": filename,
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


def _strings_by_id(*groups: dict) -> dict:
    ids = {i for group in groups for values in group.values() for i in values}
    if not ids:
        return {}
    strings = db.session.scalars(select(LocalizedString).where(LocalizedString.id.in_(ids))).all()
    return {s.id: entry for s, entry in zip(strings, as_admin(strings))}


def _fragments(item: dict) -> tuple[bytes, bytes]:
    keys = list(item)
    split = keys.index("user")
    head = orjson.dumps({k: item[k] for k in keys[:split]})[:-1]
    tail = orjson.dumps({k: item[k] for k in keys[split + 1:]})[1:]
    return head, tail


def _cached(rows, viewer: Principal) -> bytes:
    """The JSON array of assets given as (id, updated text, user id) rows, rendering those not cached."""
    # The media base is part of the key: a renamed PUBLIC_URL must not serve cached URLs.
    generation = (generations.current(db.session, generations.CONFIG), media.media_base(current_app.config))
    stale = [asset_id for asset_id, updated, _ in rows
             if (entry := _entries.get(asset_id)) is None or entry[0] != updated or entry[1] != generation]
    if stale:
        if len(_entries) + len(stale) > MAX_ENTRIES:
            _entries.clear()
        current = {asset_id: updated for asset_id, updated, _ in rows}
        for item in _represent(assets.ids_query(stale), viewer):
            _entries[item["id"]] = (current[item["id"]], generation, *_fragments(item))
    users = {user_id: orjson.dumps(info)
             for user_id, info in _users(db.session.connection(), {r[2] for r in rows}, viewer).items()}
    parts = []
    for asset_id, _, user_id in rows:
        _, _, head, tail = _entries[asset_id]
        parts.append(head + b',"user":' + users.get(user_id, b"null") + b"," + tail)
    return b"[" + b",".join(parts) + b"]"


def render(id_query, viewer: Principal, order: list, admin: bool = False, limit: int | None = None,
           offset: int | None = None) -> bytes:
    """The JSON array of the assets an id query selects, in `order` (a page with `limit`)."""
    if admin:
        return orjson.dumps(_represent(id_query, viewer, order, admin=True, limit=limit, offset=offset))
    stmt = select(Asset.id, cast(Asset.updated, String), Asset.user_id).where(Asset.id.in_(id_query)).order_by(*order)
    if limit is not None:
        stmt = stmt.limit(limit).offset(offset or 0)
    return _cached(db.session.connection().execute(stmt).all(), viewer)


_ONE = select(Asset.id, cast(Asset.updated, String), Asset.user_id, Asset.submitted).where(
    Asset.id == bindparam("asset_id"))


def render_one(asset_id: int, viewer: Principal, admin: bool = False) -> bytes:
    """One asset's JSON; 404 when it is missing or the viewer may not see it."""
    row = db.session.execute(_ONE, {"asset_id": asset_id}).first()
    if row is None or not access.may_see_asset(viewer, row.submitted, row.user_id):
        raise NotFound()
    if admin:
        return orjson.dumps(_represent(assets.ids_query([asset_id]), viewer, admin=True)[0])
    return _cached([(row[0], row[1], row[2])], viewer)[1:-1]


def page(id_query, viewer: Principal, order: list, page_number: int, page_size: int,
         admin: bool = False) -> tuple[bytes, int]:
    """One page of an asset list and how many assets the whole list has; 404 past the last page."""
    total = assets.count(id_query)
    if page_number > 1 and (page_number - 1) * page_size >= total:
        raise NotFound("Invalid page.")
    return render(id_query, viewer, order, admin, limit=page_size, offset=(page_number - 1) * page_size), total


def clear() -> None:
    """Forget every rendered asset (tests)."""
    _entries.clear()


def listing(viewer: Principal, args: dict, admin: bool, page_number: int | None = None,
            page_size: int | None = None) -> tuple[bytes, int | None]:
    """Assets by Roundware's filters and ordering: the whole list (and None), or one page (and the
    length of the whole list)."""
    ids = assets.query(viewer, args)
    order = assets.ordering(args.get("ordering"))
    if page_number is None:
        return render(ids, viewer, order, admin), None
    return page(ids, viewer, order, page_number, page_size, admin)


def random_picks(viewer: Principal, args: dict, limit: int, admin: bool) -> bytes:
    """`limit` assets drawn at random among those matching the filters, in id order."""
    picked = assets.random_ids(assets.query(viewer, args), limit)
    return render(assets.ids_query(picked), viewer, [Asset.id], admin)
