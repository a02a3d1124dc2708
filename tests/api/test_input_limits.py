"""Bounded input: dates at the edges of the calendar, deeply nested JSON, oversize bodies and oversize texts
are a 4xx with `{"detail"}` naming what is wrong, never a 500, and store nothing."""
import io
from datetime import datetime
from urllib.parse import urlencode

import pytest
from marshmallow import fields, validate
from sqlalchemy import func, select

from rwflask.extensions import db
from rwflask.models import Event, ListenEvent, LocalizedString, Tag, TagCategory
from rwflask.models.base import utcnow
from rwflask.schemas.fields import MAX_IDS, TimePrefix
from rwflask.web.limits import MAX_JSON_DEPTH
from tests.factories import AssetFactory, LanguageFactory, ProjectFactory, SessionFactory
from tests.support.uploads import patch_upload

DEEP = 400  # deeper than a recursive walk gets through marshmallow's frames (about 330 levels)


def input_fields(app):
    """(method, rule, field name, field) of every field a client can send, query or body, on every endpoint."""
    found = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        view_class = getattr(view, "view_class", None)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            handler = getattr(view_class, method.lower(), None) if view_class else view
            for parameters in getattr(handler, "_apidoc", {}).get("arguments", {}).get("parameters", []):
                found.extend((method, rule.rule, name, field) for name, field in parameters["schema"].fields.items()
                             if not field.dump_only)
    return found


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def nested(depth: int) -> str:
    """JSON text of arrays nested `depth` levels deep."""
    return "[" * depth + "]" * depth


def post_json_text(client, path, text):
    return client.post(path, data=text, content_type="application/json")


def send(client, method, path, location, payload):
    if location == "query":
        return client.open(method, f"{path}?{urlencode(payload)}")
    return client.open(method, path, json=payload)


# --- dates out of range or malformed ---------------------------------------------------------------------------

DATE_INPUTS = [  # (method, rule, field, location, path)
    *[("GET", "/api/2/assets/", f, "query", "/api/2/assets/")
      for f in ("created__lte", "created__gte", "updated__lte", "updated__gte")],
    *[("GET", "/api/2/assets/random/", f, "query", "/api/2/assets/random/")
      for f in ("created__lte", "created__gte", "updated__lte", "updated__gte")],
    *[("GET", "/api/2/projects/<int:record_id>/assets/", f, "query", "/api/2/projects/1/assets/")
      for f in ("created__lte", "created__gte", "updated__lte", "updated__gte")],
    *[("GET", "/api/2/events/", f, "query", "/api/2/events/") for f in ("server_time", "server_time__lt",
                                                                          "server_time__gt")],
    *[("GET", "/api/2/listenevents/", f, "query", "/api/2/listenevents/") for f in ("start_time__lte",
                                                                                      "start_time__gte")],
    ("POST", "/api/2/listenevents/", "starttime", "body", "/api/2/listenevents/"),
    ("PATCH", "/api/2/listenevents/<int:event_id>/", "starttime", "body", "/api/2/listenevents/1/"),
    ("POST", "/api/2/projects/", "pub_date", "body", "/api/2/projects/"),
    ("PATCH", "/api/2/projects/<int:record_id>/", "pub_date", "body", "/api/2/projects/1/"),
]
BAD_DATES = ["9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00", "10000-01-01T00:00:00", "2026-13-01T00:00:00",
             "yesterday"]


def test_every_date_input_is_covered(app):
    dated = {(method, rule, name) for method, rule, name, field in input_fields(app)
             if isinstance(field, (fields.DateTime, fields.Date, TimePrefix))}
    assert dated == {entry[:3] for entry in DATE_INPUTS}


@pytest.mark.parametrize("value", BAD_DATES)
@pytest.mark.parametrize("method, rule, field, location, path", DATE_INPUTS,
                         ids=[f"{method} {rule} {field}" for method, rule, field, _, _ in DATE_INPUTS])
def test_date_beyond_the_calendar_is_400_naming_the_field(staff, method, rule, field, location, path, value):
    response = send(staff, method, path, location, {field: value})

    assert response.status_code == 400, response.json
    assert field in response.json and response.json["detail"]


def test_date_overflowing_utc_in_a_listen_event_stores_nothing(participant):
    session = SessionFactory(user=participant.user)
    asset = AssetFactory(project_id=session.project_id)

    response = participant.post("/api/2/listenevents/", json={"session_id": session.id, "asset_id": asset.id,
                                                              "starttime": "9999-12-31T23:59:59-01:00"})

    assert response.status_code == 400 and "starttime" in response.json
    assert count(ListenEvent) == 0


def test_time_prefix_of_the_last_representable_year_filters_events(participant):
    session = SessionFactory(user=participant.user)
    late = Event(session_id=session.id, event_type="late", server_time=datetime(9999, 12, 31, 23, 59))
    db.session.add_all([late, Event(session_id=session.id, event_type="now", server_time=utcnow())])
    db.session.commit()

    response = participant.get("/api/2/events/?server_time=9999")

    assert response.status_code == 200 and [e["id"] for e in response.json] == [late.id]


# --- nesting ---------------------------------------------------------------------------------------------------

def test_deeply_nested_json_without_token_is_400(anonymous):
    response = post_json_text(anonymous, "/api/2/users/", '{"a":' * DEEP + "1" + "}" * DEEP)

    assert response.status_code == 400
    assert response.json == {"detail": f"JSON body nested deeper than {MAX_JSON_DEPTH} levels."}


def test_deeply_nested_event_data_is_400_and_stores_nothing(participant):
    session = SessionFactory(user=participant.user)
    text = f'{{"session_id": {session.id}, "event_type": "deep", "data": {nested(DEEP)}}}'

    response = post_json_text(participant, "/api/2/events/", text)

    assert response.status_code == 400 and "nested deeper" in response.json["detail"]
    assert count(Event) == 0


def test_json_one_level_past_the_limit_is_400(anonymous):
    text = f'{{"device_id": "nested-device", "client_type": {nested(MAX_JSON_DEPTH)}}}'

    response = post_json_text(anonymous, "/api/2/users/", text)

    assert response.status_code == 400 and "nested deeper" in response.json["detail"]


def test_json_nested_to_the_limit_is_accepted(participant):
    session = SessionFactory(user=participant.user)
    text = f'{{"session_id": {session.id}, "event_type": "deep", "data": {nested(MAX_JSON_DEPTH - 1)}}}'

    response = post_json_text(participant, "/api/2/events/", text)

    assert response.status_code == 200, response.json


@pytest.mark.parametrize("shape", [nested(5000), '{"type": ' * DEEP + "1" + "}" * DEEP,
                                   '{"type": "Polygon", "coordinates": ' + nested(DEEP) + "}"],
                         ids=["arrays", "objects", "coordinates"])
def test_deeply_nested_geojson_text_is_400_naming_the_field(staff, shape):
    response = staff.post("/api/2/speakers/", data={"shape": shape})

    assert response.status_code == 400 and "shape" in response.json


# --- body size -------------------------------------------------------------------------------------------------

def test_json_body_over_the_limit_is_413_and_stores_nothing(app, participant):
    session = SessionFactory(user=participant.user)
    data = "x" * app.config["MAX_JSON_BODY_BYTES"]

    response = participant.post("/api/2/events/", json={"session_id": session.id, "event_type": "big", "data": data})

    assert response.status_code == 413 and "1 MB" in response.json["detail"]
    assert count(Event) == 0


def test_form_body_over_the_limit_is_413(app, participant):
    session = SessionFactory(user=participant.user)
    data = "x" * app.config["MAX_JSON_BODY_BYTES"]

    response = participant.post("/api/2/events/", data={"session_id": session.id, "event_type": "big", "data": data})

    assert response.status_code == 413 and response.json["detail"]
    assert count(Event) == 0


def test_oversize_body_without_token_is_413(app, anonymous):
    response = anonymous.post("/api/2/events/", json={"data": "x" * app.config["MAX_JSON_BODY_BYTES"]})

    assert response.status_code == 413 and response.json["detail"]


def post_unsized(client, path, body: bytes, content_type: str):
    """POST `body` without Content-Length (chunked), through a server that terminates the stream."""
    return client.client.post(path, input_stream=io.BytesIO(body), content_type=content_type,
                              headers={"Transfer-Encoding": "chunked", **client.headers},
                              environ_overrides={"CONTENT_LENGTH": "", "wsgi.input_terminated": True})


def test_json_body_without_length_over_the_limit_is_413(app, anonymous):
    body = b'{"device_id": "' + b"x" * app.config["MAX_JSON_BODY_BYTES"] + b'"}'

    response = post_unsized(anonymous, "/api/2/users/", body, "application/json")

    assert response.status_code == 413 and response.json["detail"]


def test_form_body_without_length_over_the_limit_is_413_not_cut(app, participant):
    session = SessionFactory(user=participant.user)
    padding = b"x" * app.config["MAX_JSON_BODY_BYTES"]
    body = b"data=" + padding + f"&session_id={session.id}&event_type=cut".encode()

    response = post_unsized(participant, "/api/2/events/", body, "application/x-www-form-urlencoded")

    assert response.status_code == 413 and response.json["detail"]
    assert count(Event) == 0


def test_json_body_without_length_within_the_limit_is_read_whole(anonymous):
    response = post_unsized(anonymous, "/api/2/users/", b'{"device_id": "unsized-device"}', "application/json")

    assert response.status_code == 200 and response.json["device_id"] == "unsized-device"


def test_json_body_limit_follows_the_configuration(app, participant, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_JSON_BODY_BYTES", 1024)
    session = SessionFactory(user=participant.user)

    body = {"session_id": session.id, "event_type": "e", "data": "x" * 2000}

    response = participant.post("/api/2/events/", json=body)

    assert response.status_code == 413 and "1 KB" in response.json["detail"]


def test_multipart_body_over_the_upload_limit_is_413_json(app, participant, envelope, private_media_root, wav,
                                                          monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 4096)

    response = patch_upload(participant, envelope.id, wav)

    assert response.status_code == 413 and "Multipart" in response.json["detail"]


def test_upload_may_exceed_the_json_body_limit(app, participant, envelope, private_media_root, wav, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_JSON_BODY_BYTES", 1024)

    response = patch_upload(participant, envelope.id, wav)

    assert response.status_code == 200, response.json


# --- text lengths ----------------------------------------------------------------------------------------------

BOUNDING_VALIDATORS = (validate.OneOf, validate.Regexp, validate.Equal)


def _bounded(field) -> bool:
    return any(isinstance(v, BOUNDING_VALIDATORS) or (isinstance(v, validate.Length) and (v.max or v.equal) is not None)
               for v in field.validators)


def test_every_text_input_has_a_length_limit(app):
    unbounded = sorted({(method, rule, name) for method, rule, name, field in input_fields(app)
                        if isinstance(field, (fields.String, fields.Raw)) and not _bounded(field)})
    assert unbounded == []


def _session(client):
    return SessionFactory(user=client.user)


OVERSIZE = [  # (client, method, path, location, payload builder, field)
    ("anonymous", "POST", "/api/2/users/", "body", lambda c: {"device_id": "d" * 256}, "device_id"),
    ("anonymous", "POST", "/api/2/users/", "body", lambda c: {"device_id": "d", "client_system": "s" * 256},
     "client_system"),
    ("anonymous", "POST", "/api/2/users/", "body", lambda c: {"device_id": "d", "email": "e" * 250 + "@example.org"},
     "email"),
    ("staff", "GET", "/api/2/users/", "query", lambda c: {"email": "e" * 255}, "email"),
    ("anonymous", "POST", "/api/2/login/", "body", lambda c: {"username": "u", "password": "p" * 4097}, "password"),
    ("participant", "POST", "/api/2/sessions/", "body",
     lambda c: {"project_id": ProjectFactory().id, "language": "l" * 36}, "language"),
    ("participant", "GET", "/api/2/sessions/", "query", lambda c: {"device_id": "d" * 256}, "device_id"),
    ("participant", "POST", "/api/2/events/", "body",
     lambda c: {"session_id": _session(c).id, "event_type": "e", "data": "x" * 65537}, "data"),
    ("participant", "POST", "/api/2/events/", "body",
     lambda c: {"session_id": _session(c).id, "event_type": "e", "data": {"k": "x" * 65530}}, "data"),
    ("participant", "POST", "/api/2/events/", "body",
     lambda c: {"session_id": _session(c).id, "event_type": "e", "tag_ids": "1," * 2049}, "tag_ids"),
    ("participant", "GET", "/api/2/events/", "query", lambda c: {"event_type": "e" * 51}, "event_type"),
    ("staff", "GET", "/api/2/projects/", "query", lambda c: {"name": "n" * 51}, "name"),
    ("staff", "GET", "/api/2/projects/", "query", lambda c: {"admin": "a" * 65}, "admin"),
    ("staff", "POST", "/api/2/projectgroups/", "body", lambda c: {"name": "g", "description": "d" * 2049},
     "description"),
    ("staff", "GET", "/api/2/languages/", "query", lambda c: {"name": "n" * 21}, "name"),
    ("staff", "POST", "/api/2/localizedstrings/", "body",
     lambda c: {"text": "t" * 65537, "language_id": LanguageFactory().id}, "text"),
    ("staff", "GET", "/api/2/localizedstrings/", "query", lambda c: {"localized_string": "t" * 2049},
     "localized_string"),
    ("staff", "POST", "/api/2/tagcategories/", "body", lambda c: {"name": "c", "data": "d" * 65537}, "data"),
    ("staff", "POST", "/api/2/tags/", "body", lambda c: {"value": "v" * 2049}, "value"),
    ("staff", "POST", "/api/2/tags/", "body", lambda c: {"value": "v", "description": "d" * 2049}, "description"),
    ("staff", "POST", "/api/2/tags/", "body", lambda c: {"value": "v", "data": "d" * 65537}, "data"),
    ("staff", "GET", "/api/2/tags/", "query", lambda c: {"data": "d" * 2049}, "data"),
    ("staff", "GET", "/api/2/uigroups/", "query", lambda c: {"name": "n" * 51}, "name"),
    ("participant", "PATCH", "/api/2/streams/{session}/", "body", lambda c: {"language": "l" * 36}, "language"),
    ("participant", "PATCH", "/api/2/assets/{asset}/", "body", lambda c: {"description": "d" * 2049},
     "description"),
    ("participant", "GET", "/api/2/assets/", "query", lambda c: {"user_str": "u" * 255}, "user_str"),
    ("participant", "GET", "/api/2/assets/", "query", lambda c: {"text_filter": "t" * 2049}, "text_filter"),
    ("participant", "GET", "/api/2/assets/", "query",
     lambda c: {"tag_ids": ",".join(map(str, range(1, MAX_IDS + 2)))}, "tag_ids"),
]


@pytest.mark.parametrize("who, method, path, location, payload, field", OVERSIZE,
                         ids=[f"{m} {p.split('/')[3]} {f}" for _, m, p, _, _, f in OVERSIZE])
def test_oversize_text_is_400_naming_the_field(request, who, method, path, location, payload, field):
    client = request.getfixturevalue(who)
    if "{" in path:
        session = SessionFactory(user=client.user)
        asset = AssetFactory(project_id=session.project_id, session_id=session.id, user_id=client.user.id)
        path = path.format(session=session.id, asset=asset.id)
    counts = [count(model) for model in (Event, LocalizedString, Tag, TagCategory)]

    response = send(client, method, path, location, payload(client))

    assert response.status_code == 400, response.json
    assert field in response.json and response.json["detail"]
    assert [count(model) for model in (Event, LocalizedString, Tag, TagCategory)] == counts
