"""Starting a stream survives a busy node or a locked database: the round trip is tried again."""
import pytest
from sqlalchemy.exc import OperationalError

from rwflask.streaming import lifecycle
from rwflask.streaming.telnet import NodeUnavailable


@pytest.fixture
def attempts(monkeypatch):
    """Replace the start's round trip with one that fails with the queued errors, then succeeds."""
    failures, calls = [], []

    def round_trip(session_id):
        calls.append(session_id)
        if failures:
            raise failures.pop(0)
        return True
    monkeypatch.setattr(lifecycle, "_start", round_trip)
    monkeypatch.setattr(lifecycle.time, "sleep", lambda seconds: None)
    return failures, calls


def test_a_start_that_timed_out_on_the_node_is_tried_again(app, attempts):
    failures, calls = attempts
    failures.append(NodeUnavailable("render node 127.0.0.1:1: timed out"))
    assert lifecycle.start(7) is True
    assert calls == [7, 7]


def test_a_start_that_met_a_locked_database_is_tried_again(app, attempts):
    failures, calls = attempts
    failures.append(OperationalError("UPDATE", {}, Exception("database is locked")))
    assert lifecycle.start(7) is True
    assert len(calls) == 2


def test_a_start_gives_up_after_its_last_attempt(app, attempts):
    failures, calls = attempts
    failures.extend(NodeUnavailable("down") for _ in range(lifecycle.START_ATTEMPTS))
    with pytest.raises(NodeUnavailable):
        lifecycle.start(7)
    assert len(calls) == lifecycle.START_ATTEMPTS
