"""Votes on assets: likes, flags, ratings and blocks, with per-asset subtotals."""
from sqlalchemy import func, select

from rwflask import access
from rwflask.errors import Forbidden, Invalid, NotFound
from rwflask.extensions import db
from rwflask.models import Asset, Session, Vote
from rwflask.playlist.listener import blocked_asset_ids
from rwflask.principal import Principal
from rwflask.services import events
from rwflask.services.assets import visible_or_404, visible_reference

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
        raise Invalid("session_id", "Session not found")
    if not access.acts_for(caller, session.user_id):
        raise Forbidden()
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
    visible_reference(data["asset_id"], caller)
    voter_id = data.get("voter_id") if access.may_moderate(caller) and data.get("voter_id") else session.user_id
    vote = Vote(session_id=session.id, asset_id=data["asset_id"], type=data["type"], value=data.get("value"),
                voter_id=voter_id)
    db.session.add(vote)
    db.session.commit()
    return represent(vote)


def vote_for(vote_id: int, caller: Principal) -> Vote:
    """A vote the caller may see and change: their own, or any for staff."""
    vote = db.session.get(Vote, vote_id)
    if vote is None or not (access.acts_for(caller, vote.voter_id)
                            or access.acts_for(caller, db.session.get(Session, vote.session_id).user_id)):
        raise NotFound()
    return vote


def update(vote: Vote, data: dict, caller: Principal) -> dict:
    """Change a vote's type or value (or move it to another of the caller's sessions or assets)."""
    if "session_id" in data:
        _owned_session(data["session_id"], caller)
    if "asset_id" in data:
        visible_reference(data["asset_id"], caller)
    for field in ("type", "value", "session_id", "asset_id"):
        if field in data:
            setattr(vote, field, data[field])
    db.session.commit()
    return represent(vote)


# Filters that say whose votes they are: outside staff, they only ever match the caller's own votes.
PERSONAL_FILTERS = ("voter_id", "session_id")


def _matching(args: dict):
    """The votes matching the `votes/` filters, whoever cast them."""
    stmt = select(Vote).order_by(Vote.id)
    for field in ("voter_id", "session_id", "asset_id", "type", "value"):
        if field in args:
            stmt = stmt.where(getattr(Vote, field) == args[field])
    if "project_id" in args:
        stmt = stmt.where(Vote.session_id.in_(select(Session.id).where(Session.project_id == args["project_id"])))
    if "media_type" in args:
        stmt = stmt.where(Vote.asset_id.in_(select(Asset.id).where(Asset.mediatype == args["media_type"])))
    return stmt


def visible_votes(caller: Principal, args: dict):
    """The `GET votes/` query: staff see all votes, others those of their sessions."""
    return _matching(args).where(access.in_own_sessions(caller, Vote.session_id))


def summary(caller: Principal, args: dict) -> list[dict]:
    """`votes/summary/`: per asset among the matching votes: subtotals, a rating or a count."""
    # Totals are public, as an asset's subtotals are (`assets/:id/votes/`): everyone's votes on the assets the
    # caller may see count (the iOS app sorts its playlist by them). Which votes a given voter cast is not.
    filters = {k: v for k, v in args.items() if k != "type"}
    counted = _matching(filters).where(Vote.asset_id.in_(select(Asset.id).where(access.visible_assets(caller))))
    if any(field in filters for field in PERSONAL_FILTERS):
        counted = counted.where(access.in_own_sessions(caller, Vote.session_id))
    votes = counted.subquery()
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
    if session is None or not access.acts_for(caller, session.user_id):
        raise NotFound()
    blocked = blocked_asset_ids(db.session, session.user_id)
    return {"device_id": session.device_id, "blocked_asset_ids": sorted(blocked)}


def visible(caller: Principal, args: dict) -> list[dict]:
    """`GET votes/`: the votes the caller may see, with their assets' subtotals."""
    return [represent(vote) for vote in db.session.scalars(visible_votes(caller, args))]


def delete(vote: Vote) -> None:
    """Withdraw a vote."""
    db.session.delete(vote)
    db.session.commit()
