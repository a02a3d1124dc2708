"""What each audiotrack of a live stream plays: the next item after every play, moves and tag changes
that replace what no longer fits, skips, pauses and requested plays. Liquidsoap does the timing.

Each track keeps at most one item queued ahead on the node (the next asset, with the dead air
after it): pushed when the previous asset starts (the node's callback), and replaced when the
listener moves or changes tags before it starts, so the next asset always fits where they are.
Every change builds the listener's playlist once and reaches the node in one telnet round trip.
"""
import random
import time
from dataclasses import replace

from flask import current_app
from sqlalchemy import select

from rwflask.extensions import db
from rwflask.models import Asset, Audiotrack, ListenerState, ListenEvent, Session
from rwflask.models.base import utcnow
from rwflask.models.listener import QueuedItem, TrackState
from rwflask.playlist import engine, listener
from rwflask.playlist.play_plan import plan_play
from rwflask.services import media
from rwflask.streaming.speakers import speaker_commands
from rwflask.streaming import state as stream_state
from rwflask.streaming.state import LiveStream, close_listen_events, live_of, lock
from rwflask.streaming.telnet import annotate
from rwflask.tasks import STREAMS, task

SKIP_FADE_SECONDS = 1.0


def audiotracks(live: LiveStream) -> list[Audiotrack]:
    """The project's audiotracks the node renders (its first `tracks`, by id)."""
    return db.session.scalars(select(Audiotrack).where(Audiotrack.project_id == live.session.project_id)
                              .order_by(Audiotrack.id).limit(live.node.tracks)).all()


def media_uri(name: str) -> str:
    """How a node reads a media file: a local path, or a URL when nodes run elsewhere."""
    config = current_app.config
    if config["RENDER_NODE_MEDIA"] == "http":
        return media.media_base(config) + name
    return str(media.media_root() / name)


def rebuild_playlist(state: ListenerState, session: Session, blocked: set | None = None,
                     data: tuple | None = None) -> engine.Playlist:
    """The listener's playlist, built now and stored (what the stream picks from)."""
    return listener.rebuild(db.session, state, session, time.time(), current_app.config["PLAYLIST_BAN_SECONDS"],
                            blocked=blocked, data=data)


def _item(asset: Asset, audiotrack: Audiotrack, session_id: int, reason: str) -> str:
    """The queue item of one play: the excerpt, fades, gain, pan drift and dead air as metadata."""
    plan = plan_play(audiotrack, asset.start_time or 0.0, asset.end_time or asset.audio_length or 0.0,
                     asset.volume, random.Random())
    return annotate(
        media_uri(asset.filename), rw_session=session_id, rw_asset=asset.id, rw_reason=reason,
        liq_cue_in=f"{plan.offset:.3f}", liq_cue_out=f"{plan.offset + plan.duration:.3f}",
        liq_fade_in=f"{plan.fade_in:.3f}", liq_fade_out=f"{plan.fade_out:.3f}", rw_gain=f"{plan.gain:.4f}",
        rw_gap=f"{plan.dead_air:.3f}", rw_pan_min=f"{plan.pan_min:.3f}", rw_pan_max=f"{plan.pan_max:.3f}",
        rw_pan_dmin=f"{plan.pan_duration_min:.3f}", rw_pan_dmax=f"{plan.pan_duration_max:.3f}")


def queue_next(live: LiveStream, track_index: int, audiotrack: Audiotrack, playlist: engine.Playlist | None,
               *, replacing: bool, forced_asset: int | None = None) -> list[str]:
    """Choose a track's next item (the playlist's first asset no track already holds, or `forced_asset`),
    note it in the stream's state and return the command that queues it on the node: `push`, or
    `replace` the waiting item (with nothing when nothing fits)."""
    tracks = list(live.state.tracks)
    busy = {t.playing for t in tracks} | {t.queued.asset for k, t in enumerate(tracks) if t.queued and k != track_index}
    if forced_asset is not None:
        choice = (forced_asset, "requested")
    else:
        choice = engine.pick_next(playlist, busy) if playlist is not None else None
    item, queued = None, None
    asset = db.session.get(Asset, choice[0]) if choice else None
    if asset is not None and asset.filename and asset.processing_state == "ready":
        item = _item(asset, audiotrack, live.session.id, choice[1])
        queued = QueuedItem(asset=asset.id, reason=choice[1], pushed=time.time())
    tracks[track_index] = replace(tracks[track_index], queued=queued)
    live.state.tracks = tracks
    queue = live.queue(track_index)
    if replacing or forced_asset is not None:
        return [f"{queue}.replace {item or ''}"]
    return [f"{queue}.push {item}"] if item else []


def fade_out(live: LiveStream, track_list: list[Audiotrack], indexes) -> list[str]:
    """Commands that fade out what plays on some tracks (each track then moves to its waiting item);
    their listen events keep the length actually heard."""
    commands = []
    for k in indexes:
        audiotrack = track_list[k]
        seconds = random.uniform(audiotrack.minfadeouttime, audiotrack.maxfadeouttime) or SKIP_FADE_SECONDS
        commands.append(f"{live.queue(k)}.fadeout {seconds:.3f}")
    close_listen_events(live.state, indexes)
    return commands


@task(STREAMS, inline_fallback=True)
def played(session_id: int, track_index: int, asset_id: int, cue_in: float, cue_out: float) -> None:
    """A node started an asset: record the play and its bans, queue the track's next asset."""
    live = stream_state.live(session_id)
    if live is None or track_index >= len(live.state.tracks):
        db.session.commit()
        return
    state, now = live.state, time.time()
    queued = state.tracks[track_index].queued
    event = ListenEvent(session_id=session_id, asset_id=asset_id, starttime=utcnow(),
                        duration=max(0.0, cue_out - cue_in))
    db.session.add(event)
    db.session.flush()
    tracks = list(state.tracks)
    tracks[track_index] = TrackState(playing=asset_id, event=event.id, started=now)
    state.tracks = tracks
    listener.record_play(state, live.session, asset_id, queued.reason if queued else None, now)
    playlist = rebuild_playlist(live.state, live.session)
    track_list = audiotracks(live)
    if not state.paused and track_index < len(track_list):
        live.node.client().run(*queue_next(live, track_index, track_list[track_index], playlist, replacing=False))
    db.session.commit()


@task(STREAMS, inline_fallback=True)
def refresh(session_id: int) -> None:
    """After a move or a tag change: the playlist, speaker volumes, and queued or playing assets that
    no longer fit are replaced (playing ones fade out where the audiotrack asks for it)."""
    state = lock(session_id)
    if state is None:
        db.session.commit()
        return
    session = db.session.get(Session, session_id)
    live = live_of(state, session)
    if live is None:
        rebuild_playlist(state, session)
        db.session.commit()
        return
    commands = speaker_commands(live)
    if not state.paused:
        commands += follow_commands(live)
    else:
        rebuild_playlist(state, session)
    live.node.client().run(*commands)
    db.session.commit()


def follow_commands(live: LiveStream, track_list: list[Audiotrack] | None = None,
                    blocked: set | None = None, data: tuple | None = None) -> list[str]:
    """Rebuild a live stream's playlist; the commands that fade out playing assets it no longer holds
    (where the audiotrack asks for it) and replace queued items that are no longer its next ones.
    A batch passes the audiotracks, the user's blocked assets and the project's data it read for many
    streams at once."""
    playlist = rebuild_playlist(live.state, live.session, blocked, data)
    fits = set(playlist.asset_ids)
    commands = []
    track_list = audiotracks(live) if track_list is None else track_list[:live.node.tracks]
    for k, audiotrack in enumerate(track_list):
        track = live.state.tracks[k]
        if track.playing and track.playing not in fits and audiotrack.fadeout_when_filtered:
            commands += fade_out(live, track_list, [k])
        busy = {t.playing for t in live.state.tracks} | {
            t.queued.asset for j, t in enumerate(live.state.tracks) if t.queued and j != k}
        choice = engine.pick_next(playlist, busy)
        if (track.queued.asset if track.queued else None) != (choice[0] if choice else None):
            commands += queue_next(live, k, audiotrack, playlist, replacing=True)
    return commands


@task(STREAMS, inline_fallback=True)
def command(session_id: int, name: str, asset_id: int | None = None) -> bool:
    """skip, pause, resume or play (an asset) on a live stream; False when it is not live."""
    live = stream_state.live(session_id)
    if live is None:
        db.session.commit()
        return False
    state = live.state
    track_list = audiotracks(live)
    every_track = range(len(track_list))
    if name == "skip":
        commands = fade_out(live, track_list, every_track)
    elif name == "pause":
        state.paused = True
        commands = [f"{live.queue(k)}.replace " for k in range(live.node.tracks)]
        state.tracks = [replace(t, queued=None) for t in state.tracks]
        commands += fade_out(live, track_list, every_track)
    elif name == "resume":
        state.paused = False
        playlist = rebuild_playlist(live.state, live.session)
        commands = [c for k, audiotrack in enumerate(track_list)
                    for c in queue_next(live, k, audiotrack, playlist, replacing=True)]
    elif name == "play" and track_list:
        commands = queue_next(live, 0, track_list[0], None, replacing=True, forced_asset=asset_id)
        commands += fade_out(live, track_list, [0])
    else:
        commands = []
    if commands:
        live.node.client().run(*commands)
    db.session.commit()
    return True


def fill_stalled(live: LiveStream, track_indexes) -> int:
    """Queue the next asset on tracks whose push was lost (the reconciler); how many were filled."""
    track_list = audiotracks(live)
    indexes = [k for k in track_indexes if k < len(track_list)]
    if not indexes:
        return 0
    playlist = listener.current_playlist(live.state) or rebuild_playlist(live.state, live.session)
    commands = [c for k in indexes for c in queue_next(live, k, track_list[k], playlist, replacing=False)]
    if commands:
        live.node.client().run(*commands)
    return len(indexes)
