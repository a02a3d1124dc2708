"""Finding assets: the Roundware filters and ordering, over the assets the caller may see."""
import random

from sqlalchemy import and_, distinct, exists, func, or_, select

from rwflask import access
from rwflask.errors import NotFound, not_exists
from rwflask.extensions import db
from rwflask.models import Asset, Language, User
from rwflask.models.asset import asset_tag, envelope_asset
from rwflask.principal import Principal

# The fields of the representation a client may sort by (the admin app sorts by its column headers).
ORDER_COLUMNS = {"id": Asset.id, "session_id": Asset.session_id, "audiolength": Asset.audio_length,
                 "audio_length_in_seconds": Asset.audio_length, "weight": Asset.weight, "volume": Asset.volume,
                 "created": Asset.created, "updated": Asset.updated, "submitted": Asset.submitted,
                 "latitude": Asset.latitude, "longitude": Asset.longitude, "description": Asset.description,
                 "media_type": Asset.mediatype, "project_id": Asset.project_id, "language_id": Asset.language_id,
                 "user_id": Asset.user_id, "filename": Asset.filename, "start_time": Asset.start_time,
                 "end_time": Asset.end_time}

def has_all(asset_column, id_column, ids):
    """The asset is linked (through the table of `asset_column` and `id_column`) to every id of `ids`."""
    # One condition for the whole list: one EXISTS per id nests as deep as the list is long, and SQLite refuses
    # expressions deeper than 1,000 (a 503 for a list the API accepts).
    wanted = set(ids)
    linked = select(asset_column).where(id_column.in_(wanted)).group_by(asset_column).having(
        func.count(distinct(id_column)) == len(wanted))
    return Asset.id.in_(linked)


def filter_conditions(args: dict, viewer: Principal) -> list:
    """SQL conditions for Roundware's asset filters, as `viewer` may use them."""
    conditions = []
    for field in ("session_id", "project_id"):
        if field in args:
            conditions.append(getattr(Asset, field) == args[field])
    if args.get("tag_ids"):
        conditions.append(has_all(asset_tag.c.asset_id, asset_tag.c.tag_id, args["tag_ids"]))
    any_tags = list(args.get("tag_ids_or") or ()) + list(args.get("tags") or ())
    if any_tags:
        conditions.append(exists().where(asset_tag.c.asset_id == Asset.id, asset_tag.c.tag_id.in_(any_tags)))
    if args.get("envelope_ids"):
        conditions.append(has_all(envelope_asset.c.asset_id, envelope_asset.c.envelope_id, args["envelope_ids"]))
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
        conditions.append(Asset.user_id.in_(_users_matching(args["user_str"], viewer)))
    return conditions


def _users_matching(text: str, viewer: Principal):
    """Ids of users whose username, or the private fields the viewer may see (names, e-mail), contain `text`."""
    private = or_(*(getattr(User, f).icontains(text, autoescape=True) for f in ("first_name", "last_name", "email")))
    return select(User.id).where(or_(User.username.icontains(text, autoescape=True),
                                     and_(access.private_fields_visible(viewer), private)))


def ordering(keys: list[str] | None) -> list:
    """ORDER BY clauses for `?ordering=` (id by default, id as the final tie-breaker)."""
    clauses = [ORDER_COLUMNS[k.lstrip("-")].desc() if k.startswith("-") else ORDER_COLUMNS[k] for k in keys or ()]
    return clauses + [Asset.id]


def query(viewer: Principal, args: dict):
    """The SELECT of asset ids matching the filters that `viewer` may see."""
    return select(Asset.id).where(access.visible_assets(viewer), *filter_conditions(args, viewer))


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


def visible_or_404(asset_id: int, viewer: Principal) -> None:
    """404 unless the asset exists and the viewer may see it."""
    if db.session.execute(select(Asset.id).where(Asset.id == asset_id, access.visible_assets(viewer))).first() is None:
        raise NotFound()


def visible_reference(asset_id: int, viewer: Principal, field: str = "asset_id") -> None:
    """400 naming `field` unless the asset exists and the viewer may see it (a hidden one reads as unknown)."""
    if db.session.execute(select(Asset.id).where(Asset.id == asset_id, access.visible_assets(viewer))).first() is None:
        raise not_exists(field, asset_id)

