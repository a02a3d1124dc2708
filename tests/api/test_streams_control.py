"""Stream control endpoints (heartbeat, commands, kill, listen, node callbacks) when no render node can play."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from rwflask.extensions import db
from rwflask.models import Event, ListenerState
from rwflask.models.base import utcnow
from rwflask.services import streams
from rwflask.streaming.nodes import callback_secret
from tests.factories import (AssetFactory, AudiotrackFactory, ProjectFactory, SessionFactory, SpeakerFactory,
                             UserFactory, square)

LAT, LON = 42.0, -71.0
NOT_LIVE = {"skipasset": "skip asset", "skip": "skip asset", "pause": "pause", "resume": "resume"}


@pytest.fixture(autouse=True)
def no_render_node(app, request):
    """The test app has no render node (unless a test asks for one): streams are requested but never go live."""
    if "render_node" not in request.fixturenames:
        assert app.config["RENDER_NODES"] == ""


@pytest.fixture
def project(english):
    """A geo project with a speaker around (LAT, LON), so a listener there is in range."""
    project = ProjectFactory(latitude=LAT, longitude=LON, languages=[english])
    SpeakerFactory(project=project, shape=square(LAT, LON, 0.01))
    return project


@pytest.fixture
def session(participant, project, english):
    """A session of the participant that has not asked for a stream."""
    return SessionFactory(user=participant.user, project=project, language=english)


@pytest.fixture
def requested(participant, session):
    """The session after `POST streams/` (no node took it: 503, its listener state kept)."""
    response = participant.post("/api/2/streams/", json={"session_id": session.id, "latitude": LAT,
                                                          "longitude": LON})
    assert response.status_code == 503, response.json
    return session


def listen_url(session_id: int, key: str | None = None) -> str:
    """The stream URL `POST streams/` hands out (or one with another key)."""
    return f"/stream{session_id}.mp3?key={key or streams.stream_key(session_id)}"


@pytest.fixture
def live(requested):
    """The requested session's stream marked live, as if a node had taken it."""
    state = db.session.get(ListenerState, requested.id)
    state.node, state.slot = "elsewhere", 0
    db.session.commit()
    return requested


def events(session, event_type=None):
    query = select(Event.event_type).where(Event.session_id == session.id)
    if event_type is not None:
        query = query.where(Event.event_type == event_type)
    return db.session.scalars(query).all()


def test_post_stream_without_a_free_slot_is_503_with_retry_after(participant, session):
    response = participant.post("/api/2/streams/", json={"session_id": session.id, "latitude": LAT,
                                                          "longitude": LON})
    assert response.status_code == 503 and "busy" in response.json["detail"]
    assert int(response.headers["Retry-After"]) > 0


def test_post_stream_without_a_free_slot_keeps_the_listener_state_and_playlist(participant, requested):
    assert db.session.get(ListenerState, requested.id) is not None
    assert participant.get(f"/api/2/streams/{requested.id}/playlist/").status_code == 200
    response = participant.patch(f"/api/2/streams/{requested.id}/", json={"latitude": LAT + 0.001, "longitude": LON})
    assert response.status_code == 200


def test_post_stream_with_a_free_slot_hands_out_a_keyed_url(participant, session, render_node, app):
    body = participant.post("/api/2/streams/", json={"session_id": session.id, "latitude": LAT,
                                                      "longitude": LON}).json
    assert body == {"stream_id": session.id,
                    "stream_url": app.config["PUBLIC_URL"] + listen_url(session.id)}


def test_requested_stream_is_kept_waiting_without_a_slot(requested):
    db.session.expire_all()
    state = db.session.get(ListenerState, requested.id)
    assert (state.active, state.node, state.slot) == (False, None, None)


def test_request_stream_is_logged_as_an_event(requested):
    event = db.session.scalars(select(Event).where(Event.session_id == requested.id)).one()
    assert (event.event_type, event.latitude, event.longitude) == ("request_stream", str(LAT), str(LON))
    assert f"session_id={requested.id}" in event.data


# --- heartbeat ----------------------------------------------------------------------------------------

def test_heartbeat_without_a_live_stream_is_400(participant, requested):
    response = participant.post(f"/api/2/streams/{requested.id}/heartbeat/")
    assert response.status_code == 400
    assert response.json["detail"] == f"no stream available for session: {requested.id}"


def test_heartbeat_before_any_request_is_400(participant, session):
    assert participant.post(f"/api/2/streams/{session.id}/heartbeat/").status_code == 400


def test_heartbeat_without_a_live_stream_logs_nothing(participant, requested):
    participant.post(f"/api/2/streams/{requested.id}/heartbeat/")
    assert events(requested) == ["request_stream"]


def test_heartbeat_on_a_live_stream_is_empty_200_and_logged(participant, live):
    response = participant.post(f"/api/2/streams/{live.id}/heartbeat/")
    assert response.status_code == 200 and response.data == b""
    assert events(live, "heartbeat") == ["heartbeat"]


def test_heartbeat_holds_the_slot_like_a_connected_player(participant, live):
    state = db.session.get(ListenerState, live.id)
    state.listener_seen_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    participant.post(f"/api/2/streams/{live.id}/heartbeat/")
    db.session.expire_all()
    assert utcnow() - db.session.get(ListenerState, live.id).listener_seen_at < timedelta(seconds=30)


def test_heartbeat_on_another_users_session_is_404(client_for, live):
    assert client_for(UserFactory()).post(f"/api/2/streams/{live.id}/heartbeat/").status_code == 404


def test_heartbeat_on_an_unknown_session_is_404(participant):
    assert participant.post("/api/2/streams/999999/heartbeat/").status_code == 404


# --- skip, pause, resume ---------------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["skipasset", "skip", "pause", "resume"])
def test_command_on_a_stream_that_is_not_live_is_unsuccessful(participant, requested, command):
    response = participant.post(f"/api/2/streams/{requested.id}/{command}/")
    assert response.status_code == 200
    assert response.json["success"] is False and "Specified stream not active" in response.json["message"]
    assert NOT_LIVE[command] in response.json["message"]


@pytest.mark.parametrize("command", ["skipasset", "pause", "resume"])
def test_command_on_a_stream_that_is_not_live_logs_nothing(participant, requested, command):
    participant.post(f"/api/2/streams/{requested.id}/{command}/")
    assert events(requested) == ["request_stream"]


def test_command_before_any_request_is_unsuccessful(participant, session):
    assert participant.post(f"/api/2/streams/{session.id}/skip/").json["success"] is False


def test_command_on_another_users_session_is_404(client_for, requested):
    assert client_for(UserFactory()).post(f"/api/2/streams/{requested.id}/pause/").status_code == 404


def test_staff_gets_the_answer_for_any_session(staff, requested):
    assert staff.post(f"/api/2/streams/{requested.id}/pause/").json["success"] is False


# --- playasset, replayasset ------------------------------------------------------------------------------

def test_playasset_without_asset_id_is_400(participant, requested):
    response = participant.post(f"/api/2/streams/{requested.id}/playasset/", json={})
    assert response.status_code == 400 and "asset_id" in response.json


def test_playasset_on_a_stream_that_is_not_live_is_unsuccessful(participant, requested, project):
    asset = AssetFactory(project_id=project.id)
    body = participant.post(f"/api/2/streams/{requested.id}/playasset/", json={"asset_id": asset.id}).json
    assert body == {"success": False, "message": "Specified stream not active; can't play asset on non-existent "
                                                 "stream!"}


def test_unknown_asset_on_a_stream_that_is_not_live_gets_the_not_live_answer(participant, requested):
    response = participant.post(f"/api/2/streams/{requested.id}/playasset/", json={"asset_id": 999999})
    assert response.status_code == 200 and response.json["success"] is False


def test_unknown_asset_on_a_live_stream_is_400(participant, live):
    response = participant.post(f"/api/2/streams/{live.id}/playasset/", json={"asset_id": 999999})
    assert response.status_code == 400 and response.json["detail"] == "no asset found with this asset_id"
    assert events(live, "play_asset_in_stream") == []


def test_replayasset_with_two_audiotracks_is_400(participant, requested, project):
    AudiotrackFactory(project=project)
    AudiotrackFactory(project=project)
    response = participant.post(f"/api/2/streams/{requested.id}/replayasset/")
    assert response.status_code == 400
    assert response.json["detail"] == "this operation is only valid for projects with 1 audiotrack"


def test_replayasset_without_audiotracks_is_400(participant, requested):
    assert participant.post(f"/api/2/streams/{requested.id}/replayasset/").status_code == 400


def test_replayasset_before_anything_played_is_400(participant, requested, project):
    AudiotrackFactory(project=project)
    response = participant.post(f"/api/2/streams/{requested.id}/replayasset/")
    assert response.status_code == 400 and response.json["detail"] == "nothing has played in this stream yet"


def test_replayasset_on_another_users_session_is_404(client_for, requested):
    assert client_for(UserFactory()).post(f"/api/2/streams/{requested.id}/replayasset/").status_code == 404


# --- isactive, kill -----------------------------------------------------------------------------------------

def test_isactive_is_false_without_a_live_stream(participant, requested):
    assert participant.get(f"/api/2/streams/{requested.id}/isactive/").json == {"stream_id": requested.id,
                                                                               "active": False}


def test_isactive_is_false_before_any_request(participant, session):
    assert participant.get(f"/api/2/streams/{session.id}/isactive/").json == {"stream_id": session.id,
                                                                             "active": False}


def test_isactive_of_another_users_session_is_404(client_for, requested):
    assert client_for(UserFactory()).get(f"/api/2/streams/{requested.id}/isactive/").status_code == 404


def test_kill_by_a_participant_is_403(participant, requested):
    assert participant.post(f"/api/2/streams/{requested.id}/kill/").status_code == 403


def test_kill_by_staff_of_a_stream_that_is_not_live_is_unsuccessful(staff, requested):
    response = staff.post(f"/api/2/streams/{requested.id}/kill/")
    assert response.status_code == 200 and response.json == {"stream_id": requested.id, "success": False}


def test_kill_by_staff_of_a_session_that_never_listened_is_unsuccessful(staff, session):
    assert staff.post(f"/api/2/streams/{session.id}/kill/").json == {"stream_id": session.id, "success": False}


# --- /stream<id>.mp3 ----------------------------------------------------------------------------------------

def test_listen_before_any_request_is_404(anonymous, session):
    response = anonymous.get(listen_url(session.id))
    assert response.status_code == 404 and "detail" in response.json


def test_listen_to_an_unknown_session_is_404(anonymous):
    assert anonymous.get(listen_url(999999)).status_code == 404


def test_listen_without_a_render_node_is_503_with_retry_after(anonymous, requested):
    response = anonymous.get(listen_url(requested.id))
    assert response.status_code == 503 and "busy or unreachable" in response.json["detail"]
    assert int(response.headers["Retry-After"]) > 0


def test_listen_without_a_render_node_leaves_the_stream_waiting(anonymous, requested):
    anonymous.get(listen_url(requested.id))
    db.session.expire_all()
    assert db.session.get(ListenerState, requested.id).active is False


def test_listen_to_a_stream_left_on_a_node_no_longer_configured_is_503(anonymous, requested):
    # A stream still marked live on a node that left RENDER_NODES (until the reaper stops it).
    state = db.session.get(ListenerState, requested.id)
    state.node, state.slot = "gone", 0
    db.session.commit()
    response = anonymous.get(listen_url(requested.id))
    assert response.status_code == 503 and "detail" in response.json


def test_listen_with_the_handed_out_url_starts_the_stream_once_a_slot_is_free(anonymous, requested, render_node):
    response = anonymous.get(listen_url(requested.id))
    assert response.status_code == 307 and response.headers["Location"].endswith("/r1-s0.mp3")
    db.session.expire_all()
    assert db.session.get(ListenerState, requested.id).active is True


@pytest.mark.parametrize("key", [None, "guessed", "AAAAAAAAAAAAAAAAAAAAAA"])
def test_a_guessed_stream_url_is_404_and_starts_nothing(anonymous, requested, render_node, key):
    url = f"/stream{requested.id}.mp3" + (f"?key={key}" if key else "")
    response = anonymous.get(url)
    assert response.status_code == 404 and "detail" in response.json
    db.session.expire_all()
    assert db.session.get(ListenerState, requested.id).active is False


def test_another_sessions_key_does_not_open_a_stream(anonymous, requested, render_node):
    response = anonymous.get(listen_url(requested.id, key=streams.stream_key(requested.id + 1)))
    assert response.status_code == 404


# --- /internal/played ---------------------------------------------------------------------------------------

def played_form(session, **overrides):
    return {"session": session.id, "track": 0, "asset": 1, "duration": 5.0, "cue_in": 0.0, **overrides}


def test_node_callback_without_secret_is_403(anonymous, requested):
    assert anonymous.post("/internal/played", data=played_form(requested)).status_code == 403


def test_node_callback_with_a_wrong_secret_is_403(anonymous, requested):
    response = anonymous.post("/internal/played", data=played_form(requested),
                              headers={"X-RW-Node-Secret": "not-the-secret"})
    assert response.status_code == 403


def test_node_callback_with_a_missing_field_is_400(anonymous, requested):
    form = played_form(requested)
    del form["duration"]
    response = anonymous.post("/internal/played", data=form, headers={"X-RW-Node-Secret": callback_secret()})
    assert response.status_code == 400 and "duration" in response.json


def test_node_callback_with_a_bad_number_is_400(anonymous, requested):
    response = anonymous.post("/internal/played", data=played_form(requested, track="first"),
                              headers={"X-RW-Node-Secret": callback_secret()})
    assert response.status_code == 400


def test_complete_node_callback_is_accepted(anonymous, requested):
    response = anonymous.post("/internal/played", data=played_form(requested),
                              headers={"X-RW-Node-Secret": callback_secret()})
    assert response.status_code == 204
