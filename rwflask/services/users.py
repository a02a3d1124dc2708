"""Users: anonymous device accounts, staff accounts, password login."""
import secrets
import time

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from rwflask.extensions import db
from rwflask.models import User
from rwflask.services import tokens

PROFILE_FIELDS = ("first_name", "last_name", "email")


def _new_username(device_id: str) -> str:
    # Roundware's scheme: unix time followed by the device id's last four characters.
    base = f"{int(time.time())}{device_id[-4:]}"
    username = base
    while db.session.scalar(select(User.id).where(User.username == username)) is not None:
        username = f"{base}-{secrets.token_hex(3)}"
    return username


def register_device(device_id: str, client_type: str | None = None, **profile) -> tuple[User, str]:
    """Get or create the user of an app install and return it with its token (idempotent per device)."""
    device_id = device_id[:255]
    user = db.session.scalar(select(User).where(User.device_id == device_id))
    if user is None:
        user = User(device_id=device_id, client_type=(client_type or None) and client_type[:255],
                    username=_new_username(device_id),
                    **{k: (profile.get(k) or "") for k in PROFILE_FIELDS})
        try:
            with db.session.begin_nested():
                db.session.add(user)
        except IntegrityError:
            # Another request registered the same device meanwhile: use that user.
            user = db.session.scalar(select(User).where(User.device_id == device_id))
    key = tokens.issue_token(user)
    db.session.commit()
    return user, key


def login(username: str, password: str) -> str | None:
    """The token of the user with these credentials, or None."""
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None or not user.is_active or not user.password_hash:
        return None
    if not check_password_hash(user.password_hash, password):
        return None
    key = tokens.issue_token(user)
    db.session.commit()
    return key


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
