"""Uploads: `PATCH envelopes/:id/` and `POST assets/`, the real worker's MP3 conversion, bad uploads,
who may upload where, and the start_upload event."""
import json

import pytest
from sqlalchemy import select

from rwflask.extensions import db
from rwflask.models import Asset, Envelope, Event
from tests.support import audio
from tests.support.assets import ASSET_KEYS
from tests.support.uploads import (MEDIA, SINGLE_ENVELOPE_MESSAGE, asset_count, fetch_media, file_part, media_snapshot,
                                       patch_upload, wait_until_ready)
from tests.factories import AssetFactory, EnvelopeFactory, ProjectFactory, SessionFactory, UserFactory


# --- the web client's journey, through the real worker -----------------------------------------------------------

def test_web_client_journey_uploads_blob_and_worker_publishes_playable_mp3(anonymous, celery_worker, project, tags,
                                                                          media_dir, tmp_path):
    recording = audio.tone(media_dir, "wav", seconds=3.0, frequency=523)
    user = anonymous.post("/api/2/users/", json={"device_id": "web-journey-1", "client_type": "web"})
    assert user.status_code == 200
    anonymous.headers = {"Authorization": f"token {user.json['token']}"}
    session = anonymous.post("/api/2/sessions/", json={"project_id": project.id})
    assert session.status_code == 200
    envelope = anonymous.post("/api/2/envelopes/", json={"session_id": session.json["id"]})
    assert envelope.status_code == 200

    response = patch_upload(anonymous, envelope.json["id"], recording, filename="blob",
                            tag_ids=f"{tags[0].id},{tags[1].id}", latitude="42.0001", longitude="-71.0002",
                            session_id=str(session.json["id"]), media_type="audio")

    assert response.status_code == 200, response.json
    body = response.json
    assert list(body) == ASSET_KEYS
    assert body["media_type"] == "audio"
    assert body["tag_ids"] == [tags[0].id, tags[1].id]
    assert body["envelope_ids"] == [envelope.json["id"]]
    assert (body["session_id"], body["project_id"]) == (session.json["id"], project.id)
    assert (body["latitude"], body["longitude"]) == (42.0001, -71.0002)
    assert body["user"]["id"] == user.json["id"]
    assert body["file"].startswith(MEDIA)
    assert body["audio_length_in_seconds"] == pytest.approx(3.0, abs=0.05)
    assert body["start_time"] == 0.0 and body["end_time"] == pytest.approx(body["audio_length_in_seconds"],
                                                                            abs=0.01)

    ready = wait_until_ready(anonymous, body["id"])
    assert ready["file"] == MEDIA + ready["filename"]
    media, fetched = fetch_media(anonymous, ready["file"], tmp_path)
    assert media.status_code == 200
    assert media.mimetype == "audio/mpeg"
    assert audio.ffprobe(fetched)["format"]["format_name"] == "mp3"
    assert audio.decoded_seconds(fetched) == pytest.approx(3.0, abs=0.15)
    assert ready["audio_length_in_seconds"] == pytest.approx(3.0, abs=0.05)
    assert ready["start_time"] == 0.0
    assert ready["end_time"] == pytest.approx(ready["audio_length_in_seconds"], abs=0.01)


@pytest.mark.parametrize("fmt", list(audio.AUDIO_ENCODINGS))
def test_each_accepted_audio_format_sent_as_blob_is_converted_to_mp3(participant, celery_worker, envelope, media_dir,
                                                                     fmt, tmp_path):
    source = audio.tone(media_dir, fmt, seconds=2.0)

    response = patch_upload(participant, envelope.id, source, filename="blob", media_type="audio",
                            latitude="42.0", longitude="-71.0")

    assert response.status_code == 200, response.json
    ready = wait_until_ready(participant, response.json["id"])
    media, fetched = fetch_media(participant, ready["file"], tmp_path)
    assert media.mimetype == "audio/mpeg"
    assert audio.decoded_seconds(fetched) == pytest.approx(2.0, abs=0.2)
    assert ready["audio_length_in_seconds"] == pytest.approx(2.0, abs=0.15)


@pytest.mark.parametrize("fmt", list(audio.AUDIO_ENCODINGS))
def test_audio_original_is_stored_with_the_extension_of_its_content(participant, envelope, media_dir, fmt):
    source = audio.tone(media_dir, fmt, seconds=2.0)

    response = patch_upload(participant, envelope.id, source, filename="blob")

    assert response.status_code == 200, response.json
    stored = db.session.get(Asset, response.json["id"]).file
    assert stored.endswith(audio.STORED_EXTENSIONS[fmt])


# --- photos and text: checked by content, whatever the name ----------------------------------------------------

@pytest.mark.parametrize("image, name, extension", [("png", "blob", ".png"), ("jpeg", "blob", ".jpg"),
                                                    ("png", "photo.jpg", ".png"), ("jpeg", "photo.png", ".jpg")])
def test_photo_is_typed_by_content_not_by_name(participant, envelope, request, image, name, extension, tmp_path):
    path = request.getfixturevalue(image)

    response = patch_upload(participant, envelope.id, path, filename=name, media_type="photo")

    assert response.status_code == 200, response.json
    body = response.json
    assert body["media_type"] == "photo"
    assert body["filename"].endswith(extension) and body["file"] == MEDIA + body["filename"]
    assert body["audio_length_in_seconds"] is None
    _, fetched = fetch_media(participant, body["file"], tmp_path)
    assert fetched.read_bytes() == path.read_bytes()


def test_photo_is_ready_without_the_worker(participant, envelope, png):
    response = patch_upload(participant, envelope.id, png, media_type="photo")

    assert db.session.get(Asset, response.json["id"]).processing_state == "ready"


@pytest.mark.parametrize("name", ["blob", "story.mp3"])
def test_utf8_text_is_accepted_whatever_its_name(participant, envelope, media_dir, name, tmp_path):
    path = audio.text_file(media_dir)

    response = patch_upload(participant, envelope.id, path, filename=name, media_type="text")

    assert response.status_code == 200, response.json
    assert response.json["media_type"] == "text"
    assert response.json["filename"].endswith(".txt")
    _, fetched = fetch_media(participant, response.json["file"], tmp_path)
    assert fetched.read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


# --- bad uploads: 400 with a detail, nothing half-stored -----------------------------------------------------------

def _random_bytes_as_mp3(tmp_path, wav, png):
    path = tmp_path / "x.mp3"
    path.write_bytes(bytes(range(256)) * 64)
    return path, "x.mp3", {"media_type": "audio"}


BAD_UPLOADS = {
    "empty file": lambda tmp_path, wav, png: (_write(tmp_path / "empty", b""), "blob", {"media_type": "audio"}),
    "random bytes named x.mp3": _random_bytes_as_mp3,
    "wav as photo": lambda tmp_path, wav, png: (wav, "blob", {"media_type": "photo"}),
    "png as audio": lambda tmp_path, wav, png: (png, "blob", {"media_type": "audio"}),
    "non-utf8 text": lambda tmp_path, wav, png: (
        _write(tmp_path / "latin1.txt", "café crème brûlée, déjà vu".encode("latin-1")), "blob",
        {"media_type": "text"}),
}


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("case", list(BAD_UPLOADS))
def test_bad_upload_is_400_with_detail(participant, envelope, private_media_root, wav, png, tmp_path, case):
    path, name, fields = BAD_UPLOADS[case](tmp_path, wav, png)

    response = patch_upload(participant, envelope.id, path, filename=name, **fields)

    assert response.status_code == 400
    assert isinstance(response.json["detail"], str) and response.json["detail"]


@pytest.mark.parametrize("case", list(BAD_UPLOADS))
def test_bad_upload_stores_no_asset_and_no_file(participant, envelope, private_media_root, wav, png, tmp_path, case):
    path, name, fields = BAD_UPLOADS[case](tmp_path, wav, png)
    before = media_snapshot(private_media_root)

    patch_upload(participant, envelope.id, path, filename=name, **fields)

    assert asset_count() == 0
    assert media_snapshot(private_media_root) == before
    assert db.session.get(Envelope, envelope.id).assets == []


def test_empty_file_detail_says_it_is_empty(participant, envelope, private_media_root, tmp_path):
    response = patch_upload(participant, envelope.id, _write(tmp_path / "empty", b""))

    assert response.json["detail"] == "The file is empty."


def test_non_utf8_text_detail_names_the_encoding(participant, envelope, private_media_root, tmp_path):
    path = _write(tmp_path / "latin1.txt", "crème".encode("latin-1"))

    response = patch_upload(participant, envelope.id, path, media_type="text")

    assert response.json["detail"] == "Text must be UTF-8."


# --- audio is measured by decoding it, within the project's max_recording_length ------------------------------------

@pytest.fixture(scope="module")
def forty_seconds(media_dir):
    """A 40 s WAV: past the factory project's max_recording_length (30 s) and the tolerance (2 s)."""
    return audio.tone(media_dir, "wav", seconds=40.0)


@pytest.fixture(scope="module")
def thirty_one_and_a_half_seconds(media_dir):
    """A 31.5 s WAV: past the factory project's 30 s, within the tolerance."""
    return audio.tone(media_dir, "wav", seconds=31.5)


@pytest.fixture(scope="module")
def truncated_wav(media_dir, wav):
    """The first 100 bytes of a WAV: a header and a few samples."""
    return _write(media_dir / "truncated.wav", wav.read_bytes()[:100])


@pytest.fixture(scope="module")
def adts_garbage(media_dir):
    return audio.adts_garbage(media_dir / "garbage.aac")


def envelope_in_project(participant, **project_fields):
    """An envelope of the participant in a new project with `project_fields`."""
    project = ProjectFactory(**project_fields)
    return EnvelopeFactory(session_id=SessionFactory(user=participant.user, project=project).id)


def test_an_upload_longer_than_the_projects_max_recording_length_is_refused(participant, envelope, forty_seconds):
    response = patch_upload(participant, envelope.id, forty_seconds, filename="recording.wav", media_type="audio")

    assert response.status_code == 400
    assert response.json == {"detail": "The recording is longer than the limit of 30 seconds."}


def test_an_opus_file_claiming_a_short_duration_but_decoding_to_hours_is_refused(participant, envelope,
                                                                               hour_of_opus_claiming_a_second):
    response = patch_upload(participant, envelope.id, hour_of_opus_claiming_a_second, filename="short.opus")

    assert response.status_code == 400
    assert response.json["detail"] == "The recording is longer than the limit of 30 seconds."


def test_the_server_cap_bounds_a_project_that_allows_longer_recordings(app, monkeypatch, participant, forty_seconds):
    envelope = envelope_in_project(participant, max_recording_length=3600)
    monkeypatch.setitem(app.config, "MAX_RECORDING_SECONDS", 20)

    response = patch_upload(participant, envelope.id, forty_seconds)

    assert response.status_code == 400
    assert response.json["detail"] == "The recording is longer than the limit of 20 seconds."


def test_a_project_allowing_longer_recordings_accepts_them(participant, forty_seconds):
    envelope = envelope_in_project(participant, max_recording_length=60)

    response = patch_upload(participant, envelope.id, forty_seconds)

    assert response.status_code == 200, response.json
    assert response.json["audio_length_in_seconds"] == pytest.approx(40.0, abs=0.01)


def test_a_recording_within_the_limit_and_tolerance_is_accepted(participant, envelope, thirty_one_and_a_half_seconds):
    response = patch_upload(participant, envelope.id, thirty_one_and_a_half_seconds)

    assert response.status_code == 200, response.json
    assert response.json["audio_length_in_seconds"] == pytest.approx(31.5, abs=0.01)


def test_the_tolerance_past_the_limit_is_configurable(app, monkeypatch, participant, envelope,
                                                      thirty_one_and_a_half_seconds):
    monkeypatch.setitem(app.config, "RECORDING_TOLERANCE_SECONDS", 0)

    response = patch_upload(participant, envelope.id, thirty_one_and_a_half_seconds)

    assert response.status_code == 400
    assert "limit of 30 seconds" in response.json["detail"]


def test_audio_length_is_what_decodes_not_what_the_file_claims(participant, envelope, media_dir):
    twenty_seconds = audio.silent_opus(media_dir, 20)
    claiming_one = audio.claiming_duration(twenty_seconds, media_dir / "20s-claiming-1s.opus", 1.0)

    response = patch_upload(participant, envelope.id, claiming_one)

    assert response.status_code == 200, response.json
    assert response.json["audio_length_in_seconds"] == pytest.approx(20.0, abs=0.05)


def test_a_webm_recording_without_a_stated_duration_is_accepted_at_its_decoded_length(participant, envelope,
                                                                                        media_dir):
    response = patch_upload(participant, envelope.id, audio.live_webm(media_dir, seconds=2.0))

    assert response.status_code == 200, response.json
    assert response.json["audio_length_in_seconds"] == pytest.approx(2.0, abs=0.05)


def test_a_truncated_wav_upload_is_refused_and_nothing_is_stored(participant, envelope, private_media_root,
                                                                 truncated_wav):
    before = media_snapshot(private_media_root)

    response = patch_upload(participant, envelope.id, truncated_wav, filename="recording.wav")

    assert response.status_code == 400
    assert response.json["detail"].startswith("The file has no audio that can be decoded")
    assert asset_count() == 0 and media_snapshot(private_media_root) == before


def test_an_upload_of_garbage_bytes_is_refused(participant, envelope, adts_garbage):
    response = patch_upload(participant, envelope.id, adts_garbage, filename="recording.aac")

    assert response.status_code == 400
    assert response.json["detail"].startswith("The file has no audio that can be decoded")


@pytest.mark.parametrize("refused", ["forty_seconds", "hour_of_opus_claiming_a_second", "adts_garbage"])
def test_a_refused_recording_leaves_no_asset_and_no_file(participant, envelope, private_media_root, request, refused):
    before = media_snapshot(private_media_root)

    response = patch_upload(participant, envelope.id, request.getfixturevalue(refused))

    assert response.status_code == 400
    assert asset_count() == 0 and media_snapshot(private_media_root) == before


def test_a_video_is_not_held_to_the_recording_limit(participant, media_dir):
    envelope = envelope_in_project(participant, max_recording_length=1)

    response = patch_upload(participant, envelope.id, audio.video_mp4(media_dir, seconds=2.0), media_type="video")

    assert response.status_code == 200, response.json
    assert response.json["media_type"] == "video"


def test_file_over_the_upload_limit_is_400_and_stores_nothing(app, participant, envelope, private_media_root, wav):
    before = media_snapshot(private_media_root)
    saved = app.config["MAX_UPLOAD_BYTES"]
    app.config["MAX_UPLOAD_BYTES"] = 4096
    try:
        response = patch_upload(participant, envelope.id, wav)
    finally:
        app.config["MAX_UPLOAD_BYTES"] = saved

    assert response.status_code == 400
    assert "larger than the limit" in response.json["detail"]
    assert asset_count() == 0
    assert media_snapshot(private_media_root) == before


def test_over_limit_detail_states_the_configured_limit(app, participant, envelope, private_media_root, tmp_path):
    two_megabytes = audio.tone_wav(tmp_path / "long.wav", seconds=48.0)
    saved = app.config["MAX_UPLOAD_BYTES"]
    app.config["MAX_UPLOAD_BYTES"] = int(1.5 * 1024 * 1024)  # MAX_UPLOAD_MB=1.5
    try:
        response = patch_upload(participant, envelope.id, two_megabytes)
    finally:
        app.config["MAX_UPLOAD_BYTES"] = saved

    assert response.status_code == 400
    assert "1.5 MB" in response.json["detail"]


def test_file_at_the_upload_limit_is_accepted(app, participant, envelope, private_media_root, wav):
    saved = app.config["MAX_UPLOAD_BYTES"]
    app.config["MAX_UPLOAD_BYTES"] = wav.stat().st_size
    try:
        response = patch_upload(participant, envelope.id, wav)
    finally:
        app.config["MAX_UPLOAD_BYTES"] = saved

    assert response.status_code == 200, response.json


def test_patch_without_file_or_asset_id_is_400(participant, envelope, private_media_root):
    before = media_snapshot(private_media_root)

    response = participant.patch(f"/api/2/envelopes/{envelope.id}/", data={"media_type": "audio"},
                                 content_type="multipart/form-data")

    assert response.status_code == 400
    assert response.json == {"detail": "asset_id or file required"}
    assert asset_count() == 0 and media_snapshot(private_media_root) == before


def test_patch_with_unrelated_json_is_400_asset_id_or_file_required(participant, envelope):
    response = participant.patch(f"/api/2/envelopes/{envelope.id}/", json={"foo": "bar"})

    assert response.status_code == 400 and response.json == {"detail": "asset_id or file required"}


# --- POST assets/ -------------------------------------------------------------------------------------------------

def test_post_assets_with_file_and_one_envelope_id(participant, envelope, session, wav):
    response = participant.post("/api/2/assets/", data={"file": file_part(wav), "envelope_ids": str(envelope.id),
                                                        "latitude": "42.0", "longitude": "-71.0"},
                                content_type="multipart/form-data")

    assert response.status_code == 200, response.json
    assert list(response.json) == ASSET_KEYS
    assert response.json["envelope_ids"] == [envelope.id]
    assert response.json["session_id"] == session.id


def test_post_assets_with_two_envelope_ids_is_400_with_roundware_message(participant, session, wav):
    first, second = EnvelopeFactory(session_id=session.id), EnvelopeFactory(session_id=session.id)

    response = participant.post("/api/2/assets/", data={"file": file_part(wav),
                                                        "envelope_ids": f"{first.id},{second.id}"},
                                content_type="multipart/form-data")

    assert response.status_code == 400
    assert response.json["envelope_ids"] == [SINGLE_ENVELOPE_MESSAGE]
    assert SINGLE_ENVELOPE_MESSAGE in response.json["detail"]
    assert asset_count() == 0


def test_post_assets_without_file_is_400(participant, envelope):
    response = participant.post("/api/2/assets/", data={"envelope_ids": str(envelope.id)},
                                content_type="multipart/form-data")

    assert response.status_code == 400
    assert response.json["detail"] == "Must supply file for asset content"


def test_post_assets_without_envelope_ids_is_400(participant, wav):
    response = participant.post("/api/2/assets/", data={"file": file_part(wav)}, content_type="multipart/form-data")

    assert response.status_code == 400 and "envelope_ids" in response.json


def test_post_assets_into_unknown_envelope_is_400(participant, wav):
    response = participant.post("/api/2/assets/", data={"file": file_part(wav), "envelope_ids": "987654"},
                                content_type="multipart/form-data")

    assert response.status_code == 400
    assert response.json["detail"] == "Invalid Envelope ID Provided. No Envelope exists with ID 987654"


# --- PATCH envelopes/:id/ with asset_id ---------------------------------------------------------------------------

def test_patch_with_asset_id_adds_existing_asset_to_envelope(participant, session):
    first, second = EnvelopeFactory(session_id=session.id), EnvelopeFactory(session_id=session.id)
    asset = AssetFactory(user_id=participant.user.id, session_id=session.id)
    participant.patch(f"/api/2/envelopes/{first.id}/", json={"asset_id": asset.id})

    response = participant.patch(f"/api/2/envelopes/{second.id}/", json={"asset_id": asset.id})

    assert response.status_code == 200
    assert response.json["envelope_ids"] == [first.id, second.id]
    assert participant.get(f"/api/2/envelopes/{second.id}/").json["asset_ids"] == [asset.id]


def test_patch_with_asset_id_twice_does_not_duplicate(participant, envelope):
    asset = AssetFactory(user_id=participant.user.id)
    participant.patch(f"/api/2/envelopes/{envelope.id}/", json={"asset_id": asset.id})

    response = participant.patch(f"/api/2/envelopes/{envelope.id}/", json={"asset_id": asset.id})

    assert response.json["envelope_ids"] == [envelope.id]


def test_patch_with_asset_id_as_form_field(participant, envelope):
    asset = AssetFactory(user_id=participant.user.id)

    response = participant.patch(f"/api/2/envelopes/{envelope.id}/", data={"asset_id": str(asset.id)})

    assert response.status_code == 200 and response.json["envelope_ids"] == [envelope.id]


def test_patch_with_unknown_asset_id_is_400(participant, envelope):
    response = participant.patch(f"/api/2/envelopes/{envelope.id}/", json={"asset_id": 987654})

    assert response.status_code == 400
    assert response.json == {"detail": "Invalid Asset ID Provided. No Asset exists with ID 987654"}


def test_patch_unknown_envelope_with_asset_id_is_400(participant):
    asset = AssetFactory(user_id=participant.user.id)

    response = participant.patch("/api/2/envelopes/987654/", json={"asset_id": asset.id})

    assert response.status_code == 400
    assert response.json == {"detail": "Invalid Envelope ID Provided. No Envelope exists with ID 987654"}


def test_upload_into_unknown_envelope_is_400(participant, private_media_root, wav):
    before = media_snapshot(private_media_root)

    response = patch_upload(participant, 987654, wav)

    assert response.status_code == 400
    assert response.json == {"detail": "Invalid Envelope ID Provided. No Envelope exists with ID 987654"}
    assert media_snapshot(private_media_root) == before


# --- who may upload where ----------------------------------------------------------------------------------------

def test_upload_into_another_participants_envelope_is_403(participant, private_media_root, wav):
    other = EnvelopeFactory(session_id=SessionFactory().id)
    before = media_snapshot(private_media_root)

    response = patch_upload(participant, other.id, wav)

    assert response.status_code == 403
    assert asset_count() == 0 and media_snapshot(private_media_root) == before


def test_adding_existing_asset_to_another_participants_envelope_is_403(participant):
    other = EnvelopeFactory(session_id=SessionFactory().id)
    asset = AssetFactory(user_id=participant.user.id)

    response = participant.patch(f"/api/2/envelopes/{other.id}/", json={"asset_id": asset.id})

    assert response.status_code == 403
    assert db.session.get(Asset, asset.id).envelopes == []


def test_staff_may_upload_into_a_participants_envelope(staff, envelope, session, wav):
    response = patch_upload(staff, envelope.id, wav)

    assert response.status_code == 200, response.json
    assert response.json["envelope_ids"] == [envelope.id]
    assert response.json["user"]["id"] == session.user_id


def test_participant_cannot_credit_an_upload_to_another_user(participant, envelope, private_media_root, wav):
    other = UserFactory()
    before = media_snapshot(private_media_root)

    response = patch_upload(participant, envelope.id, wav, user_id=str(other.id))

    assert response.status_code == 403
    assert asset_count() == 0 and media_snapshot(private_media_root) == before


def test_participant_may_name_themselves_as_the_uploader(participant, envelope, wav):
    # The iOS app sends the phone's own user_id with every upload.
    response = patch_upload(participant, envelope.id, wav, user_id=str(participant.user.id))

    assert response.status_code == 200, response.json
    assert db.session.get(Asset, response.json["id"]).user_id == participant.user.id


def test_user_id_zero_credits_the_session_user(participant, envelope, session, wav):
    # The iOS app sends 0 when it does not know its user id yet.
    response = patch_upload(participant, envelope.id, wav, user_id="0")

    assert response.status_code == 200, response.json
    assert db.session.get(Asset, response.json["id"]).user_id == session.user_id


def test_staff_may_credit_an_upload_to_another_user(staff, envelope, wav):
    other = UserFactory()

    response = patch_upload(staff, envelope.id, wav, user_id=str(other.id))

    assert response.status_code == 200, response.json
    assert db.session.get(Asset, response.json["id"]).user_id == other.id


def test_upload_credits_the_session_user(participant, envelope, wav):
    response = patch_upload(participant, envelope.id, wav)

    assert response.json["user"]["id"] == participant.user.id
    assert db.session.get(Asset, response.json["id"]).user_id == participant.user.id


def test_anonymous_upload_is_401(anonymous, envelope, wav):
    response = patch_upload(anonymous, envelope.id, wav)

    assert response.status_code == 401


# --- the start_upload event --------------------------------------------------------------------------------------

def test_upload_logs_start_upload_event_for_the_envelope_session(participant, envelope, session, tags, wav):
    patch_upload(participant, envelope.id, wav, session_id=str(session.id), latitude="42.0001",
                 longitude="-71.0002", tag_ids=f"{tags[0].id},{tags[1].id}", media_type="audio",
                 description="on the bridge")

    events = db.session.scalars(select(Event).where(Event.event_type == "start_upload")).all()
    assert len(events) == 1
    event = events[0]
    assert event.session_id == session.id
    assert (event.latitude, event.longitude) == ("42.0001", "-71.0002")
    assert event.tags == f"{tags[0].id},{tags[1].id}"
    data = json.loads(event.data)
    assert data["media_type"] == "audio" and data["description"] == "on the bridge"
    assert data["session_id"] == session.id


def test_start_upload_event_goes_to_the_envelope_session_not_the_sent_one(participant, envelope, session, wav):
    elsewhere = SessionFactory(user=participant.user)

    patch_upload(participant, envelope.id, wav, session_id=str(elsewhere.id))

    event = db.session.scalars(select(Event).where(Event.event_type == "start_upload")).one()
    assert event.session_id == session.id
