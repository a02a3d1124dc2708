"""The Liquidsoap telnet client: commands and answers over one connection, timeouts, and request annotation."""
import pytest

from rwflask.streaming.telnet import LiquidsoapClient, NodeUnavailable, annotate
from tests.support.fake_liquidsoap import FakeLiquidsoap
from tests.support.processes import free_port


@pytest.fixture
def node():
    """A fake render node answering a few commands."""
    with FakeLiquidsoap({"rw.ping": "pong", "s0_t0.status": "1 12.5", "var.set s0_on=true": "Variable s0_on set.",
                         "help": "Available commands:\n| rw.ping\n| quit"}) as fake:
        yield fake


def client(port, timeout=3.0):
    return LiquidsoapClient("127.0.0.1", port, timeout=timeout)


def test_answers_come_back_in_command_order(node):
    answers = client(node.port).run("var.set s0_on=true", "s0_t0.status", "rw.ping")
    assert answers == ["Variable s0_on set.", "1 12.5", "pong"]


def test_commands_share_one_connection_and_end_with_quit(node):
    client(node.port).run("rw.ping", "s0_t0.status")
    assert node.next_connection() == ["rw.ping", "s0_t0.status", "quit"]


def test_multi_line_answer_is_returned_whole(node):
    assert client(node.port).run("help") == ["Available commands:\n| rw.ping\n| quit"]


def test_unknown_command_answer_is_returned_as_text(node):
    assert client(node.port).run("nope") == ["ERROR: unknown command"]


def test_refused_connection_is_node_unavailable():
    with pytest.raises(NodeUnavailable):
        client(free_port()).run("rw.ping")


def test_node_that_never_answers_is_unavailable_after_the_timeout():
    with FakeLiquidsoap(silent=True) as hung:
        with pytest.raises(NodeUnavailable):
            client(hung.port, timeout=0.3).run("rw.ping")


def test_node_unavailable_is_a_connection_error():
    assert issubclass(NodeUnavailable, ConnectionError)


def _first_connection_is_a_ping(node):
    client(node.port).run("rw.ping")
    return node.next_connection() == ["rw.ping", "quit"]


def test_command_with_a_newline_is_refused_and_nothing_is_sent(node):
    with pytest.raises(ValueError):
        client(node.port).run("s0_t0.push a\nrw.ping")
    assert _first_connection_is_a_ping(node)


def test_command_with_a_carriage_return_is_refused(node):
    with pytest.raises(ValueError):
        client(node.port).run("rw.ping\r")
    assert _first_connection_is_a_ping(node)


def test_a_bad_command_late_in_a_batch_sends_none_of_it(node):
    with pytest.raises(ValueError):
        client(node.port).run("var.set s0_on=true", "s0_t0.push a\nb")
    assert _first_connection_is_a_ping(node)


def test_ping_is_true_when_the_node_says_pong(node):
    assert client(node.port).ping() is True


def test_ping_is_false_when_the_node_answers_something_else():
    with FakeLiquidsoap({"rw.ping": "pang"}) as odd:
        assert client(odd.port).ping() is False


def test_ping_is_false_when_unreachable():
    assert client(free_port()).ping() is False


def test_ping_is_false_when_the_node_hangs():
    with FakeLiquidsoap(silent=True) as hung:
        assert client(hung.port, timeout=0.3).ping() is False


def test_annotate_quotes_every_value():
    annotated = annotate("/media/a.mp3", liq_cue_in="0.5", rw_asset=12)
    assert annotated == 'annotate:liq_cue_in="0.5",rw_asset="12":/media/a.mp3'


def test_annotate_strips_double_quotes_from_values():
    assert annotate("/a.mp3", title='say "hi"') == 'annotate:title="say hi":/a.mp3'


def test_annotate_without_metadata_is_the_uri():
    assert annotate("http://example.org/a.mp3") == "http://example.org/a.mp3"
