"""Live streams on the real stack, judged by listening: which tones a connected player hears, when."""
import time

from rwflask import geo
from rwflask.extensions import db
from rwflask.models import ListenerState, ListenEvent
from tests.support.listening import HEARD, heard_windows, loudness, runs
from tests.support.streams import (A, B, C, LAT, LON, SPEAKER_HALF_DEG, TONES, add_track, first_heard_after, heard,
                                   move, tone_asset)

def test_in_range_asset_is_heard_and_out_of_range_ones_never(participant, tone_project, tones, listen,
                                                           listener_session):
    add_track(tone_project)
    for name, place in (("a", A), ("b", B), ("c", C)):
        tone_asset(tone_project, tones, name, place)
    player = listen(listener_session(tone_project), participant, *A)
    start = time.time()
    player.wait_until_heard(start + 10)
    samples = player.heard_between(start, start + 10)
    assert sum(heard_windows(samples, TONES["a"])) >= 20
    assert not any(heard_windows(samples, TONES["b"]))
    assert not any(heard_windows(samples, TONES["c"]))


def test_moving_into_another_assets_range_brings_its_tone_within_seconds(participant, tone_project, tones, listen,
                                                                         listener_session):
    add_track(tone_project)
    tone_asset(tone_project, tones, "a", A)
    tone_asset(tone_project, tones, "b", B)
    session = listener_session(tone_project)
    player = listen(session, participant, *A)
    assert heard(player, "a", time.time(), time.time() + 6)
    sent = move(participant, session, B)
    delay = first_heard_after(player, "b", sent, 8)
    assert delay is not None and delay <= 5.0
    assert not any(heard_windows(player.heard_between(sent + 5, sent + 8), TONES["a"]))


def test_speaker_tone_grows_as_the_listener_walks_inward(participant, tone_project, tones, listen,
                                                         listener_session):
    add_track(tone_project)
    session = listener_session(tone_project)
    edge = LON - SPEAKER_HALF_DEG
    outside, near_edge, deep = (LAT, edge - 0.002), (LAT, edge + 0.0005), (LAT, LON)
    assert 30 < geo.distance_m(LAT, edge, *near_edge) < 60  # 100 m attenuation: a partial volume there
    player = listen(session, participant, *outside)
    levels = []
    for place in (outside, near_edge, deep):
        sent = move(participant, session, place)
        player.wait_until_heard(sent + 8)
        levels.append(loudness(player.heard_between(sent + 5, sent + 8), TONES["speaker"]))
    quiet, middle, loud = levels
    assert quiet < HEARD
    assert loud > 0.15
    assert 0.2 * loud < middle < 0.8 * loud


def test_gaps_between_plays_respect_dead_air(participant, tone_project, tones, listen, listener_session):
    add_track(tone_project, minduration=2.0, maxduration=2.0, mindeadair=2.0, maxdeadair=3.0,
              minfadeintime=0.05, maxfadeintime=0.05, minfadeouttime=0.05, maxfadeouttime=0.05)
    for _ in range(6):
        tone_asset(tone_project, tones, "a", A)
    player = listen(listener_session(tone_project), participant, *A)
    start = time.time()
    player.wait_until_heard(start + 22)
    plays = runs(heard_windows(player.heard_between(start, start + 22), TONES["a"]))
    complete = plays[1:-1] if len(plays) > 2 else plays
    gaps = [later[0] - earlier[1] for earlier, later in zip(plays, plays[1:])]
    assert len(gaps) >= 3
    assert all(1.5 <= gap <= 3.75 for gap in gaps), gaps
    assert all(1.5 <= end - begin <= 2.5 for begin, end in complete), plays


def test_each_play_is_logged_as_a_listen_event_with_its_real_duration(participant, tone_project, tones, listen,
                                                                      listener_session):
    add_track(tone_project, minduration=3.0, maxduration=3.0, mindeadair=0.5, maxdeadair=0.5)
    assets = {tone_asset(tone_project, tones, "a", A).id for _ in range(4)}
    session = listener_session(tone_project)
    player = listen(session, participant, *A)
    player.wait_until_heard(time.time() + 9)
    db.session.expire_all()
    events = db.session.scalars(db.select(ListenEvent).where(ListenEvent.session_id == session.id)).all()
    assert len(events) >= 2
    assert {event.asset_id for event in events} <= assets
    assert all(abs(event.duration - 3.0) < 0.05 for event in events[:-1])


def test_pause_stops_new_assets_and_resume_brings_them_back(participant, tone_project, tones, listen,
                                                            listener_session):
    add_track(tone_project)
    tone_asset(tone_project, tones, "a", A)
    tone_asset(tone_project, tones, "a", A)
    session = listener_session(tone_project)
    player = listen(session, participant, *A)
    assert heard(player, "a", time.time(), time.time() + 5)
    paused = time.time()
    assert participant.post(f"/api/2/streams/{session.id}/pause/").json == {"success": True}
    assert not heard(player, "a", paused + 3, paused + 10)
    resumed = time.time()
    assert participant.post(f"/api/2/streams/{session.id}/resume/").json == {"success": True}
    assert first_heard_after(player, "a", resumed, 6) is not None


def test_skip_fades_the_playing_asset_and_the_next_one_follows(participant, tone_project, tones, listen,
                                                              listener_session):
    add_track(tone_project)
    tone_asset(tone_project, tones, "a", A)
    tone_asset(tone_project, tones, "c", A)
    session = listener_session(tone_project)
    player = listen(session, participant, *A)
    player.wait_until_heard(time.time() + 5)
    recent = player.heard_between(time.time() - 2, time.time())
    playing = "a" if any(heard_windows(recent, TONES["a"])) else "c"
    other = "c" if playing == "a" else "a"
    skipped = time.time()
    assert participant.post(f"/api/2/streams/{session.id}/skipasset/").json == {"success": True}
    assert first_heard_after(player, other, skipped, 6) is not None
    assert not heard(player, playing, skipped + 4, skipped + 8)


def test_streams_without_listener_or_heartbeat_are_reaped(participant, tone_project, tones, listen,
                                                          listener_session):
    add_track(tone_project)
    tone_asset(tone_project, tones, "a", A)
    idle, kept = listener_session(tone_project), listener_session(tone_project)
    listen(idle, participant, *A, connect=False)
    listen(kept, participant, *A, connect=False)
    deadline = time.time() + 60  # idle 8 s, the 25 s listener grace a start gives, reaping every 10 s
    while time.time() < deadline:
        assert participant.post(f"/api/2/streams/{kept.id}/heartbeat/").status_code == 200
        db.session.expire_all()
        if not db.session.get(ListenerState, idle.id).active:
            break
        time.sleep(2)
    assert not db.session.get(ListenerState, idle.id).active
    assert db.session.get(ListenerState, kept.id).active
    assert db.session.get(ListenerState, idle.id).slot is None
    assert participant.get(f"/api/2/streams/{idle.id}/isactive/").json["active"] is False
