"""Envelopes: the bundles participants upload their recordings in."""
from sqlalchemy import select

from rwflask.errors import fail, field_error
from rwflask.extensions import db
from rwflask.models import Envelope, Session
from rwflask.models.asset import envelope_asset
from rwflask.services.tokens import Principal


def create(caller: Principal, session_id: int) -> Envelope:
    """Open an envelope in one of the caller's sessions."""
    session = db.session.get(Session, session_id)
    if session is None:
        field_error("session_id", "Session not found")
    if not caller.is_staff and session.user_id != caller.id:
        fail(403, "You do not have permission to perform this action.")
    envelope = Envelope(session_id=session.id)
    db.session.add(envelope)
    db.session.commit()
    return envelope


def envelope_for(envelope_id: int, caller: Principal) -> Envelope:
    """An envelope of one of the caller's sessions (any for staff), else 404."""
    envelope = db.session.get(Envelope, envelope_id)
    if envelope is None or not (caller.is_staff or db.session.get(Session, envelope.session_id).user_id == caller.id):
        fail(404, "Not found.")
    return envelope


def visible_query(caller: Principal, args: dict):
    """The `GET envelopes/` query: staff see all, others those of their sessions."""
    stmt = select(Envelope).order_by(Envelope.id)
    if not caller.is_staff:
        stmt = stmt.where(Envelope.session_id.in_(select(Session.id).where(Session.user_id == caller.id)))
    if "session_id" in args:
        stmt = stmt.where(Envelope.session_id == args["session_id"])
    if "project_id" in args:
        stmt = stmt.where(Envelope.session_id.in_(select(Session.id).where(Session.project_id == args["project_id"])))
    if "asset_id" in args:
        stmt = stmt.where(Envelope.id.in_(select(envelope_asset.c.envelope_id)
                                          .where(envelope_asset.c.asset_id == args["asset_id"])))
    return stmt
