"""What a live stream's tracks queue on a (fake) render node: the playlist built once per change, one
telnet round trip per change, and the engine's own choice of the next asset."""
import queue

import pytest

from rwflask.extensions import db
from rwflask.models import Asset, ListenerState, ListenEvent, Project
from rwflask.playlist import engine
from rwflask.streaming import tracks
from tests.factories import AssetFactory, ListenerStateFactory

FAR = {"latitude": 42.1, "longitude": -71.1}  # ~14 km from the listener: out of the project's 20 m radius


def connections(node) -> list[list[str]]:
    """The command lists of the connections the node saw end (each ends with `quit`)."""
    seen = []
    try:
        while True:
            seen.append(node.next_connection(timeout=0.5))
    except queue.Empty:
        return seen


@pytest.fixture
def builds(monkeypatch):
    """Count the playlist builds."""
    calls = []
    original = engine.build_playlist

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)
    monkeypatch.setattr(engine, "build_playlist", counting)
    return calls


def stored(session_id) -> ListenerState:
    db.session.expire_all()
    return db.session.get(ListenerState, session_id)


def test_refresh_builds_the_playlist_once_and_reaches_the_node_in_one_round_trip(stream, node, builds):
    state, near = stream
    tracks.refresh(state.session_id)
    assert len(builds) == 1
    (sent,) = connections(node)
    assert sent[-1] == "quit"
    assert "var.set s0_f0=0.0000" in sent
    assert any(command.startswith("s0_t0.replace annotate:") and f'rw_asset="{near[0]}"' in command
               for command in sent)


def test_refresh_stores_the_playlist_the_stream_picks_from(stream, node):
    state, near = stream
    tracks.refresh(state.session_id)
    after = stored(state.session_id)
    assert after.playlist.asset_ids == near and after.playlist_version == after.version
    assert after.tracks[0].queued.asset == near[0]


def test_a_play_records_it_bans_it_and_pushes_the_next_asset_in_one_round_trip(stream, node, builds):
    state, near = stream
    tracks.refresh(state.session_id)
    connections(node)
    builds.clear()
    tracks.played(state.session_id, 0, near[0], 0.0, 10.0)
    assert len(builds) == 1
    (sent,) = connections(node)
    assert [c.split(" ")[0] for c in sent] == ["s0_t0.push", "quit"] and f'rw_asset="{near[1]}"' in sent[0]
    after = stored(state.session_id)
    assert near[0] in after.played_at and after.proximity_banned == [near[0]]
    assert after.tracks[0].playing == near[0] and after.tracks[0].queued.asset == near[1]
    event = db.session.get(ListenEvent, after.tracks[0].event)
    assert (event.asset_id, event.duration) == (near[0], 10.0)


def test_refresh_replaces_a_queued_asset_that_no_longer_fits(stream, node):
    state, near = stream
    tracks.refresh(state.session_id)
    connections(node)
    state = db.session.get(ListenerState, state.session_id)
    state.latitude, state.longitude = FAR["latitude"], FAR["longitude"]
    state.version += 1
    db.session.commit()
    tracks.refresh(state.session_id)
    (sent,) = connections(node)
    assert "s0_t0.replace " in sent
    assert stored(state.session_id).tracks[0].queued is None


def test_skip_fades_out_what_plays_in_one_round_trip(stream, node):
    state, _ = stream
    assert tracks.command(state.session_id, "skip") is True
    (sent,) = connections(node)
    assert [c.split(" ")[0] for c in sent] == ["s0_t0.fadeout", "quit"]


def test_a_command_to_a_stream_that_does_not_play_does_nothing(node):
    state = ListenerStateFactory()
    assert tracks.command(state.session_id, "skip") is False
    assert connections(node) == []


def test_a_random_playlist_is_played_in_the_order_the_api_shows(stream, node):
    state, near = stream
    session = db.session.get(ListenerState, state.session_id)
    project_id = db.session.get(Asset, near[0]).project_id
    for _ in range(4):
        AssetFactory(project_id=project_id, language_id=db.session.get(Asset, near[0]).language_id)
    db.session.get(Project, project_id).ordering = "random"
    db.session.commit()
    tracks.refresh(session.session_id)
    shown = list(stored(session.session_id).playlist.asset_ids)
    heard = []
    for _ in range(len(shown)):
        queued = stored(session.session_id).tracks[0].queued.asset
        heard.append(queued)
        tracks.played(session.session_id, 0, queued, 0.0, 10.0)
    assert heard == shown
