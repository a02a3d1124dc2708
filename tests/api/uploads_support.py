"""What the upload tests share: expected keys, multipart helpers, and the project, session,
envelope and media they upload into."""
import io
import time

import pytest
from sqlalchemy import func, select

from rwflask.extensions import db
from rwflask.models import Asset
from tests import audio
from tests.factories import EnvelopeFactory, ProjectFactory, SessionFactory, TagFactory

ASSET_KEYS = ["id", "description", "latitude", "longitude", "shape", "filename", "file", "volume", "submitted",
              "created", "updated", "weight", "start_time", "end_time", "user", "media_type",
              "audio_length_in_seconds", "tag_ids", "session_id", "project_id", "language_id", "envelope_ids",
              "description_loc_ids", "alt_text_loc_ids"]
ENVELOPE_KEYS = ["id", "session_id", "created", "asset_ids"]
SINGLE_ENVELOPE_MESSAGE = ("Must provide a single envelope_id in envelope_ids parameter for POST. "
                           "You can add more envelope_ids in subsequent PATCH calls")
PROCESSING_DEADLINE_S = 90
# A point ~550 m north of the project's centre: within the default out_of_range_distance (1000 m) of a speaker
# covering the centre; and one ~11 km away.
NEAR = ("42.005", "-71.0")
FAR = ("42.1", "-71.0")


# --- helpers ----------------------------------------------------------------------------------------------------

def file_part(path, filename="blob", content_type="application/octet-stream"):
    """A multipart file part, as browsers send a recorded Blob."""
    return io.BytesIO(path.read_bytes()), filename, content_type


def patch_upload(client, envelope_id, path, filename="blob", **fields):
    """`PATCH envelopes/:id/` with the file part named `file`."""
    return client.patch(f"/api/2/envelopes/{envelope_id}/", data={"file": file_part(path, filename), **fields},
                        content_type="multipart/form-data")


def asset_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Asset))


def wait_until_ready(client, asset_id: int) -> dict:
    """Poll `GET assets/:id/` until the worker has produced the MP3 (fails on `failed` or after the deadline)."""
    deadline = time.monotonic() + PROCESSING_DEADLINE_S
    while True:
        db.session.rollback()
        body = client.get(f"/api/2/assets/{asset_id}/").json
        if (body.get("filename") or "").endswith(".mp3"):
            return body
        state = db.session.scalar(select(Asset.processing_state).where(Asset.id == asset_id))
        assert state != "failed", f"asset {asset_id} failed processing"
        assert time.monotonic() < deadline, f"asset {asset_id} still {state} after {PROCESSING_DEADLINE_S}s"
        time.sleep(0.1)


def fetch_media(client, url: str, tmp_path):
    """GET a media URL; returns the response and the body written to a file."""
    response = client.get(url)
    path = tmp_path / ("fetched-" + url.rsplit("/", 1)[-1])
    path.write_bytes(response.data)
    return response, path


def media_snapshot(root) -> list[str]:
    """Every file and folder under the media directory, hidden ones included."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


# --- fixtures ---------------------------------------------------------------------------------------------------

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
