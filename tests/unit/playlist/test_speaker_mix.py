"""How loud a speaker is for a listener: linear from its edge to its attenuation distance inside, and what it plays."""
from types import SimpleNamespace

import pytest

from rwflask import geo
from rwflask.playlist.speaker_mix import speaker_uri, speaker_volume
from tests.factories import square

LAT, LON = 42.0, -71.0
HALF = 0.001  # the square's half side in degrees: ~111 m north-south, ~83 m east-west at 42°
M_PER_DEG_LAT = 111_000.0
SOUTH_EDGE = LAT - HALF


def speaker(**kwargs):
    fields = {"shape": square(LAT, LON, HALF), "minvolume": 0.2, "maxvolume": 0.8, "attenuation_distance": 20,
              "uri": "http://example.org/ambient.mp3", "backupuri": "http://example.org/backup.mp3"}
    return SimpleNamespace(**{**fields, **kwargs})


def test_global_listener_hears_maxvolume_anywhere():
    assert speaker_volume(speaker(), 10.0, 10.0, geo_listen_enabled=False) == 0.8


def test_global_listener_without_a_location_hears_maxvolume():
    assert speaker_volume(speaker(), None, None, geo_listen_enabled=False) == 0.8


def test_outside_the_shape_is_minvolume():
    assert speaker_volume(speaker(), LAT + 0.01, LON, geo_listen_enabled=True) == 0.2


def test_no_location_is_minvolume():
    assert speaker_volume(speaker(), None, LON, geo_listen_enabled=True) == 0.2


def test_speaker_without_a_shape_is_minvolume():
    assert speaker_volume(speaker(shape=None), LAT, LON, geo_listen_enabled=True) == 0.2


def test_on_the_edge_is_minvolume():
    assert speaker_volume(speaker(), SOUTH_EDGE, LON, geo_listen_enabled=True) == pytest.approx(0.2, abs=1e-3)


def test_deeper_than_the_attenuation_distance_is_maxvolume():
    assert speaker_volume(speaker(attenuation_distance=20), LAT, LON, geo_listen_enabled=True) == 0.8


def test_depth_is_measured_to_the_nearest_edge():
    depth_deg = 0.0001  # ~11 m in from the south edge, far from the others
    depth = geo.distance_to_geometry_m(SOUTH_EDGE + depth_deg, LON, square(LAT, LON, HALF).boundary)
    assert depth == pytest.approx(depth_deg * M_PER_DEG_LAT, rel=0.01)


def test_halfway_in_is_midway_between_min_and_max():
    depth = 0.0001 * M_PER_DEG_LAT
    volume = speaker_volume(speaker(attenuation_distance=2 * depth), SOUTH_EDGE + 0.0001, LON, True)
    assert volume == pytest.approx(0.5, abs=0.01)


def test_volume_rises_linearly_with_depth():
    sp = speaker(attenuation_distance=40)
    shape_edge = sp.shape.boundary
    for steps in (1, 2, 3):
        lat = SOUTH_EDGE + steps * 0.0001
        share = geo.distance_to_geometry_m(lat, LON, shape_edge) / 40
        assert speaker_volume(sp, lat, LON, True) == pytest.approx(0.2 + 0.6 * share)


def test_zero_attenuation_distance_is_maxvolume_right_inside():
    assert speaker_volume(speaker(attenuation_distance=0), SOUTH_EDGE + 0.00001, LON, True) == 0.8


def test_zero_attenuation_distance_is_still_minvolume_outside():
    assert speaker_volume(speaker(attenuation_distance=0), SOUTH_EDGE - 0.00001, LON, True) == 0.2


def test_uri_is_the_speakers_uri():
    assert speaker_uri(speaker()) == "http://example.org/ambient.mp3"


def test_uri_falls_back_to_the_backup_uri():
    assert speaker_uri(speaker(uri="")) == "http://example.org/backup.mp3"


def test_uri_falls_back_when_uri_is_none():
    assert speaker_uri(speaker(uri=None)) == "http://example.org/backup.mp3"


def test_no_uri_and_no_backup_is_empty():
    assert not speaker_uri(speaker(uri="", backupuri=""))
