"""The playlist engine's vectorized geometry, checked against pyproj's WGS84 geodesics.

`geo.distances_bearings`, `geo.in_heading` and `AssetIndex.near` (whose box, built with
`geo.degrees_band`, must contain every asset within the radius) as hypothesis properties.
"""
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from pyproj import Geod

from rwflask import geo
from rwflask.playlist.engine import AssetIndex

GEOD = Geod(ellps="WGS84")
PROPERTY = settings(max_examples=300, deadline=None)

latitudes = st.floats(min_value=-90, max_value=90, allow_nan=False)
longitudes = st.floats(min_value=-180, max_value=180, allow_nan=False)
azimuths = st.floats(min_value=0, max_value=360, exclude_max=True, allow_nan=False)
bearings = st.floats(min_value=0, max_value=360, exclude_max=True, allow_nan=False)


def _distance(lat1, lon1, lat2, lon2) -> float:
    distance, _ = geo.distances_bearings(lat1, lon1, np.array([lat2]), np.array([lon2]))
    return float(distance[0])


def _bearing(lat1, lon1, lat2, lon2) -> float:
    _, bearing = geo.distances_bearings(lat1, lon1, np.array([lat2]), np.array([lon2]))
    return float(bearing[0])


def _destination(lat, lon, azimuth, metres):
    """(lat, lon) `metres` along the geodesic leaving (lat, lon) at `azimuth`."""
    lon2, lat2, _ = GEOD.fwd(lon, lat, azimuth, metres)
    return lat2, lon2


def _angle_between(a: float, b: float) -> float:
    """Smallest angle between two directions in degrees (0..180)."""
    diff = (a - b) % 360.0
    return min(diff, 360.0 - diff)


def _exact_angle_between(a: float, b: float) -> Fraction:
    diff = (Fraction(a) - Fraction(b)) % 360
    return min(diff, 360 - diff)


def _accepts(bearing_values, heading, width) -> np.ndarray:
    return geo.in_heading(np.asarray(bearing_values, dtype=float), heading, width)


def _index(positions) -> AssetIndex:
    """An index of located assets with ids 1..n at (lat, lon) `positions`."""
    n = len(positions)
    return AssetIndex(ids=list(range(1, n + 1)), latitude=[p[0] for p in positions],
                      longitude=[p[1] for p in positions], submitted=[True] * n, playable=[True] * n,
                      language=[1] * n, weight=[0] * n, likes=[0] * n, tags={})


def _assert_near_finds_everything_within(lat, lon, positions, radius):
    index = _index(positions)
    distance, _ = geo.distances_bearings(lat, lon, index.latitude, index.longitude)
    within = set(np.flatnonzero(distance <= radius).tolist())
    found = set(index.near(lat, lon, radius).tolist())
    missed = within - found
    assert not missed, [(positions[i], float(distance[i])) for i in sorted(missed)]


# --- distances ---------------------------------------------------------------------------------

@PROPERTY
@given(latitudes, longitudes, latitudes, longitudes)
def test_distance_is_within_half_a_percent_of_the_geodesic_anywhere(lat1, lon1, lat2, lon2):
    # Exact antipodes have no single geodesic; within a metre of them is its own test below.
    assume(GEOD.inv(lon1 + 180.0, -lat1, lon2, lat2)[2] > 1.0)
    expected = GEOD.inv(lon1, lat1, lon2, lat2)[2]
    assert abs(_distance(lat1, lon1, lat2, lon2) - expected) <= 0.005 * expected + 1e-3


@PROPERTY
@given(latitudes, longitudes, azimuths, st.floats(min_value=0, max_value=50_000))
def test_distance_is_within_half_a_percent_of_the_geodesic_up_to_50_km(lat, lon, azimuth, metres):
    lat2, lon2 = _destination(lat, lon, azimuth, metres)
    expected = GEOD.inv(lon, lat, lon2, lat2)[2]
    assert abs(_distance(lat, lon, lat2, lon2) - expected) <= 0.005 * expected + 1e-3


@pytest.mark.parametrize("lat", [0.0, 5.0, 45.0])
def test_distance_is_within_half_a_percent_of_the_geodesic_next_to_the_antipode(lat):
    # 1e-6 degrees of latitude (about 11 cm) away from the exact antipode.
    lat2, lon2 = -lat + 1e-6, 180.0
    expected = GEOD.inv(0.0, lat, lon2, lat2)[2]
    assert abs(_distance(lat, 0.0, lat2, lon2) - expected) <= 0.005 * expected


@PROPERTY
@given(latitudes, longitudes)
def test_distance_between_identical_points_is_exactly_zero(lat, lon):
    distance, _ = geo.distances_bearings(lat, lon, np.array([lat, lat]), np.array([lon, lon]))
    assert distance.tolist() == [0.0, 0.0]


# --- bearings ----------------------------------------------------------------------------------

@PROPERTY
@given(st.floats(min_value=-80, max_value=80), longitudes, azimuths, st.floats(min_value=10, max_value=100_000))
def test_bearing_is_within_half_a_degree_of_the_geodesic_azimuth(lat, lon, azimuth, metres):
    lat2, lon2 = _destination(lat, lon, azimuth, metres)
    expected = GEOD.inv(lon, lat, lon2, lat2)[0] % 360.0
    bearing = _bearing(lat, lon, lat2, lon2)
    assert 0.0 <= bearing < 360.0
    assert _angle_between(bearing, expected) <= 0.5


# --- headings ----------------------------------------------------------------------------------

def test_heading_north_accepts_bearings_on_both_sides_of_north():
    accepted = np.concatenate([np.arange(345, 360, 0.5), [359.999], np.arange(0, 15.5, 0.5)])
    assert _accepts(accepted, 0.0, 30.0).all()


def test_heading_north_rejects_bearings_outside_the_width():
    rejected = np.concatenate([np.arange(16, 345), [15.001, 344.999]])
    assert not _accepts(rejected, 0.0, 30.0).any()


def test_heading_350_wraps_past_north():
    accepted = np.concatenate([np.arange(330, 360, 0.5), np.arange(0, 10.5, 0.5)])
    rejected = np.concatenate([np.arange(10.5, 330, 0.5), [10.001, 329.999]])
    assert _accepts(accepted, 350.0, 40.0).all()
    assert not _accepts(rejected, 350.0, 40.0).any()


@pytest.mark.parametrize("width", [360.0, 400.0, 720.0])
@pytest.mark.parametrize("heading", [0.0, 123.4, 359.9])
def test_width_of_a_full_turn_accepts_every_bearing(heading, width):
    assert _accepts(np.arange(0, 360, 0.25), heading, width).all()


@PROPERTY
@given(bearings, bearings, st.floats(min_value=0, max_value=720))
def test_in_heading_is_angular_difference_within_half_the_width(bearing, heading, width):
    expected = _exact_angle_between(bearing, heading) <= Fraction(width) / 2
    assume(abs(_exact_angle_between(bearing, heading) - Fraction(width) / 2) > Fraction(1, 10**9))
    assert bool(_accepts([bearing], heading, width)[0]) == expected


@PROPERTY
@given(st.integers(0, 360 * 4 - 1), st.integers(0, 360 * 4 - 1), st.integers(0, 720 * 4))
def test_in_heading_includes_the_exact_edges_of_the_width(bearing, heading, width):
    # Quarter degrees are exact in binary, so the edges are compared without rounding.
    bearing, heading, width = bearing / 4, heading / 4, width / 4
    expected = _exact_angle_between(bearing, heading) <= Fraction(width) / 2
    assert bool(_accepts([bearing], heading, width)[0]) == expected


# --- AssetIndex.near ---------------------------------------------------------------------------

nearby_offsets = st.lists(st.tuples(azimuths, st.floats(min_value=0, max_value=5_000)), min_size=1, max_size=20)
# From 1 cm: distances_bearings rounds distances under ~6 micrometres to 0, which no box can match.
radii = st.floats(min_value=0.01, max_value=5_000)


@PROPERTY
@given(st.floats(min_value=-85, max_value=85), longitudes, nearby_offsets, radii)
def test_near_contains_every_asset_within_the_radius(lat, lon, offsets, radius):
    positions = [_destination(lat, lon, azimuth, metres) for azimuth, metres in offsets]
    _assert_near_finds_everything_within(lat, lon, positions, radius)


pole_distances = st.one_of(st.floats(min_value=0, max_value=10_000), st.floats(min_value=0, max_value=600_000))


@PROPERTY
@given(pole_distances, st.booleans(), longitudes, nearby_offsets, radii)
@example(111.0, False, 0.0, [(0.0, 300.0)], 1_000.0)  # the asset is just across the pole
def test_near_contains_every_asset_within_the_radius_near_the_poles(from_pole, south, lon, offsets, radius):
    lat, lon = _destination(-90.0 if south else 90.0, lon, 0.0 if south else 180.0, from_pole)
    positions = [_destination(lat, lon, azimuth, metres) for azimuth, metres in offsets]
    _assert_near_finds_everything_within(lat, lon, positions, radius)


@PROPERTY
@given(st.floats(min_value=-85, max_value=85), st.floats(min_value=179.9, max_value=180), st.booleans(),
       nearby_offsets, radii)
@example(0.0, 179.9999, True, [(270.0, 30.0)], 100.0)  # the asset is at lon +179.9998
def test_near_contains_every_asset_within_the_radius_across_the_antimeridian(lat, lon, west, offsets, radius):
    lon = -lon if west else lon
    positions = [_destination(lat, lon, azimuth, metres) for azimuth, metres in offsets]
    _assert_near_finds_everything_within(lat, lon, positions, radius)
