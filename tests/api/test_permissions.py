"""The permission matrix of the configuration resources: anonymous 401, participants read only, staff read and write."""
import pytest

from tests.support.config_resources import GEOMETRY_FIELDS, NAMES, RESOURCES, create_payload, existing, patch_payload

FORBIDDEN = {"detail": "You do not have permission to perform this action."}


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
