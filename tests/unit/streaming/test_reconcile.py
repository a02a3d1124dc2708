"""Which tracks the reconciler refills, judged from what a (fake) render node says it has queued."""
import queue
import time

import pytest

from rwflask.extensions import db
from rwflask.models import ListenerState
from rwflask.models.listener import QueuedItem, TrackState
from rwflask.streaming import liveness
from tests.factories import AssetFactory, AudiotrackFactory, ProjectFactory, SessionFactory
from tests.support.fake_liquidsoap import FakeLiquidsoap

STALE = time.time() - liveness.REFILL_AFTER_SECONDS - 5


@pytest.fixture
def node(app, monkeypatch):
    """A fake render node r1 whose track 0 of slot 0 has nothing queued."""
    with FakeLiquidsoap({"s0_t0.status": "0 0.", "rw.ping": "pong"}, unknown="ok") as fake:
        monkeypatch.setitem(app.config, "RENDER_NODES", f"r1=127.0.0.1:{fake.port}")
        monkeypatch.setitem(app.config, "RENDER_NODE_TRACKS", 1)
        yield fake


@pytest.fixture
def stalled_stream(node):
    """A live stream on r1 slot 0 whose only track was last pushed long ago, with an asset in range."""
    project = ProjectFactory()
    AudiotrackFactory(project=project)
    session = SessionFactory(project=project)
    AssetFactory(project_id=project.id, language_id=session.language_id)
    state = ListenerState(session_id=session.id, node="r1", slot=0, latitude=42.0, longitude=-71.0,
                          tracks=[TrackState(queued=QueuedItem(asset=0, reason=None, pushed=STALE))])
    db.session.add(state)
    db.session.commit()
    return state


def commands_sent(node) -> list[str]:
    """Every command of the connections the node saw end (a connection is logged just after it closes)."""
    sent = []
    try:
        while True:
            sent += node.next_connection(timeout=0.5)
    except queue.Empty:
        return sent


def test_a_track_with_nothing_queued_since_long_is_refilled(stalled_stream, node):
    assert liveness.reconcile() == 1
    assert any(command.startswith("s0_t0.push ") for command in commands_sent(node))


def test_a_live_streams_slot_is_switched_on_again(stalled_stream, node):
    liveness.reconcile()
    assert "var.set s0_on=true" in commands_sent(node)


def test_a_track_pushed_recently_is_left_alone(stalled_stream, node):
    stalled_stream.tracks = [TrackState(queued=QueuedItem(asset=0, reason=None, pushed=time.time()))]
    db.session.commit()
    assert liveness.reconcile() == 0


def test_a_paused_stream_is_left_alone(stalled_stream, node):
    stalled_stream.paused = True
    db.session.commit()
    assert liveness.reconcile() == 0
    assert not any(".push " in command for command in commands_sent(node))


def test_a_stream_on_a_node_that_left_the_configuration_is_not_refilled(stalled_stream, app, monkeypatch):
    monkeypatch.setitem(app.config, "RENDER_NODES", "r2=127.0.0.1:9")
    assert liveness.reconcile() == 0
