"""`projects/`: list, staff writes, the session-localized detail, and the per-project tags and uigroups."""
from datetime import datetime, timedelta, timezone

import pytest

from rwflask.extensions import db
from rwflask.models import Language, Project, Session, UIGroup
from tests.factories import ProjectFactory, SessionFactory, TagFactory, UIGroupFactory, UIItemFactory, text_in

MODEL_KEYS = [
    "id", "name", "owner", "latitude", "longitude", "pub_date", "audio_format", "auto_submit",
    "max_recording_length", "listen_questions_dynamic", "speak_questions_dynamic", "sharing_url",
    "out_of_range_url", "recording_radius", "listen_enabled", "geo_listen_enabled", "speak_enabled",
    "geo_speak_enabled", "reset_tag_defaults_on_startup", "timed_asset_priority", "repeat_mode", "files_url",
    "files_version", "audio_stream_bitrate", "ordering", "demo_stream_enabled", "demo_stream_url",
    "out_of_range_distance",
]
ADMIN_KEYS = ["demo_stream_message_loc_admin", "legal_agreement_loc_admin", "sharing_message_loc_admin",
              "out_of_range_message_loc_admin", "description_loc_admin"]
LOCALIZED_KEYS = ["demo_stream_message", "legal_agreement", "description", "sharing_message",
                  "out_of_range_message", "language_ids"]
MESSAGES = ("sharing_message", "out_of_range_message", "description", "legal_agreement", "demo_stream_message")
FLAGS = ("listen_enabled", "geo_listen_enabled", "speak_enabled", "geo_speak_enabled")


def project_with_messages(english, spanish, **kwargs):
    """A project whose five messages exist in Spanish and English (Spanish string first)."""
    messages = {f"{name}_loc": [text_in(spanish, f"{name} es"), text_in(english, f"{name} en")]
                for name in MESSAGES}
    return ProjectFactory(languages=[english, spanish], **{**messages, **kwargs})


def only(flag, value):
    """The four flags set to `not value`, except `flag` set to `value`."""
    return {**{f: not value for f in FLAGS}, flag: value}


def valid_payload(language_ids, **extra):
    """The smallest valid body of `POST projects/`."""
    return {"name": "New project", "latitude": 42.35, "longitude": -71.06, "max_recording_length": 45,
            "sharing_url": "http://example.org/s", "out_of_range_url": "http://example.org/oor.mp3",
            "language_ids": language_ids, **extra}


# --- list ---------------------------------------------------------------------------------------------

def test_list_is_bare_array_of_all_projects_in_id_order(participant):
    first, second = ProjectFactory(), ProjectFactory()
    response = participant.get("/api/2/projects/")
    assert response.status_code == 200
    assert [p["id"] for p in response.json] == [first.id, second.id]


def test_list_renders_messages_in_english(participant, english, spanish):
    project_with_messages(english, spanish)
    body = participant.get("/api/2/projects/").json
    assert {name: body[0][name] for name in MESSAGES} == {name: f"{name} en" for name in MESSAGES}


def test_list_renders_missing_english_message_as_null(participant, english, spanish):
    ProjectFactory(sharing_message_loc=[text_in(spanish, "solo español")])
    assert participant.get("/api/2/projects/").json[0]["sharing_message"] is None


def test_list_requires_a_token(anonymous):
    ProjectFactory()
    assert anonymous.get("/api/2/projects/").status_code == 401


def test_list_filters_name_by_case_insensitive_substring(participant):
    wanted = ProjectFactory(name="Boston Common Walk")
    ProjectFactory(name="Harbor")
    response = participant.get("/api/2/projects/?name=COMMON")
    assert [p["id"] for p in response.json] == [wanted.id]


@pytest.mark.parametrize("flag", FLAGS)
def test_list_filters_boolean_flag_true(participant, flag):
    on = ProjectFactory(**only(flag, True))
    ProjectFactory(**only(flag, False))
    assert [p["id"] for p in participant.get(f"/api/2/projects/?{flag}=true").json] == [on.id]


@pytest.mark.parametrize("flag", FLAGS)
def test_list_filters_boolean_flag_false(participant, flag):
    ProjectFactory(**only(flag, True))
    off = ProjectFactory(**only(flag, False))
    assert [p["id"] for p in participant.get(f"/api/2/projects/?{flag}=0").json] == [off.id]


@pytest.mark.parametrize("flag", FLAGS)
def test_list_invalid_boolean_filter_is_400_naming_it(participant, flag):
    ProjectFactory()
    response = participant.get(f"/api/2/projects/?{flag}=maybe")
    assert response.status_code == 400
    assert flag in response.json and flag in response.json["detail"]


# --- create -------------------------------------------------------------------------------------------

def test_create_as_staff_returns_200_with_the_stored_project(staff, english):
    response = staff.post("/api/2/projects/", json=valid_payload([english.id]))
    assert response.status_code == 200
    body = response.json
    stored = db.session.get(Project, body["id"])
    assert stored is not None and stored.name == "New project"
    assert (body["name"], body["latitude"], body["longitude"], body["max_recording_length"]) == \
        ("New project", 42.35, -71.06, 45)
    assert body["language_ids"] == [english.id]


def test_create_as_participant_is_403(participant, english):
    response = participant.post("/api/2/projects/", json=valid_payload([english.id]))
    assert response.status_code == 403
    assert db.session.scalars(db.select(Project)).all() == []


@pytest.mark.parametrize("field", ["name", "latitude", "longitude", "max_recording_length", "sharing_url",
                                   "out_of_range_url", "language_ids"])
def test_create_without_required_field_is_400_naming_it(staff, english, field):
    payload = valid_payload([english.id])
    del payload[field]
    response = staff.post("/api/2/projects/", json=payload)
    assert response.status_code == 400
    assert field in response.json and field in response.json["detail"]


def test_create_with_empty_language_ids_is_400(staff, english):
    response = staff.post("/api/2/projects/", json=valid_payload([]))
    assert response.status_code == 400 and "language_ids" in response.json


def test_create_with_unknown_language_id_is_400_naming_language_ids(staff, english):
    response = staff.post("/api/2/projects/", json=valid_payload([english.id, english.id + 999]))
    assert response.status_code == 400
    assert "language_ids" in response.json and "language_ids" in response.json["detail"]
    assert db.session.scalars(db.select(Project)).all() == []


def test_create_sets_pub_date_to_now(staff, english):
    before = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
    body = staff.post("/api/2/projects/", json=valid_payload([english.id])).json
    after = datetime.now(timezone.utc).replace(tzinfo=None) + timedelta(seconds=1)
    pub_date = datetime.fromisoformat(body["pub_date"])
    assert pub_date.tzinfo is None and before <= pub_date <= after


@pytest.mark.parametrize("field, default", [
    ("audio_format", "mp3"), ("out_of_range_distance", 1000.0), ("timed_asset_priority", True),
    ("repeat_mode", "stop"), ("ordering", "random"), ("audio_stream_bitrate", "128"),
])
def test_create_applies_default(staff, english, field, default):
    body = staff.post("/api/2/projects/", json=valid_payload([english.id])).json
    assert body[field] == default and type(body[field]) is type(default)


def test_create_keeps_given_pub_date(staff, english):
    payload = valid_payload([english.id], pub_date="2011-12-06T16:06:32")
    assert staff.post("/api/2/projects/", json=payload).json["pub_date"] == "2011-12-06T16:06:32"


@pytest.mark.parametrize("name", MESSAGES)
def test_create_accepts_message_loc_id_list(staff, english, spanish, name):
    strings = [text_in(spanish, "hola"), text_in(english, "hello")]
    payload = valid_payload([english.id], **{f"{name}_loc": [s.id for s in strings]})
    response = staff.post("/api/2/projects/", json=payload)
    assert response.status_code == 200 and response.json[name] == "hello"
    stored = db.session.get(Project, response.json["id"])
    assert [s.id for s in getattr(stored, f"{name}_loc")] == [s.id for s in strings]


@pytest.mark.parametrize("name", MESSAGES)
def test_create_accepts_message_loc_ids_alias(staff, english, name):
    string = text_in(english, "hello")
    response = staff.post("/api/2/projects/", json=valid_payload([english.id], **{f"{name}_loc_ids": [string.id]}))
    assert response.status_code == 200 and response.json[name] == "hello"


def test_create_with_unknown_localized_string_id_is_400_naming_the_field(staff, english):
    string = text_in(english, "hello")
    response = staff.post("/api/2/projects/", json=valid_payload([english.id], sharing_message_loc=[string.id + 50]))
    assert response.status_code == 400 and "sharing_message_loc" in response.json


@pytest.mark.parametrize("field, value", [("repeat_mode", "loop"), ("ordering", "alphabetical"),
                                          ("audio_stream_bitrate", "100")])
def test_create_with_value_outside_choices_is_400(staff, english, field, value):
    response = staff.post("/api/2/projects/", json=valid_payload([english.id], **{field: value}))
    assert response.status_code == 400 and field in response.json


@pytest.mark.parametrize("field, value", [("repeat_mode", "continuous"), ("ordering", "by_weight"),
                                          ("audio_stream_bitrate", "320")])
def test_create_accepts_value_inside_choices(staff, english, field, value):
    response = staff.post("/api/2/projects/", json=valid_payload([english.id], **{field: value}))
    assert response.status_code == 200 and response.json[field] == value


def test_create_accepts_numeric_bitrate_and_returns_a_string(staff, english):
    response = staff.post("/api/2/projects/", json=valid_payload([english.id], audio_stream_bitrate=192))
    assert response.status_code == 200 and response.json["audio_stream_bitrate"] == "192"


# --- patch / delete -----------------------------------------------------------------------------------

def test_patch_changes_only_given_fields(staff):
    project = ProjectFactory(name="Old", max_recording_length=30)
    response = staff.patch(f"/api/2/projects/{project.id}/", json={"name": "Renamed"})
    assert response.status_code == 200
    assert response.json["name"] == "Renamed" and response.json["max_recording_length"] == 30
    db.session.expire_all()
    assert db.session.get(Project, project.id).name == "Renamed"


def test_patch_replaces_language_ids(staff, english, spanish):
    project = ProjectFactory(languages=[english])
    response = staff.patch(f"/api/2/projects/{project.id}/", json={"language_ids": [spanish.id]})
    assert response.status_code == 200 and response.json["language_ids"] == [spanish.id]


def test_patch_with_empty_language_ids_is_400(staff, english):
    project = ProjectFactory(languages=[english])
    response = staff.patch(f"/api/2/projects/{project.id}/", json={"language_ids": []})
    assert response.status_code == 400 and "language_ids" in response.json


def test_patch_replaces_localized_message(staff, english):
    project = ProjectFactory(sharing_message_loc=[text_in(english, "before")])
    after = text_in(english, "after")
    response = staff.patch(f"/api/2/projects/{project.id}/", json={"sharing_message_loc_ids": [after.id]})
    assert response.status_code == 200 and response.json["sharing_message"] == "after"


def test_patch_with_value_outside_choices_is_400(staff):
    project = ProjectFactory()
    response = staff.patch(f"/api/2/projects/{project.id}/", json={"ordering": "newest"})
    assert response.status_code == 400 and "ordering" in response.json


def test_patch_as_participant_is_403(participant):
    project = ProjectFactory(name="Old")
    assert participant.patch(f"/api/2/projects/{project.id}/", json={"name": "X"}).status_code == 403
    db.session.expire_all()
    assert db.session.get(Project, project.id).name == "Old"


def test_patch_unknown_project_is_404(staff):
    assert staff.patch("/api/2/projects/999/", json={"name": "X"}).status_code == 404


def test_delete_as_staff_is_204_and_removes_the_project(staff):
    project = ProjectFactory()
    response = staff.delete(f"/api/2/projects/{project.id}/")
    assert response.status_code == 204 and response.data == b""
    db.session.expire_all()
    assert db.session.get(Project, project.id) is None


def test_delete_removes_the_projects_ui_groups_and_sessions(staff):
    group = UIGroupFactory()
    group_id, session_id = group.id, SessionFactory(project=group.project).id
    assert staff.delete(f"/api/2/projects/{group.project_id}/").status_code == 204
    db.session.expunge_all()
    assert db.session.get(UIGroup, group_id) is None and db.session.get(Session, session_id) is None


def test_delete_keeps_the_projects_languages(staff, english):
    project = ProjectFactory(languages=[english])
    staff.delete(f"/api/2/projects/{project.id}/")
    db.session.expire_all()
    assert db.session.get(Language, english.id) is not None


def test_delete_as_participant_is_403(participant):
    project = ProjectFactory()
    assert participant.delete(f"/api/2/projects/{project.id}/").status_code == 403
    assert db.session.get(Project, project.id) is not None


def test_delete_unknown_project_is_404(staff):
    assert staff.delete("/api/2/projects/999/").status_code == 404


# --- detail -------------------------------------------------------------------------------------------

def test_detail_without_session_id_is_400_mentioning_session_id(participant):
    project = ProjectFactory()
    response = participant.get(f"/api/2/projects/{project.id}/")
    assert response.status_code == 400 and "session_id" in response.json["detail"]


def test_detail_with_unknown_session_is_404(participant):
    project = ProjectFactory()
    response = participant.get(f"/api/2/projects/{project.id}/?session_id=999")
    assert response.status_code == 404 and response.json == {"detail": "Not found."}


def test_detail_of_unknown_project_is_404(participant):
    session = SessionFactory()
    response = participant.get(f"/api/2/projects/{session.project_id + 100}/?session_id={session.id}")
    assert response.status_code == 404 and response.json == {"detail": "Not found."}


@pytest.mark.parametrize("name", MESSAGES)
def test_detail_renders_message_in_session_language(participant, english, spanish, name):
    project = project_with_messages(english, spanish)
    session = SessionFactory(project=project, language=spanish)
    body = participant.get(f"/api/2/projects/{project.id}/?session_id={session.id}").json
    assert body[name] == f"{name} es"


@pytest.mark.parametrize("name", MESSAGES)
def test_detail_renders_english_message_for_english_session(participant, english, spanish, name):
    project = project_with_messages(english, spanish)
    session = SessionFactory(project=project, language=english)
    body = participant.get(f"/api/2/projects/{project.id}/?session_id={session.id}").json
    assert body[name] == f"{name} en"


@pytest.mark.parametrize("name", MESSAGES)
def test_detail_does_not_fall_back_to_english(participant, english, spanish, name):
    project = ProjectFactory(**{f"{n}_loc": [text_in(english, f"{n} en")] for n in MESSAGES})
    session = SessionFactory(project=project, language=spanish)
    body = participant.get(f"/api/2/projects/{project.id}/?session_id={session.id}").json
    assert body[name] is None


def test_detail_picks_the_first_string_in_the_session_language(participant, english, spanish):
    project = ProjectFactory(sharing_message_loc=[text_in(spanish, "primero"), text_in(spanish, "segundo")])
    session = SessionFactory(project=project, language=spanish)
    body = participant.get(f"/api/2/projects/{project.id}/?session_id={session.id}").json
    assert body["sharing_message"] == "primero"


def test_detail_keys_are_model_fields_then_messages_then_language_ids(participant, english, spanish):
    project = project_with_messages(english, spanish)
    session = SessionFactory(project=project, language=english)
    body = participant.get(f"/api/2/projects/{project.id}/?session_id={session.id}").json
    assert list(body) == MODEL_KEYS + LOCALIZED_KEYS


def test_detail_renders_values_in_roundware_types(participant, english, spanish):
    project = ProjectFactory(languages=[english, spanish], latitude=1.5, longitude=-2.25, recording_radius=None,
                             out_of_range_distance=10000)
    session = SessionFactory(project=project, language=english)
    body = participant.get(f"/api/2/projects/{project.id}/?session_id={session.id}").json
    assert body["id"] == project.id and body["language_ids"] == [english.id, spanish.id]
    assert (body["latitude"], body["longitude"], body["recording_radius"]) == (1.5, -2.25, None)
    assert body["out_of_range_distance"] == 10000.0 and isinstance(body["out_of_range_distance"], float)
    assert body["audio_stream_bitrate"] == "128" and body["timed_asset_priority"] is True
    assert "Z" not in body["pub_date"] and "+" not in body["pub_date"]


def test_detail_without_admin_has_no_admin_arrays(participant, english, spanish):
    project = project_with_messages(english, spanish)
    session = SessionFactory(project=project, language=english)
    body = participant.get(f"/api/2/projects/{project.id}/?session_id={session.id}").json
    assert [key for key in body if key.endswith("_admin")] == []


def test_detail_with_admin_places_admin_arrays_between_model_fields_and_messages(participant, english, spanish):
    project = project_with_messages(english, spanish)
    session = SessionFactory(project=project, language=english)
    body = participant.get(f"/api/2/projects/{project.id}/?session_id={session.id}&admin").json
    assert list(body) == MODEL_KEYS + ADMIN_KEYS + LOCALIZED_KEYS


@pytest.mark.parametrize("name", MESSAGES)
def test_detail_admin_array_lists_every_translation(participant, english, spanish, name):
    project = project_with_messages(english, spanish)
    session = SessionFactory(project=project, language=spanish)
    body = participant.get(f"/api/2/projects/{project.id}/?session_id={session.id}&admin=1").json
    strings = getattr(project, f"{name}_loc")
    assert body[f"{name}_loc_admin"] == [
        {"id": strings[0].id, "text": f"{name} es", "language_id": spanish.id, "language": "es"},
        {"id": strings[1].id, "text": f"{name} en", "language_id": english.id, "language": "en"},
    ]


def test_detail_with_admin_still_renders_messages_in_session_language(participant, english, spanish):
    project = project_with_messages(english, spanish)
    session = SessionFactory(project=project, language=spanish)
    body = participant.get(f"/api/2/projects/{project.id}/?session_id={session.id}&admin").json
    assert body["description"] == "description es"


# --- projects/:id/tags/ ------------------------------------------------------------------------------

def test_project_tags_lists_all_the_projects_tags_as_bare_array(participant):
    project = ProjectFactory()
    own = [TagFactory(project=project), TagFactory(project=project)]
    TagFactory()
    response = participant.get(f"/api/2/projects/{project.id}/tags/")
    assert response.status_code == 200
    assert sorted(t["id"] for t in response.json) == sorted(t.id for t in own)


def test_project_tags_include_tags_not_used_by_any_ui_item(participant):
    project = ProjectFactory()
    item = UIItemFactory(ui_group=UIGroupFactory(project=project))
    unused = TagFactory(project=project)
    ids = {t["id"] for t in participant.get(f"/api/2/projects/{project.id}/tags/").json}
    assert ids == {item.tag_id, unused.id}


def test_project_tags_are_localized_by_session(participant, english, spanish):
    project = ProjectFactory()
    TagFactory(project=project, loc_msg=[text_in(english, "male"), text_in(spanish, "hombre")])
    session = SessionFactory(project=project, language=spanish)
    body = participant.get(f"/api/2/projects/{project.id}/tags/?session_id={session.id}").json
    assert body[0]["msg_loc"] == "hombre"


def test_project_tags_without_session_are_english(participant, english, spanish):
    project = ProjectFactory()
    TagFactory(project=project, loc_msg=[text_in(spanish, "hombre"), text_in(english, "male")])
    assert participant.get(f"/api/2/projects/{project.id}/tags/").json[0]["msg_loc"] == "male"


def test_project_tags_do_not_fall_back_to_english(participant, english, spanish):
    project = ProjectFactory()
    TagFactory(project=project, loc_msg=[text_in(english, "male")])
    session = SessionFactory(project=project, language=spanish)
    body = participant.get(f"/api/2/projects/{project.id}/tags/?session_id={session.id}").json
    assert body[0]["msg_loc"] is None


def test_project_tags_with_unknown_session_is_404(participant):
    project = ProjectFactory()
    TagFactory(project=project)
    assert participant.get(f"/api/2/projects/{project.id}/tags/?session_id=999").status_code == 404


def test_project_tags_of_unknown_project_is_404(participant):
    assert participant.get("/api/2/projects/999/tags/").status_code == 404


# --- projects/:id/uigroups/ ------------------------------------------------------------------------

def test_project_uigroups_is_bare_array_ordered_by_index(participant):
    project = ProjectFactory()
    third, first, second = (UIGroupFactory(project=project, index=i) for i in (3, 1, 2))
    response = participant.get(f"/api/2/projects/{project.id}/uigroups/")
    assert response.status_code == 200
    assert [g["id"] for g in response.json] == [first.id, second.id, third.id]


def test_project_uigroups_only_lists_the_projects_groups(participant):
    project = ProjectFactory()
    own = UIGroupFactory(project=project)
    UIGroupFactory()
    assert [g["id"] for g in participant.get(f"/api/2/projects/{project.id}/uigroups/").json] == [own.id]


def test_project_uigroups_items_include_inactive_items_ordered_by_index(participant):
    group = UIGroupFactory()
    inactive = UIItemFactory(ui_group=group, index=2, active=False)
    active = UIItemFactory(ui_group=group, index=1, active=True)
    body = participant.get(f"/api/2/projects/{group.project_id}/uigroups/").json
    assert [i["id"] for i in body[0]["ui_items"]] == [active.id, inactive.id]


def test_project_uigroups_item_representation(participant):
    group = UIGroupFactory()
    parent = UIItemFactory(ui_group=group, index=1)
    child = UIItemFactory(ui_group=group, index=2, parent_id=parent.id, default=True, active=False)
    items = participant.get(f"/api/2/projects/{group.project_id}/uigroups/").json[0]["ui_items"]
    assert items[1] == {"id": child.id, "index": 2, "default": True, "active": False, "ui_group_id": group.id,
                        "tag_id": child.tag_id, "parent_id": parent.id}


@pytest.mark.parametrize("query, attribute, wanted, other", [
    ("ui_mode=speak", "ui_mode", "speak", "listen"),
    ("active=false", "active", False, True),
    ("select=single", "select", "single", "multi"),
])
def test_project_uigroups_filter(participant, query, attribute, wanted, other):
    project = ProjectFactory()
    match = UIGroupFactory(project=project, **{attribute: wanted})
    UIGroupFactory(project=project, **{attribute: other})
    body = participant.get(f"/api/2/projects/{project.id}/uigroups/?{query}").json
    assert [g["id"] for g in body] == [match.id]


def test_project_uigroups_filter_name_is_a_prefix(participant):
    project = ProjectFactory()
    match = UIGroupFactory(project=project, name="gender question")
    UIGroupFactory(project=project, name="my gender")
    body = participant.get(f"/api/2/projects/{project.id}/uigroups/?name=gender").json
    assert [g["id"] for g in body] == [match.id]


def test_project_uigroups_filter_tag_category_id(participant):
    project = ProjectFactory()
    match, _ = UIGroupFactory(project=project), UIGroupFactory(project=project)
    body = participant.get(f"/api/2/projects/{project.id}/uigroups/?tag_category_id={match.tag_category_id}").json
    assert [g["id"] for g in body] == [match.id]


def test_project_uigroups_filter_index(participant):
    project = ProjectFactory()
    match = UIGroupFactory(project=project, index=7)
    UIGroupFactory(project=project, index=8)
    body = participant.get(f"/api/2/projects/{project.id}/uigroups/?index=7").json
    assert [g["id"] for g in body] == [match.id]


def test_project_uigroups_header_in_session_language(participant, english, spanish):
    group = UIGroupFactory(header_text_loc=[text_in(english, "Who?"), text_in(spanish, "¿Quién?")])
    session = SessionFactory(project=group.project, language=spanish)
    body = participant.get(f"/api/2/projects/{group.project_id}/uigroups/?session_id={session.id}").json
    assert body[0]["header_text_loc"] == "¿Quién?"


def test_project_uigroups_without_session_are_english(participant, english, spanish):
    group = UIGroupFactory(header_text_loc=[text_in(spanish, "¿Quién?"), text_in(english, "Who?")])
    response = participant.get(f"/api/2/projects/{group.project_id}/uigroups/")
    assert response.status_code == 200 and response.json[0]["header_text_loc"] == "Who?"


def test_project_uigroups_with_unknown_session_is_400(participant):
    group = UIGroupFactory()
    response = participant.get(f"/api/2/projects/{group.project_id}/uigroups/?session_id=999")
    assert response.status_code == 400
    assert response.json["session_id"] == ["Session not found"]


def test_project_uigroups_of_unknown_project_is_404(participant):
    assert participant.get("/api/2/projects/999/uigroups/").status_code == 404
