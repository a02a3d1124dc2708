"""How one asset is played on an audiotrack: Roundware's random ranges, as a pure function."""
import random
from dataclasses import dataclass

MIN_PLAY_SECONDS = 1.0


@dataclass(frozen=True)
class PlayPlan:
    """Dead air before the asset, the excerpt played, its fades, gain and pan drift (seconds, linear gain)."""

    dead_air: float
    offset: float
    duration: float
    fade_in: float
    fade_out: float
    gain: float
    pan_min: float
    pan_max: float
    pan_duration_min: float
    pan_duration_max: float


def plan_play(track, start_time: float, end_time: float, volume: float | None, rng: random.Random) -> PlayPlan:
    """Duration U[minduration, maxduration] (at least 1 s) capped to the asset's region, a random
    excerpt inside start_time..end_time, fades U[min, max] (halved when they would overlap), gain
    U[minvolume, maxvolume] times the asset's volume, dead air U[mindeadair, maxdeadair]."""
    region = max(0.0, end_time - start_time)
    wanted = rng.uniform(max(track.minduration, MIN_PLAY_SECONDS), max(track.maxduration, MIN_PLAY_SECONDS))
    duration = min(region, wanted)
    offset = rng.uniform(start_time, end_time - duration) if region > duration else start_time
    fade_in = rng.uniform(track.minfadeintime, track.maxfadeintime)
    fade_out = rng.uniform(track.minfadeouttime, track.maxfadeouttime)
    if fade_in + fade_out > duration:
        fade_in = fade_out = duration / 2
    gain = (1.0 if volume is None else volume) * rng.uniform(track.minvolume, track.maxvolume)
    return PlayPlan(dead_air=rng.uniform(track.mindeadair, track.maxdeadair), offset=offset, duration=duration,
                    fade_in=fade_in, fade_out=fade_out, gain=gain, pan_min=track.minpanpos, pan_max=track.maxpanpos,
                    pan_duration_min=track.minpanduration, pan_duration_max=track.maxpanduration)
