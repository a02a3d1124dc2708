"""Driving a listener's live stream on its render node: what each audiotrack plays next, speaker
volumes, skips, pauses and requested plays. Run by Celery tasks; Liquidsoap does the timing.

Each audiotrack keeps at most one item queued ahead (dead air, then the next asset): it is
pushed when the previous asset starts (the node's callback), and replaced if the listener moves
or changes tags before it starts, so the next asset always fits where the listener is.
"""
import json
import logging
import random
import time

from flask import current_app
from sqlalchemy import select, update

from rwflask.extensions import db
from rwflask.models import Asset, Audiotrack, ListenerState, ListenEvent, Session
from rwflask.models.base import utcnow
from rwflask.services import events, listeners, media, playlist, playlist_data, stream_slots
from rwflask.services.play_plan import plan_play
from rwflask.services.speaker_mix import speaker_uri, speaker_volume
from rwflask.streaming.nodes import RenderNode, node_named
from rwflask.streaming.telnet import NodeUnavailable, annotate

log = logging.getLogger(__name__)
SKIP_FADE_SECONDS = 1.0


# --- state ------------------------------------------------------------------------------------

def _tracks(state: ListenerState) -> list[dict]:
    return json.loads(state.tracks or "[]")


def _save_tracks(state: ListenerState, tracks: list[dict]) -> None:
    state.tracks = json.dumps(tracks)


def audiotracks(project_id: int, node: RenderNode) -> list[Audiotrack]:
    """The project's audiotracks the node can render (its first `tracks`, by id)."""
    return db.session.scalars(select(Audiotrack).where(Audiotrack.project_id == project_id)
                              .order_by(Audiotrack.id).limit(node.tracks)).all()


def locked_state(session_id: int) -> ListenerState | None:
    """The session's listener state, its row locked until the next commit.

    Callbacks, moves and commands for one stream may run at once on several workers; each reads
    and rewrites the stream's track record, so they take turns. Writing first takes the lock on
    PostgreSQL (row) and SQLite (database) alike, and the read that follows sees the latest state.
    """
    db.session.commit()
    db.session.execute(update(ListenerState).where(ListenerState.session_id == session_id)
                       .values(slot=ListenerState.slot))
    return db.session.get(ListenerState, session_id, populate_existing=True)


def _node(state: ListenerState) -> RenderNode | None:
    return node_named(state.node) if state.node else None


# --- media the node reads -------------------------------------------------------------------------

def media_uri(name: str) -> str:
    """How a node reads a media file: a local path, or an URL when nodes run elsewhere."""
    config = current_app.config
    if config["RENDER_NODE_MEDIA"] == "http":
        return config["PUBLIC_URL"] + config["MEDIA_URL"] + name
    return str(media.media_root() / name)


# --- what to play -----------------------------------------------------------------------------------

def _current_playlist(state: ListenerState, session: Session) -> tuple[playlist.Playlist, playlist.ProjectRules]:
    rules, index = playlist_data.project_data(session.project_id)
    listener = listeners.to_listener(state, session)
    now = time.time()
    rng = random.Random(f"{session.id}:{state.version}:{now}")
    result = playlist.build_playlist(listener, rules, index, now, current_app.config["PLAYLIST_BAN_SECONDS"], rng)
    if not result.asset_ids and rules.repeat_mode == "continuous" and listener.proximity_banned:
        # Continuous projects forgive proximity bans once nothing is left (time bans stay).
        state.proximity_banned = "[]"
        result = playlist.build_playlist(listeners.to_listener(state, session), rules, index, now,
                                         current_app.config["PLAYLIST_BAN_SECONDS"], rng)
    state.proximity_banned = json.dumps(sorted(result.proximity_banned))
    return result, rules


def _item(plan, asset: Asset, session_id: int, reason: str) -> str:
    """The queue item of one play: the excerpt, fades, gain and pan drift as metadata."""
    return annotate(
        media_uri(asset.filename), rw_session=session_id, rw_asset=asset.id, rw_reason=reason,
        liq_cue_in=f"{plan.offset:.3f}", liq_cue_out=f"{plan.offset + plan.duration:.3f}",
        liq_fade_in=f"{plan.fade_in:.3f}", liq_fade_out=f"{plan.fade_out:.3f}", rw_gain=f"{plan.gain:.4f}",
        rw_gap=f"{plan.dead_air:.3f}",
        rw_pan_min=f"{plan.pan_min:.3f}", rw_pan_max=f"{plan.pan_max:.3f}",
        rw_pan_dmin=f"{plan.pan_duration_min:.3f}", rw_pan_dmax=f"{plan.pan_duration_max:.3f}")


def _plan_next(state: ListenerState, session: Session, track_index: int, audiotrack: Audiotrack,
               current: playlist.Playlist, forced_asset: int | None = None):
    """(item to queue, queued-asset record) for a track; (None, None) when nothing fits."""
    tracks = _tracks(state)
    busy = {t.get("playing") for t in tracks} | {t["queued"]["asset"] for t in tracks if t.get("queued")}
    if forced_asset is not None:
        asset_id, reason = forced_asset, "requested"
    else:
        asset_id = next((a for a in current.asset_ids if a not in busy), None)
        reason = current.reasons.get(asset_id)
    if asset_id is None:
        return None, None
    asset = db.session.get(Asset, asset_id)
    if asset is None or not asset.filename:
        return None, None
    rng = random.Random()
    plan = plan_play(audiotrack, asset.start_time or 0.0, asset.end_time or asset.audio_length or 0.0, asset.volume,
                     rng)
    return _item(plan, asset, session.id, reason), {"asset": asset_id, "reason": reason, "pushed": time.time()}


def fill_track(state: ListenerState, session: Session, track_index: int, current=None, replace: bool = False,
               forced_asset: int | None = None) -> int | None:
    """Queue the next asset on a track (replacing what is queued when asked); the asset id.

    Each item carries the dead air that follows it (`rw_gap`): the node keeps the track silent
    that long after the item, which costs no audio to render.
    """
    node = _node(state)
    if node is None or (state.paused and forced_asset is None):
        return None
    tracks = _tracks(state)
    track_list = audiotracks(session.project_id, node)
    if track_index >= len(track_list):
        return None
    if current is None:
        current, _ = _current_playlist(state, session)
    item, queued = _plan_next(state, session, track_index, track_list[track_index], current, forced_asset)
    queue = f"s{state.slot}_t{track_index}"
    if replace or forced_asset is not None:
        node.client().run(f"{queue}.replace {item or ''}")
    elif item:
        node.client().run(f"{queue}.push {item}")
    tracks[track_index]["queued"] = queued
    _save_tracks(state, tracks)
    return queued["asset"] if queued else None


# --- speakers ---------------------------------------------------------------------------------------

def apply_speakers(state: ListenerState, session: Session, node: RenderNode) -> None:
    """Give each of the project's speakers its feed on the node, and this slot its volume."""
    commands, volumes = [], {}
    for speaker in stream_slots.project_speakers(session.project_id):
        feed, new = stream_slots.feed_for(node, speaker_uri(speaker))
        if feed is None:
            continue
        if new:
            commands.append(f"feed{feed}.url {speaker_uri(speaker)}")
        volume = speaker_volume(speaker, state.latitude, state.longitude, session.geo_listen_enabled)
        volumes[feed] = max(volumes.get(feed, 0.0), volume)
    for feed in range(node.feeds):
        commands.append(f"var.set s{state.slot}_f{feed}={volumes.get(feed, 0.0):.4f}")
    node.client().run(*commands)


# --- lifecycle ---------------------------------------------------------------------------------------

def activate(session_id: int) -> ListenerState:
    """Give the session's listener state a render slot (the node is told by `start`)."""
    state = listeners.state_for(session_id)
    node, slot = stream_slots.take_slot(session_id)
    state.node, state.slot, state.active, state.paused = node.name, slot, True, False
    state.last_activity = utcnow()
    state.listener_seen_at = None
    _save_tracks(state, [{"playing": None, "queued": None} for _ in range(node.tracks)])
    db.session.commit()
    return state


def start(session_id: int) -> bool:
    """Switch the session's slot on and fill it: speakers and one item per audiotrack."""
    live = live_stream(session_id)
    if live is None:
        return False
    state, session, node = live
    _save_tracks(state, [{"playing": None, "queued": None} for _ in range(node.tracks)])
    # Its listener gets the reaper's grace from now: after a node restart Icecast moves listeners
    # back from the fallback mount only once the mount is live again.
    state.listener_seen_at = utcnow()
    # A slot keeps its last user's dead-air gate and items until cleared.
    commands = [f"s{state.slot}_t{k}.clear" for k in range(node.tracks)]
    node.client().run(*commands, f"var.set s{state.slot}_on=true")
    apply_speakers(state, session, node)
    current, _ = _current_playlist(state, session)
    for k in range(len(audiotracks(session.project_id, node))):
        fill_track(state, session, k, current)
    db.session.commit()
    return True


def stop(session_id: int, event_type: str = "cleanup_session") -> bool:
    """Tear the stream down: slot off and emptied, feeds nobody needs released, the slot freed."""
    state = locked_state(session_id)
    if state is None or not state.active:
        return False
    node = _node(state)
    if node is not None:
        commands = [f"var.set s{state.slot}_on=false"]
        for k in range(node.tracks):
            commands.append(f"s{state.slot}_t{k}.clear")
        commands += [f"var.set s{state.slot}_f{feed}=0." for feed in range(node.feeds)]
        try:
            node.client().run(*commands)
        except NodeUnavailable:
            log.warning("node %s unreachable while stopping session %s", node.name, session_id)
    _close_playing(state)
    state.active, state.node, state.slot = False, None, None
    stream_slots.free_slot(session_id)
    events.log(session_id, event_type)
    db.session.flush()
    if node is not None:
        for feed in stream_slots.unused_feeds(node):
            try:
                node.client().run(f"feed{feed.feed}.url ")
            except NodeUnavailable:
                pass
            db.session.delete(feed)
    db.session.commit()
    return True


def _close_playing(state: ListenerState) -> None:
    """Cut the recorded duration of whatever is playing to what was actually heard."""
    now = time.time()
    for track in _tracks(state):
        if track.get("event"):
            event = db.session.get(ListenEvent, track["event"])
            if event is not None and track.get("started"):
                event.duration = max(0.0, min(event.duration or 0.0, now - track["started"]))


# --- callbacks and commands ----------------------------------------------------------------------------

def played(session_id: int, track_index: int, asset_id: int, cue_in: float, cue_out: float) -> None:
    """A node started an asset: record the play, ban the asset, queue the next one."""
    state = locked_state(session_id)
    if state is None or not state.active:
        return
    session = db.session.get(Session, session_id)
    tracks = _tracks(state)
    if track_index >= len(tracks):
        return
    queued = tracks[track_index].get("queued") or {}
    now = time.time()
    event = ListenEvent(session_id=session_id, asset_id=asset_id, starttime=utcnow(),
                        duration=max(0.0, cue_out - cue_in))
    db.session.add(event)
    db.session.flush()
    tracks[track_index] = {"playing": asset_id, "queued": None, "event": event.id, "started": now}
    played_at = json.loads(state.played_at or "{}")
    played_at[str(asset_id)] = now
    state.played_at = json.dumps(played_at)
    if session.geo_listen_enabled and queued.get("reason") not in ("timed", "requested", "global"):
        banned = set(json.loads(state.proximity_banned or "[]")) | {asset_id}
        state.proximity_banned = json.dumps(sorted(banned))
    _save_tracks(state, tracks)
    fill_track(state, session, track_index)
    db.session.commit()


def fade_out_playing(state: ListenerState, session: Session, track_indexes=None) -> None:
    """Fade the playing assets out (the track then moves to its queued item)."""
    node = _node(state)
    track_list = audiotracks(session.project_id, node)
    commands = []
    for k, audiotrack in enumerate(track_list):
        if track_indexes is not None and k not in track_indexes:
            continue
        seconds = random.uniform(audiotrack.minfadeouttime, audiotrack.maxfadeouttime) or SKIP_FADE_SECONDS
        commands.append(f"s{state.slot}_t{k}.fadeout {seconds:.3f}")
    if commands:
        node.client().run(*commands)
    _close_playing(state)


def refresh(session_id: int) -> None:
    """After a move or a tag change: new playlist, speaker volumes, and queued or playing assets
    that no longer fit are replaced (playing ones fade out where the audiotrack asks for it)."""
    state = locked_state(session_id)
    if state is None:
        return
    listeners.recompute(session_id, commit=False)
    if not state.active:
        db.session.commit()
        return
    session = db.session.get(Session, session_id)
    node = _node(state)
    if node is None:
        return _drop_orphan(session_id)
    apply_speakers(state, session, node)
    current, _ = _current_playlist(state, session)
    fits = set(current.asset_ids)
    track_list = audiotracks(session.project_id, node)
    for k, audiotrack in enumerate(track_list):
        track = _tracks(state)[k]
        if state.paused:
            continue
        if track.get("playing") and track["playing"] not in fits and audiotrack.fadeout_when_filtered:
            fade_out_playing(state, session, [k])
        if not track.get("queued") or track["queued"]["asset"] not in fits:
            fill_track(state, session, k, current, replace=True)
    db.session.commit()


def command(session_id: int, name: str, asset_id: int | None = None) -> bool:
    """skip, pause, resume or play (an asset) on a live stream."""
    live = live_stream(session_id)
    if live is None:
        return False
    state, session, node = live
    if name == "skip":
        fade_out_playing(state, session)
    elif name == "pause":
        state.paused = True
        node.client().run(*(f"s{state.slot}_t{k}.replace " for k in range(node.tracks)))
        _save_tracks(state, [{**t, "queued": None} for t in _tracks(state)])
        fade_out_playing(state, session)
    elif name == "resume":
        state.paused = False
        current, _ = _current_playlist(state, session)
        for k in range(len(audiotracks(session.project_id, node))):
            fill_track(state, session, k, current, replace=True)
    elif name == "play":
        fill_track(state, session, 0, forced_asset=asset_id)
        fade_out_playing(state, session, [0])
    db.session.commit()
    return True


def live_stream(session_id: int) -> tuple[ListenerState, Session, RenderNode] | None:
    """The locked state, session and node of a live stream; None if it is not live (a stream
    whose node left the configuration is torn down)."""
    state = locked_state(session_id)
    if state is None or not state.active:
        return None
    node = _node(state)
    if node is None:
        _drop_orphan(session_id)
        return None
    return state, db.session.get(Session, session_id), node


def _drop_orphan(session_id: int) -> None:
    """A stream left on a node that is no longer configured: tear it down (asking again restarts it)."""
    log.warning("session %s was on a render node that is no longer configured", session_id)
    stop(session_id)


def last_played_asset(session_id: int) -> int | None:
    """The asset of the session's latest listen event."""
    return db.session.scalar(select(ListenEvent.asset_id).where(ListenEvent.session_id == session_id)
                             .order_by(ListenEvent.id.desc()).limit(1))

