"""Cache invalidation across processes: a counter per kind of data, bumped inside the writing transaction.

Any process compares the counter it cached with against the current one (one indexed read) and
rebuilds when they differ, so gunicorn workers and Celery workers never serve stale configuration.
"""
import secrets
from collections.abc import Callable

from sqlalchemy import bindparam, event, insert, inspect, or_, select, update
from sqlalchemy.orm import Session as OrmSession

from rwflask.models import (Asset, Audiotrack, Language, LocalizedString, Project, ProjectGroup, Speaker, Tag,
                            TagCategory, TagRelationship, TimedAsset, UIGroup, UIItem, Vote)
from rwflask.models.generation import Generation

CONFIG = "config"
CONFIG_MODELS = (Audiotrack, Language, LocalizedString, Project, ProjectGroup, Speaker, Tag, TagCategory,
                 TagRelationship, TimedAsset, UIGroup, UIItem)

_CURRENT = select(Generation.value).where(Generation.name == bindparam("name"))


def current(session: OrmSession, name: str) -> int:
    """The counter's value (0 before its first change)."""
    return session.scalar(_CURRENT, {"name": name}) or 0


_CURRENT_PAIR = select(Generation.name, Generation.value).where(
    or_(Generation.name == bindparam("first"), Generation.name == bindparam("second")))


def current_pair(session: OrmSession, first: str, second: str) -> tuple[int, int]:
    """Two counters in one read."""
    values = dict(session.execute(_CURRENT_PAIR, {"first": first, "second": second}).all())
    return values.get(first, 0), values.get(second, 0)


def bump(session: OrmSession, name: str) -> None:
    """Increment a counter within the session's transaction."""
    result = session.execute(update(Generation).where(Generation.name == name).values(value=Generation.value + 1))
    if result.rowcount == 0:
        # A random start, so a database that is emptied and refilled never repeats an old value.
        session.execute(insert(Generation).values(name=name, value=secrets.randbelow(2 ** 30)))


def assets_key(project_id: int) -> str:
    """The counter of one project's assets (and the votes on them)."""
    return f"assets:{project_id}"


def _asset_projects(session: OrmSession) -> set[int]:
    projects = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Asset):
            history = inspect(obj).attrs.project_id.history
            projects.update(p for p in (*history.added, *history.deleted, *history.unchanged, obj.project_id) if p)
        elif isinstance(obj, Vote) and obj.asset_id is not None:
            with session.no_autoflush:
                project_id = session.scalar(select(Asset.project_id).where(Asset.id == obj.asset_id))
            if project_id:
                projects.add(project_id)
    return projects


def _touches(session: OrmSession, models: tuple) -> bool:
    return any(isinstance(obj, models) for obj in (*session.new, *session.dirty, *session.deleted))


def _config_projects(session: OrmSession) -> set:
    """Projects whose configuration the flush changes; None stands for "any" (a row of no one project)."""
    projects = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if not isinstance(obj, CONFIG_MODELS):
            continue
        if isinstance(obj, Project):
            projects.add(obj.id)
        elif isinstance(obj, UIItem):
            with session.no_autoflush:
                projects.add(session.scalar(select(UIGroup.project_id).where(UIGroup.id == obj.ui_group_id)))
        else:
            projects.add(getattr(obj, "project_id", None))
    return projects


CHANGED = "rw_changed_projects"
_followers: list[Callable[[set], None]] = []


def _bump_on_change(session: OrmSession, flush_context, instances) -> None:
    changed = session.info.setdefault(CHANGED, set())
    if _touches(session, CONFIG_MODELS):
        bump(session, CONFIG)
        changed |= _config_projects(session)
    for project_id in sorted(_asset_projects(session)):
        bump(session, assets_key(project_id))
        changed.add(project_id)


def _tell_followers(session: OrmSession) -> None:
    changed = session.info.pop(CHANGED, None)
    if changed:
        for follower in _followers:
            follower(changed)


def _forget_changes(session: OrmSession, previous_transaction) -> None:
    if previous_transaction.parent is None:  # the whole transaction, not a savepoint
        session.info.pop(CHANGED, None)


def follow(follower: Callable[[set], None]) -> None:
    """Call `follower(project ids)` after each commit that changed projects' data (None: any project).

    It runs after the commit, where the session may not emit SQL: a follower only queues work."""
    if follower not in _followers:
        _followers.append(follower)


def install() -> None:
    """Bump the counters whenever a flush writes configuration rows or assets, and tell the followers
    after the commit (once per process)."""
    if not event.contains(OrmSession, "before_flush", _bump_on_change):
        event.listen(OrmSession, "before_flush", _bump_on_change)
        event.listen(OrmSession, "after_commit", _tell_followers)
        event.listen(OrmSession, "after_soft_rollback", _forget_changes)
