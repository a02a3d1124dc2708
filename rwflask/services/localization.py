"""Which language a response is rendered in, and picking a localized string in it.

Roundware's rule: the session's language when a session is given, otherwise English; the
first string in that language wins and there is no fallback to another language.
"""
from flask import g
from sqlalchemy import bindparam, select

from rwflask.errors import field_error
from rwflask.extensions import db
from rwflask.models import Language, LocalizedString, Session

DEFAULT_LANGUAGE_CODE = "en"


def language_id_for_code(code: str) -> int | None:
    """Id of the language with this code, or None."""
    return db.session.scalar(_LANGUAGE_BY_CODE, {"code": code})


def set_response_language(session: Session | None) -> int | None:
    """Render this request's localized fields in the session's language (English without a session)."""
    if session is not None:
        language_id = session.language_id
    else:
        language_id = language_id_for_code(DEFAULT_LANGUAGE_CODE)
    g.rw_language_id = language_id
    return language_id


def response_language_id() -> int | None:
    """The language chosen for this request (English unless a session said otherwise)."""
    if "rw_language_id" not in g:
        set_response_language(None)
    return g.rw_language_id


def pick(strings: list[LocalizedString], language_id: int | None = None) -> str | None:
    """The text of the first string in the response language, or None."""
    if language_id is None:
        language_id = response_language_id()
    for string in strings:
        if string.language_id == language_id:
            return string.localized_string
    return None


def as_admin(strings: list[LocalizedString]) -> list[dict]:
    """Every translation of a field, for admin clients (`?admin`)."""
    return [{"id": s.id, "text": s.localized_string, "language_id": s.language_id,
             "language": s.language.language_code} for s in strings]


_SESSION_LANGUAGE = select(Session.language_id).where(Session.id == bindparam("session_id"))
_LANGUAGE_BY_CODE = select(Language.id).where(Language.language_code == bindparam("code"))


def localize_by_session(args: dict) -> None:
    """Render localized fields in the language of `?session_id=` (400 "Session not found" if unknown)."""
    if args.get("session_id") is None:
        set_response_language(None)
        return
    row = db.session.execute(_SESSION_LANGUAGE, {"session_id": args["session_id"]}).first()
    if row is None:
        field_error("session_id", "Session not found")
    g.rw_language_id = row.language_id
