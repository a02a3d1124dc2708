"""Regression tests of a penetration test: each is named after the attack it stops, next to what the owner
(another participant, staff) may still do. Moderation, envelopes of others, private data in filters, and
votes and listen events on assets the caller may not see."""
import pytest
from sqlalchemy import select

from rwflask.extensions import db
from rwflask.models import Asset, ListenEvent, Vote
from tests.factories import (AssetFactory, EnvelopeFactory, ProjectFactory, SessionFactory, SpeakerFactory,
                             UserFactory, VoteFactory)
from tests.support.assets import listed_ids
from tests.support.uploads import NEAR, file_part, patch_upload


@pytest.fixture
def moderated():
    """A project whose uploads wait for a moderator (auto_submit off), with a speaker at its centre."""
    project = ProjectFactory(auto_submit=False)
    SpeakerFactory(project=project)
    return project


@pytest.fixture
def my_envelope(participant, moderated):
    return EnvelopeFactory(session_id=SessionFactory(user=participant.user, project=moderated).id)


@pytest.fixture
def my_session(participant):
    return SessionFactory(user=participant.user)


@pytest.fixture
def hidden():
    """Another user's asset waiting for moderation."""
    return AssetFactory(user_id=UserFactory().id, submitted=False)


def _stored(asset_id: int) -> Asset:
    return db.session.get(Asset, asset_id)


def _envelope_ids(asset_id: int) -> list[int]:
    return sorted(e.id for e in _stored(asset_id).envelopes)


# --- 1. moderation: submitted and project_id --------------------------------------------------------------------

@pytest.mark.parametrize("place", [{}, {"latitude": NEAR[0], "longitude": NEAR[1]}], ids=["no location", "in range"])
def test_upload_with_submitted_true_does_not_bypass_moderation(participant, my_envelope, wav, place):
    response = patch_upload(participant, my_envelope.id, wav, submitted="true", **place)

    assert response.status_code == 200, response.json
    assert response.json["submitted"] is False and _stored(response.json["id"]).submitted is False


def test_post_assets_with_submitted_true_does_not_bypass_moderation(participant, my_envelope, wav):
    response = participant.post("/api/2/assets/", data={
        "file": file_part(wav), "envelope_ids": str(my_envelope.id), "submitted": "true",
        "latitude": NEAR[0], "longitude": NEAR[1]}, content_type="multipart/form-data")

    assert response.status_code == 200, response.json
    assert _stored(response.json["id"]).submitted is False


def test_staff_upload_with_submitted_true_is_approved(staff, my_envelope, wav):
    response = patch_upload(staff, my_envelope.id, wav, submitted="true")

    assert response.status_code == 200 and response.json["submitted"] is True


def test_approving_own_asset_by_patch_is_403(participant):
    asset = AssetFactory(user_id=participant.user.id, submitted=False)

    response = participant.patch(f"/api/2/assets/{asset.id}/", json={"submitted": True})

    assert response.status_code == 403 and "detail" in response.json
    assert _stored(asset.id).submitted is False


def test_approving_another_participants_hidden_asset_is_404(participant, hidden):
    response = participant.patch(f"/api/2/assets/{hidden.id}/", json={"submitted": True})

    assert response.status_code == 404 and _stored(hidden.id).submitted is False


def test_staff_approve_an_asset(staff, hidden):
    response = staff.patch(f"/api/2/assets/{hidden.id}/", json={"submitted": True})

    assert response.status_code == 200 and _stored(hidden.id).submitted is True


def test_uploader_may_withdraw_own_asset(participant):
    asset = AssetFactory(user_id=participant.user.id, submitted=True)

    response = participant.patch(f"/api/2/assets/{asset.id}/", json={"submitted": False})

    assert response.status_code == 200 and _stored(asset.id).submitted is False


def test_moving_own_asset_to_another_project_is_403(participant):
    asset = AssetFactory(user_id=participant.user.id)
    original = asset.project_id

    response = participant.patch(f"/api/2/assets/{asset.id}/", json={"project_id": ProjectFactory().id})

    assert response.status_code == 403 and "detail" in response.json
    assert _stored(asset.id).project_id == original


def test_moving_another_participants_asset_to_another_project_is_403(participant):
    asset = AssetFactory(user_id=UserFactory().id)
    original = asset.project_id

    response = participant.patch(f"/api/2/assets/{asset.id}/", json={"project_id": ProjectFactory().id})

    assert response.status_code == 403 and _stored(asset.id).project_id == original


def test_staff_move_an_asset_to_another_project(staff):
    asset = AssetFactory(user_id=UserFactory().id)
    target = ProjectFactory()

    response = staff.patch(f"/api/2/assets/{asset.id}/", json={"project_id": target.id})

    assert response.status_code == 200 and _stored(asset.id).project_id == target.id


def test_sending_back_unchanged_submitted_and_project_id_is_allowed(participant):
    asset = AssetFactory(user_id=participant.user.id, submitted=False)

    response = participant.patch(f"/api/2/assets/{asset.id}/", json={
        "submitted": False, "project_id": asset.project_id, "description": "renamed"})

    assert response.status_code == 200 and response.json["description"] == "renamed"


# --- 2. envelopes of other users ---------------------------------------------------------------------------------

def test_adding_own_asset_to_another_users_envelope_by_patch_is_403(participant, my_session):
    mine = EnvelopeFactory(session_id=my_session.id)
    theirs = EnvelopeFactory(session_id=SessionFactory().id)
    asset = AssetFactory(user_id=participant.user.id, envelopes=[mine])

    response = participant.patch(f"/api/2/assets/{asset.id}/", json={"envelope_ids": [mine.id, theirs.id]})

    assert response.status_code == 403 and "envelope_ids" in response.json["detail"]
    assert _envelope_ids(asset.id) == [mine.id]


def test_participant_adds_own_asset_to_own_envelopes(participant, my_session):
    first, second = EnvelopeFactory(session_id=my_session.id), EnvelopeFactory(session_id=my_session.id)
    asset = AssetFactory(user_id=participant.user.id, envelopes=[first])

    response = participant.patch(f"/api/2/assets/{asset.id}/", json={"envelope_ids": [first.id, second.id]})

    assert response.status_code == 200 and _envelope_ids(asset.id) == [first.id, second.id]


def test_keeping_an_envelope_staff_put_the_asset_in_is_allowed(participant, my_session):
    mine = EnvelopeFactory(session_id=my_session.id)
    theirs = EnvelopeFactory(session_id=SessionFactory().id)
    asset = AssetFactory(user_id=participant.user.id, envelopes=[theirs])

    response = participant.patch(f"/api/2/assets/{asset.id}/", json={"envelope_ids": [theirs.id, mine.id]})

    assert response.status_code == 200 and _envelope_ids(asset.id) == sorted([theirs.id, mine.id])


def test_unknown_envelope_id_stays_400(participant, my_session):
    asset = AssetFactory(user_id=participant.user.id)

    response = participant.patch(f"/api/2/assets/{asset.id}/", json={"envelope_ids": [987654]})

    assert response.status_code == 400 and "envelope_ids" in response.json


def test_staff_add_any_asset_to_any_envelope(staff):
    envelope = EnvelopeFactory(session_id=SessionFactory().id)
    asset = AssetFactory(user_id=UserFactory().id)

    response = staff.patch(f"/api/2/assets/{asset.id}/", json={"envelope_ids": [envelope.id]})

    assert response.status_code == 200 and _envelope_ids(asset.id) == [envelope.id]


def test_post_assets_into_another_users_envelope_is_403(participant, wav):
    theirs = EnvelopeFactory(session_id=SessionFactory().id)

    response = participant.post("/api/2/assets/", data={"file": file_part(wav), "envelope_ids": str(theirs.id)},
                                content_type="multipart/form-data")

    assert response.status_code == 403
    assert db.session.scalars(select(Asset)).all() == []


def test_adding_another_users_asset_to_own_envelope_is_403(participant, my_session):
    envelope = EnvelopeFactory(session_id=my_session.id)
    theirs = AssetFactory(user_id=UserFactory().id, submitted=True)

    response = participant.patch(f"/api/2/envelopes/{envelope.id}/", json={"asset_id": theirs.id})

    assert response.status_code == 403 and _envelope_ids(theirs.id) == []


def test_adding_another_users_hidden_asset_to_own_envelope_is_400_as_unknown(participant, my_session, hidden):
    envelope = EnvelopeFactory(session_id=my_session.id)

    response = participant.patch(f"/api/2/envelopes/{envelope.id}/", json={"asset_id": hidden.id})

    assert response.status_code == 400
    assert response.json == {"detail": f"Invalid Asset ID Provided. No Asset exists with ID {hidden.id}"}
    assert _envelope_ids(hidden.id) == []


def test_staff_add_another_users_asset_to_an_envelope(staff, hidden):
    envelope = EnvelopeFactory(session_id=SessionFactory().id)

    response = staff.patch(f"/api/2/envelopes/{envelope.id}/", json={"asset_id": hidden.id})

    assert response.status_code == 200 and _envelope_ids(hidden.id) == [envelope.id]


# --- 3. user_str and private data --------------------------------------------------------------------------------

@pytest.mark.parametrize("field, value, query", [
    ("email", "alice.private@secret.example", "alice.private@secret"), ("first_name", "Alice", "alic"),
    ("last_name", "Liddell", "LIDDELL"),
])
def test_user_str_does_not_guess_other_users_private_fields(participant, field, value, query):
    AssetFactory(user_id=UserFactory(**{field: value}).id)

    assert listed_ids(participant.get(f"/api/2/assets/?user_str={query}")) == []


def test_user_str_matches_other_users_username(participant):
    wanted = AssetFactory(user_id=UserFactory(username="countess42").id)
    AssetFactory(user_id=UserFactory().id)

    assert listed_ids(participant.get("/api/2/assets/?user_str=tess4")) == [wanted.id]


def test_user_str_matches_own_private_fields(participant):
    participant.user.email = "me.myself@private.example"
    db.session.commit()
    mine = AssetFactory(user_id=participant.user.id)
    AssetFactory(user_id=UserFactory(email="someone@private.example").id)

    assert listed_ids(participant.get("/api/2/assets/?user_str=private.example")) == [mine.id]


def test_staff_user_str_matches_anyones_email(staff):
    wanted = AssetFactory(user_id=UserFactory(email="alice.private@secret.example").id)

    assert listed_ids(staff.get("/api/2/assets/?user_str=alice.private@secret")) == [wanted.id]


# --- 4. votes and listen events on hidden assets -----------------------------------------------------------------

def _votes() -> list[Vote]:
    return db.session.scalars(select(Vote)).all()


def _listens() -> list[ListenEvent]:
    return db.session.scalars(select(ListenEvent)).all()


def test_voting_on_another_users_hidden_asset_is_404(participant, my_session, hidden):
    response = participant.post(f"/api/2/assets/{hidden.id}/votes/", json={"session_id": my_session.id,
                                                                          "vote_type": "like"})

    assert response.status_code == 404 and _votes() == []


def test_posting_a_vote_on_another_users_hidden_asset_is_400_as_unknown(participant, my_session, hidden):
    response = participant.post("/api/2/votes/", json={"type": "like", "asset_id": hidden.id,
                                                       "session_id": my_session.id})

    assert response.status_code == 400 and "asset_id" in response.json and _votes() == []


def test_moving_a_vote_onto_another_users_hidden_asset_is_400(participant, my_session, hidden):
    vote = VoteFactory(session_id=my_session.id, voter_id=participant.user.id, asset_id=AssetFactory().id)

    response = participant.patch(f"/api/2/votes/{vote.id}/", json={"asset_id": hidden.id})

    assert response.status_code == 400 and "asset_id" in response.json
    assert db.session.get(Vote, vote.id).asset_id != hidden.id


def test_participant_votes_on_own_hidden_asset(participant, my_session):
    mine = AssetFactory(user_id=participant.user.id, submitted=False)

    response = participant.post("/api/2/votes/", json={"type": "like", "asset_id": mine.id,
                                                       "session_id": my_session.id})

    assert response.status_code == 200 and [v.asset_id for v in _votes()] == [mine.id]


def test_staff_vote_on_a_hidden_asset(staff, hidden):
    session = SessionFactory(user=staff.user)

    response = staff.post("/api/2/votes/", json={"type": "flag", "asset_id": hidden.id, "session_id": session.id})

    assert response.status_code == 200 and [v.asset_id for v in _votes()] == [hidden.id]


def test_posting_a_listen_event_on_another_users_hidden_asset_is_400_as_unknown(participant, my_session, hidden):
    response = participant.post("/api/2/listenevents/", json={"session_id": my_session.id, "asset_id": hidden.id})

    assert response.status_code == 400 and "asset_id" in response.json and _listens() == []


def test_moving_a_listen_event_onto_another_users_hidden_asset_is_400(participant, my_session, hidden):
    created = participant.post("/api/2/listenevents/", json={"session_id": my_session.id,
                                                             "asset_id": AssetFactory().id})

    response = participant.patch(f"/api/2/listenevents/{created.json['id']}/", json={"asset_id": hidden.id})

    assert response.status_code == 400 and "asset_id" in response.json
    assert [e.asset_id for e in _listens()] != [hidden.id]


def test_participant_listens_to_own_hidden_asset(participant, my_session):
    mine = AssetFactory(user_id=participant.user.id, submitted=False)

    response = participant.post("/api/2/listenevents/", json={"session_id": my_session.id, "asset_id": mine.id})

    assert response.status_code == 200 and [e.asset_id for e in _listens()] == [mine.id]


def test_staff_record_a_listen_event_on_a_hidden_asset(staff, hidden):
    session = SessionFactory(user=staff.user)

    response = staff.post("/api/2/listenevents/", json={"session_id": session.id, "asset_id": hidden.id})

    assert response.status_code == 200 and [e.asset_id for e in _listens()] == [hidden.id]
