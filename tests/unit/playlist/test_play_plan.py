"""How one asset is played on an audiotrack: random duration, excerpt, fades, gain and dead air within ranges."""
import random
from dataclasses import dataclass, replace

import pytest

from rwflask.playlist.play_plan import MIN_PLAY_SECONDS, plan_play

SEEDS = range(300)


@dataclass(frozen=True)
class Track:
    """The audiotrack fields plan_play reads."""

    minduration: float = 10.0
    maxduration: float = 30.0
    minfadeintime: float = 0.1
    maxfadeintime: float = 0.5
    minfadeouttime: float = 0.2
    maxfadeouttime: float = 2.0
    minvolume: float = 0.5
    maxvolume: float = 1.0
    mindeadair: float = 1.0
    maxdeadair: float = 3.0
    minpanpos: float = -0.5
    maxpanpos: float = 0.5
    minpanduration: float = 5.0
    maxpanduration: float = 10.0


TRACK = Track()


def plans(track=TRACK, start=0.0, end=100.0, volume=None):
    return [plan_play(track, start, end, volume, random.Random(seed)) for seed in SEEDS]


def test_duration_is_within_the_tracks_range():
    assert all(10.0 <= p.duration <= 30.0 for p in plans())


def test_duration_spreads_over_the_range():
    durations = [p.duration for p in plans()]
    assert min(durations) < 12.0 and max(durations) > 28.0


def test_duration_is_at_least_one_second():
    track = replace(TRACK, minduration=0.0, maxduration=0.2)
    assert all(p.duration == MIN_PLAY_SECONDS == 1.0 for p in plans(track))


def test_duration_is_capped_to_the_assets_region():
    assert all(p.duration == pytest.approx(4.0) for p in plans(start=3.0, end=7.0))


def test_excerpt_starts_at_the_region_start_when_the_region_is_short():
    assert all(p.offset == 3.0 for p in plans(start=3.0, end=7.0))


def test_excerpt_lies_inside_the_region():
    assert all(20.0 <= p.offset and p.offset + p.duration <= 80.0 + 1e-9 for p in plans(start=20.0, end=80.0))


def test_excerpt_offset_varies():
    offsets = {round(p.offset, 3) for p in plans(start=20.0, end=80.0)}
    assert len(offsets) > 100


def test_empty_region_plays_nothing():
    assert all(p.duration == 0.0 and p.offset == 5.0 for p in plans(start=5.0, end=5.0))


def test_fades_are_within_their_ranges():
    assert all(0.1 <= p.fade_in <= 0.5 and 0.2 <= p.fade_out <= 2.0 for p in plans())


def test_overlapping_fades_are_each_half_the_duration():
    track = replace(TRACK, minfadeintime=2.0, maxfadeintime=3.0, minfadeouttime=2.0, maxfadeouttime=3.0)
    for plan in plans(track, start=0.0, end=3.0):
        assert plan.fade_in == plan.fade_out == pytest.approx(plan.duration / 2)


def test_fades_that_fit_are_kept():
    track = replace(TRACK, minfadeintime=1.0, maxfadeintime=1.0, minfadeouttime=1.5, maxfadeouttime=1.5)
    assert all((p.fade_in, p.fade_out) == (1.0, 1.5) for p in plans(track, end=3.0))


def test_gain_is_within_the_volume_range_without_an_asset_volume():
    assert all(0.5 <= p.gain <= 1.0 for p in plans(volume=None))


def test_gain_is_scaled_by_the_asset_volume():
    assert all(1.0 <= p.gain <= 2.0 for p in plans(volume=2.0))


def test_gain_is_the_asset_volume_times_the_random_track_volume():
    fixed = replace(TRACK, minvolume=0.8, maxvolume=0.8)
    assert all(p.gain == pytest.approx(0.4) for p in plans(fixed, volume=0.5))


def test_zero_asset_volume_is_silent():
    assert all(p.gain == 0.0 for p in plans(volume=0.0))


def test_dead_air_is_within_the_tracks_range():
    assert all(1.0 <= p.dead_air <= 3.0 for p in plans())


def test_no_dead_air_when_the_range_is_zero():
    track = replace(TRACK, mindeadair=0.0, maxdeadair=0.0)
    assert all(p.dead_air == 0.0 for p in plans(track))


def test_pan_range_is_copied_from_the_track():
    plan = plan_play(TRACK, 0.0, 100.0, None, random.Random(1))
    assert (plan.pan_min, plan.pan_max, plan.pan_duration_min, plan.pan_duration_max) == (-0.5, 0.5, 5.0, 10.0)


def test_same_seed_gives_the_same_plan():
    assert plan_play(TRACK, 0.0, 100.0, 0.7, random.Random(42)) == plan_play(TRACK, 0.0, 100.0, 0.7,
                                                                              random.Random(42))

