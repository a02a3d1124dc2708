"""Envelopes: the bundles participants upload their recordings in."""
from sqlalchemy import select

from rwflask import access
from rwflask.errors import Forbidden, Invalid, NotFound
from rwflask.extensions import db
from rwflask.models import Envelope, Session
from rwflask.models.asset import envelope_asset
from rwflask.principal import Principal


def _session_owner(session_id: int) -> int | None:
    return db.session.scalar(select(Session.user_id).where(Session.id == session_id))


def create(caller: Principal, session_id: int) -> Envelope:
    """Open an envelope in one of the caller's sessions."""
    session = db.session.get(Session, session_id)
    if session is None:
        raise Invalid("session_id", "Session not found")
    if not access.acts_for(caller, session.user_id):
        raise Forbidden()
    envelope = Envelope(session_id=session.id)
    db.session.add(envelope)
    db.session.commit()
    return envelope


def envelope_for(envelope_id: int, caller: Principal) -> Envelope:
    """An envelope of one of the caller's sessions (any for staff), else 404."""
    envelope = db.session.get(Envelope, envelope_id)
    if envelope is None or not access.acts_for(caller, _session_owner(envelope.session_id)):
        raise NotFound()
    return envelope


def envelope_for_upload(envelope_id: int, caller: Principal) -> Envelope:
    """The envelope, if the caller owns its session (or is staff); 400 as Roundware words it otherwise."""
    envelope = db.session.get(Envelope, envelope_id)
    if envelope is None:
        raise Invalid(None, f"Invalid Envelope ID Provided. No Envelope exists with ID {envelope_id}")
    if not access.acts_for(caller, _session_owner(envelope.session_id)):
        raise Forbidden()
    return envelope


def visible_query(caller: Principal, args: dict):
    """The `GET envelopes/` query: staff see all, others those of their sessions."""
    stmt = select(Envelope).where(access.in_own_sessions(caller, Envelope.session_id)).order_by(Envelope.id)
    if "session_id" in args:
        stmt = stmt.where(Envelope.session_id == args["session_id"])
    if "project_id" in args:
        stmt = stmt.where(Envelope.session_id.in_(select(Session.id).where(Session.project_id == args["project_id"])))
    if "asset_id" in args:
        stmt = stmt.where(Envelope.id.in_(select(envelope_asset.c.envelope_id)
                                          .where(envelope_asset.c.asset_id == args["asset_id"])))
    return stmt


def visible(caller: Principal, args: dict) -> list[Envelope]:
    """Envelopes the caller may see, filtered."""
    return db.session.scalars(visible_query(caller, args)).all()
