"""Render slots change hands: more listening sessions than slots, each listening in turn, all get their
audio; a slot's next user never hears its previous user's asset. Judged by listening."""
import time

from rwflask.extensions import db
from rwflask.models import ListenerState, ListenEvent
from rwflask.services.streams import stream_key
from rwflask.streaming import lifecycle
from tests.factories import ListenerStateFactory, on_slot
from tests.support.streams import A, C, NODE, add_track, connect_player, first_heard_after, heard, tone_asset

SLOTS = 4  # the stack's RENDER_NODE_SLOTS
SLOT_FREED_WITHIN = 60  # the stack's 8 s grace, the reaper every 10 s, a loaded machine


def request_stream(client, session, place):
    return client.post("/api/2/streams/", data={"session_id": session.id, "latitude": place[0],
                                                "longitude": place[1]})


def stop_all():
    db.session.expire_all()
    for state in db.session.scalars(db.select(ListenerState).where(ListenerState.active)).all():
        lifecycle.stop(state.session_id)


def hears_tone_a(answer) -> object:
    """Connect a player to the stream `POST streams/` handed out and wait until tone a sounds; the player."""
    assert answer.status_code == 200, answer.json
    player = connect_player(answer.json["stream_url"])
    assert first_heard_after(player, "a", time.time(), 10) is not None
    return player


def test_more_sessions_than_slots_each_listening_in_turn_all_hear_their_audio(
        participant, tone_project, tones, listener_session, stack):
    add_track(tone_project)
    tone = tone_asset(tone_project, tones, "a", A)
    sessions = [listener_session(tone_project) for _ in range(SLOTS + 2)]
    first, waiting = sessions[:SLOTS], sessions[SLOTS:]
    players = []
    try:
        players = [hears_tone_a(request_stream(participant, session, A)) for session in first]
        for session in waiting:
            answer = request_stream(participant, session, A)
            assert answer.status_code == 503 and int(answer.headers["Retry-After"]) > 0 and "detail" in answer.json
            playlist = participant.get(f"/api/2/streams/{session.id}/playlist/")
            assert playlist.status_code == 200 and playlist.json["asset_ids"] == [tone.id]
        for session in waiting:
            players.pop(0).close()  # an earlier listener leaves: its slot is freed after the grace
            deadline = time.time() + SLOT_FREED_WITHIN
            while (answer := request_stream(participant, session, A)).status_code == 503:
                assert time.time() < deadline, "the slot of a listener who left was never freed"
                time.sleep(2)
            players.append(hears_tone_a(answer))
        db.session.expire_all()
        played = {e.session_id for e in db.session.scalars(db.select(ListenEvent).where(ListenEvent.asset_id == tone.id))}
        assert played >= {s.id for s in sessions}
    finally:
        for player in players:
            player.close()
        stop_all()


def occupy_other_free_slots(slot: int) -> None:
    """Hold every free slot of the node but `slot` (streams without players), so the next stream must
    take `slot`."""
    db.session.expire_all()
    taken = set(db.session.scalars(db.select(ListenerState.slot).where(ListenerState.node == NODE)))
    for other in set(range(SLOTS)) - taken - {slot}:
        on_slot(ListenerStateFactory(), NODE, other)


def test_a_reused_slot_rests_then_never_plays_its_previous_users_asset(participant, tone_project, tones,
                                                                     listener_session, stack):
    add_track(tone_project)
    tone_asset(tone_project, tones, "a", A)
    tone_asset(tone_project, tones, "c", C)
    first, second = listener_session(tone_project), listener_session(tone_project)
    base = f"http://127.0.0.1:{stack.api_port}"
    try:
        assert request_stream(participant, first, A).status_code == 200
        player = connect_player(f"{base}/stream{first.id}.mp3?key={stream_key(first.id)}")
        assert first_heard_after(player, "a", time.time(), 10) is not None
        slot = db.session.get(ListenerState, first.id).slot
        player.close()
        lifecycle.stop(first.id)  # as the reaper does once the grace is over
        occupy_other_free_slots(slot)
        answer = request_stream(participant, second, C)
        assert answer.status_code == 503 and "Retry-After" in answer.headers  # the freed slot rests first
        deadline = time.time() + SLOT_FREED_WITHIN
        while (answer := request_stream(participant, second, C)).status_code == 503:
            assert time.time() < deadline, "the rested slot was never handed out again"
            time.sleep(0.5)
        assert answer.status_code == 200, answer.json
        db.session.expire_all()
        assert db.session.get(ListenerState, second.id).slot == slot
        started = time.time()
        player = connect_player(f"{base}/stream{second.id}.mp3?key={stream_key(second.id)}")
        try:
            assert first_heard_after(player, "c", started, 10) is not None
            assert not heard(player, "a", started, started + 6)
        finally:
            player.close()
    finally:
        stop_all()
