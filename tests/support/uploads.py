"""What the upload tests share besides their fixtures (tests/api/conftest.py): expected keys,
multipart helpers, waiting for the worker."""
import io
import time

from sqlalchemy import func, select

from rwflask.extensions import db
from rwflask.models import Asset

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
    """Poll until the worker has produced the MP3 (fails on `failed` or after the deadline); the asset's answer."""
    deadline = time.monotonic() + PROCESSING_DEADLINE_S
    while True:
        db.session.rollback()
        state = db.session.scalar(select(Asset.processing_state).where(Asset.id == asset_id))
        if state == "ready":
            return client.get(f"/api/2/assets/{asset_id}/").json
        assert state != "failed", f"asset {asset_id} failed processing"
        assert time.monotonic() < deadline, f"asset {asset_id} still {state} after {PROCESSING_DEADLINE_S}s"
        time.sleep(0.1)


MEDIA = "http://127.0.0.1:8888/rwmedia/"  # PUBLIC_URL + MEDIA_URL of the test app


def fetch_media(client, url: str, tmp_path):
    """GET a media URL; returns the response and the body written to a file."""
    response = client.get(url)
    path = tmp_path / ("fetched-" + url.rsplit("/", 1)[-1])
    path.write_bytes(response.data)
    return response, path


def media_snapshot(root) -> list[str]:
    """Every file and folder under the media directory, hidden ones included."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))
