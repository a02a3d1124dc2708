"""`skipasset/`, `skip/` and `playasset/` on a live stream, judged by listening: the playing asset fades
out within the audiotrack's longest fade-out + 1 s, and the next one starts after its dead air."""
import time

import pytest

from tests.support.listening import heard_windows, runs
from tests.support.streams import A, TONES, add_track, first_heard_after, tone_asset

MAX_FADE_OUT = 1.0
MAX_DEAD_AIR = 0.5
# From the node's output to the test's ears: Icecast's 1 s burst and the player's decoding.
PLAYER_LATENCY = 1.5


def playing_tone(player) -> str:
    """Which of tones a and c sounds now."""
    recent = player.heard_between(time.time() - 1.5, time.time())
    return "a" if any(heard_windows(recent, TONES["a"])) else "c"


def last_heard(player, tone, start, end) -> float | None:
    """Seconds after `start` at which the tone last sounded before `end` (None if never)."""
    player.wait_until_heard(end)
    spans = runs(heard_windows(player.heard_between(start, end), TONES[tone]))
    return spans[-1][1] if spans else None


@pytest.fixture
def two_tones_playing(participant, tone_project, tones, listen, listener_session):
    """A stream on one audiotrack (fade-out 0.5-1 s, dead air 0.3-0.5 s) playing tone a or c (30 s each)."""
    add_track(tone_project, minfadeouttime=0.5, maxfadeouttime=MAX_FADE_OUT, mindeadair=0.3,
              maxdeadair=MAX_DEAD_AIR)
    assets = {"a": tone_asset(tone_project, tones, "a", A), "c": tone_asset(tone_project, tones, "c", A)}
    session = listener_session(tone_project)
    player = listen(session, participant, *A)
    player.wait_until_heard(time.time() + 6)
    time.sleep(2)  # well inside the first asset, past its fade-in
    return session, player, assets


@pytest.mark.parametrize("command", ["skipasset", "skip"])
def test_skip_fades_out_the_playing_asset_within_its_longest_fade_out_and_a_second(participant, two_tones_playing,
                                                                                command):
    session, player, _ = two_tones_playing
    playing = playing_tone(player)
    sent = time.time()
    assert participant.post(f"/api/2/streams/{session.id}/{command}/").json == {"success": True}
    gone = last_heard(player, playing, sent, sent + 10)
    assert gone is not None and gone <= MAX_FADE_OUT + 1 + PLAYER_LATENCY, f"{playing} heard until +{gone} s"


def test_after_a_skip_the_next_asset_starts_after_its_dead_air(participant, two_tones_playing):
    session, player, _ = two_tones_playing
    playing = playing_tone(player)
    other = "c" if playing == "a" else "a"
    sent = time.time()
    participant.post(f"/api/2/streams/{session.id}/skipasset/")
    started = first_heard_after(player, other, sent, 10)
    assert started is not None and started <= MAX_FADE_OUT + 1 + MAX_DEAD_AIR + PLAYER_LATENCY


def test_playasset_fades_out_the_playing_asset_and_plays_the_requested_one(participant, two_tones_playing):
    session, player, assets = two_tones_playing
    playing = playing_tone(player)
    other = "c" if playing == "a" else "a"
    sent = time.time()
    response = participant.post(f"/api/2/streams/{session.id}/playasset/", json={"asset_id": assets[other].id})
    assert response.json == {"success": True}
    gone = last_heard(player, playing, sent, sent + 10)
    assert gone is not None and gone <= MAX_FADE_OUT + 1 + PLAYER_LATENCY
    started = first_heard_after(player, other, sent, 10)
    assert started is not None and started <= MAX_FADE_OUT + 1 + MAX_DEAD_AIR + PLAYER_LATENCY
