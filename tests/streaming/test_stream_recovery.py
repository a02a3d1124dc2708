"""Streams survive what goes wrong around them: a render node killed, a worker killed, Redis
restarted, a stream torn down and asked for again; and requested plays reach the listener."""
import os
import signal
import time

from rwflask.extensions import db
from rwflask.models import ListenerState, ListenEvent
from rwflask.streaming import icecast
from rwflask.streaming.nodes import node_named
from rwflask.services.streams import stream_key
from tests.support.processes import CeleryWorker
from tests.support.streams import (A, C, NODE, add_track, connect_player, first_heard_after, heard, mount_of,
                                   node_pid, tone_asset)


def plays_of(session) -> int:
    """How many listen events the session has."""
    db.session.expire_all()
    return db.session.scalar(db.select(db.func.count()).select_from(ListenEvent)
                             .where(ListenEvent.session_id == session.id))


def short_plays(project, tones, count=8):
    """An audiotrack of 3 s plays with 0.5 s dead air, and `count` tone-a assets at A."""
    add_track(project, minduration=3.0, maxduration=3.0, mindeadair=0.5, maxdeadair=0.5)
    for _ in range(count):
        tone_asset(project, tones, "a", A)


def test_killed_render_node_comes_back_within_ten_seconds_with_its_listener_connected(
        participant, tone_project, tones, listen, listener_session, worker_env):
    add_track(tone_project)
    for _ in range(3):
        tone_asset(tone_project, tones, "a", A)
    session = listener_session(tone_project)
    player = listen(session, participant, *A)
    assert heard(player, "a", time.time(), time.time() + 4)
    mount = node_named(NODE).mount(db.session.get(ListenerState, session.id).slot)
    pid = node_pid(worker_env["RW_INSTANCE_PATH"])
    killed = time.time()
    os.kill(pid, signal.SIGKILL)
    while mount in icecast.mounts() and time.time() - killed < 5:
        time.sleep(0.1)
    while mount not in icecast.mounts() and time.time() - killed < 15:
        time.sleep(0.2)
    back_after = time.time() - killed
    assert back_after <= 10.0
    assert first_heard_after(player, "a", killed + 1, 12) is not None
    assert player.connected


def test_killed_worker_loses_no_stream(participant, tone_project, tones, listen, listener_session, stack):
    short_plays(tone_project, tones)
    session = listener_session(tone_project)
    player = listen(session, participant, *A)
    player.wait_until_heard(time.time() + 4)
    stack.worker.kill()
    stack.worker = CeleryWorker(stack.env, stack.logs / "worker.log", concurrency=2,
                                beat_schedule=stack.logs / "beat")
    before = plays_of(session)
    restarted = time.time()
    assert heard(player, "a", restarted + 6, restarted + 10)
    assert plays_of(session) >= before + 2


def test_redis_restart_loses_no_stream(participant, tone_project, tones, listen, listener_session, redis_server):
    short_plays(tone_project, tones, count=12)
    session = listener_session(tone_project)
    player = listen(session, participant, *A)
    player.wait_until_heard(time.time() + 4)
    redis_server.halt()
    try:
        before = plays_of(session)
        stopped = time.time()
        assert heard(player, "a", stopped + 5, stopped + 10)
        assert plays_of(session) >= before + 2
    finally:
        redis_server.start()
    after_restart = plays_of(session)
    restarted = time.time()
    assert heard(player, "a", restarted + 4, restarted + 8)
    assert plays_of(session) > after_restart


def test_asking_again_recreates_a_killed_stream(participant, staff, tone_project, tones, listen, listener_session,
                                               stack):
    add_track(tone_project)
    for _ in range(2):
        tone_asset(tone_project, tones, "a", A)
    session = listener_session(tone_project)
    listen(session, participant, *A, connect=False)
    mount_of(session.id, stack)
    assert staff.post(f"/api/2/streams/{session.id}/kill/").json == {"stream_id": session.id, "success": True}
    db.session.expire_all()
    assert not db.session.get(ListenerState, session.id).active
    response = participant.get(f"/stream{session.id}.mp3?key={stream_key(session.id)}")
    assert response.status_code == 307
    mount_of(session.id, stack)  # live again
    player = connect_player(response.headers["Location"])
    try:
        assert first_heard_after(player, "a", time.time(), 6) is not None
    finally:
        player.close()


def test_playasset_plays_the_requested_asset_even_out_of_range(participant, tone_project, tones, listen,
                                                               listener_session):
    add_track(tone_project)
    tone_asset(tone_project, tones, "a", A)
    far = tone_asset(tone_project, tones, "c", C)
    session = listener_session(tone_project)
    player = listen(session, participant, *A)
    assert heard(player, "a", time.time(), time.time() + 4)
    asked = time.time()
    response = participant.post(f"/api/2/streams/{session.id}/playasset/", json={"asset_id": far.id})
    assert response.json == {"success": True}
    assert first_heard_after(player, "c", asked, 6) is not None
