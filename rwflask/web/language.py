"""The language this request's localized fields are rendered in (English unless a session says otherwise)."""
from flask import g

from rwflask.services import localization


def set_response_language(language_id: int | None) -> None:
    """Render this request's localized fields in this language."""
    g.rw_language_id = language_id


def response_language_id() -> int | None:
    """The language chosen for this request (English when none was)."""
    if "rw_language_id" not in g:
        g.rw_language_id = localization.default_language_id()
    return g.rw_language_id


def localize_by_session(args: dict) -> None:
    """Render in the language of `?session_id=` (400 "Session not found" if unknown)."""
    set_response_language(localization.session_language_id(args.get("session_id")))
