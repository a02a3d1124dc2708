"""The OpenAPI document tells the truth: schemathesis, with every check, finds nothing.

The app runs on a live server in a thread of this process (the test's data is committed: it is named in
tests/conftest.py's OUT_OF_PROCESS_FIXTURES) with the demo project, and `st run` fuzzes every operation as a staff
user and as a participant, with a fixed seed and few examples per operation (bench/fuzz_api.py runs longer).
"""
import pytest

from rwflask.extensions import db
from tests.support import fuzzing
from tests.support.live_server import serve

EXAMPLES = 3
SEED = 20261206


@pytest.fixture
def live_server(app, render_node):
    """The test app on a free loopback port, with a (fake) render node for its streams; yields its base URL."""
    with serve(app) as base_url:
        yield base_url


@pytest.fixture
def roles(app, live_server):
    """A staff user and a participant of the demo project (without its recordings: no speech synthesis)."""
    roles = fuzzing.seed()
    db.session.remove()  # the server's threads read and write these rows: no session may hold them
    return roles


@pytest.mark.timeout(600)
def test_schemathesis_finds_nothing(live_server, roles, tmp_path):
    failed = []
    for outcome in fuzzing.run(live_server, roles, EXAMPLES, SEED, tmp_path):
        assert "API Operations" in outcome.output, outcome.output[-3000:]  # it ran, rather than failing to start
        if not outcome.passed:
            failed.append(f"--- as {outcome.role} (exit {outcome.returncode}):\n{outcome.output[-20000:]}")
    if failed:
        pytest.fail("\n".join(failed), pytrace=False)  # schemathesis's report, as it printed it
