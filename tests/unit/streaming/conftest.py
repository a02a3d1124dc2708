"""Fixtures shared by the stream tests: a fake render node and a live stream on it."""
import pytest

from rwflask.extensions import db
from rwflask.models.listener import TrackState
from tests.factories import AssetFactory, AudiotrackFactory, ListenerStateFactory, ProjectFactory, SessionFactory
from tests.support.fake_liquidsoap import FakeLiquidsoap


@pytest.fixture
def node(app, monkeypatch):
    """A fake render node r1 that says "ok" to everything, with one track per slot."""
    with FakeLiquidsoap(unknown="ok") as fake:
        monkeypatch.setitem(app.config, "RENDER_NODES", f"r1=127.0.0.1:{fake.port}")
        monkeypatch.setitem(app.config, "RENDER_NODE_TRACKS", 1)
        monkeypatch.setitem(app.config, "RENDER_NODE_FEEDS", 1)
        yield fake


@pytest.fixture
def stream(node):
    """A live stream on r1 slot 0 of a project with one audiotrack and two assets at the listener's place."""
    project = ProjectFactory()
    AudiotrackFactory(project=project)
    session = SessionFactory(project=project)
    near = [AssetFactory(project_id=project.id, language_id=session.language_id, weight=w).id for w in (9, 5)]
    state = ListenerStateFactory(session_id=session.id, node="r1", slot=0, tracks=[TrackState()])
    project.ordering = "by_weight"
    db.session.commit()
    return state, near
