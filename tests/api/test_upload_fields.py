"""What an upload's fields become: the submitted cascade, tag ids in every form clients send, and
coordinates as strings or numbers."""
import pytest

from tests.support.uploads import NEAR, FAR, patch_upload, asset_count, media_snapshot
from tests.factories import AssetFactory, EnvelopeFactory, ProjectFactory, SessionFactory, SpeakerFactory


# --- the submitted cascade -------------------------------------------------------------------------------------

@pytest.fixture
def speaker(project):
    """An active speaker covering the project's centre."""
    return SpeakerFactory(project=project)


@pytest.mark.parametrize("value", ["true", "Y"])
def test_staffs_explicit_true_submitted_wins_over_missing_location(staff, envelope, speaker, wav, value):
    response = patch_upload(staff, envelope.id, wav, submitted=value)

    assert response.json["submitted"] is True


@pytest.mark.parametrize("value", ["false", "0"])
def test_explicit_false_submitted_wins_over_auto_submit_in_range(participant, envelope, speaker, wav, value):
    response = patch_upload(participant, envelope.id, wav, submitted=value, latitude=NEAR[0], longitude=NEAR[1])

    assert response.json["submitted"] is False


def test_explicit_submitted_keeps_the_missing_location(staff, envelope, speaker, wav):
    response = patch_upload(staff, envelope.id, wav, submitted="true")

    assert (response.json["latitude"], response.json["longitude"]) == (None, None)


def test_invalid_submitted_value_is_400(participant, envelope, wav):
    response = patch_upload(participant, envelope.id, wav, submitted="maybe")

    assert response.status_code == 400 and "submitted" in response.json


def test_no_location_is_not_submitted_and_placed_at_the_project(participant, project, envelope, speaker, wav):
    response = patch_upload(participant, envelope.id, wav)

    assert response.json["submitted"] is False
    assert (response.json["latitude"], response.json["longitude"]) == (project.latitude, project.longitude)


def test_blank_location_fields_count_as_no_location(participant, project, envelope, speaker, wav):
    response = patch_upload(participant, envelope.id, wav, latitude="", longitude="", submitted="")

    assert response.status_code == 200, response.json
    assert response.json["submitted"] is False
    assert (response.json["latitude"], response.json["longitude"]) == (project.latitude, project.longitude)


@pytest.mark.parametrize("auto_submit", [True, False])
def test_location_in_range_of_active_speaker_takes_project_auto_submit(participant, wav, auto_submit):
    project = ProjectFactory(auto_submit=auto_submit)
    SpeakerFactory(project=project)
    envelope = EnvelopeFactory(session_id=SessionFactory(user=participant.user, project=project).id)

    response = patch_upload(participant, envelope.id, wav, latitude=NEAR[0], longitude=NEAR[1])

    assert response.json["submitted"] is auto_submit
    assert (response.json["latitude"], response.json["longitude"]) == (float(NEAR[0]), float(NEAR[1]))


def test_range_is_the_project_out_of_range_distance(participant, wav):
    project = ProjectFactory(auto_submit=True, out_of_range_distance=100)
    SpeakerFactory(project=project)
    envelope = EnvelopeFactory(session_id=SessionFactory(user=participant.user, project=project).id)

    response = patch_upload(participant, envelope.id, wav, latitude=NEAR[0], longitude=NEAR[1])

    assert response.json["submitted"] is False


def test_location_far_from_every_speaker_is_not_submitted(participant, envelope, speaker, wav):
    response = patch_upload(participant, envelope.id, wav, latitude=FAR[0], longitude=FAR[1])

    assert response.json["submitted"] is False


def test_inactive_speaker_does_not_put_location_in_range(participant, project, envelope, wav):
    SpeakerFactory(project=project, activeyn=False)

    response = patch_upload(participant, envelope.id, wav, latitude=NEAR[0], longitude=NEAR[1])

    assert response.json["submitted"] is False


@pytest.mark.parametrize("auto_submit", [True, False])
def test_session_without_geo_listening_takes_auto_submit_anywhere(participant, wav, auto_submit):
    project = ProjectFactory(auto_submit=auto_submit)
    session = SessionFactory(user=participant.user, project=project, geo_listen_enabled=False)
    envelope = EnvelopeFactory(session_id=session.id)

    response = patch_upload(participant, envelope.id, wav, latitude=FAR[0], longitude=FAR[1])

    assert response.json["submitted"] is auto_submit


# --- tag ids, coordinates ----------------------------------------------------------------------------------------

TAG_ID_FORMS = {
    "comma string": lambda a, b: f"{b},{a}",
    "trailing comma": lambda a, b: f"{a},{b},",
    "repeated form values": lambda a, b: [str(a), str(b)],
    "bracketed array string": lambda a, b: f"[{a}, {b}]",
}


@pytest.mark.parametrize("form", TAG_ID_FORMS)
def test_tag_ids_are_read_in_every_form_clients_send(participant, envelope, tags, wav, form):
    response = patch_upload(participant, envelope.id, wav, tag_ids=TAG_ID_FORMS[form](tags[0].id, tags[1].id))

    assert response.status_code == 200, response.json
    assert sorted(response.json["tag_ids"]) == sorted(t.id for t in tags)


def test_tags_alias_is_accepted(participant, envelope, tags, wav):
    response = patch_upload(participant, envelope.id, wav, tags=str(tags[0].id))

    assert response.json["tag_ids"] == [tags[0].id]


def test_unknown_tag_id_is_400_and_stores_nothing(participant, envelope, tags, private_media_root, wav):
    before = media_snapshot(private_media_root)

    response = patch_upload(participant, envelope.id, wav, tag_ids=f"{tags[0].id},987654")

    assert response.status_code == 400
    assert "987654" in response.json["detail"]
    assert asset_count() == 0 and media_snapshot(private_media_root) == before


def test_non_numeric_tag_id_is_400(participant, envelope, wav):
    response = patch_upload(participant, envelope.id, wav, tag_ids="3,abc")

    assert response.status_code == 400 and "tag_ids" in response.json


def test_latitude_and_longitude_as_strings_are_stored_as_numbers(participant, envelope, wav):
    response = patch_upload(participant, envelope.id, wav, latitude="42.123456", longitude="-71.654321")

    assert (response.json["latitude"], response.json["longitude"]) == (42.123456, -71.654321)


def test_latitude_out_of_range_is_400(participant, envelope, wav):
    response = patch_upload(participant, envelope.id, wav, latitude="91", longitude="0")

    assert response.status_code == 400 and "latitude" in response.json


def test_asset_id_variant_accepts_json_numbers_for_coordinates(participant, envelope):
    asset = AssetFactory(user_id=participant.user.id)

    response = participant.patch(f"/api/2/envelopes/{envelope.id}/",
                                 json={"asset_id": asset.id, "latitude": 42.5, "longitude": -71.5})

    assert response.status_code == 200, response.json
    assert response.json["id"] == asset.id


def test_asset_id_variant_accepts_string_coordinates(participant, envelope):
    asset = AssetFactory(user_id=participant.user.id)

    response = participant.patch(f"/api/2/envelopes/{envelope.id}/",
                                 json={"asset_id": str(asset.id), "latitude": "42.5", "longitude": "-71.5"})

    assert response.status_code == 200, response.json
    assert response.json["id"] == asset.id
