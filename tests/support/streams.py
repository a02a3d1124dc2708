"""Building blocks of the end-to-end stream tests: the tone project's places and tones, an
audiotrack, tone assets, and waiting for a mount, a tone or a render node."""
import os
import subprocess
import time
import urllib.error

from rwflask.extensions import db
from rwflask.models import ListenerState
from rwflask.streaming import icecast
from rwflask.streaming.nodes import node_named
from tests.factories import AssetFactory, AudiotrackFactory
from tests.support.listening import Player, heard_windows

LAT, LON = 42.0, -71.0
SPEAKER_HALF_DEG = 0.002  # speaker square around (LAT, LON): ~165 m to its east/west edges
TONES = {"a": 440, "b": 660, "c": 880, "speaker": 220}
GRACE_SECONDS = 8
NODE = "t1"
A = (LAT, LON + 0.01)  # ~830 m east of the speaker: tone a (440 Hz) is placed here
B = (LAT, LON + 0.02)  # tone b (660 Hz)
C = (LAT + 0.01, LON + 0.01)  # tone c (880 Hz), 1.1 km north of A


def wait_for(predicate, timeout: float, what: str, interval: float = 0.2):
    """The predicate's first truthy answer within the timeout."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        answer = predicate()
        if answer:
            return answer
        time.sleep(interval)
    raise TimeoutError(what)


def add_track(project, **overrides):
    """An audiotrack playing whole 30 s tones, centred, with short fades and dead air."""
    values = dict(minvolume=1.0, maxvolume=1.0, minduration=30.0, maxduration=30.0, mindeadair=0.3,
                  maxdeadair=0.5, minfadeintime=0.1, maxfadeintime=0.1, minfadeouttime=0.2, maxfadeouttime=0.2,
                  minpanpos=0.0, maxpanpos=0.0, fadeout_when_filtered=True)
    return AudiotrackFactory(project=project, **{**values, **overrides})


def tone_asset(project, tones, name, place, english_id=None, **kwargs):
    """A 30 s tone asset at a place."""
    return AssetFactory(project_id=project.id, language_id=english_id or project.languages[0].id,
                        latitude=place[0], longitude=place[1], filename=tones[name], audio_length=30.0,
                        start_time=0.0, end_time=29.9, processing_state="ready", **kwargs)


def connect_player(url: str, timeout: float = 10.0) -> Player:
    """A player on a mount (Icecast answers 404 for a moment while a previous source of the slot leaves)."""
    deadline = time.time() + timeout
    while True:
        try:
            return Player(url)
        except urllib.error.HTTPError:
            if time.time() > deadline:
                raise
            time.sleep(0.3)


def mount_of(session_id: int, stack) -> str:
    """The Icecast URL of a live session's mount, once its source is connected."""
    def live_mount():
        db.session.expire_all()
        state = db.session.get(ListenerState, session_id)
        if state is None or not state.active:
            return None
        mount = node_named(state.node).mount(state.slot)
        return mount if mount in icecast.mounts() else None
    # The mount the wait saw: asking again could catch the slot's previous source leaving.
    return stack.mount_url(wait_for(live_mount, 20, f"session {session_id}'s mount never went live"))


def heard(player, tone, start, end):
    """Whether the tone sounded at some point between two wall-clock times."""
    player.wait_until_heard(end)
    return any(heard_windows(player.heard_between(start, end), TONES[tone]))


def first_heard_after(player, tone, start, timeout):
    """Seconds after `start` at which the tone first sounds (None if not within `timeout`)."""
    player.wait_until_heard(start + timeout)
    flags = heard_windows(player.heard_between(start, start + timeout), TONES[tone])
    return next((i * 0.25 for i, flag in enumerate(flags) if flag), None)


def move(client, session, place):
    """PATCH the stream to a new place; the wall-clock time it was sent."""
    sent = time.time()
    response = client.patch(f"/api/2/streams/{session.id}/", json={"latitude": place[0], "longitude": place[1]})
    assert response.status_code == 200, response.json
    return sent


def node_pid(instance_path: str) -> int:
    """The pid of the test render node's Liquidsoap process."""
    script = os.path.join(instance_path, "streaming", f"{NODE}.liq")
    return int(subprocess.run(["pgrep", "-f", f"^liquidsoap {script}"], capture_output=True, text=True,
                              check=True).stdout.split()[0])
