"""The permission matrix of the configuration resources: anonymous 401, participants read only, staff read and write."""
import pytest

from tests.factories import (AssetFactory, AudiotrackFactory, LanguageFactory, LocalizedStringFactory,
                             ProjectFactory, ProjectGroupFactory, SessionFactory, SpeakerFactory, TagCategoryFactory,
                             TagFactory, TagRelationshipFactory, TimedAssetFactory, UIGroupFactory, UIItemFactory)

FORBIDDEN = {"detail": "You do not have permission to perform this action."}
GEOMETRY_FIELDS = {"shape", "boundary", "attenuation_border", "location"}


def _audiotrack_payload():
    return {"project_id": ProjectFactory().id, "minvolume": 0.2, "maxvolume": 0.8, "minduration": 5.0,
            "maxduration": 20.0, "mindeadair": 1.0, "maxdeadair": 2.0, "minfadeintime": 0.5, "maxfadeintime": 1.0,
            "minfadeouttime": 0.5, "maxfadeouttime": 1.5, "minpanpos": -0.3, "maxpanpos": 0.3,
            "minpanduration": 2.0, "maxpanduration": 4.0, "repeatrecordings": True}


def _speaker_payload():
    lon, lat = -71.0, 42.0
    ring = [[lon - 0.01, lat - 0.01], [lon - 0.01, lat + 0.01], [lon + 0.01, lat + 0.01], [lon + 0.01, lat - 0.01],
            [lon - 0.01, lat - 0.01]]
    return {"project_id": ProjectFactory().id, "code": "zone", "minvolume": 0.0, "maxvolume": 0.9,
            "uri": "http://example.org/ambient.mp3", "attenuation_distance": 50, "activeyn": True,
            "shape": {"type": "MultiPolygon", "coordinates": [[ring]]}}


def _timedasset_payload():
    asset = AssetFactory()
    return {"asset_id": asset.id, "project_id": asset.project_id, "start": 5.0, "end": 25.0}


def _uigroup_payload():
    return {"name": "What do you hear?", "ui_mode": "listen", "select": "single", "index": 3,
            "project_id": ProjectFactory().id, "tag_category_id": TagCategoryFactory().id, "active": True}


def _uiitem_payload():
    group = UIGroupFactory()
    tag = TagFactory(project=group.project, tag_category=group.tag_category)
    return {"ui_group_id": group.id, "tag_id": tag.id, "index": 4, "default": True, "active": True}


def _project_payload():
    return {"name": "Harbour walk", "latitude": 40.5, "longitude": -73.9, "max_recording_length": 45,
            "sharing_url": "http://example.org/share", "out_of_range_url": "http://example.org/oor.mp3",
            "language_ids": [LanguageFactory(language_code="en").id, LanguageFactory(language_code="es").id],
            "geo_listen_enabled": False}


# name: (make an existing record, build a create payload, a patch payload, query for item GET)
RESOURCES = {
    "languages": (
        lambda: LanguageFactory(language_code="de"),
        lambda: {"language_code": "fr", "name": "French"},
        {"name": "Deutsch"},
        lambda: "",
    ),
    "localizedstrings": (
        LocalizedStringFactory,
        lambda: {"text": "Bonjour", "language_id": LanguageFactory(language_code="fr").id},
        {"text": "Salut"},
        lambda: "",
    ),
    "tagcategories": (
        TagCategoryFactory,
        lambda: {"name": "colour", "data": "{}"},
        {"name": "shade"},
        lambda: "",
    ),
    "tags": (
        TagFactory,
        lambda: {"value": "red", "description": "the colour red", "project_id": ProjectFactory().id,
                 "tag_category_id": TagCategoryFactory().id},
        {"value": "blue"},
        lambda: "",
    ),
    "tagrelationships": (
        TagRelationshipFactory,
        lambda: {"tag_id": TagFactory().id, "parent_id": TagRelationshipFactory().id},
        {"parent_id": None},
        lambda: "",
    ),
    "uigroups": (
        UIGroupFactory,
        _uigroup_payload,
        {"name": "Renamed group"},
        lambda: "",
    ),
    "uiitems": (
        UIItemFactory,
        _uiitem_payload,
        {"index": 42},
        lambda: "",
    ),
    "audiotracks": (
        AudiotrackFactory,
        _audiotrack_payload,
        {"maxvolume": 0.75},
        lambda: "",
    ),
    "speakers": (
        SpeakerFactory,
        _speaker_payload,
        {"code": "renamed"},
        lambda: "",
    ),
    "timedassets": (
        TimedAssetFactory,
        _timedasset_payload,
        {"end": 90.0},
        lambda: "",
    ),
    "projectgroups": (
        ProjectGroupFactory,
        lambda: {"name": "Walks", "active": True, "description": "City walks", "project_ids": [ProjectFactory().id]},
        {"name": "Renamed walks"},
        lambda: "",
    ),
    "projects": (
        ProjectFactory,
        _project_payload,
        {"name": "Renamed project"},
        # A project is read in the language of a session (of any project).
        lambda: f"?session_id={SessionFactory().id}",
    ),
}
NAMES = list(RESOURCES)


def existing(name):
    return RESOURCES[name][0]()


def create_payload(name):
    return RESOURCES[name][1]()


def patch_payload(name):
    return dict(RESOURCES[name][2])


def item_query(name):
    return RESOURCES[name][3]()


def garbage_body(payload: dict) -> dict:
    """The same keys with a value no field accepts."""
    return {key: {"not": ["a", "valid", "value"]} for key in payload}


def comparable(payload: dict) -> dict:
    return {k: v for k, v in payload.items() if k not in GEOMETRY_FIELDS}


# --- anonymous --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_anonymous_list_is_401(anonymous, name):
    existing(name)
    response = anonymous.get(f"/api/2/{name}/")
    assert response.status_code == 401
    assert response.json == {"detail": "Authentication credentials were not provided."}


@pytest.mark.parametrize("name", NAMES)
def test_anonymous_item_is_401(anonymous, name):
    record = existing(name)
    assert anonymous.get(f"/api/2/{name}/{record.id}/{item_query(name)}").status_code == 401


@pytest.mark.parametrize("name", NAMES)
def test_anonymous_create_is_401(anonymous, name):
    response = anonymous.post(f"/api/2/{name}/", json=create_payload(name))
    assert response.status_code == 401


# --- participant: read only -------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_participant_lists(participant, name):
    record = existing(name)
    response = participant.get(f"/api/2/{name}/")
    assert response.status_code == 200
    assert record.id in [item["id"] for item in response.json]


@pytest.mark.parametrize("name", NAMES)
def test_participant_reads_item(participant, name):
    record = existing(name)
    response = participant.get(f"/api/2/{name}/{record.id}/{item_query(name)}")
    assert response.status_code == 200 and response.json["id"] == record.id


@pytest.mark.parametrize("name", NAMES)
def test_participant_create_is_403(participant, name):
    response = participant.post(f"/api/2/{name}/", json=create_payload(name))
    assert response.status_code == 403 and response.json == FORBIDDEN


@pytest.mark.parametrize("name", NAMES)
def test_participant_create_creates_nothing(participant, staff, name):
    payload = create_payload(name)
    before = len(staff.get(f"/api/2/{name}/").json)
    participant.post(f"/api/2/{name}/", json=payload)
    assert len(staff.get(f"/api/2/{name}/").json) == before


@pytest.mark.parametrize("name", NAMES)
def test_participant_create_with_empty_body_is_403_not_400(participant, name):
    response = participant.post(f"/api/2/{name}/")
    assert response.status_code == 403 and response.json == FORBIDDEN


@pytest.mark.parametrize("name", NAMES)
def test_participant_create_with_invalid_body_is_403_not_400(participant, name):
    response = participant.post(f"/api/2/{name}/", json=garbage_body(create_payload(name)))
    assert response.status_code == 403 and response.json == FORBIDDEN


@pytest.mark.parametrize("name", NAMES)
def test_participant_patch_is_403(participant, name):
    record = existing(name)
    response = participant.patch(f"/api/2/{name}/{record.id}/", json=patch_payload(name))
    assert response.status_code == 403 and response.json == FORBIDDEN


@pytest.mark.parametrize("name", NAMES)
def test_participant_patch_changes_nothing(participant, staff, name):
    record = existing(name)
    path = f"/api/2/{name}/{record.id}/"
    before = staff.get(path + item_query(name)).json
    participant.patch(path, json=patch_payload(name))
    assert staff.get(path + item_query(name)).json == before


@pytest.mark.parametrize("name", NAMES)
def test_participant_patch_with_invalid_body_is_403_not_400(participant, name):
    record = existing(name)
    response = participant.patch(f"/api/2/{name}/{record.id}/", json=garbage_body(patch_payload(name)))
    assert response.status_code == 403 and response.json == FORBIDDEN


@pytest.mark.parametrize("name", NAMES)
def test_participant_delete_is_403(participant, name):
    record = existing(name)
    response = participant.delete(f"/api/2/{name}/{record.id}/")
    assert response.status_code == 403 and response.json == FORBIDDEN


@pytest.mark.parametrize("name", NAMES)
def test_participant_delete_keeps_the_item(participant, staff, name):
    record = existing(name)
    participant.delete(f"/api/2/{name}/{record.id}/")
    assert record.id in [item["id"] for item in staff.get(f"/api/2/{name}/").json]


# --- staff: read and write --------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_staff_create_returns_200_with_the_object(staff, name):
    payload = create_payload(name)
    response = staff.post(f"/api/2/{name}/", json=payload)
    assert response.status_code == 200, response.json
    assert isinstance(response.json["id"], int)
    shared = [k for k in comparable(payload) if k in response.json]
    assert shared and {k: response.json[k] for k in shared} == {k: payload[k] for k in shared}


@pytest.mark.parametrize("name", NAMES)
def test_staff_created_object_is_listed(staff, name):
    created = staff.post(f"/api/2/{name}/", json=create_payload(name)).json
    assert created["id"] in [item["id"] for item in staff.get(f"/api/2/{name}/").json]


@pytest.mark.parametrize("name", NAMES)
def test_staff_patch_returns_200_with_the_change(staff, name):
    record = existing(name)
    changes = patch_payload(name)
    response = staff.patch(f"/api/2/{name}/{record.id}/", json=changes)
    assert response.status_code == 200, response.json
    assert response.json["id"] == record.id
    assert {k: response.json[k] for k in changes} == changes


@pytest.mark.parametrize("name", NAMES)
def test_staff_patch_is_stored(staff, name):
    record = existing(name)
    changes = patch_payload(name)
    path = f"/api/2/{name}/{record.id}/"
    staff.patch(path, json=changes)
    stored = staff.get(path + item_query(name)).json
    assert {k: stored[k] for k in changes} == changes


@pytest.mark.parametrize("name", NAMES)
def test_staff_delete_returns_204_empty(staff, name):
    record = existing(name)
    response = staff.delete(f"/api/2/{name}/{record.id}/")
    assert response.status_code == 204 and response.data == b""


@pytest.mark.parametrize("name", NAMES)
def test_staff_deleted_item_is_gone(staff, name):
    record = existing(name)
    query = item_query(name)
    staff.delete(f"/api/2/{name}/{record.id}/")
    assert staff.get(f"/api/2/{name}/{record.id}/{query}").status_code == 404
    assert record.id not in [item["id"] for item in staff.get(f"/api/2/{name}/").json]
