"""Rendered assets, kept per process and reused while the asset row and the configuration are unchanged.

Asset lists run to tens of thousands of items; rendering each one (tags, envelopes, localized
string ids, URL) dominates the request. A rendered asset is kept as two JSON fragments around
its `user` (which depends on who is asking) and is valid while its `updated` time and the
configuration generation (tags, strings) are the same: every write path bumps one of them.
"""
import orjson
from sqlalchemy import String, bindparam, cast, select

from rwflask.extensions import db
from rwflask.models import Asset, User
from rwflask.services import generations
from rwflask.services.tokens import Principal

MAX_ENTRIES = 300_000
USER_FIELDS = ("id", "username", "first_name", "last_name", "email", "device_id", "client_type")
_entries: dict = {}  # asset id -> (updated text, config generation, head bytes, tail bytes)


def _fragments(item: dict) -> tuple[bytes, bytes]:
    keys = list(item)
    split = keys.index("user")
    head = orjson.dumps({k: item[k] for k in keys[:split]})[:-1]
    tail = orjson.dumps({k: item[k] for k in keys[split + 1:]})[1:]
    return head, tail


def _user_json(rows, viewer: Principal) -> dict:
    users = {}
    for row in rows:
        info = dict(zip(USER_FIELDS, row))
        if not viewer.is_staff and info["id"] != viewer.id:
            # Other participants' contact details and device identity are private.
            info.update(first_name="", last_name="", email="", device_id=None, client_type=None)
        users[info["id"]] = orjson.dumps(info)
    return users


def render(id_query, viewer: Principal, order: list, render_items, limit: int | None = None,
           offset: int | None = None) -> bytes:
    """The JSON array of the assets an id query selects, rendering only those not cached.

    `render_items(ids)` renders assets the slow way (a list of dicts in any order).
    """
    generation = generations.current(generations.CONFIG)
    stmt = select(Asset.id, cast(Asset.updated, String), Asset.user_id).where(Asset.id.in_(id_query)).order_by(*order)
    if limit is not None:
        stmt = stmt.limit(limit).offset(offset or 0)
    conn = db.session.connection()
    rows = conn.execute(stmt).all()
    stale = [asset_id for asset_id, updated, _ in rows
             if (entry := _entries.get(asset_id)) is None or entry[0] != updated or entry[1] != generation]
    if stale:
        if len(_entries) + len(stale) > MAX_ENTRIES:
            _entries.clear()
        current = dict((asset_id, updated) for asset_id, updated, _ in rows)
        for item in render_items(stale):
            _entries[item["id"]] = (current[item["id"]], generation, *_fragments(item))
    user_ids = {user_id for _, _, user_id in rows if user_id is not None}
    users = _user_json(conn.execute(select(*(getattr(User, f) for f in USER_FIELDS)).where(User.id.in_(user_ids))),
                       viewer) if user_ids else {}
    parts = []
    for asset_id, _, user_id in rows:
        _, _, head, tail = _entries[asset_id]
        parts.append(head + b',"user":' + users.get(user_id, b"null") + b"," + tail)
    return b"[" + b",".join(parts) + b"]"


_ONE = select(Asset.id, cast(Asset.updated, String), Asset.user_id, Asset.submitted).where(
    Asset.id == bindparam("asset_id"))
_USER = select(*(getattr(User, f) for f in USER_FIELDS)).where(User.id == bindparam("user_id"))


def render_one(asset_id: int, viewer: Principal, render_items) -> bytes | None:
    """One asset's JSON (None when missing or not visible to the viewer), from prebuilt statements."""
    row = db.session.execute(_ONE, {"asset_id": asset_id}).first()
    if row is None or not (row.submitted or viewer.is_staff or row.user_id == viewer.id):
        return None
    entry = _entries.get(asset_id)
    generation = generations.current(generations.CONFIG)
    if entry is None or entry[0] != row[1] or entry[1] != generation:
        (item,) = render_items([asset_id])
        entry = _entries[asset_id] = (row[1], generation, *_fragments(item))
    user = b"null"
    if row.user_id is not None:
        user = _user_json(db.session.execute(_USER, {"user_id": row.user_id}), viewer)[row.user_id]
    return entry[2] + b',"user":' + user + b"," + entry[3]


def clear() -> None:
    """Forget every rendered asset (tests)."""
    _entries.clear()
