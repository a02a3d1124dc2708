"""Users: anonymous device accounts, staff accounts, password login."""
import functools
import secrets
import time

from sqlalchemy import bindparam, insert, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from rwflask import access
from rwflask.errors import Forbidden, NotFound
from rwflask.extensions import db
from rwflask.models import User
from rwflask.models.base import utcnow
from rwflask.principal import Principal
from rwflask.services import tokens

PROFILE_FIELDS = ("first_name", "last_name", "email")
USER_FIELDS = ("id", "username", "first_name", "last_name", "email", "device_id", "client_type")
_USER_BY_DEVICE = (select(*(getattr(User, f) for f in USER_FIELDS), User.password_hash, User.is_staff, User.is_active)
                   .where(User.device_id == bindparam("device_id")))
_INSERT_USER = insert(User.__table__).returning(User.__table__.c.id)
DEVICE_TAKEN = "This device id cannot be registered; log in with a username and password instead."


def _username(device_id: str, salt: str = "") -> str:
    # Roundware's scheme: unix time followed by the device id's last four characters.
    return f"{int(time.time())}{device_id[-4:]}{salt}"


def _device_account(row, fields: dict) -> dict:
    """The answer for a device already registered: its token only if it is a device-only account (the
    device id is then its one credential), and only the names and e-mail the request itself sent."""
    if row.password_hash or row.is_staff or not row.is_active:
        raise Forbidden(DEVICE_TAKEN)
    user = {f: getattr(row, f) for f in USER_FIELDS}
    for field in PROFILE_FIELDS:
        user[field] = user[field] if fields[field] and fields[field] == user[field] else ""
    user["token"] = tokens.issue_token_for(user["id"])
    return user


def register_device(device_id: str, client_type: str | None = None, **profile) -> dict:
    """Get or create the device-only user of an app install; its fields and `token` (idempotent per device)."""
    device_id = device_id[:255]
    fields = {k: (profile.get(k) or "") for k in PROFILE_FIELDS}
    client_type = client_type[:255] if client_type else None
    for salt in ("", f"-{secrets.token_hex(3)}", f"-{secrets.token_hex(6)}"):
        row = db.session.execute(_USER_BY_DEVICE, {"device_id": device_id}).first()
        if row is not None:
            user = _device_account(row, fields)
            db.session.commit()
            return user
        user = {"username": _username(device_id, salt), **fields, "device_id": device_id,
                "client_type": client_type}
        try:
            user["id"] = db.session.execute(_INSERT_USER, {**user, "is_staff": False, "is_active": True,
                                                           "date_joined": utcnow()}).scalar_one()
            user["token"] = tokens.create_token_for(user["id"])
            db.session.commit()
            return user
        except IntegrityError:
            # The username was taken (same second, same last four characters), or another request
            # registered this device meanwhile: look again.
            db.session.rollback()
    raise RuntimeError("could not allocate a username")


@functools.cache
def _dummy_hash() -> str:
    # Hashed like real passwords (werkzeug's default method, as `create_admin`), so checking a password
    # against it takes as long as against a real account's.
    return generate_password_hash(secrets.token_hex(16))


def authenticate(username: str, password: str) -> User | None:
    """The active user with these credentials, or None; as slow for unknown users as for known ones."""
    user = db.session.scalar(select(User).where(User.username == username))
    stored = user.password_hash if user is not None and user.password_hash else None
    matches = check_password_hash(stored or _dummy_hash(), password)
    if stored is None or not matches or not user.is_active:
        return None
    return user


def login(username: str, password: str) -> str | None:
    """The token of the user with these credentials, or None."""
    user = authenticate(username, password)
    if user is None:
        return None
    key = tokens.issue_token(user)
    db.session.commit()
    return key


def active_staff(user_id: int | None) -> User | None:
    """The staff member with this id, if there is one and they are active."""
    user = db.session.get(User, user_id) if user_id else None
    return user if user is not None and access.is_staff(user) and user.is_active else None


def admin_principal(user_id: int | None) -> Principal | None:
    """The caller for the admin pages' own API calls: the active staff member logged in to them."""
    user = active_staff(user_id)
    if user is None:
        return None
    return Principal(user.id, user.username, user.is_staff, user.is_active, user.device_id, user.client_type)


def create_admin(username: str, password: str) -> User:
    """Create a staff user, or make an existing one staff with this password."""
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        user = User(username=username)
        db.session.add(user)
    user.password_hash = generate_password_hash(password)
    user.is_staff = True
    user.is_active = True
    db.session.commit()
    return user


def update_profile(user: User, changes: dict) -> User:
    """Change a user's names and e-mail."""
    for field in PROFILE_FIELDS:
        if field in changes:
            setattr(user, field, changes[field] or "")
    db.session.commit()
    return user


def user_for(caller: Principal, user_id: int) -> User:
    """A user the caller may see and change: themselves, or anyone for staff; else 404."""
    user = db.session.get(User, user_id) if access.acts_for(caller, user_id) else None
    if user is None:
        raise NotFound()
    return user


def visible(caller: Principal, args: dict) -> list[User]:
    """`GET users/`: staff see everyone, others only themselves."""
    stmt = select(User).where(access.own_rows(caller, User.id)).order_by(User.id)
    for field in ("username", "first_name", "last_name", "email"):
        if field in args:
            stmt = stmt.where(getattr(User, field).icontains(args[field], autoescape=True))
    if "device_id" in args:
        stmt = stmt.where(User.device_id == args["device_id"])
    return db.session.scalars(stmt).all()
