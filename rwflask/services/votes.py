"""Votes on assets: likes, flags, ratings and blocks, with per-asset subtotals."""
from sqlalchemy import bindparam, func, select, union

from rwflask.errors import fail
from rwflask.extensions import db
from rwflask.models import Asset, Session, Vote
from rwflask.services import events
from rwflask.services.assets import visible_or_404
from rwflask.services.tokens import Principal

VOTE_FIELDS = ("id", "value", "type", "voter_id", "asset_id", "session_id")


def subtotals(asset_id: int) -> list[dict]:
    """Per-type counts of an asset's votes (ascending by count); `rate` also gets its average."""
    rows = db.session.execute(
        select(Vote.type, func.count(Vote.id), func.avg(Vote.value)).where(Vote.asset_id == asset_id)
        .group_by(Vote.type).order_by(func.count(Vote.id), Vote.type)).all()
    return [_subtotal(vote_type, total, average) for vote_type, total, average in rows]


def _subtotal(vote_type: str, total: int, average) -> dict:
    entry = {"type": vote_type, "total": total}
    if vote_type == "rate":
        entry["avg"] = None if average is None else float(average)
    return entry


def represent(vote: Vote) -> dict:
    """A vote with its asset's subtotals."""
    return {**{f: getattr(vote, f) for f in VOTE_FIELDS}, "asset_votes": subtotals(vote.asset_id)}


def _owned_session(session_id: int, caller: Principal) -> Session:
    session = db.session.get(Session, session_id)
    if session is None:
        fail(400, "session_id: Session not found")
    if not caller.is_staff and session.user_id != caller.id:
        fail(403, "You do not have permission to perform this action.")
    return session


def vote_on_asset(asset_id: int, caller: Principal, session_id: int, vote_type: str, value: int | None) -> dict:
    """Roundware's toggle: a repeated vote without a value is withdrawn, with a value it is updated."""
    visible_or_404(asset_id, caller)
    session = _owned_session(session_id, caller)
    vote = db.session.scalar(select(Vote).where(Vote.session_id == session.id, Vote.asset_id == asset_id,
                                                Vote.type == vote_type))
    if vote is not None and value is None:
        db.session.delete(vote)
        events.log(session.id, "vote_asset", data={"asset_id": asset_id, "vote_type": vote_type, "withdrawn": True})
        db.session.commit()
        return {"id": None, "value": None, "type": vote_type, "voter_id": session.user_id, "asset_id": asset_id,
                "session_id": session.id, "asset_votes": subtotals(asset_id)}
    if vote is None:
        vote = Vote(session_id=session.id, asset_id=asset_id, type=vote_type, voter_id=session.user_id)
        db.session.add(vote)
    vote.value = value
    events.log(session.id, "vote_asset", data={"asset_id": asset_id, "vote_type": vote_type, "value": value})
    db.session.commit()
    return represent(vote)


def create(caller: Principal, data: dict) -> dict:
    """`POST votes/`: a plain new vote in one of the caller's sessions."""
    session = _owned_session(data["session_id"], caller)
    if db.session.get(Asset, data["asset_id"]) is None:
        fail(400, f'asset_id: Invalid pk "{data["asset_id"]}" - object does not exist.')
    voter_id = data.get("voter_id") if caller.is_staff and data.get("voter_id") else session.user_id
    vote = Vote(session_id=session.id, asset_id=data["asset_id"], type=data["type"], value=data.get("value"),
                voter_id=voter_id)
    db.session.add(vote)
    db.session.commit()
    return represent(vote)


def vote_for(vote_id: int, caller: Principal) -> Vote:
    """A vote the caller may see and change: their own, or any for staff."""
    vote = db.session.get(Vote, vote_id)
    if vote is None or not (caller.is_staff or vote.voter_id == caller.id
                            or db.session.get(Session, vote.session_id).user_id == caller.id):
        fail(404, "Not found.")
    return vote


def update(vote: Vote, data: dict, caller: Principal) -> dict:
    """Change a vote's type or value (or move it to another of the caller's sessions or assets)."""
    if "session_id" in data:
        _owned_session(data["session_id"], caller)
    if "asset_id" in data and db.session.get(Asset, data["asset_id"]) is None:
        fail(400, f'asset_id: Invalid pk "{data["asset_id"]}" - object does not exist.')
    for field in ("type", "value", "session_id", "asset_id"):
        if field in data:
            setattr(vote, field, data[field])
    db.session.commit()
    return represent(vote)


def visible_votes(caller: Principal, args: dict):
    """The `GET votes/` query: staff see all votes, others those of their sessions."""
    stmt = select(Vote).order_by(Vote.id)
    if not caller.is_staff:
        stmt = stmt.where(Vote.session_id.in_(select(Session.id).where(Session.user_id == caller.id)))
    for field in ("voter_id", "session_id", "asset_id", "type", "value"):
        if field in args:
            stmt = stmt.where(getattr(Vote, field) == args[field])
    if "project_id" in args:
        stmt = stmt.where(Vote.session_id.in_(select(Session.id).where(Session.project_id == args["project_id"])))
    if "media_type" in args:
        stmt = stmt.where(Vote.asset_id.in_(select(Asset.id).where(Asset.mediatype == args["media_type"])))
    return stmt


def summary(caller: Principal, args: dict) -> list[dict]:
    """`votes/summary/`: per asset among the matching votes: subtotals, a rating or a count."""
    votes = visible_votes(caller, {k: v for k, v in args.items() if k != "type"}).subquery()
    vote_type = args.get("type")
    stmt = select(votes.c.asset_id, votes.c.type, func.count(), func.avg(votes.c.value))
    if vote_type:
        stmt = stmt.where(votes.c.type == vote_type)
    rows = db.session.execute(stmt.group_by(votes.c.asset_id, votes.c.type)
                              .order_by(votes.c.asset_id, func.count(), votes.c.type)).all()
    by_asset: dict = {}
    for asset_id, kind, total, average in rows:
        by_asset.setdefault(asset_id, []).append(_subtotal(kind, total, average))
    if vote_type == "rate":
        return [{"asset_id": a, "asset_votes": {"average": s[0].get("avg"), "count": s[0]["total"]}}
                for a, s in by_asset.items()]
    if vote_type:
        return [{"asset_id": a, "asset_votes": s[0]["total"]} for a, s in by_asset.items()]
    return [{"asset_id": a, "asset_votes": s} for a, s in by_asset.items()]


def blocked_assets(caller: Principal, session_id: int) -> dict:
    """Assets the session's user blocked, directly or by blocking their creators (Roundware's rule)."""
    session = db.session.get(Session, session_id)
    if session is None:
        fail(404, "Not found.")
    if not caller.is_staff and session.user_id != caller.id:
        fail(404, "Not found.")
    blocked = set()
    if session.user_id is not None:
        blocked = blocked_asset_ids(session.user_id)
    return {"device_id": session.device_id, "blocked_asset_ids": sorted(blocked)}


def _blocked_query():
    my_sessions = select(Session.id).where(Session.user_id == bindparam("user_id"))
    direct = select(Vote.asset_id).where(Vote.session_id.in_(my_sessions), Vote.type == "block_asset")
    blocked_users = select(Asset.user_id).join(Vote, Vote.asset_id == Asset.id).where(
        Vote.session_id.in_(my_sessions), Vote.type == "block_user", Asset.user_id.is_not(None))
    return union(direct, select(Asset.id).where(Asset.user_id.in_(blocked_users)))


_BLOCKED = _blocked_query()


def blocked_asset_ids(user_id: int) -> set[int]:
    """Asset ids a user does not want to hear: `block_asset` votes plus every asset by `block_user`ed users."""
    return set(db.session.scalars(_BLOCKED, {"user_id": user_id}))
