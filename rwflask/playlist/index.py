"""A project's playlist rules and asset index, read from the database and cached per process.

The cache is checked against the configuration and the project's asset generations (one read
each), so every worker rebuilds as soon as anything it depends on changes.
"""
import numpy as np
from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session as DbSession

from rwflask.models import Asset, Project, Tag, TimedAsset, UIGroup, UIItem, Vote
from rwflask.models.asset import asset_tag
from rwflask.playlist.engine import AssetIndex, ProjectRules, TimedEntry
from rwflask.services import generations

_cache: dict = {}  # project id -> ((config generation, assets generation), rules, index)
PLAYABLE = and_(Asset.mediatype == "audio", Asset.processing_state == "ready", Asset.filename.is_not(None),
                Asset.audio_length > 0)


def load_rules(dbs: DbSession, project_id: int) -> ProjectRules:
    """The project's settings, listen categories, default listen tags and timed assets."""
    project = dbs.get(Project, project_id)
    listen_groups = select(UIGroup.id).where(UIGroup.project_id == project_id, UIGroup.active.is_(True),
                                             UIGroup.ui_mode == "listen")
    category_ids = dbs.scalars(select(UIGroup.tag_category_id).where(UIGroup.id.in_(listen_groups))).all()
    categories: dict = {category_id: set() for category_id in category_ids}
    for tag_id, category_id in dbs.execute(
            select(Tag.id, Tag.tag_category_id).where(Tag.tag_category_id.in_(category_ids))):
        categories[category_id].add(tag_id)
    default_tags = dbs.scalars(select(UIItem.tag_id).where(
        UIItem.ui_group_id.in_(listen_groups), UIItem.active.is_(True))).all()
    timed = dbs.execute(select(TimedAsset.asset_id, TimedAsset.start, TimedAsset.end)
                               .where(TimedAsset.project_id == project_id).order_by(TimedAsset.id)).all()
    return ProjectRules(
        project_id=project_id, recording_radius=project.recording_radius,
        timed_asset_priority=project.timed_asset_priority, repeat_mode=project.repeat_mode,
        ordering=project.ordering, listen_categories={c: frozenset(t) for c, t in categories.items()},
        default_tags=frozenset(default_tags), timed=tuple(TimedEntry(*row) for row in timed))


def load_index(dbs: DbSession, project_id: int) -> AssetIndex:
    """Every asset of the project as columns (positions, flags, language, weight, likes, tags, shapes)."""
    conn = dbs.connection()
    rows = conn.execute(select(Asset.id, Asset.latitude, Asset.longitude, Asset.submitted, PLAYABLE,
                               Asset.language_id, Asset.weight).where(Asset.project_id == project_id)
                        .order_by(Asset.id)).all()
    columns = list(zip(*rows)) if rows else [[]] * 7
    ids, latitude, longitude, submitted, playable, language, weight = columns
    in_project = select(Asset.id).where(Asset.project_id == project_id)
    likes_by_asset = dict(conn.execute(select(Vote.asset_id, func.count()).where(
        Vote.type == "like", Vote.asset_id.in_(in_project)).group_by(Vote.asset_id)).all())
    tags: dict = {}
    for asset_id, tag_id in conn.execute(select(asset_tag.c.asset_id, asset_tag.c.tag_id)
                                         .where(asset_tag.c.asset_id.in_(in_project))):
        tags.setdefault(asset_id, []).append(tag_id)
    shapes = dict(dbs.execute(select(Asset.id, Asset.shape).where(
        Asset.project_id == project_id, Asset.shape.is_not(None))).all())
    return AssetIndex(
        ids=ids, latitude=[np.nan if v is None else v for v in latitude],
        longitude=[np.nan if v is None else v for v in longitude], submitted=[bool(v) for v in submitted],
        playable=[bool(v) for v in playable], language=language,
        weight=weight, likes=[likes_by_asset.get(i, 0) for i in ids], tags=tags, shapes=shapes)


def data_key(dbs: DbSession, project_id: int) -> tuple[int, int]:
    """What the project's playlists depend on, as two generations (configuration, the project's assets)."""
    return generations.current_pair(dbs, generations.CONFIG, generations.assets_key(project_id))


def project_data(dbs: DbSession, project_id: int) -> tuple[tuple[int, int], ProjectRules, AssetIndex]:
    """The project's data key, rules and asset index, rebuilt only when the project's data changed."""
    key = data_key(dbs, project_id)
    cached = _cache.get(project_id)
    if cached is not None and cached[0] == key:
        return cached
    _cache[project_id] = (key, load_rules(dbs, project_id), load_index(dbs, project_id))
    return _cache[project_id]
