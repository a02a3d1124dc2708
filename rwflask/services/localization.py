"""Languages of responses and picking a localized string in one.

Roundware's rule: the session's language when a session is given, otherwise English; the
first string in that language wins and there is no fallback to another language.
"""
from sqlalchemy import bindparam, select

from rwflask.errors import Invalid
from rwflask.extensions import db
from rwflask.models import Language, LocalizedString, Session

DEFAULT_LANGUAGE_CODE = "en"
_SESSION_LANGUAGE = select(Session.language_id).where(Session.id == bindparam("session_id"))
_LANGUAGE_BY_CODE = select(Language.id).where(Language.language_code == bindparam("code"))


def language_id_for_code(code: str) -> int | None:
    """Id of the language with this code, or None."""
    return db.session.scalar(_LANGUAGE_BY_CODE, {"code": code})


def default_language_id() -> int | None:
    """The language of responses without a session (English)."""
    return language_id_for_code(DEFAULT_LANGUAGE_CODE)


def session_language_id(session_id: int | None) -> int | None:
    """The language of `?session_id=` (English without one); 400 "Session not found" if unknown."""
    if session_id is None:
        return default_language_id()
    row = db.session.execute(_SESSION_LANGUAGE, {"session_id": session_id}).first()
    if row is None:
        raise Invalid("session_id", "Session not found")
    return row.language_id


def pick(strings: list[LocalizedString], language_id: int | None) -> str | None:
    """The text of the first string in the language, or None."""
    for string in strings:
        if string.language_id == language_id:
            return string.localized_string
    return None


def as_admin(strings: list[LocalizedString]) -> list[dict]:
    """Every translation of a field, for admin clients (`?admin`)."""
    return [{"id": s.id, "text": s.localized_string, "language_id": s.language_id,
             "language": s.language.language_code} for s in strings]
