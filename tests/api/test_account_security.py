"""Attacks on accounts: device-id takeover, username probing by timing, password guessing, and the admin
session (its cookie, and API calls from the admin page without an API token)."""
import itertools
import re
import statistics
import time

import pytest
import redis
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from rwflask import config
from rwflask.extensions import db
from rwflask.models import Token, User
from rwflask.services import users
from tests.factories import StaffFactory, UserFactory

PASSWORD = "correct horse battery staple"
_addresses = itertools.count(1)


@pytest.fixture
def address():
    """A client address of this test alone (TEST-NET-3), so that its rate-limit counts start at zero."""
    n = next(_addresses)
    return {"REMOTE_ADDR": f"203.0.113.{n % 250 + 1}" if n < 250 else f"198.51.100.{n % 250 + 1}"}


@pytest.fixture
def low_limits(app, monkeypatch):
    """Three logins and three registrations a minute per address."""
    monkeypatch.setitem(app.config, "RATE_LIMIT_LOGIN", "3/minute")
    monkeypatch.setitem(app.config, "RATE_LIMIT_USERS", "3/minute")


def tokens_of(user) -> int:
    return db.session.scalar(select(func.count()).select_from(Token).where(Token.user_id == user.id))


def admin_login(client, username, password, environ_base=None):
    """Submit the admin login form (with the CSRF token its page carries)."""
    environ_base = environ_base or {}
    page = client.get("/admin/login", environ_base=environ_base)
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page.get_data(as_text=True)).group(1)
    return client.post("/admin/login", data={"csrf": csrf, "username": username, "password": password},
                       environ_base=environ_base)


# --- device-id takeover ----------------------------------------------------------------------------

def test_device_id_of_a_staff_account_does_not_hand_out_its_token(anonymous):
    boss = StaffFactory(device_id="boss-phone", password_hash=generate_password_hash(PASSWORD))
    response = anonymous.post("/api/2/users/", json={"device_id": "boss-phone"})
    assert response.status_code == 403
    assert set(response.json) == {"detail"} and "token" not in response.get_data(as_text=True)
    assert tokens_of(boss) == 0


def test_device_id_of_staff_without_password_does_not_hand_out_its_token(anonymous):
    boss = StaffFactory(device_id="staff-tablet")
    response = anonymous.post("/api/2/users/", json={"device_id": "staff-tablet"})
    assert response.status_code == 403 and set(response.json) == {"detail"}
    assert tokens_of(boss) == 0


def test_device_id_of_an_account_with_a_password_does_not_hand_out_its_token(anonymous):
    owner = UserFactory(device_id="claimed-phone", password_hash=generate_password_hash(PASSWORD),
                        email="owner@example.org", first_name="Ada")
    response = anonymous.post("/api/2/users/", json={"device_id": "claimed-phone", "client_type": "web"})
    assert response.status_code == 403
    assert set(response.json) == {"detail"}
    assert "owner@example.org" not in response.get_data(as_text=True)
    assert tokens_of(owner) == 0


def test_refused_device_id_creates_no_second_account(anonymous):
    StaffFactory(device_id="boss-phone")
    before = db.session.scalar(select(func.count()).select_from(User))
    assert anonymous.post("/api/2/users/", json={"device_id": "boss-phone"}).status_code == 403
    assert db.session.scalar(select(func.count()).select_from(User)) == before


def test_device_id_of_a_deactivated_account_gets_no_token(anonymous):
    UserFactory(device_id="old-phone", is_active=False)
    assert anonymous.post("/api/2/users/", json={"device_id": "old-phone"}).status_code == 403


def test_known_device_id_does_not_reveal_the_accounts_email_or_names(anonymous):
    device = UserFactory(device_id="shared-id", email="ada@example.org", first_name="Ada", last_name="Lovelace")
    response = anonymous.post("/api/2/users/", json={"device_id": "shared-id"})
    assert response.status_code == 200
    body = response.json
    assert body["id"] == device.id and body["username"] == device.username and body["token"]
    assert (body["email"], body["first_name"], body["last_name"]) == ("", "", "")
    assert "ada@example.org" not in response.get_data(as_text=True)


def test_known_device_echoes_only_the_names_the_request_already_sent(anonymous):
    UserFactory(device_id="my-phone", email="ada@example.org", first_name="Ada", last_name="Lovelace")
    body = anonymous.post("/api/2/users/", json={"device_id": "my-phone", "first_name": "Ada",
                                                 "email": "guess@example.org"}).json
    assert (body["first_name"], body["last_name"], body["email"]) == ("Ada", "", "")


def test_new_device_gets_back_the_names_it_registered_with(anonymous):
    body = anonymous.post("/api/2/users/", json={"device_id": "fresh-phone", "first_name": "Grace",
                                                 "email": "grace@example.org"}).json
    assert (body["first_name"], body["email"]) == ("Grace", "grace@example.org")


# --- probing usernames by timing -------------------------------------------------------------------

@pytest.fixture
def hash_checks(monkeypatch):
    """The hashes passwords were checked against (their method part), in order."""
    checked = []
    real = users.check_password_hash

    def spy(pwhash, password):
        checked.append(pwhash.split("$")[0])
        return real(pwhash, password)

    monkeypatch.setattr(users, "check_password_hash", spy)
    return checked


def test_api_login_with_unknown_username_checks_a_hash_of_the_same_method(anonymous, hash_checks):
    admin = users.create_admin("curator", PASSWORD)
    assert anonymous.post("/api/2/login/", json={"username": "nobody", "password": "x"}).status_code == 400
    assert anonymous.post("/api/2/login/", json={"username": "curator", "password": "x"}).status_code == 400
    assert hash_checks == [admin.password_hash.split("$")[0]] * 2


def test_login_as_device_account_without_password_checks_a_hash_too(anonymous, hash_checks):
    device = UserFactory()
    assert anonymous.post("/api/2/login/", json={"username": device.username, "password": ""}).status_code == 400
    assert len(hash_checks) == 1


def test_admin_form_with_unknown_username_checks_a_hash_of_the_same_method(app, hash_checks):
    admin = users.create_admin("curator", PASSWORD)
    assert admin_login(app.test_client(), "nobody", "x").status_code == 400
    assert admin_login(app.test_client(), "curator", "x").status_code == 400
    assert hash_checks == [admin.password_hash.split("$")[0]] * 2


def test_unknown_username_takes_as_long_as_a_wrong_password():
    users.create_admin("curator", PASSWORD)
    users.authenticate("nobody", "warm-up")  # the dummy hash is made once, on first use

    def median_seconds(username):
        times = []
        for _ in range(5):
            start = time.perf_counter()
            assert users.authenticate(username, "wrong") is None
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    known, unknown = median_seconds("curator"), median_seconds("nobody")
    assert unknown > 0.5 * known, (unknown, known)


# --- password guessing and registration floods -----------------------------------------------------

def assert_throttled(response):
    assert response.status_code == 429
    assert set(response.json) == {"detail"} and response.json["detail"].startswith("Request was throttled.")
    assert 1 <= int(response.headers["Retry-After"]) <= 61  # the window, counted in whole seconds


def test_password_guessing_on_api_login_is_throttled(anonymous, low_limits, address):
    users.create_admin("curator", PASSWORD)
    for _ in range(3):
        response = anonymous.post("/api/2/login/", json={"username": "curator", "password": "guess"},
                                  environ_base=address)
        assert response.status_code == 400
    assert_throttled(anonymous.post("/api/2/login/", json={"username": "curator", "password": PASSWORD},
                                    environ_base=address))


def test_password_guessing_on_admin_form_is_throttled(app, low_limits, address):
    users.create_admin("curator", PASSWORD)
    client = app.test_client()
    for _ in range(3):
        assert admin_login(client, "curator", "guess", address).status_code == 400
    assert_throttled(admin_login(client, "curator", PASSWORD, address))


def test_admin_form_page_itself_is_not_throttled(app, low_limits, address):
    client = app.test_client()
    for _ in range(5):
        assert client.get("/admin/login", environ_base=address).status_code == 200


def test_api_login_and_admin_form_share_one_budget(app, anonymous, low_limits, address):
    users.create_admin("curator", PASSWORD)
    for _ in range(2):
        anonymous.post("/api/2/login/", json={"username": "curator", "password": "guess"}, environ_base=address)
    assert admin_login(app.test_client(), "curator", "guess", address).status_code == 400
    assert_throttled(admin_login(app.test_client(), "curator", "guess", address))


def test_device_registration_flood_is_throttled(anonymous, low_limits, address):
    for n in range(3):
        assert anonymous.post("/api/2/users/", json={"device_id": f"flood-{n}"}, environ_base=address).status_code == 200
    assert_throttled(anonymous.post("/api/2/users/", json={"device_id": "flood-3"}, environ_base=address))
    assert db.session.scalar(select(func.count()).select_from(User).where(User.device_id == "flood-3")) == 0


def test_throttling_counts_each_client_address_apart(anonymous, low_limits, address):
    for n in range(4):
        anonymous.post("/api/2/users/", json={"device_id": f"busy-{n}"}, environ_base=address)
    other = {"REMOTE_ADDR": "192.0.2.77"}
    assert anonymous.post("/api/2/users/", json={"device_id": "calm-1"}, environ_base=other).status_code == 200


def test_rate_limits_can_be_switched_off(app, anonymous, low_limits, address, monkeypatch):
    monkeypatch.setitem(app.config, "RATE_LIMITS_ENABLED", False)
    for n in range(5):
        assert anonymous.post("/api/2/users/", json={"device_id": f"off-{n}"}, environ_base=address).status_code == 200


def test_rate_limits_are_counted_in_redis(app, anonymous, low_limits, address):
    assert app.config["RATELIMIT_STORAGE_URI"] == app.config["REDIS_URL"]
    anonymous.post("/api/2/users/", json={"device_id": "counted"}, environ_base=address)
    keys = redis.Redis.from_url(app.config["REDIS_URL"]).keys("*rwflask*")
    assert any(address["REMOTE_ADDR"].encode() in key for key in keys)


def test_token_calls_are_not_throttled(participant, low_limits, address):
    for _ in range(5):
        assert participant.get("/api/2/users/", environ_base=address).status_code == 200


# --- the admin session -----------------------------------------------------------------------------

def session_cookie(response) -> str:
    return next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))


def test_admin_session_cookie_is_httponly_and_samesite_lax(app):
    users.create_admin("curator", PASSWORD)
    response = admin_login(app.test_client(), "curator", PASSWORD)
    assert response.status_code == 302
    cookie = session_cookie(response)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # the test app's PUBLIC_URL is http


def test_admin_session_cookie_is_secure_when_public_url_is_https(app, tmp_path, monkeypatch):
    settings = config.load(str(tmp_path), {"PUBLIC_URL": "https://rw.example.org", "SECRET_KEY": "x"})
    assert config.load(str(tmp_path), {"PUBLIC_URL": "http://rw.example.org"})["SESSION_COOKIE_SECURE"] is False
    for key in ("SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE"):
        monkeypatch.setitem(app.config, key, settings[key])
    users.create_admin("curator", PASSWORD)
    cookie = session_cookie(admin_login(app.test_client(), "curator", PASSWORD))
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_admin_page_embeds_no_api_token(app):
    admin = users.create_admin("curator", PASSWORD)
    client = app.test_client()
    admin_login(client, "curator", PASSWORD)
    page = client.get("/admin/upload")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert tokens_of(admin) == 0
    assert "data-token" not in html and re.search(r"[0-9a-f]{40}", html) is None


def logged_in_admin(app, user, csrf="page-csrf-token"):
    """A browser holding the admin session cookie of `user`."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["admin_user_id"] = user.id
        session["csrf"] = csrf
    return client


def test_admin_page_calls_the_api_with_its_session_and_csrf_token(app):
    staff = StaffFactory()
    other = UserFactory()
    response = logged_in_admin(app, staff).get("/api/2/users/", headers={"X-CSRF-Token": "page-csrf-token"})
    assert response.status_code == 200
    assert {u["id"] for u in response.json} >= {staff.id, other.id}


def test_admin_cookie_alone_does_not_authenticate_api_calls(app):
    client = logged_in_admin(app, StaffFactory())
    assert client.get("/api/2/users/").status_code == 401
    assert client.post("/api/2/sessions/", json={"project_id": 1}).status_code == 401


def test_admin_cookie_with_a_wrong_csrf_token_is_401(app):
    client = logged_in_admin(app, StaffFactory())
    response = client.get("/api/2/users/", headers={"X-CSRF-Token": "forged"})
    assert response.status_code == 401 and set(response.json) == {"detail"}


def test_csrf_token_of_a_non_staff_session_is_401(app):
    client = logged_in_admin(app, UserFactory())
    assert client.get("/api/2/users/", headers={"X-CSRF-Token": "page-csrf-token"}).status_code == 401


def test_csrf_header_without_any_session_is_401(anonymous):
    assert anonymous.get("/api/2/users/", headers={"X-CSRF-Token": "anything"}).status_code == 401
