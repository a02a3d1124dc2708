"""`audiotracks/`: seconds on the wire, range validation, tag filters and the list filters."""
import pytest

from tests.factories import AudiotrackFactory, ProjectFactory, TagFactory

RANGE_FIELDS = ["minvolume", "maxvolume", "minduration", "maxduration", "mindeadair", "maxdeadair",
                "minfadeintime", "maxfadeintime", "minfadeouttime", "maxfadeouttime", "minpanpos", "maxpanpos",
                "minpanduration", "maxpanduration"]
TRACK_KEYS = ["id", *RANGE_FIELDS, "repeatrecordings", "active", "start_with_silence", "banned_duration",
              "fadeout_when_filtered", "timed_asset_priority", "tag_filters", "project_id"]
SECONDS_FIELDS = [f for f in RANGE_FIELDS if "volume" not in f and "panpos" not in f]


@pytest.fixture
def track_input():
    """A valid creation body with every required field."""
    return {"project_id": ProjectFactory().id, "minvolume": 0.2, "maxvolume": 0.9, "minduration": 5.5,
            "maxduration": 30.25, "mindeadair": 0.5, "maxdeadair": 3.0, "minfadeintime": 0.1, "maxfadeintime": 0.5,
            "minfadeouttime": 0.1, "maxfadeouttime": 2.0, "minpanpos": -0.75, "maxpanpos": 0.75,
            "minpanduration": 5.0, "maxpanduration": 10.0}


def _ids(response):
    return [t["id"] for t in response.json]


# --- create and representation ---------------------------------------------------------------

def test_create_track_returns_keys_in_order(staff, track_input):
    response = staff.post("/api/2/audiotracks/", json=track_input)
    assert response.status_code == 200
    assert list(response.json) == TRACK_KEYS


def test_create_track_echoes_every_range_value(staff, track_input):
    body = staff.post("/api/2/audiotracks/", json=track_input).json
    assert {f: body[f] for f in RANGE_FIELDS} == {f: track_input[f] for f in RANGE_FIELDS}


def test_durations_are_seconds_in_and_out(staff, track_input):
    body = staff.post("/api/2/audiotracks/", json={**track_input, "minduration": 5.5}).json
    assert body["minduration"] == 5.5
    assert staff.get(f"/api/2/audiotracks/{body['id']}/").json["minduration"] == 5.5


def test_stored_durations_are_served_as_seconds(staff):
    track = AudiotrackFactory(minduration=10.0, maxduration=30.0, maxfadeouttime=2.0)
    body = staff.get(f"/api/2/audiotracks/{track.id}/").json
    assert (body["minduration"], body["maxduration"], body["maxfadeouttime"]) == (10.0, 30.0, 2.0)


def test_create_track_defaults(staff, track_input):
    body = staff.post("/api/2/audiotracks/", json=track_input).json
    assert (body["repeatrecordings"], body["active"], body["start_with_silence"]) == (False, True, False)
    assert (body["banned_duration"], body["fadeout_when_filtered"]) == (0, False)
    assert (body["timed_asset_priority"], body["tag_filters"]) == ("normal", [])
    assert body["project_id"] == track_input["project_id"]


@pytest.mark.parametrize("field", RANGE_FIELDS + ["project_id"])
def test_create_track_without_required_field_is_400(staff, track_input, field):
    del track_input[field]
    response = staff.post("/api/2/audiotracks/", json=track_input)
    assert response.status_code == 400
    assert response.json[field] == ["Missing data for required field."]


def test_create_track_with_unknown_project_is_400(staff, track_input):
    response = staff.post("/api/2/audiotracks/", json={**track_input, "project_id": 9999})
    assert response.status_code == 400 and "project_id" in response.json


def test_create_track_accepts_numeric_strings(staff, track_input):
    body = staff.post("/api/2/audiotracks/", json={**track_input, "minduration": "6.5"}).json
    assert body["minduration"] == 6.5


def test_negative_duration_is_400(staff, track_input):
    response = staff.post("/api/2/audiotracks/", json={**track_input, "mindeadair": -1})
    assert response.status_code == 400 and "mindeadair" in response.json


@pytest.mark.parametrize("field,value", [("minpanpos", -1.5), ("maxpanpos", 1.01)])
def test_pan_position_outside_unit_range_is_400(staff, track_input, field, value):
    response = staff.post("/api/2/audiotracks/", json={**track_input, field: value})
    assert response.status_code == 400 and field in response.json


def test_pan_positions_at_the_limits_are_accepted(staff, track_input):
    body = staff.post("/api/2/audiotracks/", json={**track_input, "minpanpos": -1, "maxpanpos": 1}).json
    assert (body["minpanpos"], body["maxpanpos"]) == (-1.0, 1.0)


@pytest.mark.parametrize("name", ["volume", "duration", "deadair", "fadeintime", "fadeouttime", "panpos",
                                  "panduration"])
def test_min_above_max_is_400_naming_max_field(staff, track_input, name):
    track_input[f"min{name}"], track_input[f"max{name}"] = 0.8, 0.4
    response = staff.post("/api/2/audiotracks/", json=track_input)
    assert response.status_code == 400
    assert f"max{name}" in response.json and f"min{name}" not in response.json


def test_min_equal_to_max_is_accepted(staff, track_input):
    response = staff.post("/api/2/audiotracks/", json={**track_input, "minduration": 7, "maxduration": 7})
    assert response.status_code == 200


def test_patch_max_below_stored_min_is_400(staff):
    track = AudiotrackFactory(minduration=10.0, maxduration=30.0)
    response = staff.patch(f"/api/2/audiotracks/{track.id}/", json={"maxduration": 5})
    assert response.status_code == 400 and "maxduration" in response.json


@pytest.mark.parametrize("priority", ["highest", "normal", "lowest", "discard"])
def test_timed_asset_priority_choices_are_accepted(staff, track_input, priority):
    body = staff.post("/api/2/audiotracks/", json={**track_input, "timed_asset_priority": priority}).json
    assert body["timed_asset_priority"] == priority


def test_unknown_timed_asset_priority_is_400(staff, track_input):
    response = staff.post("/api/2/audiotracks/", json={**track_input, "timed_asset_priority": "urgent"})
    assert response.status_code == 400 and "timed_asset_priority" in response.json


def test_tag_filters_take_id_list(staff, track_input):
    first, second = TagFactory(), TagFactory()
    body = staff.post("/api/2/audiotracks/", json={**track_input, "tag_filters": [second.id, first.id]}).json
    assert sorted(body["tag_filters"]) == sorted([first.id, second.id])


def test_tag_filters_take_comma_string(staff, track_input):
    first, second = TagFactory(), TagFactory()
    body = staff.post("/api/2/audiotracks/", json={**track_input, "tag_filters": f"{first.id},{second.id}"}).json
    assert sorted(body["tag_filters"]) == sorted([first.id, second.id])


def test_unknown_tag_filter_is_400(staff, track_input):
    response = staff.post("/api/2/audiotracks/", json={**track_input, "tag_filters": [9999]})
    assert response.status_code == 400 and "tag_filters" in response.json


def test_patch_replaces_tag_filters(staff):
    old, new = TagFactory(), TagFactory()
    track = AudiotrackFactory(tag_filters=[old])
    body = staff.patch(f"/api/2/audiotracks/{track.id}/", json={"tag_filters": [new.id]}).json
    assert body["tag_filters"] == [new.id]


def test_negative_banned_duration_is_400(staff, track_input):
    response = staff.post("/api/2/audiotracks/", json={**track_input, "banned_duration": -5})
    assert response.status_code == 400 and "banned_duration" in response.json


# --- read, update, delete --------------------------------------------------------------------

def test_patch_changes_only_given_fields(staff):
    track = AudiotrackFactory(minduration=10.0, maxduration=30.0)
    body = staff.patch(f"/api/2/audiotracks/{track.id}/", json={"maxduration": 45.5, "active": False}).json
    assert (body["minduration"], body["maxduration"], body["active"]) == (10.0, 45.5, False)


def test_get_unknown_track_is_404(staff):
    assert staff.get("/api/2/audiotracks/9999/").status_code == 404


def test_delete_track_is_204(staff):
    track_id = AudiotrackFactory().id
    assert staff.delete(f"/api/2/audiotracks/{track_id}/").status_code == 204
    assert staff.get(f"/api/2/audiotracks/{track_id}/").status_code == 404


def test_participant_cannot_create_track(participant, track_input):
    assert participant.post("/api/2/audiotracks/", json=track_input).status_code == 403


def test_participant_can_list_tracks(participant):
    track = AudiotrackFactory()
    assert _ids(participant.get("/api/2/audiotracks/")) == [track.id]


# --- filters ---------------------------------------------------------------------------------

def test_filter_by_project(staff):
    mine = AudiotrackFactory()
    AudiotrackFactory()
    assert _ids(staff.get(f"/api/2/audiotracks/?project_id={mine.project_id}")) == [mine.id]


@pytest.mark.parametrize("field", ["minduration", "maxduration", "mindeadair", "maxdeadair"])
def test_lte_filters_take_seconds(staff, field):
    low = AudiotrackFactory(minduration=1, maxduration=40, mindeadair=1, maxdeadair=40)
    AudiotrackFactory(minduration=20, maxduration=60, mindeadair=20, maxdeadair=60)
    threshold = getattr(low, field)
    assert _ids(staff.get(f"/api/2/audiotracks/?{field}__lte={threshold}")) == [low.id]


@pytest.mark.parametrize("field", ["minduration", "maxduration", "mindeadair", "maxdeadair"])
def test_gte_filters_take_seconds(staff, field):
    AudiotrackFactory(minduration=1, maxduration=40, mindeadair=1, maxdeadair=40)
    high = AudiotrackFactory(minduration=20, maxduration=60, mindeadair=20, maxdeadair=60)
    threshold = getattr(high, field)
    assert _ids(staff.get(f"/api/2/audiotracks/?{field}__gte={threshold}")) == [high.id]


def test_duration_filters_accept_fractional_seconds(staff):
    mine = AudiotrackFactory(minduration=2.5, maxduration=10)
    AudiotrackFactory(minduration=3.5, maxduration=10)
    assert _ids(staff.get("/api/2/audiotracks/?minduration__lte=3.0")) == [mine.id]


def test_duration_filters_combine_to_a_range(staff):
    AudiotrackFactory(minduration=1, maxduration=40)
    mine = AudiotrackFactory(minduration=5, maxduration=40)
    AudiotrackFactory(minduration=9, maxduration=40)
    assert _ids(staff.get("/api/2/audiotracks/?minduration__gte=4&minduration__lte=6")) == [mine.id]


@pytest.mark.parametrize("field,stored,query", [
    ("active", False, "false"),
    ("active", True, "true"),
    ("repeatrecordings", True, "true"),
    ("start_with_silence", True, "1"),
    ("fadeout_when_filtered", True, "true"),
    ("fadeout_when_filtered", False, "0"),
])
def test_boolean_filters(staff, field, stored, query):
    mine = AudiotrackFactory(**{field: stored})
    AudiotrackFactory(**{field: not stored})
    assert _ids(staff.get(f"/api/2/audiotracks/?{field}={query}")) == [mine.id]
