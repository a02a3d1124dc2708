"""The media pipeline behind uploads: surviving a killed worker, repeatable processing, content probing, and
the `/rwmedia/` file server."""
import io
import secrets
import shutil
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from rwflask.errors import Invalid
from rwflask.extensions import db
from rwflask.models import Asset
from rwflask.models.base import utcnow
from rwflask.services import media, processing
from tests.support import audio
from tests.factories import AssetFactory, EnvelopeFactory, ProjectFactory, SessionFactory
from tests.support.processes import CeleryWorker

LONG_RECORDING_S = 600  # about 4 s of MP3 encoding: long enough to kill the worker in the middle
WORKER_LEASE_S = 2  # the processing lease of the workers these tests kill: a recovery need not wait a minute
# Ids far above anything a sequence hands out during a run (see `ids_beyond_queued_tasks`).
HIGH_ID = 5_000_000


@pytest.fixture(autouse=True)
def ids_beyond_queued_tasks():
    """Make the assets of these tests take ids no task still queued from an earlier test can name.

    The session-wide worker of other modules may still hold messages for assets of earlier tests; SQLite
    hands the same ids out again after the tables are emptied, so such a message could act on an asset of
    this module. A finished asset with a high id moves SQLite's next id past them (PostgreSQL never reuses
    ids anyway).
    """
    AssetFactory(id=HIGH_ID, processing_state="ready")


def state_of(asset_id: int) -> str:
    db.session.rollback()
    return db.session.scalar(select(Asset.processing_state).where(Asset.id == asset_id))


def wait_for_state(asset_id: int, wanted: set, timeout: float) -> str:
    """Poll the database until the asset is in one of `wanted` states; fail at the deadline."""
    deadline = time.monotonic() + timeout
    while (state := state_of(asset_id)) not in wanted:
        assert time.monotonic() < deadline, f"asset {asset_id} still {state!r} after {timeout}s"
        time.sleep(0.02)
    return state


def lease_until(asset_id: int):
    """When the processing lease of the asset runs out (None: nobody holds it)."""
    db.session.rollback()
    return db.session.scalar(select(Asset.processing_lease_until).where(Asset.id == asset_id))


def wait_for_the_lease_to_expire(asset_id: int, timeout: float) -> None:
    """Poll the database until no worker holds the asset; fail at the deadline."""
    deadline = time.monotonic() + timeout
    while (until := lease_until(asset_id)) is not None and until >= utcnow():
        assert time.monotonic() < deadline, f"asset {asset_id} still held after {timeout}s"
        time.sleep(0.05)


def expire_the_lease(asset_id: int) -> None:
    """Make the asset's lease run out now, as if its worker had died a lease ago."""
    db.session.execute(update(Asset).where(Asset.id == asset_id)
                       .values(processing_lease_until=utcnow() - timedelta(seconds=1)))
    db.session.commit()


# --- a worker killed mid-task --------------------------------------------------------------------------------------

@pytest.fixture
def private_queue(app, worker_env):
    """Worker settings with a queue of this test alone, and the app sending its tasks there."""
    env = {**worker_env, "CELERY_QUEUE": f"rwflask-kill-test-{secrets.token_hex(4)}",
           "PROCESSING_LEASE_SECONDS": str(WORKER_LEASE_S)}
    saved = app.config["CELERY_QUEUE"]
    app.config["CELERY_QUEUE"] = env["CELERY_QUEUE"]
    yield env
    app.config["CELERY_QUEUE"] = saved


@pytest.fixture
def start_worker(tmp_path):
    """Start dedicated workers (each stopped at the end of the test)."""
    workers = []

    def start(env):
        worker = CeleryWorker(env, tmp_path / f"worker-{len(workers)}.log")
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


def partial_mp3s() -> list:
    """MP3s being written (ffmpeg's temporary outputs, kept in the private `.incoming` folder)."""
    return sorted((media.media_root() / ".incoming").glob("*.mp3.part"))


def published_files() -> list[str]:
    """What the media folder serves (everything but the private `.incoming` folder)."""
    return sorted(p.name for p in media.media_root().iterdir() if p.name != ".incoming")


def upload_and_kill_mid_conversion(participant, env, start_worker, tmp_path) -> int:
    """Upload a long recording, SIGKILL the worker while ffmpeg is writing its MP3; return the asset id."""
    recording = audio.tone_wav(tmp_path / "long.wav", seconds=LONG_RECORDING_S, frequency=330)
    project = ProjectFactory(max_recording_length=LONG_RECORDING_S)
    envelope = EnvelopeFactory(session_id=SessionFactory(user=participant.user, project=project).id)
    worker = start_worker(env)
    response = participant.patch(f"/api/2/envelopes/{envelope.id}/",
                                 data={"file": (io.BytesIO(recording.read_bytes()), "blob"), "media_type": "audio"},
                                 content_type="multipart/form-data")
    assert response.status_code == 200, response.json
    asset_id = response.json["id"]
    wait_for_state(asset_id, {"processing"}, timeout=60)
    deadline = time.monotonic() + 30
    while not any(p.stat().st_size > 0 for p in partial_mp3s()):
        assert time.monotonic() < deadline, "the worker never started writing the MP3"
        time.sleep(0.02)
    worker.kill()
    return asset_id


def test_worker_killed_mid_conversion_loses_no_upload(participant, private_queue, start_worker, tmp_path):
    asset_id = upload_and_kill_mid_conversion(participant, private_queue, start_worker, tmp_path)

    asset = db.session.get(Asset, asset_id)
    assert asset.processing_state != "ready" and asset.filename == media.playable_name(asset.file)
    assert not (media.media_root() / (asset.file.rsplit(".", 1)[0] + ".mp3")).exists()

    wait_for_the_lease_to_expire(asset_id, timeout=30)
    start_worker(private_queue)

    assert wait_for_state(asset_id, {"ready", "failed"}, timeout=180) == "ready"
    ready = participant.get(f"/api/2/assets/{asset_id}/").json
    assert ready["filename"].endswith(".mp3")
    served = participant.get(ready["file"])
    assert served.status_code == 200 and served.mimetype == "audio/mpeg"
    mp3 = tmp_path / "served.mp3"
    mp3.write_bytes(served.data)
    assert audio.decoded_seconds(mp3) == pytest.approx(LONG_RECORDING_S, abs=0.5)


def test_recovery_from_a_killed_conversion_publishes_no_partial_mp3(participant, private_queue, start_worker,
                                                                    tmp_path):
    asset_id = upload_and_kill_mid_conversion(participant, private_queue, start_worker, tmp_path)
    wait_for_the_lease_to_expire(asset_id, timeout=30)
    start_worker(private_queue)
    wait_for_state(asset_id, {"ready", "failed"}, timeout=180)

    assert not [name for name in published_files() if name.endswith(".part")]
    leftovers = partial_mp3s()
    for leftover in leftovers:
        assert participant.get(f"/rwmedia/.incoming/{leftover.name}").status_code == 404
    assert media.remove_stale_incoming(0) >= len(leftovers) and partial_mp3s() == []


# --- processing.process_asset -------------------------------------------------------------------------------------

@pytest.fixture
def media_root(app, tmp_path, monkeypatch):
    """A media directory of this test alone."""
    root = tmp_path / "media"
    root.mkdir()
    monkeypatch.setitem(app.config, "MEDIA_ROOT", str(root))
    return root


def pending_asset(media_root, source, **fields):
    """An audio asset waiting for processing, whose original is a copy of `source`."""
    name = f"20260101-120000-1-{secrets.token_hex(4)}{source.suffix}"
    shutil.copy(source, media_root / name)
    values = dict(file=name, filename=None, processing_state="pending", audio_length=None, start_time=None,
                  end_time=None, mediatype="audio")
    values.update(fields)
    return AssetFactory(**values)


def test_process_asset_converts_pending_audio_to_mp3(media_root, tmp_path):
    asset = pending_asset(media_root, audio.tone(tmp_path, "ogg", seconds=2.0))

    assert processing.process_asset(asset.id) == "ready"

    db.session.expire_all()
    assert asset.processing_state == "ready" and asset.filename == asset.file.rsplit(".", 1)[0] + ".mp3"
    assert audio.ffprobe(media_root / asset.filename)["format"]["format_name"] == "mp3"
    assert asset.audio_length == pytest.approx(2.0, abs=0.1)
    assert (asset.start_time, asset.end_time) == (0.0, asset.audio_length)


def test_process_asset_twice_second_call_is_skipped(media_root, tmp_path):
    asset = pending_asset(media_root, audio.tone(tmp_path, "wav", seconds=1.0))
    processing.process_asset(asset.id)

    assert processing.process_asset(asset.id) == "skipped"


def test_process_asset_twice_leaves_the_result_untouched(media_root, tmp_path):
    asset = pending_asset(media_root, audio.tone(tmp_path, "wav", seconds=1.0))
    processing.process_asset(asset.id)
    db.session.expire_all()
    first = (asset.filename, asset.updated, asset.audio_length, (media_root / asset.filename).read_bytes())

    processing.process_asset(asset.id)

    db.session.expire_all()
    assert (asset.filename, asset.updated, asset.audio_length,
            (media_root / asset.filename).read_bytes()) == first
    assert published_files() == sorted([asset.file, asset.filename]) and partial_mp3s() == []


def test_process_asset_keeps_an_mp3_original_as_the_playable_file(media_root, tmp_path):
    asset = pending_asset(media_root, audio.tone(tmp_path, "mp3", seconds=2.0))

    assert processing.process_asset(asset.id) == "ready"

    db.session.expire_all()
    assert asset.filename == asset.file
    assert published_files() == [asset.file] and partial_mp3s() == []


def test_process_asset_keeps_the_duration_measured_on_arrival(media_root, tmp_path):
    asset = pending_asset(media_root, audio.tone(tmp_path, "wav", seconds=2.0), audio_length=2.0, start_time=0.0,
                          end_time=2.0)

    processing.process_asset(asset.id)

    db.session.expire_all()
    assert (asset.audio_length, asset.start_time, asset.end_time) == (2.0, 0.0, 2.0)


def test_corrupt_original_ends_failed(media_root, tmp_path):
    corrupt = tmp_path / "corrupt.wav"
    corrupt.write_bytes(b"RIFF" + secrets.token_bytes(4096))
    asset = pending_asset(media_root, corrupt)

    assert processing.process_asset(asset.id) == "failed"

    db.session.expire_all()
    assert asset.processing_state == "failed" and asset.filename is None


def test_corrupt_original_leaves_no_partial_mp3(media_root, tmp_path):
    corrupt = tmp_path / "corrupt.wav"
    corrupt.write_bytes(b"RIFF" + secrets.token_bytes(4096))
    asset = pending_asset(media_root, corrupt)

    processing.process_asset(asset.id)

    assert published_files() == [asset.file] and partial_mp3s() == []


def test_conversion_stops_at_the_server_cap_and_fails_the_asset(app, monkeypatch, media_root,
                                                               hour_of_opus_claiming_a_second):
    monkeypatch.setitem(app.config, "MAX_RECORDING_SECONDS", 5)
    asset = pending_asset(media_root, hour_of_opus_claiming_a_second)
    started = time.monotonic()

    assert processing.process_asset(asset.id) == "failed"

    # Encoding the whole hour takes minutes; the cap stops it after a few seconds of audio.
    assert time.monotonic() - started < 20
    assert published_files() == [asset.file] and partial_mp3s() == []


def test_conversion_within_the_server_cap_is_complete(app, monkeypatch, media_root, tmp_path):
    monkeypatch.setitem(app.config, "MAX_RECORDING_SECONDS", 5)
    asset = pending_asset(media_root, audio.tone(tmp_path, "ogg", seconds=5.0))

    assert processing.process_asset(asset.id) == "ready"

    db.session.expire_all()
    assert audio.decoded_seconds(media_root / asset.filename) == pytest.approx(5.0, abs=0.1)


def test_missing_original_ends_failed(media_root, tmp_path):
    asset = pending_asset(media_root, audio.tone(tmp_path, "wav", seconds=1.0))
    (media_root / asset.file).unlink()

    assert processing.process_asset(asset.id) == "failed"


def test_failed_asset_is_not_processed_again(media_root, tmp_path):
    asset = pending_asset(media_root, audio.tone(tmp_path, "wav", seconds=1.0), processing_state="failed")

    assert processing.process_asset(asset.id) == "skipped"


def test_process_asset_of_deleted_asset_is_skipped(media_root):
    assert processing.process_asset(HIGH_ID + 999) == "skipped"


def test_stalled_asset_ids_are_unfinished_assets_unclaimed_for_a_lease(app):
    stale = timedelta(seconds=app.config["PROCESSING_LEASE_SECONDS"] + 5)
    old, recent = utcnow() - stale, utcnow()
    expected = []
    for state in ("pending", "processing", "ready", "failed"):
        old_asset = AssetFactory(processing_state=state, updated=old)
        AssetFactory(processing_state=state, updated=recent)
        if state in ("pending", "processing"):
            expected.append(old_asset.id)

    assert processing.stalled_asset_ids() == expected


def test_stalled_asset_ids_follow_the_configured_limit(app, monkeypatch):
    asset = AssetFactory(processing_state="pending", updated=utcnow() - timedelta(seconds=30))
    monkeypatch.setitem(app.config, "PROCESSING_LEASE_SECONDS", 10)

    assert processing.stalled_asset_ids() == [asset.id]


# --- one conversion per asset at a time: the processing lease -------------------------------------------------------

def run_elsewhere(app, function, *args) -> Future:
    """Run `function(*args)` in another thread with its own app context and database session, as another
    worker would."""
    def call():
        with app.app_context():
            return function(*args)

    executor = ThreadPoolExecutor(max_workers=1)
    future = executor.submit(call)
    executor.shutdown(wait=False)
    return future


def slow_conversions(monkeypatch) -> None:
    """Make ffmpeg read its input in real time (`-re`): a conversion takes as long as the recording."""
    command = media.mp3_command
    monkeypatch.setattr(media, "mp3_command",
                        lambda source, target, max_s=None: ["ffmpeg", "-re", *command(source, target, max_s)[1:]])


@pytest.fixture
def queued(monkeypatch) -> list[int]:
    """The assets queued for processing (instead of sending tasks to the broker)."""
    ids = []
    monkeypatch.setattr(processing, "queue_processing", ids.append)
    return ids


def test_two_claims_at_once_only_one_wins(app):
    asset = AssetFactory(processing_state="pending")
    barrier = threading.Barrier(2)

    def claim_together():
        barrier.wait(timeout=10)
        return processing.claim(asset.id)

    claims = [run_elsewhere(app, claim_together) for _ in range(2)]

    assert sorted(claim.result(timeout=30) is not None for claim in claims) == [False, True]


def test_process_asset_while_another_workers_lease_is_live_converts_nothing(media_root, tmp_path):
    asset = pending_asset(media_root, audio.tone(tmp_path, "wav", seconds=1.0))
    assert processing.claim(asset.id)

    assert processing.process_asset(asset.id) == "skipped"
    assert published_files() == [asset.file] and partial_mp3s() == []


def test_an_upload_whose_worker_died_is_converted_after_its_lease_expired(media_root, tmp_path):
    asset = pending_asset(media_root, audio.tone(tmp_path, "wav", seconds=1.0))
    assert processing.claim(asset.id)  # by a worker that died then
    expire_the_lease(asset.id)

    assert processing.process_asset(asset.id) == "ready"


def test_the_sweep_skips_an_upload_whose_lease_is_live(app, media_root, queued):
    asset = AssetFactory(processing_state="pending")
    processing.claim(asset.id)
    # Claimed an hour ago: a long conversion, whose worker has kept renewing its lease since.
    db.session.execute(update(Asset).where(Asset.id == asset.id).values(updated=utcnow() - timedelta(hours=1)))
    db.session.commit()

    processing.sweep_unprocessed()

    assert queued == []


def test_the_sweep_queues_an_upload_whose_lease_expired(app, media_root, queued):
    asset = AssetFactory(processing_state="pending")
    processing.claim(asset.id)
    expire_the_lease(asset.id)

    processing.sweep_unprocessed()

    assert queued == [asset.id]


def test_a_starting_worker_leaves_an_upload_whose_lease_is_live_alone(app, queued):
    held = AssetFactory(processing_state="pending")
    processing.claim(held.id)
    waiting = AssetFactory(processing_state="pending")

    processing.take_over_unfinished()

    assert queued == [waiting.id]


def test_a_starting_worker_takes_over_an_upload_whose_lease_expired(app, queued):
    asset = AssetFactory(processing_state="pending")
    processing.claim(asset.id)
    expire_the_lease(asset.id)

    processing.take_over_unfinished()

    assert queued == [asset.id]


def test_a_conversion_longer_than_the_lease_is_not_started_twice(app, media_root, tmp_path, monkeypatch):
    lease = 1.5
    monkeypatch.setitem(app.config, "PROCESSING_LEASE_SECONDS", lease)
    slow_conversions(monkeypatch)
    asset = pending_asset(media_root, audio.tone(tmp_path, "wav", seconds=4 * lease))
    first = run_elsewhere(app, processing.process_asset, asset.id)
    wait_for_state(asset.id, {"processing"}, timeout=30)
    time.sleep(2 * lease)  # the first claim's own lease has run out: only its renewals keep the asset

    assert processing.process_asset(asset.id) == "skipped"
    assert first.result(timeout=60) == "ready"


def test_a_worker_whose_lease_was_taken_over_does_not_overwrite_the_result(app, media_root, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "PROCESSING_LEASE_SECONDS", 1.0)
    asset = pending_asset(media_root, audio.tone(tmp_path, "wav", seconds=2.0))
    paused, resume = threading.Event(), threading.Event()
    renew = processing.renew

    def stall_in_the_other_thread(asset_id, owner):
        """The first worker stalls (e.g. a network partition) past its lease before renewing it."""
        if threading.current_thread() is not threading.main_thread():
            paused.set()
            assert resume.wait(timeout=60)
        return renew(asset_id, owner)

    monkeypatch.setattr(processing, "renew", stall_in_the_other_thread)
    stalled = run_elsewhere(app, processing.process_asset, asset.id)
    assert paused.wait(timeout=30), "the first worker never renewed its lease"
    wait_for_the_lease_to_expire(asset.id, timeout=30)
    assert processing.process_asset(asset.id) == "ready"
    db.session.expire_all()
    result = (asset.processing_state, asset.filename, asset.updated, (media_root / asset.filename).stat().st_ino)

    resume.set()

    assert stalled.result(timeout=60) == "skipped"
    db.session.expire_all()
    assert (asset.processing_state, asset.filename, asset.updated,
            (media_root / asset.filename).stat().st_ino) == result


# --- media.probe ----------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """Media generated once for the module."""
    return tmp_path_factory.mktemp("probe-media")


@pytest.mark.parametrize("fmt", list(audio.AUDIO_ENCODINGS))
def test_probe_audio_gives_extension_of_content_and_duration(made, fmt):
    path = audio.tone(made, fmt, seconds=2.0)

    result = media.probe(path, "audio")

    assert result.extension == audio.STORED_EXTENSIONS[fmt]
    assert result.duration == pytest.approx(2.0, abs=0.15)


def test_probe_audio_ignores_the_file_name(made, tmp_path):
    disguised = tmp_path / "recording.wav"
    shutil.copy(audio.tone(made, "ogg", seconds=2.0), disguised)

    assert media.probe(disguised, "audio").extension == ".ogg"


@pytest.mark.parametrize("maker, extension", [(audio.png, ".png"), (audio.jpeg, ".jpg"), (audio.gif, ".gif"),
                                              (audio.webp, ".webp")])
def test_probe_photo_gives_extension_of_content(made, maker, extension):
    result = media.probe(maker(made), "photo")

    assert result == media.Probe(extension, None)


def test_probe_utf8_text(made):
    assert media.probe(audio.text_file(made), "text") == media.Probe(".txt", None)


def test_probe_video(made):
    result = media.probe(audio.video_mp4(made), "video")

    assert result.extension == ".mp4" and result.duration == pytest.approx(2.0, abs=0.2)


def test_probe_video_refuses_audio_only_file(made):
    with pytest.raises(media.MediaError):
        media.probe(audio.tone(made, "m4a"), "video")


def test_probe_audio_refuses_an_image(made):
    with pytest.raises(media.MediaError, match="not audio"):
        media.probe(audio.png(made), "audio")


def test_probe_photo_refuses_audio(made):
    with pytest.raises(media.MediaError, match="not a photo"):
        media.probe(audio.tone(made, "wav"), "photo")


def test_probe_text_refuses_non_utf8(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("déjà vu, crème brûlée".encode("latin-1"))

    with pytest.raises(media.MediaError, match="UTF-8"):
        media.probe(path, "text")


def test_probe_text_refuses_binary_that_happens_to_be_valid_utf8(tmp_path):
    path = tmp_path / "controls.bin"
    path.write_bytes(bytes(range(0, 32)) * 64)

    with pytest.raises(media.MediaError, match="not text"):
        media.probe(path, "text")


def test_probe_audio_accepts_a_container_that_states_no_duration(made):
    assert media.probe(audio.live_webm(made), "audio") == media.Probe(".webm", None)


# --- media.decoded_seconds and media.measure_audio: the decoded length, bounded -----------------------------------

@pytest.mark.parametrize("fmt", list(audio.AUDIO_ENCODINGS))
def test_decoded_seconds_counts_the_audio_of_every_accepted_format(made, fmt):
    # Raw AAC (ADTS) has no edit list: its encoder's priming and padding (~0.09 s) decode too.
    assert media.decoded_seconds(audio.tone(made, fmt, seconds=2.0), stop_s=10) == pytest.approx(2.0, abs=0.1)


def test_decoding_stops_at_the_limit_however_long_the_file(hour_of_opus_claiming_a_second):
    assert media.decoded_seconds(hour_of_opus_claiming_a_second, stop_s=10) == 10.0


def test_decoded_seconds_of_a_file_without_audio_is_none(made):
    assert media.decoded_seconds(audio.png(made), stop_s=10) is None


def test_measure_audio_gives_the_decoded_length(made):
    assert media.measure_audio(audio.tone(made, "mp3", seconds=3.0), 30, 2) == pytest.approx(3.0, abs=0.05)


def test_measure_audio_accepts_a_recording_up_to_the_tolerance(made):
    assert media.measure_audio(audio.tone(made, "wav", seconds=3.0), 2, 1) == pytest.approx(3.0, abs=0.01)


def test_measure_audio_refuses_a_recording_past_the_tolerance_naming_the_limit(made):
    with pytest.raises(media.MediaError, match="longer than the limit of 2 seconds"):
        media.measure_audio(audio.tone(made, "wav", seconds=3.0), 2, 0.5)


def test_measure_audio_refuses_a_header_without_samples(made):
    truncated = made / "truncated.wav"
    truncated.write_bytes(audio.tone(made, "wav").read_bytes()[:100])

    with pytest.raises(media.MediaError, match="no audio that can be decoded"):
        media.measure_audio(truncated, 30, 2)


def test_media_errors_are_refusals_of_the_request():
    assert isinstance(media.MediaError("no"), Invalid)


@pytest.mark.parametrize("media_type", ["audio", "video", "photo", "text"])
def test_probe_refuses_empty_file(tmp_path, media_type):
    path = tmp_path / "empty"
    path.touch()

    with pytest.raises(media.MediaError, match="empty"):
        media.probe(path, media_type)


# --- /rwmedia/ ------------------------------------------------------------------------------------------------------

@pytest.fixture
def served_mp3(media_root, made):
    """An MP3 in the media directory."""
    name = "20260101-120000-1-abcdef01.mp3"
    shutil.copy(audio.tone(made, "mp3", seconds=2.0), media_root / name)
    return media_root / name


def test_mp3_is_served_as_audio_mpeg_without_a_token(anonymous, served_mp3):
    response = anonymous.get(f"/rwmedia/{served_mp3.name}")

    assert response.status_code == 200
    assert response.mimetype == "audio/mpeg"
    assert response.data == served_mp3.read_bytes()


def test_media_advertises_byte_ranges(anonymous, served_mp3):
    response = anonymous.get(f"/rwmedia/{served_mp3.name}")

    assert response.headers["Accept-Ranges"] == "bytes"


def test_range_request_is_206_with_content_range(anonymous, served_mp3):
    size = served_mp3.stat().st_size

    response = anonymous.get(f"/rwmedia/{served_mp3.name}", headers={"Range": "bytes=100-199"})

    assert response.status_code == 206
    assert response.headers["Content-Range"] == f"bytes 100-199/{size}"
    assert response.data == served_mp3.read_bytes()[100:200]


def test_open_ended_range_request_returns_the_rest(anonymous, served_mp3):
    size = served_mp3.stat().st_size

    response = anonymous.get(f"/rwmedia/{served_mp3.name}", headers={"Range": "bytes=1000-"})

    assert response.status_code == 206
    assert response.headers["Content-Range"] == f"bytes 1000-{size - 1}/{size}"
    assert response.data == served_mp3.read_bytes()[1000:]


def test_unknown_media_name_is_404(anonymous, media_root):
    assert anonymous.get("/rwmedia/20260101-120000-1-00000000.mp3").status_code == 404


def test_incoming_upload_is_never_served(anonymous, media_root):
    (media_root / ".incoming").mkdir()
    (media_root / ".incoming" / "0123abcd").write_bytes(b"half an upload")

    assert anonymous.get("/rwmedia/.incoming/0123abcd").status_code == 404


def test_incoming_folder_is_not_listed(anonymous, media_root):
    (media_root / ".incoming").mkdir()

    assert anonymous.get("/rwmedia/.incoming/").status_code == 404


def test_hidden_file_is_not_served(anonymous, media_root):
    (media_root / ".secret").write_bytes(b"x")

    assert anonymous.get("/rwmedia/.secret").status_code == 404


def test_path_outside_the_media_directory_is_404(anonymous, media_root):
    (media_root.parent / "outside.txt").write_text("private")

    assert anonymous.get("/rwmedia/../outside.txt").status_code == 404
    assert anonymous.get("/rwmedia/%2e%2e/outside.txt").status_code == 404


def test_media_of_processed_upload_is_what_the_asset_points_to(anonymous, media_root, tmp_path):
    asset = pending_asset(media_root, audio.tone(tmp_path, "wav", seconds=1.0), project_id=ProjectFactory().id)
    processing.process_asset(asset.id)
    db.session.expire_all()

    response = anonymous.get(f"/rwmedia/{asset.filename}")

    assert response.status_code == 200 and response.mimetype == "audio/mpeg"
