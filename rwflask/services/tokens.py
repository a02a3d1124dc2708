"""API tokens: 40-hex keys, stored only as SHA-256 digests.

A key is an HMAC of the user id and a per-token salt under the server's SECRET_KEY, so the
server can hand the same key to the same device again (as Roundware clients expect from
`POST users/`) without ever storing the key itself.
"""
import hashlib
import hmac
import secrets

from flask import current_app
from sqlalchemy import select

from rwflask.extensions import db
from rwflask.models import Token, User

KEY_LENGTH = 40


def digest(key: str) -> str:
    """The stored form of a key."""
    return hashlib.sha256(key.encode()).hexdigest()


def _derive(user_id: int, salt: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"rwflask-token:{user_id}:{salt}".encode(), hashlib.sha256).hexdigest()[:KEY_LENGTH]


def issue_token(user: User) -> str:
    """Return the user's token key, creating one if the user has none this server can re-derive."""
    for token in db.session.scalars(select(Token).where(Token.user_id == user.id).order_by(Token.id.desc())):
        key = _derive(user.id, token.salt)
        if hmac.compare_digest(digest(key), token.key_digest):
            return key
    salt = secrets.token_hex(16)
    key = _derive(user.id, salt)
    db.session.add(Token(user_id=user.id, salt=salt, key_digest=digest(key)))
    return key


def user_for_key(key: str) -> User | None:
    """The user owning `key`, or None."""
    if len(key) > 128:
        return None
    token = db.session.scalar(select(Token).where(Token.key_digest == digest(key)))
    return token.user if token else None


def revoke_tokens(user: User) -> int:
    """Delete every token of `user`; return how many there were."""
    tokens = db.session.scalars(select(Token).where(Token.user_id == user.id)).all()
    for token in tokens:
        db.session.delete(token)
    return len(tokens)
