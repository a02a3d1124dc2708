"""Votes: `assets/:id/votes/` (subtotals and the toggle), `votes/` CRUD, filters and summary, `assets/blocked/`."""
import json

import pytest
from sqlalchemy import select

from rwflask.extensions import db
from rwflask.models import Event, Vote
from tests.factories import AssetFactory, ProjectFactory, SessionFactory, UserFactory, VoteFactory

VOTE_KEYS = ["id", "value", "type", "voter_id", "asset_id", "session_id", "asset_votes"]


@pytest.fixture
def my_session(participant):
    """A session of the participant."""
    return SessionFactory(user=participant.user)


@pytest.fixture
def asset():
    return AssetFactory()


def _votes():
    return db.session.scalars(select(Vote).order_by(Vote.id)).all()


def _ids(response):
    assert response.status_code == 200, response.get_data(as_text=True)
    return [v["id"] for v in response.json]


# --- GET assets/:id/votes/ -------------------------------------------------------------------

def test_asset_votes_are_subtotals_ascending_by_total_with_avg_for_rate(participant, asset):
    for _ in range(3):
        VoteFactory(asset_id=asset.id, type="like")
    VoteFactory(asset_id=asset.id, type="rate", value=3)
    VoteFactory(asset_id=asset.id, type="rate", value=4)
    VoteFactory(asset_id=asset.id, type="flag")
    VoteFactory(type="flag")  # another asset
    response = participant.get(f"/api/2/assets/{asset.id}/votes/")
    assert response.status_code == 200
    assert response.json == [{"type": "flag", "total": 1}, {"type": "rate", "total": 2, "avg": 3.5},
                             {"type": "like", "total": 3}]


def test_asset_without_votes_has_no_subtotals(participant, asset):
    response = participant.get(f"/api/2/assets/{asset.id}/votes/")
    assert response.status_code == 200 and response.json == []


def test_votes_of_unknown_asset_is_404(participant):
    assert participant.get("/api/2/assets/99999/votes/").status_code == 404


def test_votes_of_another_users_unsubmitted_asset_is_404(participant):
    hidden = AssetFactory(submitted=False, user_id=UserFactory().id)
    assert participant.get(f"/api/2/assets/{hidden.id}/votes/").status_code == 404


# --- POST assets/:id/votes/ ------------------------------------------------------------------

def test_asset_vote_creates_a_vote(participant, my_session, asset):
    response = participant.post(f"/api/2/assets/{asset.id}/votes/",
                                json={"session_id": my_session.id, "vote_type": "like"})
    assert response.status_code == 200
    body = response.json
    assert list(body) == VOTE_KEYS
    assert (body["type"], body["value"], body["voter_id"], body["asset_id"], body["session_id"]) == (
        "like", None, participant.user.id, asset.id, my_session.id)
    assert body["asset_votes"] == [{"type": "like", "total": 1}]
    [vote] = _votes()
    assert (vote.id, vote.type, vote.voter_id) == (body["id"], "like", participant.user.id)


def test_asset_vote_with_value_stores_it(participant, my_session, asset):
    response = participant.post(f"/api/2/assets/{asset.id}/votes/",
                                json={"session_id": my_session.id, "vote_type": "rate", "value": 4})
    assert response.status_code == 200 and response.json["value"] == 4
    assert response.json["asset_votes"] == [{"type": "rate", "total": 1, "avg": 4.0}]


def test_same_asset_vote_again_without_value_withdraws_it(participant, my_session, asset):
    payload = {"session_id": my_session.id, "vote_type": "like"}
    participant.post(f"/api/2/assets/{asset.id}/votes/", json=payload)
    response = participant.post(f"/api/2/assets/{asset.id}/votes/", json=payload)
    assert response.status_code == 200 and response.json["asset_votes"] == []
    assert _votes() == []


def test_asset_vote_toggle_is_per_type(participant, my_session, asset):
    participant.post(f"/api/2/assets/{asset.id}/votes/", json={"session_id": my_session.id, "vote_type": "like"})
    participant.post(f"/api/2/assets/{asset.id}/votes/", json={"session_id": my_session.id, "vote_type": "flag"})
    assert sorted(v.type for v in _votes()) == ["flag", "like"]


def test_same_asset_vote_with_value_updates_it(participant, my_session, asset):
    url = f"/api/2/assets/{asset.id}/votes/"
    first = participant.post(url, json={"session_id": my_session.id, "vote_type": "rate", "value": 3}).json
    second = participant.post(url, json={"session_id": my_session.id, "vote_type": "rate", "value": 5}).json
    assert second["id"] == first["id"] and second["value"] == 5
    assert [(v.type, v.value) for v in _votes()] == [("rate", 5)]


def test_asset_vote_accepts_type_as_vote_type(participant, my_session, asset):
    response = participant.post(f"/api/2/assets/{asset.id}/votes/", json={"session_id": my_session.id,
                                                                          "type": "flag"})
    assert response.status_code == 200 and response.json["type"] == "flag"


def test_asset_vote_uses_the_url_asset_over_a_body_asset_id(participant, my_session, asset):
    other = AssetFactory()
    response = participant.post(f"/api/2/assets/{asset.id}/votes/",
                                json={"session_id": my_session.id, "vote_type": "like", "asset_id": other.id})
    assert response.status_code == 200 and response.json["asset_id"] == asset.id
    assert [v.asset_id for v in _votes()] == [asset.id]


def test_asset_vote_with_unknown_type_is_400(participant, my_session, asset):
    response = participant.post(f"/api/2/assets/{asset.id}/votes/",
                                json={"session_id": my_session.id, "vote_type": "love"})
    assert response.status_code == 400 and "vote_type" in response.json
    assert _votes() == []


@pytest.mark.parametrize("missing", ["session_id", "vote_type"])
def test_asset_vote_without_required_field_is_400(participant, my_session, asset, missing):
    payload = {"session_id": my_session.id, "vote_type": "like"}
    del payload[missing]
    response = participant.post(f"/api/2/assets/{asset.id}/votes/", json=payload)
    assert response.status_code == 400 and missing in response.json


def test_asset_vote_in_another_users_session_is_403(participant, asset):
    theirs = SessionFactory()
    response = participant.post(f"/api/2/assets/{asset.id}/votes/",
                                json={"session_id": theirs.id, "vote_type": "like"})
    assert response.status_code == 403 and _votes() == []


def test_asset_vote_with_unknown_session_is_400(participant, asset):
    response = participant.post(f"/api/2/assets/{asset.id}/votes/", json={"session_id": 99999, "vote_type": "like"})
    assert response.status_code == 400 and _votes() == []


def test_asset_vote_on_unknown_asset_is_404(participant, my_session):
    response = participant.post("/api/2/assets/99999/votes/", json={"session_id": my_session.id,
                                                                    "vote_type": "like"})
    assert response.status_code == 404 and _votes() == []


def test_asset_vote_on_another_users_unsubmitted_asset_is_404(participant, my_session):
    hidden = AssetFactory(submitted=False, user_id=UserFactory().id)
    response = participant.post(f"/api/2/assets/{hidden.id}/votes/", json={"session_id": my_session.id,
                                                                           "vote_type": "like"})
    assert response.status_code == 404 and _votes() == []


def test_asset_vote_logs_a_vote_asset_event(participant, my_session, asset):
    participant.post(f"/api/2/assets/{asset.id}/votes/", json={"session_id": my_session.id, "vote_type": "like"})
    [event] = db.session.scalars(select(Event)).all()
    assert (event.event_type, event.session_id) == ("vote_asset", my_session.id)
    assert json.loads(event.data)["asset_id"] == asset.id


# --- POST votes/ -----------------------------------------------------------------------------

def test_create_vote(participant, my_session, asset):
    response = participant.post("/api/2/votes/", json={"type": "rate", "value": 2, "asset_id": asset.id,
                                                       "session_id": my_session.id})
    assert response.status_code == 200
    assert list(response.json) == VOTE_KEYS
    assert (response.json["type"], response.json["value"], response.json["voter_id"]) == ("rate", 2,
                                                                                          participant.user.id)
    assert [(v.type, v.value, v.asset_id) for v in _votes()] == [("rate", 2, asset.id)]


def test_create_vote_defaults_voter_to_the_sessions_user(staff, asset):
    session = SessionFactory()
    response = staff.post("/api/2/votes/", json={"type": "like", "asset_id": asset.id, "session_id": session.id})
    assert response.status_code == 200 and response.json["voter_id"] == session.user_id


def test_create_vote_twice_is_not_a_toggle(participant, my_session, asset):
    payload = {"type": "like", "asset_id": asset.id, "session_id": my_session.id}
    participant.post("/api/2/votes/", json=payload)
    assert participant.post("/api/2/votes/", json=payload).status_code == 200
    assert len(_votes()) == 2


def test_create_vote_with_unknown_type_is_400(participant, my_session, asset):
    response = participant.post("/api/2/votes/", json={"type": "meh", "asset_id": asset.id,
                                                       "session_id": my_session.id})
    assert response.status_code == 400 and "type" in response.json and _votes() == []


@pytest.mark.parametrize("missing", ["type", "asset_id", "session_id"])
def test_create_vote_without_required_field_is_400(participant, my_session, asset, missing):
    payload = {"type": "like", "asset_id": asset.id, "session_id": my_session.id}
    del payload[missing]
    response = participant.post("/api/2/votes/", json=payload)
    assert response.status_code == 400 and missing in response.json


def test_create_vote_on_unknown_asset_is_400(participant, my_session):
    response = participant.post("/api/2/votes/", json={"type": "like", "asset_id": 99999,
                                                       "session_id": my_session.id})
    assert response.status_code == 400 and _votes() == []


def test_create_vote_in_another_users_session_is_403(participant, asset):
    response = participant.post("/api/2/votes/", json={"type": "like", "asset_id": asset.id,
                                                       "session_id": SessionFactory().id})
    assert response.status_code == 403 and _votes() == []


# --- GET votes/ ------------------------------------------------------------------------------

def test_participant_lists_only_votes_of_their_sessions(participant, my_session):
    mine = VoteFactory(session_id=my_session.id)
    VoteFactory()
    assert _ids(participant.get("/api/2/votes/")) == [mine.id]


def test_staff_list_every_vote(staff):
    created = [VoteFactory().id, VoteFactory().id]
    assert _ids(staff.get("/api/2/votes/")) == created


@pytest.fixture
def vote_set():
    """Votes differing in voter, session, project, asset, type, value and asset media type."""
    p1, p2 = ProjectFactory(), ProjectFactory()
    s1, s2 = SessionFactory(project=p1), SessionFactory(project=p2)
    audio, photo = AssetFactory(mediatype="audio"), AssetFactory(mediatype="photo")
    votes = {
        "like": VoteFactory(session_id=s1.id, voter_id=s1.user_id, asset_id=audio.id, type="like"),
        "rate": VoteFactory(session_id=s2.id, voter_id=s2.user_id, asset_id=photo.id, type="rate", value=3),
        "flag": VoteFactory(session_id=s1.id, voter_id=s1.user_id, asset_id=photo.id, type="flag", value=1),
    }
    return {"votes": votes, "s1": s1, "s2": s2, "p2": p2, "audio": audio, "photo": photo}


@pytest.mark.parametrize("query, expected", [
    (lambda d: f"voter_id={d['s2'].user_id}", ["rate"]),
    (lambda d: f"session_id={d['s1'].id}", ["like", "flag"]),
    (lambda d: f"project_id={d['p2'].id}", ["rate"]),
    (lambda d: f"asset_id={d['photo'].id}", ["rate", "flag"]),
    (lambda d: "type=flag", ["flag"]),
    (lambda d: "value=3", ["rate"]),
    (lambda d: "media_type=audio", ["like"]),
    (lambda d: f"session_id={d['s1'].id}&media_type=photo", ["flag"]),
], ids=["voter_id", "session_id", "project_id", "asset_id", "type", "value", "media_type", "combined"])
def test_vote_filters(staff, vote_set, query, expected):
    response = staff.get(f"/api/2/votes/?{query(vote_set)}")
    assert _ids(response) == [vote_set["votes"][name].id for name in expected]


def test_vote_filter_with_unknown_type_is_400(staff):
    response = staff.get("/api/2/votes/?type=love")
    assert response.status_code == 400 and "type" in response.json


# --- votes/:id/ ------------------------------------------------------------------------------

def test_owner_gets_their_vote(participant, my_session):
    vote = VoteFactory(session_id=my_session.id, type="rate", value=2)
    response = participant.get(f"/api/2/votes/{vote.id}/")
    assert response.status_code == 200 and list(response.json) == VOTE_KEYS
    assert (response.json["id"], response.json["value"]) == (vote.id, 2)


def test_owner_patches_their_vote(participant, my_session):
    vote = VoteFactory(session_id=my_session.id, type="rate", value=2)
    response = participant.patch(f"/api/2/votes/{vote.id}/", json={"value": 5})
    assert response.status_code == 200 and response.json["value"] == 5
    assert db.session.get(Vote, vote.id).value == 5


def test_patch_vote_with_unknown_type_is_400(participant, my_session):
    vote = VoteFactory(session_id=my_session.id, type="like")
    response = participant.patch(f"/api/2/votes/{vote.id}/", json={"type": "love"})
    assert response.status_code == 400 and db.session.get(Vote, vote.id).type == "like"


def test_patch_vote_into_another_users_session_is_403(participant, my_session):
    vote = VoteFactory(session_id=my_session.id)
    response = participant.patch(f"/api/2/votes/{vote.id}/", json={"session_id": SessionFactory().id})
    assert response.status_code == 403 and db.session.get(Vote, vote.id).session_id == my_session.id


def test_owner_deletes_their_vote(participant, my_session):
    vote = VoteFactory(session_id=my_session.id)
    assert participant.delete(f"/api/2/votes/{vote.id}/").status_code == 204
    assert _votes() == []


def test_another_participants_vote_is_404_to_get(participant):
    vote = VoteFactory()
    assert participant.get(f"/api/2/votes/{vote.id}/").status_code == 404


def test_another_participants_vote_is_404_to_patch(participant):
    vote = VoteFactory(type="rate", value=1)
    assert participant.patch(f"/api/2/votes/{vote.id}/", json={"value": 5}).status_code == 404
    assert db.session.get(Vote, vote.id).value == 1


def test_another_participants_vote_is_404_to_delete(participant):
    vote = VoteFactory()
    assert participant.delete(f"/api/2/votes/{vote.id}/").status_code == 404
    assert db.session.get(Vote, vote.id) is not None


def test_staff_get_any_vote(staff):
    vote = VoteFactory()
    assert staff.get(f"/api/2/votes/{vote.id}/").status_code == 200


def test_unknown_vote_is_404(staff):
    assert staff.get("/api/2/votes/99999/").status_code == 404


# --- votes/summary/ --------------------------------------------------------------------------

@pytest.fixture
def two_assets_with_votes():
    first, second = AssetFactory(), AssetFactory()
    VoteFactory(asset_id=first.id, type="like")
    VoteFactory(asset_id=first.id, type="like")
    VoteFactory(asset_id=first.id, type="rate", value=3)
    VoteFactory(asset_id=first.id, type="rate", value=4)
    VoteFactory(asset_id=first.id, type="flag")
    VoteFactory(asset_id=second.id, type="like")
    return first, second


def test_summary_without_type_gives_subtotals_per_asset(staff, two_assets_with_votes):
    first, second = two_assets_with_votes
    response = staff.get("/api/2/votes/summary/")
    assert response.status_code == 200
    assert response.json == [
        {"asset_id": first.id, "asset_votes": [{"type": "flag", "total": 1}, {"type": "like", "total": 2},
                                               {"type": "rate", "total": 2, "avg": 3.5}]},
        {"asset_id": second.id, "asset_votes": [{"type": "like", "total": 1}]},
    ]


def test_summary_of_ratings_gives_average_and_count(staff, two_assets_with_votes):
    first, _ = two_assets_with_votes
    response = staff.get("/api/2/votes/summary/?type=rate")
    assert response.json == [{"asset_id": first.id, "asset_votes": {"average": 3.5, "count": 2}}]


def test_summary_of_another_type_gives_a_count(staff, two_assets_with_votes):
    first, second = two_assets_with_votes
    response = staff.get("/api/2/votes/summary/?type=like")
    assert response.json == [{"asset_id": first.id, "asset_votes": 2}, {"asset_id": second.id, "asset_votes": 1}]


def test_summary_applies_the_vote_filters(staff, two_assets_with_votes):
    _, second = two_assets_with_votes
    response = staff.get(f"/api/2/votes/summary/?asset_id={second.id}")
    assert response.json == [{"asset_id": second.id, "asset_votes": [{"type": "like", "total": 1}]}]


def test_summary_counts_everyones_votes_for_a_participant(participant, my_session, two_assets_with_votes):
    # The iOS framework sorts its playlist by these counts (SortMethod.swift: GET votes/summary/?type=like&...)
    first, second = two_assets_with_votes
    VoteFactory(session_id=my_session.id, asset_id=second.id, type="like")
    response = participant.get("/api/2/votes/summary/?type=like&")
    assert response.status_code == 200
    assert response.json == [{"asset_id": first.id, "asset_votes": 2}, {"asset_id": second.id, "asset_votes": 2}]


def test_summary_leaves_out_assets_the_caller_may_not_see(participant):
    hidden = AssetFactory(submitted=False, user_id=UserFactory().id)
    VoteFactory(asset_id=hidden.id, type="like")
    assert participant.get("/api/2/votes/summary/?type=like").json == []


@pytest.mark.parametrize("personal", ["voter_id", "session_id"])
def test_summary_by_voter_or_session_counts_only_the_callers_own_votes(participant, my_session, personal):
    theirs = SessionFactory()
    other = VoteFactory(session_id=theirs.id, voter_id=theirs.user_id, asset_id=AssetFactory().id, type="like")
    value = other.voter_id if personal == "voter_id" else other.session_id
    assert participant.get(f"/api/2/votes/summary/?{personal}={value}").json == []


# --- assets/blocked/ -------------------------------------------------------------------------

def test_blocked_lists_block_asset_votes(participant, my_session):
    blocked, liked = AssetFactory(), AssetFactory()
    VoteFactory(session_id=my_session.id, asset_id=blocked.id, type="block_asset")
    VoteFactory(session_id=my_session.id, asset_id=liked.id, type="like")
    response = participant.get(f"/api/2/assets/blocked/?session_id={my_session.id}")
    assert response.status_code == 200
    assert list(response.json) == ["device_id", "blocked_asset_ids"]
    assert response.json == {"device_id": my_session.device_id, "blocked_asset_ids": [blocked.id]}


def test_blocked_includes_every_asset_of_a_blocked_user(participant, my_session):
    blocked_asset = AssetFactory()
    VoteFactory(session_id=my_session.id, asset_id=blocked_asset.id, type="block_asset")
    rude = UserFactory()
    theirs = [AssetFactory(user_id=rude.id).id for _ in range(3)]
    VoteFactory(session_id=my_session.id, asset_id=theirs[0], type="block_user")
    AssetFactory(user_id=UserFactory().id)
    response = participant.get(f"/api/2/assets/blocked/?session_id={my_session.id}")
    assert response.json["blocked_asset_ids"] == sorted([blocked_asset.id, *theirs])


def test_blocked_with_only_block_user_votes_is_200(participant, my_session):
    rude = UserFactory()
    theirs = [AssetFactory(user_id=rude.id).id for _ in range(2)]
    VoteFactory(session_id=my_session.id, asset_id=theirs[1], type="block_user")
    response = participant.get(f"/api/2/assets/blocked/?session_id={my_session.id}")
    assert response.status_code == 200 and response.json["blocked_asset_ids"] == theirs


def test_blocked_counts_votes_from_the_users_other_sessions(participant, my_session):
    earlier = SessionFactory(user=participant.user)
    blocked = AssetFactory()
    VoteFactory(session_id=earlier.id, asset_id=blocked.id, type="block_asset")
    response = participant.get(f"/api/2/assets/blocked/?session_id={my_session.id}")
    assert response.json["blocked_asset_ids"] == [blocked.id]


def test_blocked_ignores_other_users_blocks(participant, my_session):
    VoteFactory(type="block_asset")
    VoteFactory(asset_id=AssetFactory(user_id=UserFactory().id).id, type="block_user")
    response = participant.get(f"/api/2/assets/blocked/?session_id={my_session.id}")
    assert response.status_code == 200 and response.json["blocked_asset_ids"] == []


def test_blocked_with_unknown_session_is_404(participant):
    assert participant.get("/api/2/assets/blocked/?session_id=99999").status_code == 404


def test_blocked_of_another_participants_session_is_404(participant):
    theirs = SessionFactory()
    VoteFactory(session_id=theirs.id, type="block_asset")
    assert participant.get(f"/api/2/assets/blocked/?session_id={theirs.id}").status_code == 404


def test_staff_read_anyones_blocks(staff):
    session = SessionFactory()
    vote = VoteFactory(session_id=session.id, type="block_asset")
    response = staff.get(f"/api/2/assets/blocked/?session_id={session.id}")
    assert response.status_code == 200 and response.json["blocked_asset_ids"] == [vote.asset_id]


def test_blocked_without_session_id_is_400(participant):
    response = participant.get("/api/2/assets/blocked/")
    assert response.status_code == 400 and "session_id" in response.json
