"""`users/` and `login/`: device identity, tokens, password login and who sees whom."""
from rwflask.extensions import db
from rwflask.models import Token
from rwflask.services import users
from tests.factories import UserFactory


def test_new_device_gets_user_and_40_hex_token(anonymous):
    response = anonymous.post("/api/2/users/", json={"device_id": "abc-1234", "client_type": "iPhone"})
    assert response.status_code == 200
    body = response.json
    assert list(body) == ["id", "username", "token", "first_name", "last_name", "email", "device_id",
                          "client_type"]
    assert len(body["token"]) == 40 and int(body["token"], 16) >= 0
    assert body["username"].endswith("1234")
    assert body["device_id"] == "abc-1234" and body["client_type"] == "iPhone"


def test_same_device_gets_same_user_and_token(anonymous):
    first = anonymous.post("/api/2/users/", json={"device_id": "dev-x", "client_type": "web"}).json
    second = anonymous.post("/api/2/users/", json={"device_id": "dev-x", "client_type": "android"}).json
    assert second["id"] == first["id"] and second["token"] == first["token"]
    assert second["client_type"] == "web"


def test_tokens_are_stored_hashed(anonymous):
    key = anonymous.post("/api/2/users/", json={"device_id": "dev-hash"}).json["token"]
    stored = db.session.scalars(db.select(Token)).all()
    assert len(stored) == 1
    assert stored[0].key_digest != key and key not in stored[0].key_digest


def test_register_accepts_form_encoding(anonymous):
    response = anonymous.post("/api/2/users/", data={"device_id": "form-dev", "client_type": "web"})
    assert response.status_code == 200 and response.json["device_id"] == "form-dev"


def test_register_without_device_id_is_400(anonymous):
    response = anonymous.post("/api/2/users/", json={"client_type": "web"})
    assert response.status_code == 400
    assert response.json["device_id"] == ["Missing data for required field."]
    assert "device_id" in response.json["detail"]


def test_register_with_wrong_types_is_400(anonymous):
    response = anonymous.post("/api/2/users/", json={"device_id": 12, "email": "not-an-email"})
    assert response.status_code == 400
    assert set(response.json) >= {"detail", "device_id", "email"}


def test_token_authenticates_any_scheme_case(anonymous, app):
    key = anonymous.post("/api/2/users/", json={"device_id": "dev-case"}).json["token"]
    for scheme in ("token", "Token", "TOKEN"):
        response = app.test_client().get("/api/2/users/", headers={"Authorization": f"{scheme} {key}"})
        assert response.status_code == 200, scheme


def test_missing_token_is_401_with_challenge(anonymous):
    response = anonymous.get("/api/2/users/")
    assert response.status_code == 401
    assert response.json == {"detail": "Authentication credentials were not provided."}
    assert response.headers["WWW-Authenticate"] == "Token"


def test_unknown_token_is_401(anonymous):
    response = anonymous.get("/api/2/users/", headers={"Authorization": "token " + "0" * 40})
    assert response.status_code == 401 and response.json == {"detail": "Invalid token."}


def test_malformed_authorization_header_is_401(anonymous):
    response = anonymous.get("/api/2/users/", headers={"Authorization": "token a b"})
    assert response.status_code == 401


def test_participant_lists_only_themselves(participant):
    UserFactory()
    response = participant.get("/api/2/users/")
    assert [u["id"] for u in response.json] == [participant.user.id]
    assert "token" not in response.json[0]


def test_participant_cannot_read_another_user(participant):
    other = UserFactory()
    assert participant.get(f"/api/2/users/{other.id}/").status_code == 404


def test_participant_reads_own_user(participant):
    response = participant.get(f"/api/2/users/{participant.user.id}/")
    assert response.status_code == 200 and response.json["device_id"] == participant.user.device_id


def test_staff_lists_everyone_and_filters(staff):
    UserFactory(first_name="Ada"), UserFactory(first_name="Grace")
    assert len(staff.get("/api/2/users/").json) == 3
    assert [u["first_name"] for u in staff.get("/api/2/users/?first_name=ad").json] == ["Ada"]


def test_user_filters_username_last_name_email_and_device(staff):
    target = UserFactory(last_name="Lovelace", email="ada@analytical.org", device_id="engine-1")
    for query in ("username=" + target.username, "last_name=love", "email=ANALYTICAL", "device_id=engine-1"):
        assert [u["id"] for u in staff.get(f"/api/2/users/?{query}").json] == [target.id], query


def test_patch_own_names(participant):
    response = participant.patch(f"/api/2/users/{participant.user.id}/",
                                 json={"first_name": "Ada", "device_id": "hijack"})
    assert response.status_code == 200 and response.json["first_name"] == "Ada"
    assert response.json["device_id"] != "hijack"


def test_patch_another_user_is_404_for_participant(participant):
    other = UserFactory()
    assert participant.patch(f"/api/2/users/{other.id}/", json={"first_name": "X"}).status_code == 404


def test_users_has_no_delete(staff):
    response = staff.delete(f"/api/2/users/{staff.user.id}/")
    assert response.status_code == 405 and "DELETE" not in response.headers["Allow"]


def test_login_returns_token_that_authenticates(anonymous, app):
    users.create_admin("admin", "s3cret")
    response = anonymous.post("/api/2/login/", json={"username": "admin", "password": "s3cret"})
    assert response.status_code == 200 and set(response.json) == {"token"}
    me = app.test_client().get("/api/2/users/", headers={"Authorization": "token " + response.json["token"]})
    assert me.json[0]["username"] == "admin"


def test_login_with_bad_password_is_400(anonymous):
    users.create_admin("admin", "s3cret")
    response = anonymous.post("/api/2/login/", json={"username": "admin", "password": "nope"})
    assert response.status_code == 400
    assert response.json["non_field_errors"] == ["Unable to log in with provided credentials."]
    assert response.json["detail"] == "Unable to log in with provided credentials."


def test_login_for_device_user_without_password_is_400(anonymous):
    user = UserFactory()
    response = anonymous.post("/api/2/login/", json={"username": user.username, "password": ""})
    assert response.status_code == 400


def test_login_missing_fields_is_400(anonymous):
    response = anonymous.post("/api/2/login/", json={})
    assert response.status_code == 400 and set(response.json) == {"detail", "username", "password"}


def test_devices_sharing_last_characters_in_the_same_second_get_distinct_users(anonymous, monkeypatch):
    monkeypatch.setattr(users.time, "time", lambda: 1_800_000_000.0)
    first = anonymous.post("/api/2/users/", json={"device_id": "phone-a-1234"}).json
    second = anonymous.post("/api/2/users/", json={"device_id": "phone-b-1234"}).json
    assert first["username"] == "18000000001234"
    assert second["username"].startswith("18000000001234-") and second["id"] != first["id"]
