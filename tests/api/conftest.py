"""Fixtures of the upload and envelope tests: a project with auto_submit, a participant's session and
envelope in it, two tags, generated media, and a private media folder."""
import pytest

from tests.support import audio
from tests.support.fake_liquidsoap import FakeLiquidsoap
from tests.factories import EnvelopeFactory, ProjectFactory, SessionFactory, TagFactory


@pytest.fixture
def project():
    return ProjectFactory(latitude=42.0, longitude=-71.0, auto_submit=True)


@pytest.fixture
def session(participant, project):
    """A session of the participant in the project."""
    return SessionFactory(user=participant.user, project=project)


@pytest.fixture
def envelope(session):
    return EnvelopeFactory(session_id=session.id)


@pytest.fixture
def tags(project):
    return [TagFactory(project=project), TagFactory(project=project)]


@pytest.fixture(scope="module")
def media_dir(tmp_path_factory):
    """Media generated once for the module."""
    return tmp_path_factory.mktemp("upload-media")


@pytest.fixture(scope="module")
def wav(media_dir):
    """A 2 s 440 Hz WAV."""
    return audio.tone(media_dir, "wav", seconds=2.0)


@pytest.fixture(scope="module")
def png(media_dir):
    return audio.png(media_dir)


@pytest.fixture(scope="module")
def jpeg(media_dir):
    return audio.jpeg(media_dir)


@pytest.fixture
def private_media_root(app, tmp_path, monkeypatch):
    """A media directory of this test alone, with a file and an `.incoming` folder already in it."""
    root = tmp_path / "media"
    (root / ".incoming").mkdir(parents=True)
    (root / "existing.mp3").write_bytes(b"ID3 existing")
    (root / ".incoming" / "someone-elses-upload").write_bytes(b"partial")
    monkeypatch.setitem(app.config, "MEDIA_ROOT", str(root))
    return root


@pytest.fixture
def render_node(app, monkeypatch):
    """A (fake) render node with free slots that answers every command: `POST streams/` goes live."""
    with FakeLiquidsoap(unknown="ok") as fake:
        monkeypatch.setitem(app.config, "RENDER_NODES", f"r1=127.0.0.1:{fake.port}")
        yield fake
