"""`assets/`: representation, visibility, edits, random picks, the per-project list and the per-process
render cache (queries are in test_asset_queries.py)."""
import secrets
import wave
from datetime import datetime

import pytest

from rwflask.extensions import db
from rwflask.models import Asset
from rwflask.services import media, processing
from tests.support.assets import ASSET_KEYS, listed_ids
from tests.support.uploads import MEDIA
from tests.factories import (AssetFactory, EnvelopeFactory, ProjectFactory, SessionFactory, TagFactory,
                             UserFactory, text_in)

USER_KEYS = ["id", "username", "first_name", "last_name", "email", "device_id", "client_type"]


@pytest.fixture
def project():
    return ProjectFactory()


def _media_file(suffix: str) -> str:
    """Create a file in the media folder; return its stored name."""
    name = f"test-{secrets.token_hex(6)}{suffix}"
    (media.media_root() / name).write_bytes(b"not really media")
    return name


def _silent_wav(seconds: float = 1.0) -> str:
    """Write a real (silent) WAV in the media folder; return its stored name."""
    name = f"test-{secrets.token_hex(6)}.wav"
    with wave.open(str(media.media_root() / name), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x00" * int(8000 * seconds))
    return name


# --- representation --------------------------------------------------------------------------

def test_asset_keys_follow_roundware_order(staff):
    asset = AssetFactory()
    assert list(staff.get(f"/api/2/assets/{asset.id}/").json) == ASSET_KEYS


def test_list_items_have_the_same_keys_as_the_detail(staff):
    AssetFactory()
    response = staff.get("/api/2/assets/")
    assert response.status_code == 200 and list(response.json[0]) == ASSET_KEYS


def test_ready_audio_serves_the_mp3_under_rwmedia(staff):
    asset = AssetFactory(file="orig1.wav", filename="orig1.mp3", processing_state="ready")
    body = staff.get(f"/api/2/assets/{asset.id}/").json
    assert body["file"] == MEDIA + "orig1.mp3" and body["filename"] == "orig1.mp3"


def test_pending_audio_serves_the_original_and_has_no_filename(staff):
    asset = AssetFactory(file="orig2.m4a", filename=None, processing_state="pending")
    body = staff.get(f"/api/2/assets/{asset.id}/").json
    assert body["file"] == MEDIA + "orig2.m4a" and body["filename"] is None


def test_processing_audio_serves_the_original_and_names_its_mp3(staff):
    asset = AssetFactory(file="orig3.wav", filename="orig3.mp3", processing_state="processing")
    body = staff.get(f"/api/2/assets/{asset.id}/").json
    assert body["file"] == MEDIA + "orig3.wav" and body["filename"] == "orig3.mp3"


def test_audio_length_is_rounded_to_two_decimals(staff):
    asset = AssetFactory(audio_length=12.34567)
    assert staff.get(f"/api/2/assets/{asset.id}/").json["audio_length_in_seconds"] == 12.35


def test_asset_without_audio_length_renders_null(staff):
    asset = AssetFactory(audio_length=None, mediatype="photo")
    assert staff.get(f"/api/2/assets/{asset.id}/").json["audio_length_in_seconds"] is None


def test_related_ids_and_fields_are_rendered(staff, english):
    session = SessionFactory(language=english)
    tags = [TagFactory(), TagFactory()]
    envelope = EnvelopeFactory(session_id=session.id)
    description = text_in(english, "Birdsong")
    asset = AssetFactory(session_id=session.id, project_id=session.project_id, language_id=english.id,
                         tags=list(reversed(tags)), envelopes=[envelope], loc_description=[description],
                         mediatype="audio", weight=7, volume=0.5, description="desc")
    body = staff.get(f"/api/2/assets/{asset.id}/").json
    assert body["tag_ids"] == sorted(t.id for t in tags)
    assert body["envelope_ids"] == [envelope.id] and body["description_loc_ids"] == [description.id]
    assert body["alt_text_loc_ids"] == []
    assert (body["session_id"], body["project_id"], body["language_id"]) == (session.id, session.project_id,
                                                                             english.id)
    assert (body["media_type"], body["weight"], body["volume"], body["description"]) == ("audio", 7, 0.5, "desc")


def test_datetimes_are_iso_without_offset(staff):
    asset = AssetFactory(created=datetime(2024, 1, 2, 3, 4, 5, 678000), updated=datetime(2024, 1, 2, 3, 4, 6))
    body = staff.get(f"/api/2/assets/{asset.id}/").json
    assert body["created"] == "2024-01-02T03:04:05.678000" and body["updated"] == "2024-01-02T03:04:06"


def test_asset_without_user_renders_null_user(staff):
    asset = AssetFactory()
    assert staff.get(f"/api/2/assets/{asset.id}/").json["user"] is None


def test_admin_adds_every_translation_after_user(staff, english, spanish):
    asset = AssetFactory(loc_description=[text_in(english, "Hello"), text_in(spanish, "Hola")],
                         loc_alt_text=[text_in(english, "Alt")])
    body = staff.get(f"/api/2/assets/{asset.id}/?admin").json
    keys = list(body)
    assert keys[keys.index("user") + 1:keys.index("user") + 3] == ["loc_description_admin", "loc_alt_text_admin"]
    assert [(s["text"], s["language"]) for s in body["loc_description_admin"]] == [("Hello", "en"), ("Hola", "es")]
    assert [s["text"] for s in body["loc_alt_text_admin"]] == ["Alt"]


def test_without_admin_there_are_no_admin_lists(staff, english):
    asset = AssetFactory(loc_description=[text_in(english, "Hello")])
    body = staff.get(f"/api/2/assets/{asset.id}/").json
    assert "loc_description_admin" not in body and "loc_alt_text_admin" not in body


def test_admin_list_also_adds_translations(staff, english):
    AssetFactory(loc_description=[text_in(english, "Hello")])
    body = staff.get("/api/2/assets/?admin").json
    assert [s["text"] for s in body[0]["loc_description_admin"]] == ["Hello"]


# --- visibility ------------------------------------------------------------------------------

def test_participant_sees_submitted_assets_and_their_own_unsubmitted(participant):
    other = UserFactory()
    public = AssetFactory(user_id=other.id, submitted=True)
    AssetFactory(user_id=other.id, submitted=False)
    AssetFactory(submitted=False)
    mine = AssetFactory(user_id=participant.user.id, submitted=False)
    assert listed_ids(participant.get("/api/2/assets/")) == [public.id, mine.id]


def test_staff_see_every_asset(staff):
    created = [AssetFactory(submitted=True).id, AssetFactory(submitted=False, user_id=UserFactory().id).id]
    assert listed_ids(staff.get("/api/2/assets/")) == created


def test_participant_filtering_unsubmitted_only_gets_their_own(participant):
    AssetFactory(submitted=False)
    mine = AssetFactory(user_id=participant.user.id, submitted=False)
    assert listed_ids(participant.get("/api/2/assets/?submitted=false")) == [mine.id]


def test_anonymous_cannot_list_assets(anonymous):
    AssetFactory()
    assert anonymous.get("/api/2/assets/").status_code == 401


def test_other_users_private_fields_are_hidden_from_participants(participant):
    uploader = UserFactory(first_name="Ada", last_name="Lovelace", client_type="ios")
    asset = AssetFactory(user_id=uploader.id)
    user = participant.get(f"/api/2/assets/{asset.id}/").json["user"]
    assert list(user) == USER_KEYS
    assert user == {"id": uploader.id, "username": uploader.username, "first_name": "", "last_name": "",
                    "email": "", "device_id": None, "client_type": None}


def test_owner_sees_their_own_private_fields(participant):
    participant.user.first_name = "Grace"
    db.session.commit()
    asset = AssetFactory(user_id=participant.user.id)
    user = participant.get(f"/api/2/assets/{asset.id}/").json["user"]
    assert (user["device_id"], user["email"], user["first_name"]) == (participant.user.device_id,
                                                                     participant.user.email, "Grace")


def test_staff_see_uploader_private_fields(staff):
    uploader = UserFactory(first_name="Ada", last_name="Lovelace")
    asset = AssetFactory(user_id=uploader.id)
    user = staff.get(f"/api/2/assets/{asset.id}/").json["user"]
    assert (user["device_id"], user["email"], user["first_name"], user["last_name"]) == (
        uploader.device_id, uploader.email, "Ada", "Lovelace")


def test_private_fields_in_a_cached_list_depend_on_the_viewer(participant, client_for):
    uploader = UserFactory()
    AssetFactory(user_id=uploader.id)
    owner_view = client_for(uploader).get("/api/2/assets/").json[0]["user"]
    other_view = participant.get("/api/2/assets/").json[0]["user"]
    assert owner_view["email"] == uploader.email and other_view["email"] == ""


# --- one asset -------------------------------------------------------------------------------

def test_get_unknown_asset_is_404(staff):
    response = staff.get("/api/2/assets/99999/")
    assert response.status_code == 404 and response.json == {"detail": "Not found."}


def test_get_another_users_unsubmitted_asset_is_404_for_participants(participant):
    asset = AssetFactory(submitted=False, user_id=UserFactory().id)
    assert participant.get(f"/api/2/assets/{asset.id}/").status_code == 404


def test_get_own_unsubmitted_asset(participant):
    asset = AssetFactory(submitted=False, user_id=participant.user.id)
    response = participant.get(f"/api/2/assets/{asset.id}/")
    assert response.status_code == 200 and response.json["id"] == asset.id


def test_staff_get_any_unsubmitted_asset(staff):
    asset = AssetFactory(submitted=False)
    assert staff.get(f"/api/2/assets/{asset.id}/").status_code == 200


# --- PATCH -----------------------------------------------------------------------------------

def test_staff_patch_tag_ids_replaces_the_whole_set(staff):
    t1, t2, t3 = TagFactory(), TagFactory(), TagFactory()
    asset = AssetFactory(tags=[t1, t2])
    response = staff.patch(f"/api/2/assets/{asset.id}/", json={"tag_ids": [t3.id]})
    assert response.status_code == 200 and response.json["tag_ids"] == [t3.id]
    assert [t.id for t in db.session.get(Asset, asset.id).tags] == [t3.id]


def test_patch_tag_ids_as_comma_string(staff):
    t1, t2, t3 = TagFactory(), TagFactory(), TagFactory()
    asset = AssetFactory(tags=[t1])
    response = staff.patch(f"/api/2/assets/{asset.id}/", json={"tag_ids": f"{t3.id},{t2.id},"})
    assert response.status_code == 200 and response.json["tag_ids"] == [t2.id, t3.id]


def test_patch_empty_tag_ids_removes_every_tag(staff):
    asset = AssetFactory(tags=[TagFactory()])
    response = staff.patch(f"/api/2/assets/{asset.id}/", json={"tag_ids": []})
    assert response.status_code == 200 and response.json["tag_ids"] == []


def test_uploader_patches_description(participant):
    asset = AssetFactory(user_id=participant.user.id, description="old")
    response = participant.patch(f"/api/2/assets/{asset.id}/", json={"description": "new words"})
    assert response.status_code == 200 and response.json["description"] == "new words"
    assert db.session.get(Asset, asset.id).description == "new words"


def test_patch_envelope_ids(staff):
    e1, e2, e3 = EnvelopeFactory(), EnvelopeFactory(), EnvelopeFactory()
    asset = AssetFactory(envelopes=[e1])
    response = staff.patch(f"/api/2/assets/{asset.id}/", json={"envelope_ids": [e2.id, e3.id]})
    assert response.status_code == 200 and response.json["envelope_ids"] == [e2.id, e3.id]


@pytest.mark.parametrize("weight", [0, 99])
def test_patch_weight_within_range(staff, weight):
    asset = AssetFactory()
    response = staff.patch(f"/api/2/assets/{asset.id}/", json={"weight": weight})
    assert response.status_code == 200 and response.json["weight"] == weight


@pytest.mark.parametrize("weight", [-1, 100])
def test_patch_weight_out_of_range_is_400(staff, weight):
    asset = AssetFactory(weight=50)
    response = staff.patch(f"/api/2/assets/{asset.id}/", json={"weight": weight})
    assert response.status_code == 400 and "weight" in response.json
    assert db.session.get(Asset, asset.id).weight == 50


def test_patch_language_id(staff, english, spanish):
    asset = AssetFactory(language_id=english.id)
    response = staff.patch(f"/api/2/assets/{asset.id}/", json={"language_id": spanish.id})
    assert response.status_code == 200 and response.json["language_id"] == spanish.id


def test_patch_latitude_and_longitude(participant):
    asset = AssetFactory(user_id=participant.user.id)
    response = participant.patch(f"/api/2/assets/{asset.id}/", json={"latitude": 40.5, "longitude": -73.25})
    assert response.status_code == 200
    assert (response.json["latitude"], response.json["longitude"]) == (40.5, -73.25)


def test_patch_out_of_range_latitude_is_400(staff):
    asset = AssetFactory()
    response = staff.patch(f"/api/2/assets/{asset.id}/", json={"latitude": 91})
    assert response.status_code == 400 and "latitude" in response.json


def test_patch_start_and_end_time(staff):
    asset = AssetFactory(start_time=0.0, end_time=12.5)
    response = staff.patch(f"/api/2/assets/{asset.id}/", json={"start_time": 1.5, "end_time": 9.25})
    assert response.status_code == 200
    assert (response.json["start_time"], response.json["end_time"]) == (1.5, 9.25)


def test_patch_end_before_start_is_400(staff):
    asset = AssetFactory(start_time=0.0, end_time=12.5)
    response = staff.patch(f"/api/2/assets/{asset.id}/", json={"start_time": 8, "end_time": 4})
    assert response.status_code == 400
    stored = db.session.get(Asset, asset.id)
    assert (stored.start_time, stored.end_time) == (0.0, 12.5)


def test_patch_by_another_participant_is_403(participant):
    asset = AssetFactory(user_id=UserFactory().id, description="theirs")
    response = participant.patch(f"/api/2/assets/{asset.id}/", json={"description": "mine now"})
    assert response.status_code == 403
    assert db.session.get(Asset, asset.id).description == "theirs"


def test_patch_unknown_tag_id_is_400_and_keeps_the_tags(staff):
    tag = TagFactory()
    asset = AssetFactory(tags=[tag])
    response = staff.patch(f"/api/2/assets/{asset.id}/", json={"tag_ids": [tag.id, 99999]})
    assert response.status_code == 400 and "tag_ids" in response.json
    assert [t.id for t in db.session.get(Asset, asset.id).tags] == [tag.id]


def test_patch_envelope_alias(staff):
    e1, e2 = EnvelopeFactory(), EnvelopeFactory()
    asset = AssetFactory(envelopes=[e1])
    response = staff.patch(f"/api/2/assets/{asset.id}/", json={"envelope": [e2.id]})
    assert response.status_code == 200 and response.json["envelope_ids"] == [e2.id]


def test_uploader_cannot_credit_the_asset_to_another_user(participant):
    other = UserFactory()
    asset = AssetFactory(user_id=participant.user.id)
    response = participant.patch(f"/api/2/assets/{asset.id}/", json={"user_id": other.id})
    assert response.status_code == 403
    assert db.session.get(Asset, asset.id).user_id == participant.user.id


def test_patch_another_users_unsubmitted_asset_is_404(participant):
    asset = AssetFactory(user_id=UserFactory().id, submitted=False)
    assert participant.patch(f"/api/2/assets/{asset.id}/", json={"description": "x"}).status_code == 404


def test_patch_unknown_asset_is_404(staff):
    assert staff.patch("/api/2/assets/99999/", json={"description": "x"}).status_code == 404


# --- DELETE ----------------------------------------------------------------------------------

def test_staff_delete_removes_the_asset_and_its_media_files(staff):
    original, playable = _media_file(".wav"), _media_file(".mp3")
    asset = AssetFactory(file=original, filename=playable)
    response = staff.delete(f"/api/2/assets/{asset.id}/")
    assert response.status_code == 204
    assert db.session.get(Asset, asset.id) is None
    assert not (media.media_root() / original).exists() and not (media.media_root() / playable).exists()


def test_uploader_deletes_own_asset(participant):
    original = _media_file(".m4a")
    asset = AssetFactory(user_id=participant.user.id, file=original, filename=None, processing_state="pending")
    assert participant.delete(f"/api/2/assets/{asset.id}/").status_code == 204
    assert participant.get(f"/api/2/assets/{asset.id}/").status_code == 404
    assert not (media.media_root() / original).exists()


def test_delete_by_another_participant_is_403_and_keeps_files(participant):
    original = _media_file(".wav")
    asset = AssetFactory(user_id=UserFactory().id, file=original)
    assert participant.delete(f"/api/2/assets/{asset.id}/").status_code == 403
    assert db.session.get(Asset, asset.id) is not None and (media.media_root() / original).exists()


def test_delete_unknown_asset_is_404(staff):
    assert staff.delete("/api/2/assets/99999/").status_code == 404


# --- random ----------------------------------------------------------------------------------

def test_random_returns_n_distinct_matching_assets_in_id_order(staff, project):
    matching = {AssetFactory(project_id=project.id, mediatype="audio").id for _ in range(6)}
    AssetFactory(project_id=project.id, mediatype="photo")
    picked = listed_ids(staff.get(f"/api/2/assets/random/?limit=3&mediatype=audio&project_id={project.id}"))
    assert len(picked) == 3 and len(set(picked)) == 3
    assert set(picked) <= matching and picked == sorted(picked)


def test_random_returns_all_when_fewer_match(staff, project):
    matching = [AssetFactory(project_id=project.id).id for _ in range(2)]
    AssetFactory()
    assert listed_ids(staff.get(f"/api/2/assets/random/?limit=10&project_id={project.id}")) == matching


def test_random_defaults_to_one_asset(staff):
    for _ in range(3):
        AssetFactory()
    assert len(listed_ids(staff.get("/api/2/assets/random/"))) == 1


def test_random_with_no_match_is_empty(staff):
    AssetFactory(mediatype="audio")
    assert listed_ids(staff.get("/api/2/assets/random/?limit=5&mediatype=text")) == []


def test_random_respects_visibility(participant):
    AssetFactory(submitted=False)
    public = AssetFactory(submitted=True)
    assert listed_ids(participant.get("/api/2/assets/random/?limit=5")) == [public.id]


def test_random_items_have_the_asset_keys(staff):
    AssetFactory()
    assert list(staff.get("/api/2/assets/random/").json[0]) == ASSET_KEYS


# --- projects/:id/assets/ --------------------------------------------------------------------

def test_project_assets_lists_only_that_project(staff, project):
    wanted = AssetFactory(project_id=project.id)
    AssetFactory()
    assert listed_ids(staff.get(f"/api/2/projects/{project.id}/assets/")) == [wanted.id]


def test_project_assets_ignore_a_project_id_argument(staff, project):
    wanted = AssetFactory(project_id=project.id)
    other = AssetFactory()
    assert listed_ids(staff.get(f"/api/2/projects/{project.id}/assets/?project_id={other.project_id}")) == [wanted.id]


def test_project_assets_apply_the_asset_filters(staff, project):
    photo = AssetFactory(project_id=project.id, mediatype="photo")
    AssetFactory(project_id=project.id, mediatype="audio")
    assert listed_ids(staff.get(f"/api/2/projects/{project.id}/assets/?media_type=photo")) == [photo.id]


def test_project_assets_are_never_paginated(staff, project):
    created = [AssetFactory(project_id=project.id).id for _ in range(3)]
    response = staff.get(f"/api/2/projects/{project.id}/assets/?paginate=true&page_size=1")
    assert isinstance(response.json, list) and listed_ids(response) == created


def test_project_assets_of_unknown_project_is_404(staff):
    assert staff.get("/api/2/projects/99999/assets/").status_code == 404


def test_project_assets_respect_visibility(participant, project):
    AssetFactory(project_id=project.id, submitted=False)
    public = AssetFactory(project_id=project.id)
    assert listed_ids(participant.get(f"/api/2/projects/{project.id}/assets/")) == [public.id]


# --- the render cache never serves stale data ------------------------------------------------

def test_list_and_detail_show_new_tags_after_patch(staff):
    t1, t2 = TagFactory(), TagFactory()
    asset = AssetFactory(tags=[t1])
    assert staff.get("/api/2/assets/").json[0]["tag_ids"] == [t1.id]
    assert staff.get(f"/api/2/assets/{asset.id}/").json["tag_ids"] == [t1.id]
    assert staff.patch(f"/api/2/assets/{asset.id}/", json={"tag_ids": [t2.id]}).status_code == 200
    assert staff.get("/api/2/assets/").json[0]["tag_ids"] == [t2.id]
    assert staff.get(f"/api/2/assets/{asset.id}/").json["tag_ids"] == [t2.id]


def test_list_and_detail_show_new_description_after_patch(participant):
    asset = AssetFactory(user_id=participant.user.id, description="before")
    assert participant.get("/api/2/assets/").json[0]["description"] == "before"
    participant.patch(f"/api/2/assets/{asset.id}/", json={"description": "after"})
    assert participant.get("/api/2/assets/").json[0]["description"] == "after"
    assert participant.get(f"/api/2/assets/{asset.id}/").json["description"] == "after"


def test_paginated_list_shows_new_description_after_patch(staff):
    asset = AssetFactory(description="before")
    assert staff.get("/api/2/assets/?paginate=true").json["results"][0]["description"] == "before"
    staff.patch(f"/api/2/assets/{asset.id}/", json={"description": "after"})
    assert staff.get("/api/2/assets/?paginate=true").json["results"][0]["description"] == "after"


def test_list_and_detail_drop_a_deleted_tag(staff):
    kept, doomed = TagFactory(), TagFactory()
    asset = AssetFactory(tags=[kept, doomed])
    assert staff.get("/api/2/assets/").json[0]["tag_ids"] == sorted([kept.id, doomed.id])
    assert staff.delete(f"/api/2/tags/{doomed.id}/").status_code == 204
    assert staff.get("/api/2/assets/").json[0]["tag_ids"] == [kept.id]
    assert staff.get(f"/api/2/assets/{asset.id}/").json["tag_ids"] == [kept.id]


def test_list_and_detail_drop_a_deleted_localized_string(staff, english):
    kept, doomed = text_in(english, "kept"), text_in(english, "doomed")
    asset = AssetFactory(loc_description=[kept, doomed])
    assert staff.get("/api/2/assets/").json[0]["description_loc_ids"] == sorted([kept.id, doomed.id])
    assert staff.delete(f"/api/2/localizedstrings/{doomed.id}/").status_code == 204
    assert staff.get("/api/2/assets/").json[0]["description_loc_ids"] == [kept.id]
    assert staff.get(f"/api/2/assets/{asset.id}/").json["description_loc_ids"] == [kept.id]


def test_list_and_detail_show_the_mp3_once_processed(staff):
    original = _silent_wav()
    asset = AssetFactory(file=original, filename=None, processing_state="pending", audio_length=None,
                         start_time=None, end_time=None)
    before = staff.get("/api/2/assets/").json[0]
    assert (before["file"], before["filename"]) == (MEDIA + original, None)
    assert processing.process_asset(asset.id) == "ready"
    mp3 = original[:-len(".wav")] + ".mp3"
    after = staff.get("/api/2/assets/").json[0]
    assert (after["file"], after["filename"]) == (MEDIA + mp3, mp3)
    assert after["audio_length_in_seconds"] == pytest.approx(1.0, abs=0.1)
    assert staff.get(f"/api/2/assets/{asset.id}/").json["file"] == MEDIA + mp3


def test_list_shows_a_new_envelope_after_adding_the_asset_to_it(staff):
    first = EnvelopeFactory()
    asset = AssetFactory(envelopes=[first])
    second = EnvelopeFactory()
    assert staff.get("/api/2/assets/").json[0]["envelope_ids"] == [first.id]
    response = staff.patch(f"/api/2/envelopes/{second.id}/", json={"asset_id": asset.id})
    assert response.status_code == 200
    assert staff.get("/api/2/assets/").json[0]["envelope_ids"] == [first.id, second.id]


def test_project_assets_show_new_values_after_patch(staff, project):
    asset = AssetFactory(project_id=project.id, weight=10)
    assert staff.get(f"/api/2/projects/{project.id}/assets/").json[0]["weight"] == 10
    staff.patch(f"/api/2/assets/{asset.id}/", json={"weight": 90})
    assert staff.get(f"/api/2/projects/{project.id}/assets/").json[0]["weight"] == 90


SQUARE = [[-71.06, 42.36], [-71.05, 42.36], [-71.05, 42.37], [-71.06, 42.37], [-71.06, 42.36]]


def test_staff_set_a_polygon_shape_stored_as_a_multipolygon(staff):
    asset = AssetFactory()
    response = staff.patch(f"/api/2/assets/{asset.id}/", json={"shape": {"type": "Polygon", "coordinates": [SQUARE]}})
    assert response.status_code == 200, response.json
    assert response.json["shape"]["type"] == "MultiPolygon"
    assert db.session.get(Asset, asset.id).shape.geom_type == "MultiPolygon"


def test_staff_remove_a_shape_with_null(staff):
    asset = AssetFactory()
    staff.patch(f"/api/2/assets/{asset.id}/", json={"shape": {"type": "MultiPolygon", "coordinates": [[SQUARE]]}})
    response = staff.patch(f"/api/2/assets/{asset.id}/", json={"shape": None})
    assert response.status_code == 200 and response.json["shape"] is None
    db.session.expire_all()
    assert db.session.get(Asset, asset.id).shape is None


@pytest.mark.parametrize("shape", [
    {"type": "Polygon", "coordinates": [SQUARE[:-1]]},  # ring not closed
    {"type": "Polygon", "coordinates": [[[-71.06, 42.36], [-71.05, 42.37], [-71.05, 42.36], [-71.06, 42.37],
                                         [-71.06, 42.36]]]},  # bow tie: self-intersecting
    {"type": "Point", "coordinates": [-71.06, 42.36]},
    "not a shape",
], ids=["unclosed", "self-intersecting", "point", "garbage"])
def test_invalid_shape_is_400_naming_the_field_and_changes_nothing(staff, shape):
    asset = AssetFactory()
    response = staff.patch(f"/api/2/assets/{asset.id}/", json={"shape": shape})
    assert response.status_code == 400 and "shape" in response.json and "detail" in response.json
    assert db.session.get(Asset, asset.id).shape is None


def test_uploader_may_not_set_a_shape(participant):
    asset = AssetFactory(user_id=participant.user.id)
    response = participant.patch(f"/api/2/assets/{asset.id}/", json={"shape": {"type": "Polygon",
                                                                               "coordinates": [SQUARE]}})
    assert response.status_code == 403
    assert db.session.get(Asset, asset.id).shape is None
