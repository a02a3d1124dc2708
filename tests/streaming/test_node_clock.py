"""A render node keeps time on its own clock: after a stall (the process paused 2 s), fades and dead
air keep their lengths in the stream the listener hears."""
import os
import signal
import time
from pathlib import Path

import numpy as np

from tests.support.listening import STREAM_BYTES_PER_SECOND, WINDOW_S, heard_windows, levels, runs
from tests.support.streams import A, TONES, add_track, node_pid, tone_asset

STALL_SECONDS = 2.0


def stall_node(instance_path: str, seconds: float = STALL_SECONDS) -> None:
    """Pause the render node's process, as an overloaded machine would, then let it go on."""
    pid = node_pid(instance_path)
    parent = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    os.kill(pid, signal.SIGSTOP)
    try:
        time.sleep(seconds)
    finally:
        os.kill(pid, signal.SIGCONT)
        # runuser, which runs the node as its user, stops itself when its child stops (shell job
        # control) and stays stopped until continued: it must reap the node if the node dies later.
        os.kill(parent, signal.SIGCONT)


def wait_for_stream(player, condition, timeout: float = 40.0):
    """Decode what the player received until `condition(flags)` gives an answer (tone windows of a)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        answer = condition(heard_windows(player.samples(), TONES["a"]))
        if answer is not None:
            return answer
        time.sleep(0.2)
    raise TimeoutError("the stream never showed what the test waits for")


def wait_until_position(player, seconds: float, timeout: float = 20.0) -> None:
    """Block until the player has received the stream up to `seconds` (a constant bitrate tells)."""
    deadline = time.time() + timeout
    while len(player.data) < seconds * STREAM_BYTES_PER_SECOND:
        assert time.time() < deadline, "the stream stopped"
        time.sleep(0.02)


def silence_after_a_play(flags):
    """The stream position (s) where a play ended, once 0.5 s of the dead air after it has arrived."""
    plays = runs(flags)
    if plays and plays[0][1] + 0.5 <= len(flags) * WINDOW_S and not any(flags[int(plays[0][1] / WINDOW_S):]):
        return plays[0][1]
    return None


def first_onset(flags):
    """The stream position (s) where the tone first sounds."""
    return next((i * WINDOW_S for i, flag in enumerate(flags) if flag), None)


def test_dead_air_keeps_its_length_through_a_stall(participant, tone_project, tones, listen, listener_session,
                                                  worker_env):
    add_track(tone_project, minduration=3.0, maxduration=3.0, mindeadair=4.0, maxdeadair=4.0,
              minfadeintime=0.05, maxfadeintime=0.05, minfadeouttime=0.05, maxfadeouttime=0.05)
    for _ in range(4):
        tone_asset(tone_project, tones, "a", A)
    player = listen(listener_session(tone_project), participant, *A)
    ended = wait_for_stream(player, silence_after_a_play)
    # The stall covers the end of the dead air: a wall clock would end it as soon as the node catches up.
    wait_until_position(player, ended + 2.5)
    stall_node(worker_env["RW_INSTANCE_PATH"])
    plays = wait_for_stream(player, lambda flags: runs(flags) if len(runs(flags)) >= 3 else None)
    gap = next(later[0] - earlier[1] for earlier, later in zip(plays, plays[1:]) if earlier[1] == ended)
    assert 3.5 <= gap <= 4.75, plays


def test_a_fade_keeps_its_length_through_a_stall(participant, tone_project, tones, listen, listener_session,
                                                 worker_env):
    add_track(tone_project, minduration=10.0, maxduration=10.0, minfadeintime=4.0, maxfadeintime=4.0,
              mindeadair=1.0, maxdeadair=1.0)
    tone_asset(tone_project, tones, "a", A)
    player = listen(listener_session(tone_project), participant, *A)
    onset = wait_for_stream(player, first_onset)
    time.sleep(0.8)
    stall_node(worker_env["RW_INSTANCE_PATH"])
    player.wait_until_heard(time.time() + 6)
    loudness = np.array([level[TONES["a"]] for level in levels(player.samples(), [TONES["a"]])])
    start = int(onset / WINDOW_S)
    full = loudness[start:start + int(8 / WINDOW_S)].max()
    # A slot can sound its previous user's item for a fraction of a second before this one starts (seen
    # in about one run of three; reported in issue 9's note): the fade starts at the quietest window
    # of the first two seconds, which is the onset itself when nothing came before.
    base = start + int(np.argmin(loudness[start:start + int(2 / WINDOW_S)]))
    rise = int(np.argmax(loudness[base:] >= 0.9 * full)) * WINDOW_S
    assert 3.0 <= rise <= 4.5, loudness[start:start + 24].round(3).tolist()
