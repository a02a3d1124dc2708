"""End-to-end: the real Roundware web client, roundware-web-framework 0.12.8-alpha.14 from npm,
unmodified and bundled by esbuild (tests/browser/webclient/), driven in headless Chromium against
the app on a real port.

The page is served from another origin (http://localhost:<port>) than the API
(http://127.0.0.1:<port>), as a web app is: every API call is a CORS request, and media play in
`crossOrigin="anonymous"` audio elements routed through Web Audio.

Quirks of the library, taken as they are (the server does not work around them):
- A timed asset whose `start` is 0 is treated as untimed (`timedAssetFilter` tests `!timedAssetStart`).
- Asset URLs lose their scheme (`cleanAudioURL` makes them `//host/...`), so they take the page's.
- `makeEnvelope()`/`upload()` send the recording as a multipart part named `file` with the
  filename `blob` (FormData's default for a Blob): the name given to `upload()` is only logged.
- Playback needs a user gesture first: on `mousedown` (and the like) each track plays a silent
  clip to unlock audio, and only a track "safe to play" reports its assets as playing. Should
  `mixer.play()` run before that silent clip started, the unlocking code's failure handler can put
  the silence back in place of the asset, so the test waits for the tracks to be unlocked.
- A play may be logged twice (two `listenevents/`, the first one never given a duration): see below.
- The user's `deviceId` defaults to "00000000000000" for every browser: the test gives its own.
"""
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from rwflask.extensions import db
from rwflask.models import Asset, Event, ListenEvent, Session, User, Vote
from tests.conftest import page_origin
from tests.factories import (AssetFactory, AudiotrackFactory, ProjectFactory, SpeakerFactory, TagCategoryFactory,
                             TagFactory, TimedAssetFactory, UIGroupFactory, UIItemFactory, text_in)
from tests.support.audio import ffmpeg

from .conftest import CHROMIUM_ARGS, WEBCLIENT

# The module builds the client (npm) and waits for real playback and conversion: generous on 2 cores.
pytestmark = pytest.mark.timeout(600)

LAT, LON = 42.3601, -71.0589
ASSET_SECONDS = 15
DEVICE_ID = "webclient-test-device"
TIMEOUT_MS = 30_000
PROCESSING_DEADLINE_S = 90


# --- the page, on its own origin -----------------------------------------------------------------

@pytest.fixture(scope="module")
def chromium_args():
    """Audio may start without a gesture, as after a click in a real browser (the test still clicks)."""
    return [*CHROMIUM_ARGS, "--autoplay-policy=no-user-gesture-required"]


@pytest.fixture(scope="module")
def webclient_origin(webclient_bundle, page_origin_socket):
    """The test page and the bundle, served on the origin the app allows besides its own."""
    files = {"/": (WEBCLIENT / "index.html", "text/html; charset=utf-8"),
             "/webclient.js": (webclient_bundle, "text/javascript; charset=utf-8")}

    @Request.application
    def site(request):
        if request.path not in files:
            return Response("not found", status=404)
        path, mimetype = files[request.path]
        return Response(path.read_bytes(), mimetype=mimetype, headers={"Cache-Control": "no-store"})

    # The socket listens already (reserved before the app was built, see tests/conftest.py).
    server = make_server("127.0.0.1", 0, site, threaded=True, fd=page_origin_socket.fileno())
    thread = threading.Thread(target=server.serve_forever, name="webclient-page", daemon=True)
    thread.start()
    try:
        yield page_origin(page_origin_socket)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


class Problems:
    """What went wrong in the page: JavaScript errors, console errors, failed and refused requests."""

    def __init__(self, page, api: str):
        self.items = []
        page.on("pageerror", lambda error: self.items.append(f"page error: {error}"))
        page.on("console", lambda message: self.items.append(
            f"console error: {message.text} ({message.location.get('url')})") if message.type == "error" else None)
        page.on("requestfailed", lambda request: self.items.append(
            f"request failed: {request.method} {request.url} ({request.failure})"))
        page.on("response", lambda response: self.items.append(
            f"{response.status} {response.request.method} {response.url}")
            if response.url.startswith(api) and response.status >= 400 else None)


@pytest.fixture
def page(browser, live_server, webclient_origin):
    """The test page in a fresh browser context, with `page.problems` and `page.api_requests`
    (method and path of every request to the API, in order)."""
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.problems = Problems(page, live_server)
    page.api_requests = []
    page.on("request", lambda request: page.api_requests.append(
        f"{request.method} {request.url.removeprefix(live_server)}")
        if request.url.startswith(live_server + "/api/") else None)
    page.goto(webclient_origin + "/")
    page.wait_for_function("() => window.RoundwareWebFramework && window.recordTone")
    try:
        yield page
    finally:
        context.close()


# --- data ------------------------------------------------------------------------------------------

def mp3_tone(path, seconds: float, frequency: int):
    """An MP3 sine tone (what the worker makes of an upload)."""
    ffmpeg("-f", "lavfi", "-i", f"sine=frequency={frequency}:sample_rate=44100:duration={seconds}",
           "-c:a", "libmp3lame", "-q:a", "4", "-f", "mp3", str(path))
    return path


@pytest.fixture
def project_setup(english, app, live_server):
    """A project with a listen and a speak question, a speaker playing an ambient file, one audio
    track, and three playable assets near its centre (the third one timed, starting at 0)."""
    media_root = app.config["MEDIA_ROOT"]
    project = ProjectFactory(name="Harbour Walk", latitude=LAT, longitude=LON, languages=[english],
                             recording_radius=50, geo_listen_enabled=True)
    ambient = mp3_tone(_media_path(media_root, f"webclient-ambient-{project.id}.mp3"), 20, 220)
    speaker = SpeakerFactory(project=project, uri=f"{live_server}/rwmedia/{ambient.name}", maxvolume=0.3)
    category = TagCategoryFactory(name="theme")
    tags = [TagFactory(project=project, tag_category=category, loc_msg=[text_in(english, msg)])
            for msg in ("Boats", "Voices")]
    groups = {mode: UIGroupFactory(project=project, ui_mode=mode, select="multi", tag_category=category,
                                   header_text_loc=[text_in(english, f"{mode} question")])
              for mode in ("listen", "speak")}
    for group in groups.values():
        for index, tag in enumerate(tags):
            UIItemFactory(ui_group=group, tag=tag, index=index, default=True)
    audiotrack = AudiotrackFactory(project=project, start_with_silence=False, minduration=10, maxduration=12,
                                   mindeadair=0.5, maxdeadair=1, minfadeintime=0.1, maxfadeintime=0.3,
                                   minfadeouttime=0.1, maxfadeouttime=0.3, repeatrecordings=True)
    assets = []
    for index, frequency in enumerate((440, 550, 660)):
        name = f"webclient-{project.id}-{frequency}.mp3"
        mp3_tone(_media_path(media_root, name), ASSET_SECONDS, frequency)
        assets.append(AssetFactory(project_id=project.id, latitude=LAT + 0.00005 * (index + 1), longitude=LON,
                                   filename=name, file=name, audio_length=ASSET_SECONDS, start_time=0,
                                   end_time=ASSET_SECONDS, tags=[tags[index % 2]]))
    timed = TimedAssetFactory(asset_id=assets[2].id, project_id=project.id, start=0, end=3600)
    return {"project": project, "speaker": speaker, "tags": tags, "groups": groups, "audiotrack": audiotrack,
            "assets": assets, "timed": timed}


def _media_path(media_root: str, name: str) -> Path:
    root = Path(media_root)
    root.mkdir(parents=True, exist_ok=True)
    return root / name


# --- driving the library ---------------------------------------------------------------------------

CONNECT = """async ({serverUrl, projectId, latitude, longitude, deviceId}) => {
    const { Roundware, GeoListenMode } = window.RoundwareWebFramework;
    const roundware = new Roundware(window, {
        serverUrl, projectId, deviceId, clientType: "web",
        geoListenMode: GeoListenMode.MANUAL,
        listenerLocation: { latitude, longitude },
    });
    window.roundware = roundware;
    const { uiConfig } = await roundware.connect();
    await roundware.loadAssetPool();
    return {
        sessionId: roundware._sessionId,
        userName: roundware.user.userName,
        userId: roundware.user.id,
        projectName: roundware.project.projectName,
        projectLocation: roundware.project.location,
        recordingRadius: roundware.project.recordingRadius,
        uiConfig,
        speakers: roundware.speakers().map((s) => ({ id: s.id, uri: s.uri })),
        audiotracks: roundware.audiotracks().map((t) => t.id),
        assets: roundware.assets().map((a) => ({ id: a.id, file: a.file, tag_ids: a.tag_ids })),
        timedAssets: roundware.timedAssets().map((t) => ({ asset_id: t.asset_id, start: t.start, end: t.end })),
        pool: roundware.assetPool.assets.map((a) => ({
            id: a.id, file: a.file, timedAssetStart: a.timedAssetStart, activeRegionLength: a.activeRegionLength })),
    };
}"""


def connect(page, live_server, project) -> dict:
    """`new Roundware(...)`, `connect()` and `loadAssetPool()` in the page; what the library then holds."""
    return page.evaluate(CONNECT, {"serverUrl": live_server + "/api/2", "projectId": project.id,
                                   "latitude": LAT, "longitude": LON, "deviceId": DEVICE_ID})


def assert_no_problems(page):
    """No error in the page, no failed request, no API error answer."""
    assert page.problems.items == []


def fresh(statement):
    """Rows as the other threads (the live server) committed them."""
    db.session.rollback()
    return db.session.scalars(statement).all()


def wait_for(condition, what: str, timeout: float = TIMEOUT_MS / 1000) -> None:
    """Poll until `condition()` holds (the library sends some requests without waiting for them)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"no {what} after {timeout}s"
        time.sleep(0.2)


def eventually_equal(read, expected, timeout: float = TIMEOUT_MS / 1000) -> None:
    """Poll until `read()` returns `expected`; fail showing the last value read."""
    deadline = time.monotonic() + timeout
    while (value := read()) != expected and time.monotonic() < deadline:
        time.sleep(0.2)
    assert value == expected


def event_types(session_id: int) -> list[str]:
    return [e.event_type for e in fresh(select(Event).where(Event.session_id == session_id).order_by(Event.id))]


# --- connecting -------------------------------------------------------------------------------------

def test_connects_and_loads_the_project_and_asset_pool(page, live_server, project_setup):
    project, speaker, tags, assets = (project_setup[k] for k in ("project", "speaker", "tags", "assets"))
    state = connect(page, live_server, project)

    # The library's connection sequence: a user, a session, then the project and its configuration.
    api_paths = [r.split("?")[0] for r in page.api_requests]
    assert api_paths[:2] == ["POST /api/2/users/", "POST /api/2/sessions/"]
    assert set(api_paths[2:]) == {
        "POST /api/2/events/", f"GET /api/2/projects/{project.id}/", f"GET /api/2/projects/{project.id}/uiconfig/",
        "GET /api/2/speakers/", "GET /api/2/audiotracks/", "GET /api/2/timedassets/", "GET /api/2/assets/"}

    assert state["projectName"] == "Harbour Walk"
    assert state["projectLocation"] == {"latitude": LAT, "longitude": LON}
    assert state["recordingRadius"] == 50
    for mode in ("listen", "speak"):
        (group,) = state["uiConfig"][mode]
        assert [item["tag_id"] for item in group["display_items"]] == [t.id for t in tags]
        assert [item["tag_display_text"] for item in group["display_items"]] == ["Boats", "Voices"]
    assert state["speakers"] == [{"id": speaker.id, "uri": speaker.uri}]
    assert state["audiotracks"] == [project_setup["audiotrack"].id]

    # The asset pool: every asset, with its absolute media URL (made scheme-relative by the library).
    assert sorted(a["id"] for a in state["assets"]) == [a.id for a in assets]
    by_id = {a["id"]: a for a in state["assets"]}
    for asset in assets:
        assert by_id[asset.id]["file"] == f"{live_server}/rwmedia/{asset.filename}"
        assert by_id[asset.id]["tag_ids"] == [t.id for t in asset.tags]
    assert state["timedAssets"] == [{"asset_id": assets[2].id, "start": 0, "end": 3600}]
    pool = {a["id"]: a for a in state["pool"]}
    assert sorted(pool) == [a.id for a in assets]
    for asset in assets:
        assert pool[asset.id]["file"] == f"{live_server.removeprefix('http:')}/rwmedia/{asset.filename}"
        assert pool[asset.id]["activeRegionLength"] == ASSET_SECONDS
    assert pool[assets[2].id]["timedAssetStart"] == 0  # and so untimed to the library (see the module's notes)

    # The server's side: a user for the device, a session in the project, the start_session event.
    (session,) = fresh(select(Session))
    assert session.id == state["sessionId"] and session.project_id == project.id
    user = db.session.get(User, session.user_id)
    assert user.id == state["userId"] and user.device_id == DEVICE_ID and user.client_type == "web"
    assert state["userName"] == user.username
    eventually_equal(lambda: event_types(session.id), ["start_session"])
    assert_no_problems(page)


# --- playing ----------------------------------------------------------------------------------------

PLAYBACK = """() => {
    const track = window.roundware.mixer.playlist.tracks[0];
    const audio = track.audioElement;
    return { src: audio.src, paused: audio.paused, currentTime: audio.currentTime, readyState: audio.readyState,
             error: audio.error && audio.error.message, assetId: track.currentAsset && track.currentAsset.id,
             playing: track.playing, context: window.roundware.mixer.audioContext.state };
}"""


def test_plays_an_asset_from_the_api(page, live_server, project_setup):
    assets = project_setup["assets"]
    media = []
    page.on("response", lambda r: media.append(r) if "/rwmedia/webclient-" in r.url else None)
    state = connect(page, live_server, project_setup["project"])
    page.evaluate("() => window.roundware.activateMixer()")

    # A click unlocks audio; once the track has played its silent clip, the mixer plays.
    page.mouse.click(5, 5)
    page.wait_for_function("() => window.roundware.mixer.playlist.tracks.every((t) => t.isSafeToPlay)")
    page.evaluate("() => window.roundware.mixer.play()")

    page.wait_for_function("""() => {
        const audio = window.roundware.mixer.playlist.tracks[0].audioElement;
        return audio.src.includes("/rwmedia/") && !audio.paused && audio.currentTime > 0.5;
    }""", timeout=TIMEOUT_MS)
    first = page.evaluate(PLAYBACK)
    time.sleep(1)
    second = page.evaluate(PLAYBACK)
    assert first["error"] is None and second["error"] is None
    assert not second["paused"] and second["readyState"] >= 3 and second["context"] == "running"
    assert second["src"] == first["src"] and second["currentTime"] > first["currentTime"] + 0.5
    playing = {a.id: a for a in assets}[second["assetId"]]
    assert second["src"] == f"{live_server}/rwmedia/{playing.filename}"
    assert second["playing"] is True

    # The MP3 came from the API's origin, allowed to the page by CORS.
    served = [r for r in media if r.url == second["src"]]
    assert served and all(r.status in (200, 206) for r in served)
    assert all(r.headers["access-control-allow-origin"] == "*" for r in served)
    assert served[0].headers["content-type"] == "audio/mpeg"

    # The speaker's ambient stream plays too.
    page.wait_for_function("""() => window.roundware.mixer.speakerTracks.every(({ player: { audio } }) =>
        audio.src.includes("/rwmedia/") && !audio.paused && audio.currentTime > 0.5)""")

    # The library logged the play (listenevents/) and, once paused, its duration (PATCH listenevents/:id).
    def listen_events():
        return fresh(select(ListenEvent).where(ListenEvent.session_id == state["sessionId"]))

    wait_for(lambda: listen_events(), "a listen event")
    page.evaluate("() => window.roundware.mixer.stop()")
    wait_for(lambda: any(e.duration for e in listen_events()), "the listen event's duration")
    events = listen_events()
    # Quirk: "playing" may fire twice as an asset starts (again after the library's seek to its
    # start_time), and the library posts a listen event each time; it PATCHes one of them only
    # (the one whose answer came last).
    assert [e.asset_id for e in events] in ([playing.id], [playing.id] * 2)
    (ended,) = [e for e in events if e.duration is not None]
    assert 0.5 < ended.duration < 60
    eventually_equal(lambda: event_types(state["sessionId"]), ["start_session", "play_stream", "pause_stream"])
    assert_no_problems(page)


# --- uploading --------------------------------------------------------------------------------------

UPLOAD = """async ({ latitude, longitude, tagIds }) => {
    const recording = await window.recordTone(2, 660);
    const envelope = await window.roundware.makeEnvelope();
    const answer = await envelope.upload(recording, "recording.webm", {
        latitude, longitude, tag_ids: tagIds, media_type: "audio" });
    // upload() refreshes the asset pool (assets created since the last refresh) to find the new asset.
    const pooled = window.roundware.assetData.filter((a) => a.envelope_ids.includes(envelope._envelopeId));
    return { envelopeId: envelope._envelopeId, answer, recordingType: recording.type, recordingSize: recording.size,
             pooled: pooled.map((a) => a.id) };
}"""

READ_BACK = """async ({ envelopeId }) => {
    const envelope = await window.roundware.getEnvelope(envelopeId);
    const assets = await window.roundware.apiClient.get("/assets/", { envelope_id: envelopeId });
    const response = await fetch(assets[0].file, { mode: "cors" });
    const bytes = await response.arrayBuffer();
    const decoded = await new OfflineAudioContext(1, 1, 44100).decodeAudioData(bytes.slice(0));
    return { envelope, assets, status: response.status, type: response.headers.get("Content-Type"),
             size: bytes.byteLength, seconds: decoded.duration };
}"""


def test_uploads_a_recording(page, live_server, project_setup, celery_worker):
    project, tags = project_setup["project"], project_setup["tags"]
    uploads = []
    page.on("request", lambda r: uploads.append(r) if r.method == "PATCH" and "/envelopes/" in r.url else None)
    state = connect(page, live_server, project)
    latitude, longitude = LAT + 0.0002, LON - 0.0001
    upload = page.evaluate(UPLOAD, {"latitude": latitude, "longitude": longitude, "tagIds": [tags[1].id]})
    assert upload["recordingType"].startswith("audio/webm") and upload["recordingSize"] > 1000
    envelope_id = upload["envelopeId"]
    assert upload["answer"]["envelope_ids"] == [envelope_id]
    (request,) = uploads
    assert request.url == f"{live_server}/api/2/envelopes/{envelope_id}/"
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")

    # The worker converts the recording.
    (asset,) = fresh(select(Asset).where(Asset.session_id == state["sessionId"]))
    wait_for(lambda: fresh(select(Asset.processing_state).where(Asset.id == asset.id))[0] in ("ready", "failed"),
             "conversion", PROCESSING_DEADLINE_S)
    db.session.refresh(asset)
    assert asset.processing_state == "ready"
    assert asset.filename.endswith(".mp3") and asset.file.endswith(".webm")
    assert upload["pooled"] == [asset.id]
    # start_upload is the server's, when the envelope is made.
    eventually_equal(lambda: event_types(state["sessionId"]), ["start_session", "start_upload", "upload_asset"])
    assert fresh(select(Event.data).where(Event.event_type == "upload_asset")) == [f"asset_id:{asset.id}"]

    # Read back through the library: the envelope, the asset with its media URL, and that URL's audio.
    back = page.evaluate(READ_BACK, {"envelopeId": envelope_id})
    assert back["envelope"]["id"] == envelope_id and back["envelope"]["asset_ids"] == [asset.id]
    (listed,) = back["assets"]
    assert listed["id"] == asset.id and listed["session_id"] == state["sessionId"]
    assert listed["filename"] == asset.filename and listed["file"] == f"{live_server}/rwmedia/{asset.filename}"
    assert listed["tag_ids"] == [tags[1].id] and listed["media_type"] == "audio"
    assert (listed["latitude"], listed["longitude"]) == (latitude, longitude)
    assert back["status"] == 200 and back["type"] == "audio/mpeg" and back["size"] > 1000
    assert abs(back["seconds"] - 2) < 0.5
    assert_no_problems(page)


# --- voting -----------------------------------------------------------------------------------------

VOTE = """async ({ assetId }) => {
    const vote = await window.roundware.vote(assetId, "like");
    const votes = await window.roundware.apiClient.get(`/assets/${assetId}/votes/`, {});
    return { vote, votes };
}"""


def test_votes_on_an_asset(page, live_server, project_setup):
    asset = project_setup["assets"][0]
    state = connect(page, live_server, project_setup["project"])
    result = page.evaluate(VOTE, {"assetId": asset.id})
    assert result["vote"]["asset_id"] == asset.id and result["vote"]["type"] == "like"
    assert result["vote"]["session_id"] == state["sessionId"]
    assert result["votes"] == [{"type": "like", "total": 1}]
    (vote,) = fresh(select(Vote))
    assert (vote.asset_id, vote.session_id, vote.type, vote.voter_id) == (
        asset.id, state["sessionId"], "like", state["userId"])
    assert_no_problems(page)
