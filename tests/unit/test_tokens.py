"""Token keys: derived, stored as digests, re-issuable, revocable."""
from flask import current_app

from rwflask.extensions import db
from rwflask.models import Token
from rwflask.services import tokens
from tests.factories import UserFactory


def test_issued_key_is_40_hex_characters():
    key = tokens.issue_token(UserFactory())
    assert len(key) == 40 and all(c in "0123456789abcdef" for c in key)


def test_only_the_digest_is_stored():
    user = UserFactory()
    key = tokens.issue_token(user)
    db.session.commit()
    row = db.session.scalar(db.select(Token))
    assert row.key_digest == tokens.digest(key) and key not in (row.key_digest, row.salt)


def test_issuing_twice_returns_the_same_key_without_a_new_row():
    user = UserFactory()
    first = tokens.issue_token(user)
    db.session.commit()
    assert tokens.issue_token(user) == first
    assert db.session.scalar(db.select(db.func.count()).select_from(Token)) == 1


def test_create_token_for_makes_a_distinct_key():
    user = UserFactory()
    assert tokens.create_token_for(user.id) != tokens.create_token_for(user.id)


def test_principal_for_key_finds_the_owner_and_rejects_others():
    user = UserFactory()
    key = tokens.issue_token(user)
    db.session.commit()
    assert tokens.principal_for_key(key).id == user.id
    assert tokens.principal_for_key("f" * 40) is None
    assert tokens.principal_for_key("x" * 500) is None


def test_changed_secret_key_issues_a_fresh_token_and_old_one_still_works():
    user = UserFactory()
    old = tokens.issue_token(user)
    db.session.commit()
    current_app.config["SECRET_KEY"] = "rotated"
    try:
        new = tokens.issue_token(user)
        db.session.commit()
    finally:
        current_app.config["SECRET_KEY"] = "test-secret"
    assert new != old
    assert tokens.principal_for_key(old).id == user.id and tokens.principal_for_key(new).id == user.id


def test_revoked_tokens_stop_authenticating():
    user = UserFactory()
    key = tokens.issue_token(user)
    db.session.commit()
    assert tokens.revoke_tokens(user) == 1
    db.session.commit()
    assert tokens.principal_for_key(key) is None
