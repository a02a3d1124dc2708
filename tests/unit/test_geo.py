"""`rwflask.geo` on its own: metric distances and buffers checked against pyproj's geodesics."""
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod
from shapely.geometry import MultiPolygon, Point, Polygon

from rwflask import geo

GEOD = Geod(ellps="WGS84")

latitudes = st.floats(min_value=-85, max_value=85, allow_nan=False)
longitudes = st.floats(min_value=-180, max_value=180, allow_nan=False)
mid_latitudes = st.floats(min_value=-70, max_value=70, allow_nan=False)
mid_longitudes = st.floats(min_value=-170, max_value=170, allow_nan=False)
azimuths = st.floats(min_value=0, max_value=360, exclude_max=True, allow_nan=False)


def _square_m(lat: float, lon: float, side_m: float) -> Polygon:
    """A square of about `side_m` metres centred on a point (edges along meridians and parallels)."""
    half = side_m / 2
    north = GEOD.fwd(lon, lat, 0, half)[1]
    south = GEOD.fwd(lon, lat, 180, half)[1]
    east = GEOD.fwd(lon, lat, 90, half)[0]
    west = GEOD.fwd(lon, lat, 270, half)[0]
    return Polygon([(west, south), (west, north), (east, north), (east, south)])


def _outline_points(polygon: Polygon, step_m: float = 0.25):
    """Points every ~`step_m` metres along a polygon's exterior, as (lons, lats).

    Edges are geodesics between the vertices, as on PostGIS geography (which Roundware used).
    """
    lons, lats = [], []
    coords = list(polygon.exterior.coords)
    for (x1, y1), (x2, y2) in zip(coords, coords[1:]):
        n = max(1, int(GEOD.inv(x1, y1, x2, y2)[2] / step_m))
        lons.append(x1)
        lats.append(y1)
        for lon, lat in GEOD.npts(x1, y1, x2, y2, n - 1):
            lons.append(lon)
            lats.append(lat)
    return lons, lats


def _geodesic_area(geometry) -> float:
    return abs(GEOD.geometry_area_perimeter(geometry)[0])


# --- distance_m ------------------------------------------------------------------------------

@settings(max_examples=200, deadline=None)
@given(lat=latitudes, lon=longitudes, azimuth=azimuths, distance=st.floats(min_value=1, max_value=50_000))
def test_distance_m_is_within_half_a_percent_of_the_geodesic(lat, lon, azimuth, distance):
    lon2, lat2, _ = GEOD.fwd(lon, lat, azimuth, distance)
    assert geo.distance_m(lat, lon, lat2, lon2) == pytest.approx(distance, rel=0.005)


@settings(max_examples=200, deadline=None)
@given(lat1=latitudes, lon1=longitudes, lat2=latitudes, lon2=longitudes)
def test_distance_m_is_symmetric(lat1, lon1, lat2, lon2):
    assert geo.distance_m(lat1, lon1, lat2, lon2) == pytest.approx(geo.distance_m(lat2, lon2, lat1, lon1),
                                                                   rel=1e-12, abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(lat=latitudes, lon=longitudes)
def test_distance_m_is_zero_for_identical_points(lat, lon):
    assert geo.distance_m(lat, lon, lat, lon) == 0


# --- buffer_m --------------------------------------------------------------------------------

@settings(max_examples=50, deadline=None)
@given(lat=mid_latitudes, lon=mid_longitudes, radius=st.floats(min_value=10, max_value=5_000))
def test_point_buffer_has_area_of_a_circle(lat, lon, radius):
    disc = geo.buffer_m(Point(lon, lat), radius)
    assert _geodesic_area(disc) == pytest.approx(math.pi * radius ** 2, rel=0.02)


@settings(max_examples=50, deadline=None)
@given(lat=mid_latitudes, lon=mid_longitudes, side=st.floats(min_value=100, max_value=3_000),
       radius=st.floats(min_value=10, max_value=1_000))
def test_polygon_buffer_grows_area_by_perimeter_band_and_corners(lat, lon, side, radius):
    square = _square_m(lat, lon, side)
    area, perimeter = GEOD.geometry_area_perimeter(square)
    grown = geo.buffer_m(square, radius)
    expected = abs(area) + perimeter * radius + math.pi * radius ** 2
    assert _geodesic_area(grown) == pytest.approx(expected, rel=0.02)


@settings(max_examples=50, deadline=None)
@given(lat=mid_latitudes, lon=mid_longitudes, side=st.floats(min_value=300, max_value=3_000),
       fraction=st.floats(min_value=0.05, max_value=0.4))
def test_negative_buffer_shrinks_square_by_twice_the_distance(lat, lon, side, fraction):
    shrink = side * fraction
    shrunk = geo.buffer_m(_square_m(lat, lon, side), -shrink)
    assert _geodesic_area(shrunk) == pytest.approx((side - 2 * shrink) ** 2, rel=0.02)


def test_negative_buffer_larger_than_the_shape_is_empty():
    assert geo.buffer_m(_square_m(42.0, -71.0, 200), -150).is_empty


# --- attenuation_border ----------------------------------------------------------------------

@settings(max_examples=25, deadline=None)
@given(lat=mid_latitudes, lon=mid_longitudes)
def test_attenuation_border_of_1km_square_lies_100m_inside(lat, lon):
    square = _square_m(lat, lon, 1_000)
    border = geo.attenuation_border(MultiPolygon([square]), 100)
    assert not border.is_empty and square.contains(border)
    lons, lats = _outline_points(square)
    for x, y in border.coords:
        distance = min(GEOD.inv([x] * len(lons), [y] * len(lats), lons, lats)[2])
        assert distance == pytest.approx(100, rel=0.02)


def test_attenuation_border_of_1km_square_is_800m_square_outline():
    border = geo.attenuation_border(MultiPolygon([_square_m(42.0, -71.0, 1_000)]), 100)
    assert GEOD.geometry_length(border) == pytest.approx(4 * 800, rel=0.02)


def test_attenuation_border_collapses_to_empty_multilinestring():
    border = geo.attenuation_border(MultiPolygon([_square_m(42.0, -71.0, 1_000)]), 600)
    assert border.is_empty and border.geom_type == "MultiLineString"


def test_attenuation_border_with_zero_distance_is_the_outline():
    shape = MultiPolygon([_square_m(42.0, -71.0, 1_000)])
    assert geo.attenuation_border(shape, 0).equals(shape.boundary)


def test_attenuation_border_of_no_shape_is_none():
    assert geo.attenuation_border(None, 100) is None


def test_boundary_is_the_outline():
    shape = MultiPolygon([_square_m(42.0, -71.0, 1_000)])
    assert geo.boundary(shape).equals(shape.boundary) and geo.boundary(None) is None


# --- distance_to_geometry_m ------------------------------------------------------------------

@settings(max_examples=100, deadline=None)
@given(lat=mid_latitudes, lon=mid_longitudes, fx=st.floats(min_value=0.01, max_value=0.99),
       fy=st.floats(min_value=0.01, max_value=0.99))
def test_distance_to_polygon_is_zero_inside(lat, lon, fx, fy):
    square = _square_m(lat, lon, 1_000)
    west, south, east, north = square.bounds
    point_lon, point_lat = west + fx * (east - west), south + fy * (north - south)
    assert geo.distance_to_geometry_m(point_lat, point_lon, MultiPolygon([square])) == 0


@settings(max_examples=100, deadline=None)
@given(lat=mid_latitudes, lon=mid_longitudes, azimuth=st.sampled_from([0, 90, 180, 270]),
       distance=st.floats(min_value=10, max_value=5_000))
def test_distance_to_polygon_outside_matches_geodesic_distance_to_edge(lat, lon, azimuth, distance):
    square = _square_m(lat, lon, 1_000)
    edge_lon, edge_lat, _ = GEOD.fwd(lon, lat, azimuth, 500)  # the middle of one edge
    _, _, half_side = GEOD.inv(lon, lat, edge_lon, edge_lat)
    point_lon, point_lat, _ = GEOD.fwd(lon, lat, azimuth, half_side + distance)
    lons, lats = _outline_points(square)
    expected = min(GEOD.inv([point_lon] * len(lons), [point_lat] * len(lats), lons, lats)[2])
    actual = geo.distance_to_geometry_m(point_lat, point_lon, MultiPolygon([square]))
    assert actual == pytest.approx(expected, rel=0.01)
    assert expected == pytest.approx(distance, rel=0.01)
