"""`listenevents/`: recording what each stream played, with Roundware's field names, filters and ownership."""
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from rwflask.extensions import db
from rwflask.models import ListenEvent
from rwflask.models.base import utcnow
from tests.factories import AssetFactory, ProjectFactory, SessionFactory

LISTEN_KEYS = ["id", "duration_in_seconds", "start_time", "session_id", "asset_id", "project_id"]


@pytest.fixture
def my_session(participant):
    """A session of the participant."""
    return SessionFactory(user=participant.user)


@pytest.fixture
def asset():
    return AssetFactory()


def _listen(session, asset=None, starttime=None, duration=10.0) -> ListenEvent:
    """Store a listen event of `session`."""
    event = ListenEvent(session_id=session.id, asset_id=(asset or AssetFactory()).id,
                        starttime=starttime or utcnow(), duration=duration)
    db.session.add(event)
    db.session.commit()
    return event


def _stored():
    return db.session.scalars(select(ListenEvent).order_by(ListenEvent.id)).all()


def _ids(response):
    assert response.status_code == 200, response.get_data(as_text=True)
    return [e["id"] for e in response.json]


# --- POST ------------------------------------------------------------------------------------

def test_post_with_roundware_model_names(participant, my_session, asset):
    response = participant.post("/api/2/listenevents/", json={
        "session": my_session.id, "asset": asset.id, "starttime": "2024-05-01T10:00:00",
        "duration_in_seconds": 12.3456})
    assert response.status_code == 200
    assert list(response.json) == LISTEN_KEYS
    assert response.json == {"id": response.json["id"], "duration_in_seconds": 12.35,
                             "start_time": "2024-05-01T10:00:00", "session_id": my_session.id,
                             "asset_id": asset.id, "project_id": my_session.project_id}
    [event] = _stored()
    assert (event.id, event.session_id, event.asset_id, event.starttime) == (
        response.json["id"], my_session.id, asset.id, datetime(2024, 5, 1, 10, 0))


def test_post_with_id_names(participant, my_session, asset):
    response = participant.post("/api/2/listenevents/", json={
        "session_id": my_session.id, "asset_id": asset.id, "start_time": "2024-05-01T10:00:00",
        "duration_in_seconds": 4})
    assert response.status_code == 200
    body = response.json
    assert (body["session_id"], body["asset_id"], body["start_time"], body["duration_in_seconds"]) == (
        my_session.id, asset.id, "2024-05-01T10:00:00", 4.0)


def test_post_start_time_with_offset_is_stored_in_utc(participant, my_session, asset):
    response = participant.post("/api/2/listenevents/", json={
        "session": my_session.id, "asset": asset.id, "starttime": "2024-05-01T12:00:00+02:00"})
    assert response.status_code == 200 and response.json["start_time"] == "2024-05-01T10:00:00"


def test_post_without_start_time_starts_now(participant, my_session, asset):
    before = utcnow()
    response = participant.post("/api/2/listenevents/", json={"session": my_session.id, "asset": asset.id})
    assert response.status_code == 200
    assert before <= datetime.fromisoformat(response.json["start_time"]) <= utcnow()
    assert response.json["duration_in_seconds"] is None


@pytest.mark.parametrize("missing", ["session_id", "asset_id"])
def test_post_without_session_or_asset_is_400(participant, my_session, asset, missing):
    payload = {"session_id": my_session.id, "asset_id": asset.id}
    del payload[missing]
    response = participant.post("/api/2/listenevents/", json=payload)
    assert response.status_code == 400 and missing in response.json and _stored() == []


def test_post_with_unknown_session_is_400(participant, asset):
    response = participant.post("/api/2/listenevents/", json={"session": 99999, "asset": asset.id})
    assert response.status_code == 400 and _stored() == []


def test_post_with_unknown_asset_is_400(participant, my_session):
    response = participant.post("/api/2/listenevents/", json={"session": my_session.id, "asset": 99999})
    assert response.status_code == 400 and _stored() == []


def test_post_with_negative_duration_is_400(participant, my_session, asset):
    response = participant.post("/api/2/listenevents/", json={"session": my_session.id, "asset": asset.id,
                                                              "duration_in_seconds": -1})
    assert response.status_code == 400 and "duration_in_seconds" in response.json


def test_post_in_another_participants_session_is_403(participant, asset):
    response = participant.post("/api/2/listenevents/", json={"session": SessionFactory().id, "asset": asset.id})
    assert response.status_code == 403 and _stored() == []


# --- one listen event ------------------------------------------------------------------------

def test_get_own_listen_event(participant, my_session):
    event = _listen(my_session, duration=7.891, starttime=datetime(2024, 5, 1, 10, 0, 0, 500000))
    response = participant.get(f"/api/2/listenevents/{event.id}/")
    assert response.status_code == 200 and list(response.json) == LISTEN_KEYS
    assert (response.json["duration_in_seconds"], response.json["start_time"], response.json["project_id"]) == (
        7.89, "2024-05-01T10:00:00.500000", my_session.project_id)


def test_patch_without_trailing_slash(participant, my_session):
    event = _listen(my_session, duration=None)
    response = participant.patch(f"/api/2/listenevents/{event.id}", json={"duration_in_seconds": 30.5})
    assert response.status_code == 200 and response.json["duration_in_seconds"] == 30.5
    assert db.session.get(ListenEvent, event.id).duration == 30.5


def test_patch_with_trailing_slash(participant, my_session):
    event = _listen(my_session, duration=None)
    response = participant.patch(f"/api/2/listenevents/{event.id}/", json={"duration_in_seconds": 3})
    assert response.status_code == 200 and response.json["duration_in_seconds"] == 3.0


def test_patch_with_model_names(participant, my_session):
    event = _listen(my_session)
    other_asset = AssetFactory()
    response = participant.patch(f"/api/2/listenevents/{event.id}/", json={
        "asset": other_asset.id, "starttime": "2024-06-01T08:30:00"})
    assert response.status_code == 200
    assert (response.json["asset_id"], response.json["start_time"]) == (other_asset.id, "2024-06-01T08:30:00")


def test_patch_into_another_participants_session_is_403(participant, my_session):
    event = _listen(my_session)
    response = participant.patch(f"/api/2/listenevents/{event.id}/", json={"session": SessionFactory().id})
    assert response.status_code == 403 and db.session.get(ListenEvent, event.id).session_id == my_session.id


def test_delete_listen_event(participant, my_session):
    event = _listen(my_session)
    assert participant.delete(f"/api/2/listenevents/{event.id}/").status_code == 204
    assert _stored() == []


def test_delete_without_trailing_slash(participant, my_session):
    event = _listen(my_session)
    assert participant.delete(f"/api/2/listenevents/{event.id}").status_code == 204
    assert _stored() == []


def test_unknown_listen_event_is_404(staff):
    assert staff.get("/api/2/listenevents/99999/").status_code == 404


# --- ownership -------------------------------------------------------------------------------

def test_participant_lists_only_their_sessions_events(participant, my_session):
    mine = _listen(my_session)
    _listen(SessionFactory())
    assert _ids(participant.get("/api/2/listenevents/")) == [mine.id]


def test_staff_list_every_listen_event(staff):
    created = [_listen(SessionFactory()).id, _listen(SessionFactory()).id]
    assert _ids(staff.get("/api/2/listenevents/")) == created


def test_another_participants_listen_event_is_404_to_get(participant):
    event = _listen(SessionFactory())
    assert participant.get(f"/api/2/listenevents/{event.id}/").status_code == 404


def test_another_participants_listen_event_is_404_to_patch(participant):
    event = _listen(SessionFactory(), duration=5.0)
    response = participant.patch(f"/api/2/listenevents/{event.id}", json={"duration_in_seconds": 99})
    assert response.status_code == 404 and db.session.get(ListenEvent, event.id).duration == 5.0


def test_another_participants_listen_event_is_404_to_delete(participant):
    event = _listen(SessionFactory())
    assert participant.delete(f"/api/2/listenevents/{event.id}/").status_code == 404
    assert db.session.get(ListenEvent, event.id) is not None


def test_staff_patch_any_listen_event(staff):
    event = _listen(SessionFactory())
    response = staff.patch(f"/api/2/listenevents/{event.id}", json={"duration_in_seconds": 1.5})
    assert response.status_code == 200 and response.json["duration_in_seconds"] == 1.5


# --- filters ---------------------------------------------------------------------------------

@pytest.mark.parametrize("param", ["session", "session_id"])
def test_filter_session(staff, param):
    first, second = SessionFactory(), SessionFactory()
    wanted = _listen(first)
    _listen(second)
    assert _ids(staff.get(f"/api/2/listenevents/?{param}={first.id}")) == [wanted.id]


@pytest.mark.parametrize("param", ["asset", "asset_id"])
def test_filter_asset(staff, param):
    session, target = SessionFactory(), AssetFactory()
    wanted = _listen(session, target)
    _listen(session)
    assert _ids(staff.get(f"/api/2/listenevents/?{param}={target.id}")) == [wanted.id]


def test_filter_project_id_is_the_sessions_project(staff):
    project = ProjectFactory()
    wanted = _listen(SessionFactory(project=project), AssetFactory())
    _listen(SessionFactory(), AssetFactory(project_id=project.id))
    assert _ids(staff.get(f"/api/2/listenevents/?project_id={project.id}")) == [wanted.id]


def test_filter_duration_lte_in_seconds(staff):
    session = SessionFactory()
    short, exact = _listen(session, duration=5.0), _listen(session, duration=10.0)
    _listen(session, duration=15.0)
    assert _ids(staff.get("/api/2/listenevents/?duration__lte=10")) == [short.id, exact.id]


def test_filter_duration_gte_in_seconds(staff):
    session = SessionFactory()
    _listen(session, duration=5.0)
    exact, long_ = _listen(session, duration=10.0), _listen(session, duration=15.0)
    assert _ids(staff.get("/api/2/listenevents/?duration__gte=10")) == [exact.id, long_.id]


def test_filter_start_time_lte(staff):
    session = SessionFactory()
    early = _listen(session, starttime=datetime(2024, 5, 1, 10, 0))
    _listen(session, starttime=datetime(2024, 5, 1, 12, 0))
    assert _ids(staff.get("/api/2/listenevents/?start_time__lte=2024-05-01T10:00:00")) == [early.id]


def test_filter_start_time_gte_with_offset(staff):
    session = SessionFactory()
    _listen(session, starttime=datetime(2024, 5, 1, 10, 0))
    late = _listen(session, starttime=datetime(2024, 5, 1, 12, 0))
    # 13:00+02:00 is 11:00 UTC
    assert _ids(staff.get("/api/2/listenevents/?start_time__gte=2024-05-01T13:00:00%2B02:00")) == [late.id]


def test_filter_start_time_gte_with_z(staff):
    session = SessionFactory()
    _listen(session, starttime=datetime(2024, 5, 1, 10, 0))
    late = _listen(session, starttime=datetime(2024, 5, 1, 12, 0))
    assert _ids(staff.get("/api/2/listenevents/?start_time__gte=2024-05-01T12:00:00Z")) == [late.id]


@pytest.mark.parametrize("name, expected", [
    ("today", ["now"]),
    ("yesterday", ["one_day"]),
    ("week", ["now", "one_day", "three_days"]),
    ("month", ["now", "one_day", "three_days", "twenty_days"]),
    ("year", ["now", "one_day", "three_days", "twenty_days", "two_hundred_days"]),
])
def test_filter_start_time_range(staff, name, expected):
    session, now = SessionFactory(), utcnow()
    ages = {"now": 0, "one_day": 1, "three_days": 3, "twenty_days": 20, "two_hundred_days": 200,
            "four_hundred_days": 400}
    events = {label: _listen(session, starttime=now - timedelta(days=days)) for label, days in ages.items()}
    assert _ids(staff.get(f"/api/2/listenevents/?start_time__range={name}")) == [events[n].id for n in expected]


def test_filter_unknown_start_time_range_is_400(staff):
    response = staff.get("/api/2/listenevents/?start_time__range=decade")
    assert response.status_code == 400 and "start_time__range" in response.json


def test_filters_respect_ownership(participant, my_session):
    target = AssetFactory()
    mine = _listen(my_session, target)
    _listen(SessionFactory(), target)
    assert _ids(participant.get(f"/api/2/listenevents/?asset={target.id}")) == [mine.id]
