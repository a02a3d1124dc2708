"""`streams/`: starting to listen, moving, changing tags, and the playlist that follows (issue: playlist engine)."""
import time

import pytest

from rwflask.extensions import db
from rwflask.models import ListenerState, Vote
from rwflask.services.streams import stream_key
from tests.factories import (AssetFactory, LanguageFactory, ProjectFactory, SessionFactory, SpeakerFactory,
                             TagCategoryFactory, TagFactory, UIGroupFactory, UIItemFactory, VoteFactory, square,
                             text_in)

LAT, LON = 42.0, -71.0


@pytest.fixture
def project(english):
    """A geo project with an active speaker around (LAT, LON) and a 30 m recording radius."""
    project = ProjectFactory(latitude=LAT, longitude=LON, recording_radius=30, languages=[english])
    SpeakerFactory(project=project, shape=square(LAT, LON, 0.01))
    return project


@pytest.fixture
def listening(participant, project, english, render_node):
    """The participant's session on the project, listening at (LAT, LON)."""
    session = SessionFactory(user=participant.user, project=project, language=english)
    response = participant.post("/api/2/streams/", data={"session_id": session.id, "latitude": str(LAT),
                                                         "longitude": str(LON)})
    assert response.status_code == 200, response.json
    return session


def asset_at(project, english, dlat=0.0, dlon=0.0, **kwargs):
    return AssetFactory(project_id=project.id, language_id=english.id, latitude=LAT + dlat, longitude=LON + dlon,
                        processing_state="ready", **kwargs)


def playlist(client, session):
    response = client.get(f"/api/2/streams/{session.id}/playlist/")
    assert response.status_code == 200, response.json
    return response.json


def test_post_stream_returns_the_session_mount(participant, project, english, render_node, app):
    session = SessionFactory(user=participant.user, project=project, language=english)
    body = participant.post("/api/2/streams/", json={"session_id": session.id, "latitude": LAT,
                                                      "longitude": LON}).json
    assert body == {"stream_url": f"{app.config['PUBLIC_URL']}/stream{session.id}.mp3?key={stream_key(session.id)}",
                    "stream_id": session.id}


def test_post_stream_accepts_form_strings(participant, project, english, render_node):
    session = SessionFactory(user=participant.user, project=project, language=english)
    response = participant.post("/api/2/streams/", data={"session_id": str(session.id), "latitude": "42.0",
                                                         "longitude": "-71.0"})
    assert response.status_code == 200 and response.json["stream_id"] == session.id


def test_geo_session_needs_a_location(participant, project, english):
    session = SessionFactory(user=participant.user, project=project, language=english)
    response = participant.post("/api/2/streams/", json={"session_id": session.id})
    assert response.status_code == 400 and "latitude" in response.json["detail"]


def test_out_of_range_listener_gets_the_project_stream_and_message(participant, project, english):
    project.out_of_range_message_loc = [text_in(english, "Come closer")]
    db.session.commit()
    session = SessionFactory(user=participant.user, project=project, language=english)
    body = participant.post("/api/2/streams/", json={"session_id": session.id, "latitude": 10.0,
                                                      "longitude": 10.0}).json
    assert body["stream_url"] == project.out_of_range_url and body["user_message"] == "Come closer"


def test_demo_session_gets_the_demo_stream(participant, project, english):
    project.demo_stream_url = "http://example.org/demo.mp3"
    db.session.commit()
    session = SessionFactory(user=participant.user, project=project, language=english, demo_stream_enabled=True)
    body = participant.post("/api/2/streams/", json={"session_id": session.id, "latitude": LAT,
                                                      "longitude": LON}).json
    assert body["stream_url"] == "http://example.org/demo.mp3" and body["demo_stream_message"]


def test_another_users_session_cannot_be_streamed(participant, project, english):
    session = SessionFactory(project=project, language=english)
    response = participant.post("/api/2/streams/", json={"session_id": session.id, "latitude": LAT,
                                                          "longitude": LON})
    assert response.status_code == 400


def test_project_id_must_match_the_session(participant, project, english):
    session = SessionFactory(user=participant.user, project=project, language=english)
    response = participant.post("/api/2/streams/", json={"session_id": session.id, "project_id": project.id + 1,
                                                          "latitude": LAT, "longitude": LON})
    assert response.status_code == 400 and "project_id" in response.json


def test_playlist_lists_nearby_assets_with_their_reason(participant, project, english, listening):
    near = asset_at(project, english, dlat=0.0001)
    asset_at(project, english, dlat=0.01)
    body = playlist(participant, listening)
    assert body["asset_ids"] == [near.id]
    assert body["assets"] == [{"id": near.id, "reason": "radius"}]
    assert body["excluded"] == {"out_of_range": 1}


def test_moving_changes_the_playlist(participant, project, english, listening):
    asset_at(project, english, dlat=0.0001)
    far = asset_at(project, english, dlat=0.01)
    assert participant.patch(f"/api/2/streams/{listening.id}/", data={
        "latitude": str(LAT + 0.01), "longitude": str(LON)}).status_code == 200
    assert playlist(participant, listening)["asset_ids"] == [far.id]


def test_patch_without_trailing_slash_works(participant, project, english, listening):
    response = participant.patch(f"/api/2/streams/{listening.id}", json={"latitude": LAT, "longitude": LON})
    assert response.status_code == 200 and response.data == b""


def test_range_listening_reaches_further(participant, project, english, listening):
    far = asset_at(project, english, dlat=0.005)
    participant.patch(f"/api/2/streams/{listening.id}/", json={"latitude": LAT, "longitude": LON,
                                                                "listener_range_max": 1000})
    assert playlist(participant, listening)["assets"] == [{"id": far.id, "reason": "range"}]


def test_a_move_without_range_returns_to_the_project_radius(participant, project, english, listening):
    asset_at(project, english, dlat=0.005)
    participant.patch(f"/api/2/streams/{listening.id}/", json={"latitude": LAT, "longitude": LON,
                                                                "listener_range_max": 1000})
    participant.patch(f"/api/2/streams/{listening.id}/", json={"latitude": LAT, "longitude": LON})
    assert playlist(participant, listening)["asset_ids"] == []


def test_directional_listening_with_listener_heading_alias(participant, project, english, listening):
    north = asset_at(project, english, dlat=0.005)
    asset_at(project, english, dlat=-0.005)
    participant.patch(f"/api/2/streams/{listening.id}/", json={"latitude": LAT, "longitude": LON,
                                                                "listener_heading": 0, "listen_width": 20})
    assert playlist(participant, listening)["assets"] == [{"id": north.id, "reason": "directional"}]


def test_tag_change_keeps_the_last_location(participant, project, english, listening):
    category = TagCategoryFactory()
    UIGroupFactory(project=project, tag_category=category, ui_mode="listen")
    wanted, other = TagFactory(project=project, tag_category=category), TagFactory(project=project,
                                                                                  tag_category=category)
    kept = asset_at(project, english, dlat=0.0001, tags=[wanted])
    asset_at(project, english, dlat=0.0001, tags=[other])
    assert participant.patch(f"/api/2/streams/{listening.id}/", data={"tag_ids": f"{wanted.id}"}).status_code == 200
    body = playlist(participant, listening)
    assert body["asset_ids"] == [kept.id] and body["excluded"]["tags"] == 1


def test_default_listen_tags_apply_without_a_request(participant, project, english, listening):
    item = UIItemFactory(ui_group=UIGroupFactory(project=project, ui_mode="listen"), active=True)
    kept = asset_at(project, english, dlat=0.0001, tags=[item.tag])
    asset_at(project, english, dlat=0.0001, tags=[TagFactory(project=project, tag_category=item.tag.tag_category)])
    assert playlist(participant, listening)["asset_ids"] == [kept.id]


def test_blocked_asset_is_left_out(participant, project, english, listening):
    blocked = asset_at(project, english, dlat=0.0001)
    VoteFactory(session_id=listening.id, asset_id=blocked.id, type="block_asset")
    participant.patch(f"/api/2/streams/{listening.id}/", json={"latitude": LAT, "longitude": LON})
    assert playlist(participant, listening)["excluded"] == {"blocked": 1}


def test_language_change_through_patch(participant, project, english, listening):
    spanish_asset = asset_at(project, LanguageFactory(language_code="es"), dlat=0.0001)
    participant.patch(f"/api/2/streams/{listening.id}/", json={"language": "es-MX", "latitude": LAT,
                                                                "longitude": LON})
    assert playlist(participant, listening)["asset_ids"] == [spanish_asset.id]


def test_unknown_language_is_400(participant, listening):
    response = participant.patch(f"/api/2/streams/{listening.id}/", json={"language": "xx"})
    assert response.status_code == 400 and "language" in response.json


def test_patch_with_nothing_to_change_is_400(participant, listening):
    response = participant.patch(f"/api/2/streams/{listening.id}/", json={"foo": 1})
    assert response.status_code == 400
    assert response.json["detail"] == "could not update stream: must supply something to update"


def test_patch_before_listening_is_400(participant, project, english):
    session = SessionFactory(user=participant.user, project=project, language=english)
    response = participant.patch(f"/api/2/streams/{session.id}/", json={"latitude": LAT, "longitude": LON})
    assert response.status_code == 400 and response.json["detail"] == f"no stream available for session: {session.id}"


def test_playlist_of_another_users_session_is_404(participant, client_for, listening):
    from tests.factories import UserFactory
    assert client_for(UserFactory()).get(f"/api/2/streams/{listening.id}/playlist/").status_code == 404


def test_staff_sees_any_playlist(staff, listening):
    assert staff.get(f"/api/2/streams/{listening.id}/playlist/").status_code == 200


def test_playlist_before_listening_is_404(participant, project, english):
    session = SessionFactory(user=participant.user, project=project, language=english)
    assert participant.get(f"/api/2/streams/{session.id}/playlist/").status_code == 404


def test_a_worker_recomputes_the_playlist_after_each_change(participant, project, english, listening,
                                                             celery_worker):
    near = asset_at(project, english, dlat=0.0001)
    participant.patch(f"/api/2/streams/{listening.id}/", json={"latitude": LAT, "longitude": LON + 0.00001})
    deadline = time.monotonic() + 30
    while True:
        db.session.expire_all()
        state = db.session.get(ListenerState, listening.id)
        if state.playlist_version == state.version:
            break
        assert time.monotonic() < deadline, "no worker recomputed the playlist"
        time.sleep(0.05)
    assert state.playlist.asset_ids == [near.id]


def test_playlist_follows_a_new_asset_without_the_listener_moving(participant, project, english, listening):
    first = asset_at(project, english, dlat=0.0001)
    assert playlist(participant, listening)["asset_ids"] == [first.id]
    second = asset_at(project, english, dlat=-0.0001)
    db.session.commit()
    assert sorted(playlist(participant, listening)["asset_ids"]) == sorted([first.id, second.id])


def test_playlist_follows_a_project_ordering_change(participant, project, english, listening):
    light, heavy = asset_at(project, english, dlat=0.0001, weight=1), asset_at(project, english, weight=90)
    project.ordering = "by_weight"
    db.session.commit()
    assert playlist(participant, listening)["asset_ids"] == [heavy.id, light.id]
    project.ordering = "by_like"
    db.session.add(Vote(asset_id=light.id, session_id=listening.id, type="like"))
    db.session.commit()
    assert playlist(participant, listening)["asset_ids"] == [light.id, heavy.id]


def test_a_shape_set_by_staff_brings_a_far_asset_to_a_listener_inside_it(participant, staff, project, english,
                                                                        listening):
    far = asset_at(project, english, dlat=0.005)  # ~550 m north: outside the 30 m radius
    assert far.id not in playlist(participant, listening)["asset_ids"]
    around_listener = {"type": "Polygon", "coordinates": [[[LON - 0.001, LAT - 0.001], [LON + 0.001, LAT - 0.001],
                                                            [LON + 0.001, LAT + 0.001], [LON - 0.001, LAT + 0.001],
                                                            [LON - 0.001, LAT - 0.001]]]}
    assert staff.patch(f"/api/2/assets/{far.id}/", json={"shape": around_listener}).status_code == 200
    answer = playlist(participant, listening)
    assert {"id": far.id, "reason": "shape"} in answer["assets"]
    assert staff.patch(f"/api/2/assets/{far.id}/", json={"shape": None}).status_code == 200
    assert far.id not in playlist(participant, listening)["asset_ids"]
