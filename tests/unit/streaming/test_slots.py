"""Placing streams in render node slots: least-loaded node that answers, one stream per slot."""
import pytest
from sqlalchemy import select

from rwflask.extensions import db
from rwflask.models import ListenerState
from rwflask.streaming.slots import NoSlotAvailable, free_slot, take_slot
from tests.factories import ListenerStateFactory, on_slot
from tests.support.fake_liquidsoap import FakeLiquidsoap
from tests.support.processes import free_port


@pytest.fixture
def nodes(app, monkeypatch):
    """Two fake render nodes "a" and "b" answering rw.ping, two slots each."""
    with FakeLiquidsoap() as a, FakeLiquidsoap() as b:
        monkeypatch.setitem(app.config, "RENDER_NODES", f"a=127.0.0.1:{a.port},b=127.0.0.1:{b.port}")
        monkeypatch.setitem(app.config, "RENDER_NODE_SLOTS", 2)
        yield a, b


def placed() -> list[tuple]:
    db.session.expire_all()
    return sorted(tuple(row) for row in db.session.execute(
        select(ListenerState.node, ListenerState.slot).where(ListenerState.active)))


def take(state=None) -> tuple[str, int]:
    """Place a (new) stream; its node and slot."""
    state = state or ListenerStateFactory()
    node = take_slot(state)
    return node.name, state.slot


def test_first_stream_goes_to_the_first_node_by_name(nodes):
    assert take() == ("a", 0)


def test_new_stream_goes_to_the_least_loaded_node(nodes):
    on_slot(ListenerStateFactory(), "a", 0)
    assert take() == ("b", 0)


def test_streams_spread_over_the_nodes(nodes):
    assert sorted(take() for _ in range(4)) == [("a", 0), ("a", 1), ("b", 0), ("b", 1)]


def test_the_slot_is_recorded_with_the_stream(nodes):
    state = ListenerStateFactory()
    where = take(state)
    db.session.commit()
    db.session.expire_all()
    stored = db.session.get(ListenerState, state.session_id)
    assert (stored.node, stored.slot) == where and stored.active


def test_taking_a_slot_pings_the_node(nodes):
    a, _ = nodes
    take()
    assert a.next_connection() == ["rw.ping", "quit"]


def test_full_node_is_skipped(nodes, app, monkeypatch):
    monkeypatch.setitem(app.config, "RENDER_NODE_SLOTS", 1)
    on_slot(ListenerStateFactory(), "a", 0)
    assert take() == ("b", 0)


def test_node_that_refuses_connections_is_skipped(app, monkeypatch):
    with FakeLiquidsoap() as b:
        monkeypatch.setitem(app.config, "RENDER_NODES", f"a=127.0.0.1:{free_port()},b=127.0.0.1:{b.port}")
        assert take() == ("b", 0)


def test_node_that_hangs_is_skipped(app, monkeypatch):
    with FakeLiquidsoap(silent=True) as a, FakeLiquidsoap() as b:
        monkeypatch.setitem(app.config, "RENDER_NODES", f"a=127.0.0.1:{a.port},b=127.0.0.1:{b.port}")
        assert take()[0] == "b"


def test_node_that_answers_something_else_than_pong_is_skipped(app, monkeypatch):
    with FakeLiquidsoap({"rw.ping": "booting"}) as a, FakeLiquidsoap() as b:
        monkeypatch.setitem(app.config, "RENDER_NODES", f"a=127.0.0.1:{a.port},b=127.0.0.1:{b.port}")
        assert take()[0] == "b"


def test_all_nodes_full_is_no_slot_available(nodes):
    for _ in range(4):
        take()
    with pytest.raises(NoSlotAvailable):
        take()


def test_no_reachable_node_is_no_slot_available(app, monkeypatch):
    monkeypatch.setitem(app.config, "RENDER_NODES", f"a=127.0.0.1:{free_port()}")
    with pytest.raises(NoSlotAvailable):
        take()


def test_no_configured_node_is_no_slot_available(app, monkeypatch):
    monkeypatch.setitem(app.config, "RENDER_NODES", "")
    with pytest.raises(NoSlotAvailable):
        take()


def test_placed_stream_keeps_its_slot(nodes):
    state = ListenerStateFactory()
    first = take(state)
    take()
    assert take(state) == first
    assert len(placed()) == 2


def test_slot_on_a_node_no_longer_configured_is_replaced(nodes):
    state = on_slot(ListenerStateFactory(), "gone", 0)
    assert take(state) == ("a", 0)


def test_two_streams_never_share_a_slot(nodes):
    on_slot(ListenerStateFactory(), "a", 0)
    with pytest.raises(Exception):
        on_slot(ListenerStateFactory(), "a", 0)


@pytest.fixture
def one_slot(nodes, app, monkeypatch):
    """A single render node with a single slot."""
    monkeypatch.setitem(app.config, "RENDER_NODES", f"a=127.0.0.1:{nodes[0].port}")
    monkeypatch.setitem(app.config, "RENDER_NODE_SLOTS", 1)


def take_and_free() -> None:
    state = ListenerStateFactory()
    take(state)
    free_slot(state)
    db.session.commit()


def test_a_freed_slot_is_reusable_once_rested(one_slot, app, monkeypatch):
    monkeypatch.setitem(app.config, "SLOT_COOLDOWN_SECONDS", 0)
    take_and_free()
    assert take() == ("a", 0)


def test_a_freed_slot_rests_before_its_next_stream(one_slot, app, monkeypatch):
    monkeypatch.setitem(app.config, "SLOT_COOLDOWN_SECONDS", 60)
    take_and_free()
    with pytest.raises(NoSlotAvailable):
        take()


def test_a_slot_never_used_is_taken_before_a_freed_one(nodes, app, monkeypatch):
    monkeypatch.setitem(app.config, "RENDER_NODES", f"a=127.0.0.1:{nodes[0].port}")
    monkeypatch.setitem(app.config, "SLOT_COOLDOWN_SECONDS", 0)
    take_and_free()
    assert take() == ("a", 1)


def test_the_slot_freed_longest_ago_is_taken_first(nodes, app, monkeypatch):
    monkeypatch.setitem(app.config, "RENDER_NODES", f"a=127.0.0.1:{nodes[0].port}")
    monkeypatch.setitem(app.config, "SLOT_COOLDOWN_SECONDS", 0)
    first, second = ListenerStateFactory(), ListenerStateFactory()
    take(first)
    take(second)
    free_slot(second)
    db.session.commit()
    free_slot(first)
    db.session.commit()
    assert take() == ("a", 1)


def test_free_slot_frees_only_that_streams_slot(nodes):
    kept, freed = ListenerStateFactory(), ListenerStateFactory()
    take(kept)
    take(freed)
    free_slot(freed)
    db.session.commit()
    assert placed() == [("a", 0)]
