"""Render nodes from configuration, their mounts and callback secret."""
from rwflask.streaming.nodes import RenderNode, callback_secret, configured_nodes, node_named, parse_nodes


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
