"""The real streaming stack for end-to-end tests: Icecast, the silence feeder, a render node
(Liquidsoap), the API server the node calls back, and a stream worker with beat, on free ports.

The in-process app (what the tests call) is pointed at the same node, Icecast and queue while
this package runs. Streams are judged by listening (tests/streaming/listening.py).
"""
import secrets
from dataclasses import dataclass
from pathlib import Path

import pytest

from rwflask.extensions import db
from rwflask.models import ListenerState
from rwflask.services import media
from rwflask.streaming import icecast, lifecycle
from rwflask.streaming.nodes import node_named
from tests.factories import LanguageFactory, ProjectFactory, SessionFactory, SpeakerFactory, square
from tests.support.audio import ffmpeg
from tests.support.processes import (CeleryWorker, ManagedProcess, api_server_command, flask_command, free_port,
                                     wait_for_port)
from tests.support.streams import (LAT, LON, NODE, SPEAKER_HALF_DEG, GRACE_SECONDS, TONES, connect_player, mount_of,
                                   wait_for)

@dataclass
class Stack:
    """The running stack and how to reach it."""

    env: dict
    api_port: int
    icecast_port: int
    node_port: int
    logs: Path
    processes: dict
    worker: CeleryWorker

    def media_url(self, name: str) -> str:
        """A media file as the API server serves it."""
        return f"http://127.0.0.1:{self.api_port}/rwmedia/{name}"

    def mount_url(self, mount: str) -> str:
        """An Icecast mount."""
        return f"http://127.0.0.1:{self.icecast_port}/{mount}"


@pytest.fixture(scope="package")
def stack(app, worker_env, tmp_path_factory):
    """Start the whole streaming side once for the package; stop it (and restore the app) after."""
    logs = tmp_path_factory.mktemp("stack")
    api_port, icecast_port, node_port = free_port(), free_port(), free_port()
    queue = f"rwflask-stream-{secrets.token_hex(4)}"
    settings = {"RENDER_NODES": f"{NODE}=127.0.0.1:{node_port}", "RENDER_NODE_SLOTS": 4, "RENDER_NODE_TRACKS": 2,
                "ICECAST_PORT": icecast_port, "INTERNAL_API_URL": f"http://127.0.0.1:{api_port}",
                "PUBLIC_URL": f"http://127.0.0.1:{api_port}", "STREAM_GRACE_SECONDS": GRACE_SECONDS,
                "SLOT_COOLDOWN_SECONDS": 5,
                "CELERY_STREAM_QUEUE": queue}
    env = {**worker_env, **{key: str(value) for key, value in settings.items()}, "CELERY_QUEUE": queue}
    saved = {key: app.config[key] for key in settings}
    app.config.update(settings)
    processes = {}
    stack = None
    try:
        processes["icecast"] = ManagedProcess(flask_command("icecast"), env, logs / "icecast.log")
        wait_for_port(icecast_port, timeout=30)
        processes["silence"] = ManagedProcess(flask_command("silence-feeder"), env, logs / "silence.log")
        processes["api"] = ManagedProcess(api_server_command(api_port), env, logs / "api.log")
        wait_for_port(api_port, timeout=30)
        processes["node"] = ManagedProcess(flask_command("render-node", NODE), env, logs / "node.log")
        with app.app_context():
            wait_for(lambda: node_named(NODE).client(timeout=1).ping(), 60, "the render node did not start")
            wait_for(lambda: "silence.mp3" in icecast.mounts(), 30, "the silence mount did not come up")
        stack = Stack(env, api_port, icecast_port, node_port, logs, processes,
                      CeleryWorker(env, logs / "worker.log", concurrency=2, beat_schedule=logs / "beat"))
        yield stack
    finally:
        if stack is not None:
            stack.worker.stop()  # the recovery tests replace the worker: stop the one running now
        for process in reversed(processes.values()):
            process.stop()
        app.config.update(saved)


@pytest.fixture(scope="package")
def tones(app, stack):
    """30 s pure tones at half scale, as MP3 in the media folder, by name."""
    with app.app_context():
        folder = media.media_root() / "tones"
    folder.mkdir(parents=True, exist_ok=True)
    names = {}
    for name, frequency in TONES.items():
        path = folder / f"{name}-{frequency}.mp3"
        seconds = 120 if name == "speaker" else 30
        ffmpeg("-f", "lavfi", "-i", f"aevalsrc=0.5*sin(2*PI*{frequency}*t):s=44100:d={seconds}", "-ac", "1",
               "-c:a", "libmp3lame", "-b:a", "96k", str(path))
        path.chmod(0o644)
        names[name] = f"tones/{path.name}"
    return names


@pytest.fixture
def tone_project(stack, tones):
    """A geo project: one audiotrack, a 220 Hz speaker square around (LAT, LON), and (in tests) tone assets."""
    english = LanguageFactory(language_code="en")
    project = ProjectFactory(latitude=LAT, longitude=LON, recording_radius=50, out_of_range_distance=5000,
                             repeat_mode="continuous", languages=[english])
    SpeakerFactory(project=project, shape=square(LAT, LON, SPEAKER_HALF_DEG), attenuation_distance=100,
                   minvolume=0.0, maxvolume=1.0, uri=stack.media_url(tones["speaker"]))
    return project


@pytest.fixture
def listen(app, stack):
    """Start a stream for a session and connect a player to it: `listen(session, client, lat, lon)`."""
    players = []

    def start(session, client, latitude, longitude, connect=True):
        response = client.post("/api/2/streams/", data={"session_id": session.id, "latitude": latitude,
                                                        "longitude": longitude})
        if response.status_code != 200:
            db.session.expire_all()
            held = [(s.session_id, s.node, s.slot) for s in db.session.scalars(
                db.select(ListenerState).where(ListenerState.active))]
            pong = node_named(NODE).client(timeout=1).ping()
            raise AssertionError(f"{response.json}; slots held: {held}; node answers ping: {pong}")
        if not connect:
            return None
        player = connect_player(mount_of(session.id, stack))
        players.append(player)
        return player

    yield start
    for player in players:
        player.close()
    for state in db.session.scalars(db.select(ListenerState).where(ListenerState.active)).all():
        lifecycle.stop(state.session_id)


@pytest.fixture
def listener_session(participant, english):
    """Build a geo-listening session of the participant on a project."""
    return lambda project: SessionFactory(user=participant.user, project=project, language=english,
                                          geo_listen_enabled=True)
