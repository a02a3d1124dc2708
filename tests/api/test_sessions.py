"""`sessions/`: opening a session (defaults filled by the server), listing with filters, ownership."""
from datetime import datetime, timedelta, timezone as tz

import pytest

from tests.factories import LanguageFactory, ProjectFactory, SessionFactory, UserFactory

SESSION_KEYS = ["id", "device_id", "starttime", "stoptime", "client_type", "client_system", "demo_stream_enabled",
                "geo_listen_enabled", "timezone", "project_id", "language_id"]
TIMEZONE_MESSAGE = "Timezone must be in RFC822 GMT format (e.g. '-0800')"


@pytest.fixture
def project():
    """A project with geo listening on (English is its language)."""
    return ProjectFactory(geo_listen_enabled=True)


def open_session(client, **body):
    return client.post("/api/2/sessions/", json=body)


# --- POST sessions/: bodies -------------------------------------------------------------------------------------

def test_create_returns_200_with_keys_in_roundware_order(participant, project):
    response = open_session(participant, project_id=project.id, timezone="-0500", client_system="capture",
                            language="en-US")
    assert response.status_code == 200
    assert list(response.json) == SESSION_KEYS


def test_create_echoes_given_fields(participant, project, english):
    body = open_session(participant, project_id=project.id, timezone="-0500", client_system="capture",
                        client_type="web", geo_listen_enabled=False, demo_stream_enabled=True).json
    assert body["project_id"] == project.id
    assert body["timezone"] == "-0500"
    assert body["client_system"] == "capture" and body["client_type"] == "web"
    assert body["geo_listen_enabled"] is False and body["demo_stream_enabled"] is True
    assert body["language_id"] == english.id


def test_create_accepts_form_encoded_body(participant, project):
    response = participant.post("/api/2/sessions/", data={"project_id": str(project.id), "timezone": "-0500",
                                                           "geo_listen_enabled": "false"})
    assert response.status_code == 200
    assert response.json["project_id"] == project.id and response.json["timezone"] == "-0500"
    assert response.json["geo_listen_enabled"] is False


def test_create_accepts_multipart_body(participant, project):
    response = participant.post("/api/2/sessions/", data={"project_id": str(project.id), "client_system": "ios"},
                                content_type="multipart/form-data")
    assert response.status_code == 200
    assert response.json["project_id"] == project.id and response.json["client_system"] == "ios"


def test_created_session_is_stored_and_readable(participant, project):
    created = open_session(participant, project_id=project.id, timezone="+0100").json
    response = participant.get(f"/api/2/sessions/{created['id']}/")
    assert response.status_code == 200 and response.json == created


# --- POST sessions/: server-side values and defaults ------------------------------------------------------------

def test_device_id_comes_from_the_user(participant, project):
    body = open_session(participant, project_id=project.id, device_id="spoofed").json
    assert body["device_id"] == participant.user.device_id


def test_starttime_is_set_to_now_in_utc_and_stoptime_is_null(participant, project):
    before = datetime.now(tz.utc).replace(tzinfo=None, microsecond=0)
    body = open_session(participant, project_id=project.id, starttime="2001-01-01T00:00:00").json
    starttime = datetime.fromisoformat(body["starttime"])
    assert starttime.tzinfo is None
    assert before <= starttime <= datetime.now(tz.utc).replace(tzinfo=None) + timedelta(seconds=1)
    assert body["stoptime"] is None


def test_language_code_with_region_is_stripped(participant, project, english, spanish):
    assert open_session(participant, project_id=project.id, language="es-MX").json["language_id"] == spanish.id


def test_language_code_with_underscore_region_is_stripped(participant, project, english, spanish):
    assert open_session(participant, project_id=project.id, language="es_AR").json["language_id"] == spanish.id


def test_unknown_language_code_falls_back_to_english(participant, project, english, spanish):
    response = open_session(participant, project_id=project.id, language="xx-YY")
    assert response.status_code == 200 and response.json["language_id"] == english.id


def test_language_id_is_used_without_a_code(participant, project, english, spanish):
    assert open_session(participant, project_id=project.id, language_id=spanish.id).json["language_id"] == spanish.id


def test_language_code_takes_precedence_over_language_id(participant, project, english, spanish):
    body = open_session(participant, project_id=project.id, language="en", language_id=spanish.id).json
    assert body["language_id"] == english.id


def test_language_defaults_to_english(participant, project, spanish, english):
    assert open_session(participant, project_id=project.id).json["language_id"] == english.id


def test_timezone_defaults_to_0000(participant, project):
    assert open_session(participant, project_id=project.id).json["timezone"] == "0000"


def test_null_timezone_defaults_to_0000(participant, project):
    assert open_session(participant, project_id=project.id, timezone=None).json["timezone"] == "0000"


@pytest.mark.parametrize("timezone", ["-0800", "+0530", "0100"])
def test_rfc822_timezones_are_accepted(participant, project, timezone):
    assert open_session(participant, project_id=project.id, timezone=timezone).json["timezone"] == timezone


@pytest.mark.parametrize("timezone", ["EST", "-08:00", "08000", "+8", ""])
def test_invalid_timezone_is_400_with_rfc822_message(participant, project, timezone):
    response = open_session(participant, project_id=project.id, timezone=timezone)
    assert response.status_code == 400
    assert response.json["timezone"] == [TIMEZONE_MESSAGE]
    assert TIMEZONE_MESSAGE in response.json["detail"]


def test_geo_listen_enabled_defaults_to_projects_false(participant):
    project = ProjectFactory(geo_listen_enabled=False)
    assert open_session(participant, project_id=project.id).json["geo_listen_enabled"] is False


def test_geo_listen_enabled_defaults_to_projects_true(participant):
    project = ProjectFactory(geo_listen_enabled=True)
    assert open_session(participant, project_id=project.id).json["geo_listen_enabled"] is True


def test_geo_listen_enabled_given_overrides_project(participant):
    project = ProjectFactory(geo_listen_enabled=False)
    assert open_session(participant, project_id=project.id, geo_listen_enabled=True).json["geo_listen_enabled"] is True


def test_demo_stream_enabled_defaults_to_false_even_if_project_has_demo(participant):
    project = ProjectFactory(demo_stream_enabled=True)
    assert open_session(participant, project_id=project.id).json["demo_stream_enabled"] is False


def test_demo_stream_enabled_can_be_set(participant, project):
    body = open_session(participant, project_id=project.id, demo_stream_enabled=True).json
    assert body["demo_stream_enabled"] is True


def test_client_type_defaults_to_the_users(client_for, project):
    client = client_for(UserFactory(client_type="android"))
    assert open_session(client, project_id=project.id).json["client_type"] == "android"


def test_client_type_given_overrides_the_users(client_for, project):
    client = client_for(UserFactory(client_type="android"))
    assert open_session(client, project_id=project.id, client_type="iPhone").json["client_type"] == "iPhone"


def test_client_system_defaults_to_null(participant, project):
    assert open_session(participant, project_id=project.id).json["client_system"] is None


def test_session_belongs_to_the_caller(participant, project):
    created = open_session(participant, project_id=project.id).json
    assert [s["id"] for s in participant.get("/api/2/sessions/").json] == [created["id"]]


# --- POST sessions/: bad input ----------------------------------------------------------------------------------

def test_missing_project_id_is_400(participant):
    response = open_session(participant, timezone="-0500")
    assert response.status_code == 400
    assert response.json["project_id"] == ["Missing data for required field."]
    assert "project_id" in response.json["detail"]


def test_unknown_project_is_400_naming_project_id(participant, project):
    response = open_session(participant, project_id=project.id + 1000)
    assert response.status_code == 400
    assert set(response.json) == {"detail", "project_id"}
    assert isinstance(response.json["project_id"], list) and response.json["project_id"]


def test_unknown_language_id_is_400(participant, project, english):
    response = open_session(participant, project_id=project.id, language_id=english.id + 1000)
    assert response.status_code == 400
    assert response.json["language_id"] == [f"Language Code {english.id + 1000} not found"]


@pytest.mark.parametrize("field, value", [
    ("project_id", "abc"),
    ("project_id", True),
    ("project_id", [1]),
    ("language_id", "en"),
    ("geo_listen_enabled", "maybe"),
    ("demo_stream_enabled", {"a": 1}),
    ("timezone", -500),
    ("client_type", ["web"]),
    ("client_system", "x" * 129),
])
def test_wrong_types_are_400_naming_the_field(participant, project, field, value):
    body = {"project_id": project.id, field: value}
    response = participant.post("/api/2/sessions/", json=body)
    assert response.status_code == 400
    assert isinstance(response.json[field], list)
    assert field in response.json["detail"]


def test_invalid_input_creates_nothing(participant, project, staff):
    open_session(participant, project_id=project.id, timezone="EST")
    assert staff.get("/api/2/sessions/").json == []


def test_create_without_token_is_401(anonymous, project):
    response = open_session(anonymous, project_id=project.id)
    assert response.status_code == 401
    assert response.json == {"detail": "Authentication credentials were not provided."}


def test_list_without_token_is_401(anonymous):
    SessionFactory()
    assert anonymous.get("/api/2/sessions/").status_code == 401


def test_read_without_token_is_401(anonymous):
    session = SessionFactory()
    assert anonymous.get(f"/api/2/sessions/{session.id}/").status_code == 401


# --- GET sessions/: filters -------------------------------------------------------------------------------------

@pytest.fixture
def two_sessions():
    """Two sessions that differ in every filterable field: (first, second)."""
    english, spanish = LanguageFactory(language_code="en"), LanguageFactory(language_code="es")
    first = SessionFactory(project=ProjectFactory(), language=english, geo_listen_enabled=True,
                           demo_stream_enabled=False, client_type="web", client_system="linux", timezone="0000")
    second = SessionFactory(project=ProjectFactory(), language=spanish, geo_listen_enabled=False,
                            demo_stream_enabled=True, client_type="iPhone", client_system="iOS 17",
                            timezone="-0500")
    return first, second


@pytest.mark.parametrize("query, expected", [
    (lambda s: f"project_id={s.project_id}", 1),
    (lambda s: f"language_id={s.language_id}", 1),
    (lambda s: "language=es", 1),
    (lambda s: "language=en", 0),
    (lambda s: "geo_listen_enabled=false", 1),
    (lambda s: "geo_listen_enabled=true", 0),
    (lambda s: "demo_stream_enabled=true", 1),
    (lambda s: "demo_stream_enabled=0", 0),
    (lambda s: f"device_id={s.device_id}", 1),
    (lambda s: "client_type=iPhone", 1),
    (lambda s: "client_system=iOS%2017", 1),
    (lambda s: "timezone=-0500", 1),
    (lambda s: "timezone=0000", 0),
], ids=["project_id", "language_id", "language-es", "language-en", "geo_listen-false", "geo_listen-true",
        "demo-true", "demo-0", "device_id", "client_type", "client_system", "timezone-0500", "timezone-0000"])
def test_list_filter_selects_matching_sessions(staff, two_sessions, query, expected):
    target = two_sessions[expected]
    response = staff.get(f"/api/2/sessions/?{query(two_sessions[1])}")
    assert response.status_code == 200
    assert [s["id"] for s in response.json] == [target.id]


def test_list_filters_combine(staff, two_sessions):
    first, second = two_sessions
    response = staff.get(f"/api/2/sessions/?project_id={second.project_id}&client_type=web")
    assert response.json == []


def test_list_filter_with_wrong_type_is_400(staff, two_sessions):
    response = staff.get("/api/2/sessions/?project_id=abc")
    assert response.status_code == 400 and "project_id" in response.json


def test_list_items_have_session_keys(staff, two_sessions):
    assert [list(s) for s in staff.get("/api/2/sessions/").json] == [SESSION_KEYS, SESSION_KEYS]


# --- ownership --------------------------------------------------------------------------------------------------

def test_participant_lists_only_own_sessions(participant):
    own = SessionFactory(user=participant.user)
    SessionFactory()
    assert [s["id"] for s in participant.get("/api/2/sessions/").json] == [own.id]


def test_participant_filter_cannot_reach_others_sessions(participant):
    SessionFactory(user=participant.user)
    other = SessionFactory()
    assert participant.get(f"/api/2/sessions/?project_id={other.project_id}").json == []


def test_participant_reads_own_session(participant):
    own = SessionFactory(user=participant.user)
    response = participant.get(f"/api/2/sessions/{own.id}/")
    assert response.status_code == 200 and response.json["id"] == own.id


def test_participant_gets_404_for_anothers_session(participant):
    other = SessionFactory()
    response = participant.get(f"/api/2/sessions/{other.id}/")
    assert response.status_code == 404 and response.json == {"detail": "Not found."}


def test_staff_lists_all_sessions(staff):
    sessions = [SessionFactory(), SessionFactory(), SessionFactory(user=staff.user)]
    assert [s["id"] for s in staff.get("/api/2/sessions/").json] == [s.id for s in sessions]


def test_staff_reads_anothers_session(staff):
    other = SessionFactory()
    response = staff.get(f"/api/2/sessions/{other.id}/")
    assert response.status_code == 200 and response.json["device_id"] == other.device_id


def test_unknown_session_is_404(staff):
    response = staff.get("/api/2/sessions/4242/")
    assert response.status_code == 404 and response.json == {"detail": "Not found."}


# --- no PATCH / DELETE / PUT ------------------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["PATCH", "DELETE", "PUT"])
def test_item_write_methods_are_405_with_allow(staff, method):
    session = SessionFactory()
    response = staff.open(method, f"/api/2/sessions/{session.id}/", json={"timezone": "-0100"})
    assert response.status_code == 405
    allowed = {m.strip() for m in response.headers["Allow"].split(",")}
    assert "GET" in allowed and method not in allowed
    assert response.json == {"detail": f'Method "{method}" not allowed.'}


def test_rejected_patch_leaves_session_unchanged(staff):
    session = SessionFactory(timezone="0000")
    staff.patch(f"/api/2/sessions/{session.id}/", json={"timezone": "-0100"})
    assert staff.get(f"/api/2/sessions/{session.id}/").json["timezone"] == "0000"


@pytest.mark.parametrize("method", ["PATCH", "DELETE", "PUT"])
def test_collection_write_methods_are_405_with_allow(staff, method):
    response = staff.open(method, "/api/2/sessions/", json={})
    assert response.status_code == 405
    allowed = {m.strip() for m in response.headers["Allow"].split(",")}
    assert {"GET", "POST"} <= allowed and method not in allowed
