"""Who may see and change what: every access rule of the API, in one place.

Staff are site administrators: they see and change everything. Participants (device accounts)
act for themselves: their own user, sessions and what they did in them (envelopes, uploads,
votes, events, listen events), and they see approved assets plus their own. Configuration
(projects, tags, UI, audiotracks, speakers, ...) is readable by any caller, writable by staff.

Services look records up and ask here; they never compare ids themselves. Rules are predicates
on the caller (a `Principal`) and SQL conditions for lists, so lists and single reads agree.
"""
from sqlalchemy import ColumnElement, or_, select, true

from rwflask.models import Asset, Session, User
from rwflask.principal import Principal


def is_staff(caller: Principal | None) -> bool:
    """Whether the caller administers the site."""
    return bool(caller is not None and caller.is_staff)


def acts_for(caller: Principal, owner_id: int | None) -> bool:
    """Whether the caller may act on something owned by `owner_id`: staff, or the owner."""
    return caller.is_staff or (owner_id is not None and owner_id == caller.id)


def may_change_configuration(caller: Principal | None) -> bool:
    """Projects, tags, UI, audiotracks, speakers, languages...: staff only."""
    return is_staff(caller)


def may_credit(caller: Principal, user_id: int) -> bool:
    """Whether an upload or a vote may be credited to `user_id` (only staff credit others)."""
    return acts_for(caller, user_id)


def sees_private_fields_of(caller: Principal, user_id: int | None) -> bool:
    """Whether the caller sees a user's e-mail, names and device (themselves, or staff)."""
    return acts_for(caller, user_id)


def may_see_asset(caller: Principal, submitted: bool, owner_id: int | None) -> bool:
    """Approved assets are public; unapproved ones are seen by their uploader and staff."""
    return bool(submitted) or acts_for(caller, owner_id)


def may_edit_asset(caller: Principal, owner_id: int | None) -> bool:
    """Only the uploader and staff change or delete an asset."""
    return acts_for(caller, owner_id)


def may_moderate(caller: Principal) -> bool:
    """Whether the caller may approve assets, move them between projects or credit them to others."""
    return is_staff(caller)


def may_set_submitted(caller: Principal, submitted: bool) -> bool:
    """Approving an asset is moderation (staff); withholding one's own (False) is the uploader's right too."""
    return not submitted or may_moderate(caller)


# --- SQL conditions for lists ----------------------------------------------------------------------

def visible_assets(caller: Principal) -> ColumnElement[bool]:
    """The assets the caller may see (the list form of `may_see_asset`)."""
    if caller.is_staff:
        return true()
    return or_(Asset.submitted.is_(True), Asset.user_id == caller.id)


def private_fields_visible(caller: Principal) -> ColumnElement[bool]:
    """The users whose e-mail, names and device the caller sees (the list form of `sees_private_fields_of`)."""
    return true() if caller.is_staff else User.id == caller.id


def own_rows(caller: Principal, owner_column) -> ColumnElement[bool]:
    """Rows owned by the caller (all of them for staff), by a user id column."""
    return true() if caller.is_staff else owner_column == caller.id


def in_own_sessions(caller: Principal, session_column) -> ColumnElement[bool]:
    """Rows that belong to one of the caller's sessions (all of them for staff), by a session id column."""
    if caller.is_staff:
        return true()
    return session_column.in_(select(Session.id).where(Session.user_id == caller.id))
