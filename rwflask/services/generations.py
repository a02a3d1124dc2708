"""Cache invalidation across processes: a counter per kind of data, bumped inside the writing transaction.

Any process compares the counter it cached with against the current one (one indexed read) and
rebuilds when they differ, so gunicorn workers and Celery workers never serve stale configuration.
"""
import secrets

from sqlalchemy import bindparam, event, insert, select, update
from sqlalchemy.orm import Session as OrmSession

from rwflask.extensions import db
from rwflask.models import (Audiotrack, Language, LocalizedString, Project, ProjectGroup, Speaker, Tag, TagCategory,
                            TagRelationship, TimedAsset, UIGroup, UIItem)
from rwflask.models.generation import Generation

CONFIG = "config"
CONFIG_MODELS = (Audiotrack, Language, LocalizedString, Project, ProjectGroup, Speaker, Tag, TagCategory,
                 TagRelationship, TimedAsset, UIGroup, UIItem)

_CURRENT = select(Generation.value).where(Generation.name == bindparam("name"))


def current(name: str) -> int:
    """The counter's value (0 before its first change)."""
    return db.session.scalar(_CURRENT, {"name": name}) or 0


def bump(session: OrmSession, name: str) -> None:
    """Increment a counter within the session's transaction."""
    result = session.execute(update(Generation).where(Generation.name == name).values(value=Generation.value + 1))
    if result.rowcount == 0:
        # A random start, so a database that is emptied and refilled never repeats an old value.
        session.execute(insert(Generation).values(name=name, value=secrets.randbelow(2 ** 30)))


def _touches(session: OrmSession, models: tuple) -> bool:
    return any(isinstance(obj, models) for obj in (*session.new, *session.dirty, *session.deleted))


def _bump_on_config_change(session: OrmSession, flush_context, instances) -> None:
    if _touches(session, CONFIG_MODELS):
        bump(session, CONFIG)


def install() -> None:
    """Bump the configuration counter whenever a flush writes configuration rows (once per process)."""
    if not event.contains(OrmSession, "before_flush", _bump_on_config_change):
        event.listen(OrmSession, "before_flush", _bump_on_config_change)
