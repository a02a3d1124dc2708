"""Which live streams the reaper tears down, judged from Icecast's listener counts."""
from datetime import timedelta

import pytest

from rwflask.extensions import db
from rwflask.models import ListenerState
from rwflask.models.base import utcnow
from rwflask.streaming import icecast, liveness
from tests.factories import SessionFactory

MOUNT = "r1-s0.mp3"


@pytest.fixture
def idle_stream(app, monkeypatch):
    """A live stream on node r1 slot 0 whose player left longer than STREAM_GRACE_SECONDS ago."""
    monkeypatch.setitem(app.config, "RENDER_NODES", "r1=127.0.0.1:9")  # nothing listens there
    session = SessionFactory()
    state = ListenerState(session_id=session.id, node="r1", slot=0,
                          listener_seen_at=utcnow() - timedelta(seconds=app.config["STREAM_GRACE_SECONDS"] + 5))
    db.session.add(state)
    db.session.commit()
    return state


def reap_with(monkeypatch, mounts):
    monkeypatch.setattr(icecast, "mounts", lambda: mounts)
    return liveness.reap_idle()


def test_an_idle_stream_with_no_listener_on_its_mount_is_reaped(idle_stream, monkeypatch):
    assert reap_with(monkeypatch, {MOUNT: 0, "silence.mp3": 0}) == [idle_stream.session_id]


def test_an_idle_stream_with_a_listener_on_its_mount_is_kept(idle_stream, monkeypatch):
    assert reap_with(monkeypatch, {MOUNT: 1}) == []


def test_a_stream_whose_node_restarts_while_listeners_wait_on_the_fallback_is_kept(idle_stream, monkeypatch):
    assert reap_with(monkeypatch, {"silence.mp3": 1}) == []


def test_a_stream_whose_mount_is_gone_with_nobody_on_the_fallback_is_reaped(idle_stream, monkeypatch):
    assert reap_with(monkeypatch, {"silence.mp3": 0}) == [idle_stream.session_id]


def test_a_listened_stream_on_a_node_that_left_the_configuration_is_reaped(idle_stream, app, monkeypatch):
    monkeypatch.setitem(app.config, "RENDER_NODES", "r2=127.0.0.1:9")
    assert reap_with(monkeypatch, {MOUNT: 1}) == [idle_stream.session_id]
    db.session.expire_all()
    assert not db.session.get(ListenerState, idle_stream.session_id).active


def test_a_stream_whose_player_left_within_the_grace_is_kept(idle_stream, app, monkeypatch):
    idle_stream.listener_seen_at = utcnow() - timedelta(seconds=app.config["STREAM_GRACE_SECONDS"] - 5)
    db.session.commit()
    assert reap_with(monkeypatch, {MOUNT: 0}) == []


def test_recent_moves_do_not_hold_a_slot_without_a_player(idle_stream, monkeypatch):
    idle_stream.last_activity = utcnow()
    db.session.commit()
    assert reap_with(monkeypatch, {MOUNT: 0}) == [idle_stream.session_id]


def test_a_reaped_stream_keeps_its_listener_state(idle_stream, monkeypatch):
    reap_with(monkeypatch, {MOUNT: 0})
    db.session.expire_all()
    state = db.session.get(ListenerState, idle_stream.session_id)
    assert state is not None and (state.node, state.slot) == (None, None)
