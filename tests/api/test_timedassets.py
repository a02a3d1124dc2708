"""`timedassets/`: CRUD, the start/end rule, asset and project references and filters."""
import pytest

from tests.factories import AssetFactory, ProjectFactory, TimedAssetFactory

END_BEFORE_START = "End time must be greater than start time."


@pytest.fixture
def asset():
    return AssetFactory()


def _ids(response):
    return [t["id"] for t in response.json]


# --- create ----------------------------------------------------------------------------------

def test_create_timed_asset(staff, asset):
    response = staff.post("/api/2/timedassets/", json={"asset_id": asset.id, "project_id": asset.project_id,
                                                       "start": 5.5, "end": 20.25})
    assert response.status_code == 200
    assert list(response.json) == ["id", "start", "end", "asset_id", "project_id"]
    body = response.json
    assert (body["start"], body["end"], body["asset_id"], body["project_id"]) == (5.5, 20.25, asset.id,
                                                                                 asset.project_id)


@pytest.mark.parametrize("field", ["start", "end", "asset_id", "project_id"])
def test_create_without_required_field_is_400(staff, asset, field):
    data = {"asset_id": asset.id, "project_id": asset.project_id, "start": 1, "end": 2}
    del data[field]
    response = staff.post("/api/2/timedassets/", json=data)
    assert response.status_code == 400 and field in response.json


def test_end_before_start_is_400(staff, asset):
    response = staff.post("/api/2/timedassets/", json={"asset_id": asset.id, "project_id": asset.project_id,
                                                       "start": 30, "end": 10})
    assert response.status_code == 400 and END_BEFORE_START in response.json["detail"]


def test_end_equal_to_start_is_accepted(staff, asset):
    response = staff.post("/api/2/timedassets/", json={"asset_id": asset.id, "project_id": asset.project_id,
                                                       "start": 10, "end": 10})
    assert response.status_code == 200


def test_asset_of_another_project_is_400(staff, asset):
    other = ProjectFactory()
    response = staff.post("/api/2/timedassets/", json={"asset_id": asset.id, "project_id": other.id,
                                                       "start": 1, "end": 2})
    assert response.status_code == 400 and "asset_id" in response.json


def test_unknown_asset_is_400(staff, asset):
    response = staff.post("/api/2/timedassets/", json={"asset_id": 9999, "project_id": asset.project_id,
                                                       "start": 1, "end": 2})
    assert response.status_code == 400 and "asset_id" in response.json


def test_unknown_project_is_400(staff, asset):
    response = staff.post("/api/2/timedassets/", json={"asset_id": asset.id, "project_id": 9999,
                                                       "start": 1, "end": 2})
    assert response.status_code == 400 and "project_id" in response.json


def test_non_numeric_start_is_400(staff, asset):
    response = staff.post("/api/2/timedassets/", json={"asset_id": asset.id, "project_id": asset.project_id,
                                                       "start": "soon", "end": 2})
    assert response.status_code == 400 and "start" in response.json


# --- update ----------------------------------------------------------------------------------

def test_patch_only_end_below_stored_start_is_400(staff):
    timed = TimedAssetFactory(start=10.0, end=60.0)
    response = staff.patch(f"/api/2/timedassets/{timed.id}/", json={"end": 5})
    assert response.status_code == 400 and END_BEFORE_START in response.json["detail"]


def test_patch_only_start_above_stored_end_is_400(staff):
    timed = TimedAssetFactory(start=10.0, end=60.0)
    response = staff.patch(f"/api/2/timedassets/{timed.id}/", json={"start": 90})
    assert response.status_code == 400 and END_BEFORE_START in response.json["detail"]


def test_patch_only_end_within_range(staff):
    timed = TimedAssetFactory(start=10.0, end=60.0)
    response = staff.patch(f"/api/2/timedassets/{timed.id}/", json={"end": 30.5})
    assert response.status_code == 200 and (response.json["start"], response.json["end"]) == (10.0, 30.5)


def test_patch_asset_to_another_projects_asset_is_400(staff):
    timed = TimedAssetFactory()
    foreign = AssetFactory()
    response = staff.patch(f"/api/2/timedassets/{timed.id}/", json={"asset_id": foreign.id})
    assert response.status_code == 400 and "asset_id" in response.json


def test_patch_to_unknown_asset_is_400(staff):
    timed = TimedAssetFactory()
    response = staff.patch(f"/api/2/timedassets/{timed.id}/", json={"asset_id": 9999})
    assert response.status_code == 400 and "asset_id" in response.json


def test_patch_unknown_timed_asset_is_404(staff):
    assert staff.patch("/api/2/timedassets/9999/", json={"end": 5}).status_code == 404


# --- read, delete, permissions ---------------------------------------------------------------

def test_get_timed_asset(staff):
    timed = TimedAssetFactory(start=1.5, end=2.5)
    assert staff.get(f"/api/2/timedassets/{timed.id}/").json == {
        "id": timed.id, "start": 1.5, "end": 2.5, "asset_id": timed.asset_id, "project_id": timed.project_id}


def test_get_unknown_timed_asset_is_404(staff):
    assert staff.get("/api/2/timedassets/9999/").status_code == 404


def test_delete_timed_asset_is_204(staff):
    timed_id = TimedAssetFactory().id
    assert staff.delete(f"/api/2/timedassets/{timed_id}/").status_code == 204
    assert staff.get(f"/api/2/timedassets/{timed_id}/").status_code == 404


def test_participant_cannot_create_timed_asset(participant, asset):
    response = participant.post("/api/2/timedassets/", json={"asset_id": asset.id, "project_id": asset.project_id,
                                                             "start": 1, "end": 2})
    assert response.status_code == 403


def test_participant_can_list_timed_assets(participant):
    timed = TimedAssetFactory()
    assert _ids(participant.get("/api/2/timedassets/")) == [timed.id]


# --- filters ---------------------------------------------------------------------------------

def test_filter_by_project(staff):
    mine = TimedAssetFactory()
    TimedAssetFactory()
    assert _ids(staff.get(f"/api/2/timedassets/?project_id={mine.project_id}")) == [mine.id]


def test_filter_by_asset(staff):
    mine = TimedAssetFactory()
    TimedAssetFactory()
    assert _ids(staff.get(f"/api/2/timedassets/?asset_id={mine.asset_id}")) == [mine.id]


def test_filter_start_lte(staff):
    early = TimedAssetFactory(start=5, end=100)
    TimedAssetFactory(start=50, end=100)
    assert _ids(staff.get("/api/2/timedassets/?start__lte=5")) == [early.id]


def test_filter_start_gte(staff):
    TimedAssetFactory(start=5, end=100)
    late = TimedAssetFactory(start=50, end=100)
    assert _ids(staff.get("/api/2/timedassets/?start__gte=50")) == [late.id]


def test_filter_end_lte(staff):
    short = TimedAssetFactory(start=0, end=20.5)
    TimedAssetFactory(start=0, end=80)
    assert _ids(staff.get("/api/2/timedassets/?end__lte=20.5")) == [short.id]


def test_filter_end_gte(staff):
    TimedAssetFactory(start=0, end=20)
    long = TimedAssetFactory(start=0, end=80)
    assert _ids(staff.get("/api/2/timedassets/?end__gte=21")) == [long.id]


def test_filters_combine_to_a_window(staff):
    TimedAssetFactory(start=0, end=10)
    inside = TimedAssetFactory(start=20, end=30)
    TimedAssetFactory(start=20, end=90)
    assert _ids(staff.get("/api/2/timedassets/?start__gte=15&end__lte=40")) == [inside.id]
