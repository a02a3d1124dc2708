"""A listener's state as the engine sees it: start, move, rebuild the playlist, record a play.

The state is a `ListenerState` row; every function here works on it and on the SQLAlchemy
session it is given (no Flask), and none of them commits: the caller owns the transaction.
"""
import random
from datetime import timezone

from sqlalchemy import bindparam, select, union
from sqlalchemy.orm import Session as DbSession

from rwflask.models import Asset, ListenerState, Session, Vote
from rwflask.models.base import utcnow
from rwflask.models.listener import StoredPlaylist
from rwflask.playlist import engine, index

LISTENER_PARAMS = ("listener_range_min", "listener_range_max", "listen_heading", "listen_width")


def start(state: ListenerState, latitude: float | None, longitude: float | None,
          tag_ids: list[int] | None) -> ListenerState:
    """Begin (or begin again) listening: a fresh stream clock, the given place and tags, no bans."""
    state.latitude, state.longitude = latitude, longitude
    state.tag_ids = list(tag_ids or [])
    for param in LISTENER_PARAMS:
        setattr(state, param, None)
    state.started_at = utcnow()
    state.played_at, state.proximity_banned = {}, []
    state.version = (state.version or 0) + 1
    return state


def move(state: ListenerState, changes: dict) -> ListenerState:
    """Apply a listener's move or tag change.

    Range and heading are per request, as Roundware defines them: a move that does not repeat
    them goes back to the project's own listening mode. A tag change without a location keeps
    the last known location (Roundware computed around 0, 0 then).
    """
    if "tag_ids" in changes:
        state.tag_ids = list(changes["tag_ids"])
    if "latitude" in changes and "longitude" in changes:
        state.latitude, state.longitude = changes["latitude"], changes["longitude"]
        for param in LISTENER_PARAMS:
            setattr(state, param, changes.get(param))
    else:
        for param in LISTENER_PARAMS:
            if param in changes:
                setattr(state, param, changes[param])
    state.version += 1
    return state


def _blocked_query():
    my_sessions = select(Session.id).where(Session.user_id == bindparam("user_id"))
    direct = select(Vote.asset_id).where(Vote.session_id.in_(my_sessions), Vote.type == "block_asset")
    blocked_users = select(Asset.user_id).join(Vote, Vote.asset_id == Asset.id).where(
        Vote.session_id.in_(my_sessions), Vote.type == "block_user", Asset.user_id.is_not(None))
    return union(direct, select(Asset.id).where(Asset.user_id.in_(blocked_users)))


_BLOCKED = _blocked_query()


def blocked_asset_ids(dbs: DbSession, user_id: int | None) -> set[int]:
    """Asset ids a user does not want to hear: `block_asset` votes plus every asset by `block_user`ed users."""
    if user_id is None:
        return set()
    return set(dbs.scalars(_BLOCKED, {"user_id": user_id}))


def blocked_by_user(dbs: DbSession, user_ids) -> dict[int, set[int]]:
    """`blocked_asset_ids` of several users in two queries: user id -> asset ids."""
    user_ids = {u for u in user_ids if u is not None}
    if not user_ids:
        return {}
    voter = select(Session.user_id, Vote.asset_id, Vote.type).join(Vote, Vote.session_id == Session.id).where(
        Session.user_id.in_(user_ids), Vote.type.in_(("block_asset", "block_user")))
    result: dict[int, set[int]] = {u: set() for u in user_ids}
    blocked_users: dict[int, set[int]] = {}
    for user_id, asset_id, vote_type in dbs.execute(voter):
        if vote_type == "block_asset":
            result[user_id].add(asset_id)
        else:
            blocked_users.setdefault(user_id, set()).add(asset_id)
    voted = {a for assets in blocked_users.values() for a in assets}
    if voted:
        author_of = dict(dbs.execute(select(Asset.id, Asset.user_id).where(Asset.id.in_(voted))).all())
        authors = {author_of.get(a) for a in voted} - {None}
        by_author: dict[int, set[int]] = {}
        for asset_id, author in dbs.execute(select(Asset.id, Asset.user_id).where(Asset.user_id.in_(authors))):
            by_author.setdefault(author, set()).add(asset_id)
        for user_id, assets in blocked_users.items():
            for author in {author_of.get(a) for a in assets} - {None}:
                result[user_id] |= by_author.get(author, set())
    return result


def to_listener(state: ListenerState, session: Session, blocked=frozenset()) -> engine.Listener:
    """The pure engine's view of a stored listener state."""
    return engine.Listener(
        session_id=session.id, language_id=session.language_id, geo_listen_enabled=session.geo_listen_enabled,
        latitude=state.latitude, longitude=state.longitude, tag_ids=tuple(state.tag_ids or ()),
        listener_range_min=state.listener_range_min, listener_range_max=state.listener_range_max,
        listen_heading=state.listen_heading, listen_width=state.listen_width,
        started_at=state.started_at.replace(tzinfo=timezone.utc).timestamp(),
        played_at=dict(state.played_at or {}), proximity_banned=frozenset(state.proximity_banned or ()),
        blocked=frozenset(blocked))


def rebuild(dbs: DbSession, state: ListenerState, session: Session, now: float, ban_seconds: float,
            rng: random.Random | None = None, blocked: set | None = None, data: tuple | None = None) -> engine.Playlist:
    """Build the listener's playlist (once) and store it with the bans it leaves; returns it.
    `blocked` and `data` (`index.project_data`): what the caller read already for many listeners."""
    key, rules, asset_index = data or index.project_data(dbs, session.project_id)
    if blocked is None:
        blocked = blocked_asset_ids(dbs, session.user_id)
    listener = to_listener(state, session, blocked)
    # One shuffle per listener request: rebuilt after plays and project changes, the order holds.
    rng = rng or random.Random(f"{session.id}:{state.version}")
    result = engine.build_playlist(listener, rules, asset_index, now, ban_seconds=ban_seconds, rng=rng)
    state.playlist = StoredPlaylist(asset_ids=result.asset_ids, reasons=[result.reasons[a] for a in result.asset_ids],
                                    excluded=result.excluded, project_key=list(key))
    state.playlist_version = state.version
    state.proximity_banned = sorted(result.proximity_banned)
    return result


def current_playlist(state: ListenerState, project_key=None) -> engine.Playlist | None:
    """The playlist stored with the state, if it was built for the listener's latest request (and,
    given the project's data key, from the project's data as it is now)."""
    stored = state.playlist
    if stored is None or state.playlist_version != state.version:
        return None
    if project_key is not None and stored.project_key != list(project_key):
        return None
    return engine.Playlist(asset_ids=list(stored.asset_ids), reasons=dict(zip(stored.asset_ids, stored.reasons)),
                           excluded=dict(stored.excluded), proximity_banned=frozenset(state.proximity_banned or ()))


def record_play(state: ListenerState, session: Session, asset_id: int, reason: str | None, now: float) -> None:
    """Note that an asset started playing: its time and proximity bans (the engine's rule)."""
    listener = engine.record_play(to_listener(state, session), asset_id, reason, now)
    state.played_at = listener.played_at
    state.proximity_banned = sorted(listener.proximity_banned)


def playlist_view(state: ListenerState) -> dict:
    """The stored playlist as `GET streams/:id/playlist/` shows it."""
    stored = state.playlist or StoredPlaylist()
    return {"stream_id": state.session_id, "asset_ids": list(stored.asset_ids),
            "assets": [{"id": a, "reason": r} for a, r in zip(stored.asset_ids, stored.reasons)],
            "excluded": dict(stored.excluded)}

