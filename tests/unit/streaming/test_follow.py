"""Live playlists follow their project: a change queues one batch per project, the batch rebuilds each
live stream's playlist and replaces on the (fake) node what is queued next when it changed."""
import pytest

from rwflask.extensions import db
from rwflask.models import Asset, Language, Vote
from rwflask.playlist import listener
from rwflask.streaming import follow, tracks
from tests.factories import AssetFactory, SessionFactory, UserFactory
from tests.unit.streaming.test_tracks import connections, stored


@pytest.fixture
def queued(monkeypatch):
    """What `projects_changed` queues, instead of a broker."""
    sent = []
    monkeypatch.setattr(follow, "enqueue", lambda function, *args: sent.append((function.__name__, *args)))
    return sent


def started(state, node):
    """Queue the stream's first item, and forget what the node saw so far."""
    tracks.refresh(state.session_id)
    connections(node)
    return stored(state.session_id).tracks[0].queued.asset


def test_a_commit_adding_an_asset_queues_its_projects_batch(stream, queued):
    state, near = stream
    project_id = db.session.get(Asset, near[0]).project_id
    queued.clear()
    AssetFactory(project_id=project_id)
    db.session.commit()
    assert ("follow_project", project_id) in queued


def test_a_vote_queues_the_batch_of_the_assets_project(stream, queued):
    state, near = stream
    asset = db.session.get(Asset, near[1])
    queued.clear()
    db.session.add(Vote(asset_id=asset.id, session_id=state.session_id, type="like"))
    db.session.commit()
    assert queued == [("follow_project", asset.project_id)]


def test_a_change_of_no_one_project_follows_every_live_project(stream, queued):
    queued.clear()
    db.session.add(Language(language_code="xx"))
    db.session.commit()
    assert queued == [("follow_all",)]


def test_a_rolled_back_change_queues_nothing(stream, queued):
    state, near = stream
    queued.clear()
    db.session.get(Asset, near[0]).weight = 1
    db.session.flush()
    db.session.rollback()
    db.session.commit()
    assert queued == []


def test_a_heavier_new_asset_replaces_the_queued_one(stream, node):
    state, near = stream
    assert started(state, node) == near[0]
    heavier = AssetFactory(project_id=db.session.get(Asset, near[0]).project_id,
                           language_id=db.session.get(Asset, near[0]).language_id, weight=50)
    db.session.commit()
    assert follow.follow_project(heavier.project_id) == 1
    (sent,) = connections(node)
    assert any(c.startswith("s0_t0.replace annotate:") and f'rw_asset="{heavier.id}"' in c for c in sent)
    after = stored(state.session_id)
    assert after.tracks[0].queued.asset == heavier.id and after.playlist.asset_ids[0] == heavier.id


def test_an_unsubmitted_queued_asset_is_replaced_by_the_next(stream, node):
    state, near = stream
    started(state, node)
    db.session.get(Asset, near[0]).submitted = False
    db.session.commit()
    follow.follow_project(db.session.get(Asset, near[0]).project_id)
    (sent,) = connections(node)
    assert any(f'rw_asset="{near[1]}"' in c for c in sent if c.startswith("s0_t0.replace"))
    assert near[0] not in stored(state.session_id).playlist.asset_ids


def test_a_change_that_leaves_the_next_asset_sends_nothing(stream, node):
    state, near = stream
    started(state, node)
    db.session.get(Asset, near[1]).description = "reworded"
    db.session.commit()
    assert follow.follow_project(db.session.get(Asset, near[1]).project_id) == 0
    assert connections(node) == []


def test_a_second_batch_for_the_same_data_does_nothing(stream, node):
    state, near = stream
    started(state, node)
    project_id = db.session.get(Asset, near[0]).project_id
    db.session.get(Asset, near[0]).submitted = False
    db.session.commit()
    assert follow.follow_project(project_id) == 1
    connections(node)
    assert follow.follow_project(project_id) == 0
    assert connections(node) == []


def test_streams_of_other_projects_are_left_alone(stream, node):
    state, near = stream
    started(state, node)
    other = SessionFactory()
    AssetFactory(project_id=other.project_id, weight=99)
    db.session.commit()
    assert follow.follow_project(other.project_id) == 0
    assert connections(node) == []


def test_blocked_by_user_reads_what_blocked_asset_ids_reads_for_each_user(app):
    author, other_author = UserFactory(), UserFactory()
    by_author = [AssetFactory(user_id=author.id).id for _ in range(2)]
    single = AssetFactory(user_id=other_author.id).id
    blocker, asset_blocker, nobody = SessionFactory(), SessionFactory(), SessionFactory()
    db.session.add_all([Vote(asset_id=by_author[0], session_id=blocker.id, type="block_user"),
                        Vote(asset_id=single, session_id=asset_blocker.id, type="block_asset")])
    db.session.commit()
    users = [blocker.user_id, asset_blocker.user_id, nobody.user_id]
    batch = listener.blocked_by_user(db.session, users)
    assert batch == {u: listener.blocked_asset_ids(db.session, u) for u in users}
    assert batch[blocker.user_id] == set(by_author) and batch[asset_blocker.user_id] == {single}
