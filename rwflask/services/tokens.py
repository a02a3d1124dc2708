"""API tokens: 40-hex keys, stored only as SHA-256 digests.

A key is an HMAC of a random per-token salt under the server's SECRET_KEY, so the server can
hand the same key to the same device again (as Roundware clients expect from `POST users/`)
without ever storing the key itself.
"""
import hashlib
import hmac
import secrets

from flask import current_app
from sqlalchemy import bindparam, insert, select

from rwflask.extensions import db
from rwflask.models import Token, User
from rwflask.models.base import utcnow
from rwflask.principal import Principal

KEY_LENGTH = 40


def digest(key: str) -> str:
    """The stored form of a key."""
    return hashlib.sha256(key.encode()).hexdigest()


def _derive(salt: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"rwflask-token:{salt}".encode(), hashlib.sha256).hexdigest()[:KEY_LENGTH]


_TOKENS_OF_USER = (select(Token.salt, Token.key_digest).where(Token.user_id == bindparam("user_id"))
                   .order_by(Token.id.desc()))
_INSERT_TOKEN = insert(Token.__table__)


def issue_token(user: User) -> str:
    """Return the user's token key, creating one if the user has none this server can re-derive."""
    return issue_token_for(user.id)


def issue_token_for(user_id: int) -> str:
    """`issue_token` by user id."""
    for salt, key_digest in db.session.execute(_TOKENS_OF_USER, {"user_id": user_id}):
        key = _derive(salt)
        if hmac.compare_digest(digest(key), key_digest):
            return key
    return create_token_for(user_id)


def create_token_for(user_id: int) -> str:
    """Create a new token for the user and return its key."""
    salt = secrets.token_hex(16)
    key = _derive(salt)
    db.session.execute(_INSERT_TOKEN, {"user_id": user_id, "salt": salt, "key_digest": digest(key),
                                       "created": utcnow()})
    return key


_PRINCIPAL_BY_DIGEST = (
    select(User.id, User.username, User.is_staff, User.is_active, User.device_id, User.client_type)
    .join(Token, Token.user_id == User.id).where(Token.key_digest == bindparam("digest")))


def principal_for_key(key: str) -> Principal | None:
    """The principal owning `key`, or None."""
    if len(key) > 128:
        return None
    row = db.session.execute(_PRINCIPAL_BY_DIGEST, {"digest": digest(key)}).first()
    return Principal(*row) if row else None


def revoke_tokens(user: User) -> int:
    """Delete every token of `user`; return how many there were."""
    tokens = db.session.scalars(select(Token).where(Token.user_id == user.id)).all()
    for token in tokens:
        db.session.delete(token)
    return len(tokens)
