"""API-wide rules: paths, error shapes, request bodies, the API root, CORS, and no 500 on garbage input."""
import json
import re
import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from rwflask.extensions import db
from rwflask.services import events
from tests.support.config_resources import NAMES as CONFIG_RESOURCES
from tests.support.config_resources import create_payload, existing
from tests.factories import LanguageFactory, ProjectFactory, SessionFactory, TagCategoryFactory

LISTABLE = ["audiotracks", "languages", "localizedstrings", "projectgroups", "projects", "sessions", "speakers",
            "tagcategories", "tagrelationships", "tags", "timedassets", "uigroups", "uiitems", "users"]
ALLOWED_ORIGIN = "http://localhost:8080"
OTHER_ALLOWED_ORIGIN = "http://localhost:3000"
EVIL_ORIGIN = "http://evil.example.org"
NOT_FOUND = {"detail": "Not found."}
CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def api_rules(app):
    """(path template, methods) of every URL rule under /api/2/ except the documentation."""
    rules = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/2/") and "/docs/" not in rule.rule and not rule.rule.endswith(".json"):
            rules.setdefault(rule.rule, set()).update(rule.methods - {"HEAD", "OPTIONS"})
    return rules


def with_id(template: str, value) -> str:
    return CONVERTER.sub(str(value), template)


def item_templates(app):
    return sorted(t for t in api_rules(app) if CONVERTER.search(t))


def collection_templates(app):
    return sorted(t for t in api_rules(app) if not CONVERTER.search(t) and t != "/api/2/")


def status_of(call) -> tuple[int, str]:
    """Status of a request; an exception escaping the app counts as a 500."""
    try:
        response = call()
    except Exception as exc:  # noqa: BLE001 - anything escaping the app would be a 500 in production
        db.session.rollback()
        return 500, repr(exc)[:200]
    db.session.rollback()
    return response.status_code, response.get_data(as_text=True)[:200]


def send_json(client, method, path, body):
    """Send `body` encoded by the standard library (the test client's orjson rejects integers beyond 64 bits)."""
    return client.open(method, path, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def context_query():
    """Query arguments that item endpoints may require (extra ones are ignored)."""
    return f"?session_id={SessionFactory().id}&latitude=42&longitude=-71"


# --- paths ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", LISTABLE)
def test_collection_answers_without_trailing_slash(staff, name):
    response = staff.get(f"/api/2/{name}")
    assert response.status_code == 200
    assert response.json == staff.get(f"/api/2/{name}/").json


def test_post_without_trailing_slash_is_not_redirected(anonymous):
    response = anonymous.post("/api/2/users", json={"device_id": "no-slash"})
    assert response.status_code == 200 and response.json["device_id"] == "no-slash"


def test_every_collection_rule_answers_without_trailing_slash(app, staff):
    failures = []
    for template in collection_templates(app):
        method = "GET" if "GET" in api_rules(app)[template] else "POST"
        with_slash = staff.open(method, template, json={}).status_code
        without = staff.open(method, template.rstrip("/"), json={}).status_code
        if without != with_slash or without in (301, 302, 307, 308):
            failures.append((template, with_slash, without))
    assert collection_templates(app) and failures == [], "\n".join(map(str, failures))


def test_item_answers_without_trailing_slash(staff):
    session = SessionFactory()
    response = staff.get(f"/api/2/sessions/{session.id}")
    assert response.status_code == 200 and response.json["id"] == session.id


def test_unknown_path_is_404_json(staff):
    response = staff.get("/api/2/no-such-resource/")
    assert response.status_code == 404 and response.json == NOT_FOUND


# --- unknown ids ------------------------------------------------------------------------------------------------

def test_get_unknown_id_is_404_not_found_on_every_item_path(app, staff, context_query):
    failures = []
    for template in item_templates(app):
        if "GET" not in api_rules(app)[template]:
            continue
        response = staff.get(with_id(template, 987654) + context_query)
        if response.status_code != 404 or response.json != NOT_FOUND:
            failures.append((template, response.status_code, response.json))
    assert item_templates(app) and failures == [], "\n".join(map(str, failures))


@pytest.mark.parametrize("record_id", [2**31, 2**63, 10**30])
def test_out_of_range_id_is_404(staff, record_id):
    status, text = status_of(lambda: staff.get(f"/api/2/tagcategories/{record_id}/"))
    assert status == 404, text


# Uploading into an unknown envelope keeps Roundware's 400 "Invalid Envelope ID Provided..." message.
UPLOAD_PATHS = {"/api/2/envelopes/<int:envelope_id>/"}


@pytest.mark.parametrize("method", ["PATCH", "DELETE"])
def test_write_to_unknown_id_is_404_not_found(app, staff, method):
    failures = []
    templates = [t for t in item_templates(app) if method in api_rules(app)[t] and t not in UPLOAD_PATHS]
    for template in templates:
        response = staff.open(method, with_id(template, 987654), json={})
        if response.status_code != 404 or response.json != NOT_FOUND:
            failures.append((template, response.status_code, response.json))
    assert templates and failures == [], "\n".join(map(str, failures))


# --- 405 --------------------------------------------------------------------------------------------------------

def test_put_is_405_everywhere_with_allow_and_detail(app, staff):
    failures = []
    for template, methods in api_rules(app).items():
        response = staff.put(with_id(template, 1), json={})
        allow = {m.strip() for m in response.headers.get("Allow", "").split(",") if m.strip()}
        if (response.status_code != 405 or response.json != {"detail": 'Method "PUT" not allowed.'}
                or "PUT" in allow or not methods <= allow):
            failures.append((template, response.status_code, response.json, sorted(allow)))
    assert failures == [], "\n".join(map(str, failures))


def test_405_allow_header_lists_the_methods(staff):
    response = staff.delete("/api/2/sessions/")
    assert response.status_code == 405
    assert {m.strip() for m in response.headers["Allow"].split(",")} >= {"GET", "POST"}
    assert response.json == {"detail": 'Method "DELETE" not allowed.'}


# --- request bodies ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("body", ["{", '{"name": ', "{'name': 'single quotes'}", "\xff\xfe", "NaN"])
def test_malformed_json_is_400_with_detail(staff, body):
    response = staff.post("/api/2/tagcategories/", data=body, content_type="application/json")
    assert response.status_code == 400
    assert isinstance(response.json["detail"], str) and response.json["detail"]


def test_malformed_json_creates_nothing(staff):
    staff.post("/api/2/tagcategories/", data='{"name": "x"', content_type="application/json")
    assert staff.get("/api/2/tagcategories/").json == []


@pytest.mark.parametrize("body", ['[{"name": "in an array"}]', "[]", '"a string"', "42", "null", "true"])
def test_non_object_json_body_is_400(staff, body):
    response = staff.post("/api/2/tagcategories/", data=body, content_type="application/json")
    assert response.status_code == 400 and isinstance(response.json["detail"], str)


def test_non_object_json_body_is_400_on_every_create_endpoint(app, staff):
    templates = [t for t in collection_templates(app) if "POST" in api_rules(app)[t]]
    failures = []
    for template in templates:
        for body in ("null", "[1, 2, 3]", '"text"', "42"):
            status, text = status_of(lambda: staff.post(template, data=body, content_type="application/json"))
            if status != 400:
                failures.append((template, body, status, text))
    assert len(templates) >= 10 and failures == [], "\n".join(map(str, failures))


@pytest.mark.parametrize("body", ["[" * 100_000, '{"a":' * 5_000 + "1" + "}" * 5_000])
def test_deeply_nested_json_is_400(staff, body):
    status, text = status_of(lambda: staff.post("/api/2/tagcategories/", data=body, content_type="application/json"))
    assert status == 400, text


def test_json_array_body_creates_nothing(staff):
    staff.post("/api/2/tagcategories/", json=[{"name": "in an array"}])
    assert staff.get("/api/2/tagcategories/").json == []


@pytest.mark.parametrize("encoding", ["json", "form", "multipart"])
def test_create_accepts_every_body_encoding(staff, encoding):
    body = {"name": "weather", "data": "d"}
    kwargs = {"json": body} if encoding == "json" else {"data": body}
    if encoding == "multipart":
        kwargs["content_type"] = "multipart/form-data"
    response = staff.post("/api/2/tagcategories/", **kwargs)
    assert response.status_code == 200
    assert (response.json["name"], response.json["data"]) == ("weather", "d")


@pytest.mark.parametrize("encoding", ["json", "form", "multipart"])
def test_patch_accepts_every_body_encoding(staff, encoding):
    category = TagCategoryFactory(name="before")
    kwargs = {"json": {"name": "after"}} if encoding == "json" else {"data": {"name": "after"}}
    if encoding == "multipart":
        kwargs["content_type"] = "multipart/form-data"
    response = staff.patch(f"/api/2/tagcategories/{category.id}/", **kwargs)
    assert response.status_code == 200 and response.json["name"] == "after"


def test_form_body_converts_numbers_and_booleans(staff):
    project = ProjectFactory(geo_listen_enabled=True)
    response = staff.post("/api/2/sessions/", data={"project_id": str(project.id), "geo_listen_enabled": "false"})
    assert response.status_code == 200
    assert response.json["project_id"] == project.id and response.json["geo_listen_enabled"] is False


def test_unknown_body_fields_are_ignored(staff):
    response = staff.post("/api/2/tagcategories/", json={"name": "mood", "colour": "blue", "id": 999})
    assert response.status_code == 200
    assert "colour" not in response.json and response.json["id"] != 999


def test_unknown_query_arguments_are_ignored(staff):
    category = TagCategoryFactory()
    response = staff.get("/api/2/tagcategories/?colour=blue")
    assert response.status_code == 200 and [c["id"] for c in response.json] == [category.id]


# --- validation errors ------------------------------------------------------------------------------------------

def test_validation_error_is_400_with_detail_and_field_lists(staff):
    response = staff.post("/api/2/tagcategories/", json={"name": 12})
    assert response.status_code == 400
    assert response.json["name"] == ["Not a valid string."]
    assert response.json["detail"] == "name: Not a valid string."


def test_missing_fields_are_each_listed(anonymous):
    response = anonymous.post("/api/2/login/", json={})
    assert response.status_code == 400
    assert response.json["username"] == ["Missing data for required field."]
    assert response.json["password"] == ["Missing data for required field."]


def test_empty_create_body_is_400_never_422_on_every_collection(app, staff):
    failures = []
    templates = [t for t in collection_templates(app) if "POST" in api_rules(app)[t]]
    for template in templates:
        response = staff.post(template, json={})
        body = response.json
        fields_are_lists = all(isinstance(v, list) and v for k, v in body.items() if k != "detail")
        if (response.status_code != 400 or not isinstance(body.get("detail"), str) or len(body) < 2
                or not fields_are_lists):
            failures.append((template, response.status_code, body))
    assert len(templates) >= 10 and failures == [], "\n".join(map(str, failures))


def test_invalid_query_argument_is_400_never_422(staff):
    response = staff.get("/api/2/tags/?project_id=abc")
    assert response.status_code == 400
    assert response.json["project_id"] == ["Not a valid integer."]
    assert "project_id" in response.json["detail"]


# --- API root ---------------------------------------------------------------------------------------------------

def test_root_is_served_without_token(anonymous):
    response = anonymous.get("/api/2/")
    assert response.status_code == 200


def test_root_links_every_resource(anonymous):
    body = anonymous.get("/api/2/").json
    assert {name: body.get(name) for name in LISTABLE} == {
        name: f"http://localhost/api/2/{name}/" for name in LISTABLE}


def test_root_does_not_list_login(anonymous):
    assert "login" not in anonymous.get("/api/2/").json


def test_root_links_resolve(anonymous, staff):
    links = anonymous.get("/api/2/").json
    statuses = {name: staff.get(url.replace("http://localhost", "")).status_code for name, url in links.items()}
    assert statuses and set(statuses.values()) == {200}


def test_root_answers_without_trailing_slash(anonymous):
    response = anonymous.get("/api/2")
    assert response.status_code == 200 and "sessions" in response.json


# --- CORS -------------------------------------------------------------------------------------------------------

def preflight(client, path, origin=ALLOWED_ORIGIN, method="POST", headers="Authorization, Content-Type"):
    return client.open("OPTIONS", path, headers={
        "Origin": origin, "Access-Control-Request-Method": method, "Access-Control-Request-Headers": headers})


def test_preflight_from_allowed_origin_needs_no_token(anonymous):
    response = preflight(anonymous, "/api/2/sessions/")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED_ORIGIN


def test_preflight_allows_authorization_header(anonymous):
    response = preflight(anonymous, "/api/2/sessions/")
    allowed = {h.strip().lower() for h in response.headers["Access-Control-Allow-Headers"].split(",")}
    assert "authorization" in allowed


def test_preflight_allows_the_requested_method(anonymous):
    response = preflight(anonymous, "/api/2/tags/1/", method="PATCH")
    allowed = {m.strip() for m in response.headers["Access-Control-Allow-Methods"].split(",")}
    assert "PATCH" in allowed


def test_preflight_on_item_path_needs_no_token(anonymous):
    session = SessionFactory()
    response = preflight(anonymous, f"/api/2/sessions/{session.id}/", method="GET", headers="Authorization")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED_ORIGIN


def test_second_default_origin_is_allowed(anonymous):
    response = preflight(anonymous, "/api/2/tags/", origin=OTHER_ALLOWED_ORIGIN)
    assert response.headers["Access-Control-Allow-Origin"] == OTHER_ALLOWED_ORIGIN


def test_preflight_from_disallowed_origin_gets_no_allow_origin(anonymous):
    response = preflight(anonymous, "/api/2/sessions/", origin=EVIL_ORIGIN)
    assert "Access-Control-Allow-Origin" not in response.headers


def test_request_from_disallowed_origin_gets_no_allow_origin(staff):
    response = staff.get("/api/2/tags/", headers={"Origin": EVIL_ORIGIN})
    assert response.status_code == 200 and "Access-Control-Allow-Origin" not in response.headers


def test_request_from_allowed_origin_gets_allow_origin(staff):
    response = staff.get("/api/2/tags/", headers={"Origin": ALLOWED_ORIGIN})
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED_ORIGIN


def test_error_response_to_allowed_origin_carries_cors_headers(anonymous):
    response = anonymous.get("/api/2/tags/", headers={"Origin": ALLOWED_ORIGIN})
    assert response.status_code == 401
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED_ORIGIN
    exposed = {h.strip().lower() for h in response.headers["Access-Control-Expose-Headers"].split(",")}
    assert "www-authenticate" in exposed


# --- no 500 on garbage ------------------------------------------------------------------------------------------

RAW_BODIES = [
    ("application/json", "{"),
    ("application/json", "[" * 100_000),
    ("application/json", '{"a":' * 5_000 + "1" + "}" * 5_000),
    ("application/json", b"\xff\xfe\x00"),
    ("application/json", "null"),
    ("application/json", "[1, 2, 3]"),
    ("application/json", '"\\u0000"'),
    ("application/json", "1e999999"),
    ("application/x-www-form-urlencoded", "%%%=&&=%ZZ"),
    ("application/x-www-form-urlencoded", "project_id=%00&name=%00&device_id=%00"),
    ("multipart/form-data", "--no-boundary--"),
    ("multipart/form-data; boundary=xyz", "--xyz\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n"),
    ("text/plain", "hello"),
    ("application/xml", "<name>x</name>"),
]
GARBAGE_VALUES = [None, "", "\x00", "a\x00b", "x" * 5000, 2**31, -2**31 - 1, 2**63, 10**30, -1, 1e308, -1e308, True,
                  [], {}, [2**31], [None], ["\x00"], {"type": "Point", "coordinates": [1e308, 1e308]}]
GARBAGE_QUERY_VALUES = ["%00", "a%00b", "2147483648", "9223372036854775808", "1" * 40, "-1", "", "1e999", "x" * 3000,
                        "%ff%fe", "true"]


def _other_payloads():
    project = ProjectFactory()
    return {
        "sessions": {"project_id": project.id, "language_id": LanguageFactory().id, "language": "en",
                     "timezone": "-0500", "client_type": "web", "client_system": "linux",
                     "geo_listen_enabled": True, "demo_stream_enabled": False},
        "users": {"device_id": "garbage-device", "client_type": "web", "first_name": "A", "last_name": "B",
                  "email": "a@example.org"},
        "login": {"username": "nobody", "password": "secret"},
    }


@pytest.mark.parametrize("name", LISTABLE + ["login"])
def test_garbage_bodies_never_500(staff, name):
    failures = []
    for content_type, body in RAW_BODIES:
        status, text = status_of(lambda: staff.post(f"/api/2/{name}/", data=body, content_type=content_type))
        if status >= 500:
            failures.append((content_type, str(body)[:40], status, text))
    assert failures == [], "\n".join(map(str, failures))


@pytest.mark.parametrize("name", CONFIG_RESOURCES + ["sessions", "users", "login"])
def test_create_with_one_garbage_field_never_500(staff, name):
    payload = _other_payloads()[name] if name in ("sessions", "users", "login") else create_payload(name)
    failures = []
    for field in payload:
        for value in GARBAGE_VALUES:
            body = {**payload, field: value}
            status, text = status_of(lambda: send_json(staff, "POST", f"/api/2/{name}/", body))
            if status >= 500:
                failures.append((field, repr(value)[:30], status, text))
    assert failures == [], "\n".join(map(str, failures))


@pytest.mark.parametrize("name", CONFIG_RESOURCES)
def test_patch_with_one_garbage_field_never_500(staff, name):
    fields = list(create_payload(name))
    record_id = existing(name).id
    failures = []
    for field in fields:
        for value in GARBAGE_VALUES:
            status, text = status_of(lambda: send_json(staff, "PATCH", f"/api/2/{name}/{record_id}/", {field: value}))
            if status >= 500:
                failures.append((field, repr(value)[:30], status, text))
    assert failures == [], "\n".join(map(str, failures))


def test_out_of_range_ids_never_500(app, staff):
    failures = []
    for template, methods in api_rules(app).items():
        if not CONVERTER.search(template):
            continue
        for record_id in (2**31, 2**63, 10**30):
            for method in sorted(methods):
                path = with_id(template, record_id) + "?session_id=1&latitude=42&longitude=-71"
                status, text = status_of(lambda: staff.open(method, path, json={}))
                if status >= 500:
                    failures.append((method, template, record_id, status, text))
    assert failures == [], "\n".join(map(str, failures))


def test_garbage_query_arguments_never_500(app, staff):
    spec = app.test_client().get("/api/2/openapi.json").json
    failures = []
    for path, operations in spec["paths"].items():
        if "get" not in operations:
            continue
        names = [p["name"] for p in operations["get"].get("parameters", []) if p["in"] == "query"]
        concrete = re.sub(r"\{\w+\}", "1", path)
        for name in names:
            for value in GARBAGE_QUERY_VALUES:
                url = f"{concrete}?{name}={value}"
                status, text = status_of(lambda: staff.get(url))
                if status >= 500:
                    failures.append((url[:80], status, text))
    assert failures == [], "\n".join(map(str, failures))


def test_a_locked_database_is_a_503_with_detail_not_a_500(participant, monkeypatch):
    def locked(*args, **kwargs):
        raise OperationalError("INSERT INTO event", {}, sqlite3.OperationalError("database is locked"))
    monkeypatch.setattr(events, "record_client_event", locked)
    session = SessionFactory(user=participant.user)
    response = participant.post("/api/2/events/", json={"session_id": session.id, "event_type": "start_listen"})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "1"
    assert "try again" in response.json["detail"]
