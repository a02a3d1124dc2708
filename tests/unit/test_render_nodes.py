"""Render nodes from configuration, their mounts and callback secret, and placing streams in their slots."""
import pytest
from sqlalchemy import func, select

from rwflask.extensions import db
from rwflask.models import StreamSlot
from rwflask.services.stream_slots import NoSlotAvailable, free_slot, take_slot
from rwflask.streaming.nodes import RenderNode, callback_secret, configured_nodes, node_named, parse_nodes
from tests.factories import SessionFactory
from tests.fake_liquidsoap import FakeLiquidsoap
from tests.processes import free_port


def test_parse_nodes_reads_names_hosts_and_ports():
    nodes = parse_nodes("n1=127.0.0.1:1234,n2=10.0.0.5:4321", 25, 3, 4)
    assert [(n.name, n.host, n.port) for n in nodes] == [("n1", "127.0.0.1", 1234), ("n2", "10.0.0.5", 4321)]


def test_parse_nodes_gives_every_node_the_slot_layout():
    nodes = parse_nodes("n1=127.0.0.1:1234,n2=127.0.0.1:1235", 7, 2, 5)
    assert {(n.slots, n.tracks, n.feeds) for n in nodes} == {(7, 2, 5)}


def test_parse_nodes_defaults_the_host_to_loopback():
    nodes = parse_nodes("a=:1234,b=1235", 1, 1, 1)
    assert [(n.host, n.port) for n in nodes] == [("127.0.0.1", 1234), ("127.0.0.1", 1235)]


def test_parse_nodes_ignores_blank_items_and_spaces_around_items():
    nodes = parse_nodes(" n1=127.0.0.1:1234 , ,, n2=localhost:1235 ,", 1, 1, 1)
    assert [(n.name, n.host, n.port) for n in nodes] == [("n1", "127.0.0.1", 1234), ("n2", "localhost", 1235)]


def test_parse_nodes_ignores_spaces_around_the_equals_sign():
    # The name is stripped, so spaces around "=" are meant to be allowed; the host must be too.
    node, = parse_nodes("n1 = 127.0.0.1:1234", 1, 1, 1)
    assert (node.name, node.host, node.port) == ("n1", "127.0.0.1", 1234)


def test_parse_nodes_of_an_empty_spec_is_no_node():
    assert parse_nodes("", 25, 3, 4) == []


def test_mount_names_the_node_and_slot():
    assert RenderNode("n1", "127.0.0.1", 1234, 25, 3, 4).mount(7) == "n1-s7.mp3"


def test_client_talks_to_the_nodes_address():
    client = RenderNode("n1", "10.0.0.5", 4321, 25, 3, 4).client(timeout=0.5)
    assert (client.host, client.port, client.timeout) == ("10.0.0.5", 4321, 0.5)


def test_configured_nodes_follow_the_app_config(app, monkeypatch):
    monkeypatch.setitem(app.config, "RENDER_NODES", "x=127.0.0.1:1,y=127.0.0.1:2")
    monkeypatch.setitem(app.config, "RENDER_NODE_SLOTS", 3)
    assert [(n.name, n.slots) for n in configured_nodes()] == [("x", 3), ("y", 3)]
    assert node_named("y").port == 2 and node_named("z") is None


def test_callback_secret_is_stable_for_a_secret_key():
    assert callback_secret() == callback_secret()
    assert len(callback_secret()) == 64 and set(callback_secret()) <= set("0123456789abcdef")


def test_callback_secret_changes_with_the_secret_key(app, monkeypatch):
    before = callback_secret()
    monkeypatch.setitem(app.config, "SECRET_KEY", "another-secret")
    assert callback_secret() != before


def test_callback_secret_is_not_the_secret_key(app):
    assert app.config["SECRET_KEY"] not in callback_secret()


# --- slots -------------------------------------------------------------------------------------------

@pytest.fixture
def nodes(app, monkeypatch):
    """Two fake render nodes "a" and "b" answering rw.ping, two slots each."""
    with FakeLiquidsoap() as a, FakeLiquidsoap() as b:
        monkeypatch.setitem(app.config, "RENDER_NODES", f"a=127.0.0.1:{a.port},b=127.0.0.1:{b.port}")
        monkeypatch.setitem(app.config, "RENDER_NODE_SLOTS", 2)
        yield a, b


def slots():
    return sorted(tuple(row) for row in db.session.execute(select(StreamSlot.node, StreamSlot.slot)))


def test_first_stream_goes_to_the_first_node_by_name(nodes):
    node, slot = take_slot(SessionFactory().id)
    assert (node.name, slot) == ("a", 0)


def test_new_stream_goes_to_the_least_loaded_node(nodes):
    db.session.add(StreamSlot(node="a", slot=0, session_id=SessionFactory().id))
    node, slot = take_slot(SessionFactory().id)
    assert (node.name, slot) == ("b", 0)


def test_streams_spread_over_the_nodes(nodes):
    taken = [take_slot(SessionFactory().id) for _ in range(4)]
    assert sorted((node.name, slot) for node, slot in taken) == [("a", 0), ("a", 1), ("b", 0), ("b", 1)]


def test_the_slot_is_recorded_for_the_session(nodes):
    session = SessionFactory()
    node, slot = take_slot(session.id)
    row = db.session.scalar(select(StreamSlot).where(StreamSlot.session_id == session.id))
    assert (row.node, row.slot) == (node.name, slot)


def test_taking_a_slot_pings_the_node(nodes):
    a, _ = nodes
    take_slot(SessionFactory().id)
    assert a.next_connection() == ["rw.ping", "quit"]


def test_full_node_is_skipped(nodes, app, monkeypatch):
    monkeypatch.setitem(app.config, "RENDER_NODE_SLOTS", 1)
    db.session.add(StreamSlot(node="a", slot=0, session_id=SessionFactory().id))
    node, slot = take_slot(SessionFactory().id)
    assert (node.name, slot) == ("b", 0)


def test_node_that_refuses_connections_is_skipped(app, monkeypatch):
    with FakeLiquidsoap() as b:
        monkeypatch.setitem(app.config, "RENDER_NODES", f"a=127.0.0.1:{free_port()},b=127.0.0.1:{b.port}")
        node, slot = take_slot(SessionFactory().id)
    assert (node.name, slot) == ("b", 0)


def test_node_that_hangs_is_skipped(app, monkeypatch):
    with FakeLiquidsoap(silent=True) as a, FakeLiquidsoap() as b:
        monkeypatch.setitem(app.config, "RENDER_NODES", f"a=127.0.0.1:{a.port},b=127.0.0.1:{b.port}")
        node, _ = take_slot(SessionFactory().id)
    assert node.name == "b"


def test_node_that_answers_something_else_than_pong_is_skipped(app, monkeypatch):
    with FakeLiquidsoap({"rw.ping": "booting"}) as a, FakeLiquidsoap() as b:
        monkeypatch.setitem(app.config, "RENDER_NODES", f"a=127.0.0.1:{a.port},b=127.0.0.1:{b.port}")
        node, _ = take_slot(SessionFactory().id)
    assert node.name == "b"


def test_all_nodes_full_is_no_slot_available(nodes):
    for _ in range(4):
        take_slot(SessionFactory().id)
    with pytest.raises(NoSlotAvailable):
        take_slot(SessionFactory().id)


def test_no_reachable_node_is_no_slot_available(app, monkeypatch):
    monkeypatch.setitem(app.config, "RENDER_NODES", f"a=127.0.0.1:{free_port()}")
    with pytest.raises(NoSlotAvailable):
        take_slot(SessionFactory().id)


def test_no_configured_node_is_no_slot_available(app, monkeypatch):
    monkeypatch.setitem(app.config, "RENDER_NODES", "")
    with pytest.raises(NoSlotAvailable):
        take_slot(SessionFactory().id)


def test_same_session_gets_its_slot_back(nodes):
    session = SessionFactory()
    first = take_slot(session.id)
    take_slot(SessionFactory().id)
    again = take_slot(session.id)
    assert (again[0].name, again[1]) == (first[0].name, first[1])
    assert db.session.scalar(select(func.count()).select_from(StreamSlot)) == 2


def test_slot_on_a_node_no_longer_configured_is_replaced(nodes):
    # take_slot skips a recorded slot whose node left RENDER_NODES; the session must get a slot elsewhere.
    session = SessionFactory()
    db.session.add(StreamSlot(node="gone", slot=0, session_id=session.id))
    node, slot = take_slot(session.id)
    assert (node.name, slot) == ("a", 0)


def test_free_slot_makes_it_reusable(nodes, app, monkeypatch):
    monkeypatch.setitem(app.config, "RENDER_NODES", f"a=127.0.0.1:{nodes[0].port}")
    monkeypatch.setitem(app.config, "RENDER_NODE_SLOTS", 1)
    first = SessionFactory()
    take_slot(first.id)
    free_slot(first.id)
    node, slot = take_slot(SessionFactory().id)
    assert (node.name, slot) == ("a", 0)


def test_free_slot_removes_only_that_sessions_slot(nodes):
    kept, freed = SessionFactory(), SessionFactory()
    take_slot(kept.id)
    take_slot(freed.id)
    free_slot(freed.id)
    assert slots() == [("a", 0)]


def test_freeing_a_session_without_a_slot_does_nothing(nodes):
    take_slot(SessionFactory().id)
    free_slot(SessionFactory().id)
    assert slots() == [("a", 0)]
