"""Geometry on WGS84 with metric distances: shapely for shapes, pyproj for metres."""
import math
from functools import lru_cache

import numpy as np
import shapely
from pyproj import CRS, Geod, Transformer

WGS84 = Geod(ellps="WGS84")


@lru_cache(maxsize=256)
def _aeqd_transformers(lon: float, lat: float) -> tuple[Transformer, Transformer]:
    crs = CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m +no_defs")
    to_metres = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    to_degrees = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    return to_metres, to_degrees


def metric_frame(geometry):
    """Transformers to and from metres on a local azimuthal equidistant plane centred on `geometry`."""
    centre = geometry.centroid
    # Rounding the centre lets nearby shapes share cached transformers; the error is negligible.
    return _aeqd_transformers(round(centre.x, 3), round(centre.y, 3))


def _project(transformer: Transformer, geometry):
    return shapely.transform(geometry, transformer.transform, interleaved=False)


def buffer_m(geometry, distance_m: float):
    """`geometry` grown (or, for a negative distance, shrunk) by `distance_m` metres."""
    to_metres, to_degrees = metric_frame(geometry)
    buffered = _project(to_metres, geometry).buffer(distance_m)
    if buffered.is_empty:
        return buffered
    return _project(to_degrees, buffered)


def boundary(geometry):
    """The outline of a (multi)polygon as a (multi)line string."""
    return None if geometry is None else geometry.boundary


def attenuation_border(shape, attenuation_distance_m: float):
    """Outline of `shape` shrunk inward by the attenuation distance (empty when nothing is left)."""
    if shape is None:
        return None
    inner = buffer_m(shape, -abs(attenuation_distance_m)) if attenuation_distance_m else shape
    if inner.is_empty:
        return shapely.MultiLineString()
    return inner.boundary


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance in metres on the WGS84 ellipsoid."""
    return WGS84.inv(lon1, lat1, lon2, lat2)[2]


def distance_to_geometry_m(lat: float, lon: float, geometry) -> float:
    """Distance in metres from a point to a geometry (0 inside a polygon)."""
    to_metres, _ = metric_frame(geometry)
    point = shapely.Point(to_metres.transform(lon, lat))
    return _project(to_metres, geometry).distance(point)


# Vectorized distance and bearing for the playlist engine (numpy arrays of asset positions).
WGS84_A = 6378137.0
WGS84_F = 1 / 298.257223563


def distances_bearings(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Metres and initial bearings (degrees clockwise from north) from one point to many.

    Distance: Lambert's formula on the WGS84 ellipsoid (within a few metres over thousands of
    kilometres, well inside 0.5 % of the geodesic). Bearing: on the auxiliary sphere of reduced
    latitudes. Both in a few vectorized numpy operations, where pyproj's geodesic costs ~2 us a point.
    """
    phi1, phi2 = np.radians(lat), np.radians(lats)
    beta1 = np.arctan((1 - WGS84_F) * np.tan(phi1))
    beta2 = np.arctan((1 - WGS84_F) * np.tan(phi2))
    dlambda = np.radians(lons - lon)
    hav = np.sin((beta2 - beta1) / 2) ** 2 + np.cos(beta1) * np.cos(beta2) * np.sin(dlambda / 2) ** 2
    sigma = 2 * np.arcsin(np.sqrt(np.clip(hav, 0.0, 1.0)))
    p, q = (beta1 + beta2) / 2, (beta2 - beta1) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        x = (sigma - np.sin(sigma)) * np.sin(p) ** 2 * np.cos(q) ** 2 / np.cos(sigma / 2) ** 2
        y = (sigma + np.sin(sigma)) * np.cos(p) ** 2 * np.sin(q) ** 2 / np.sin(sigma / 2) ** 2
        distance = WGS84_A * (sigma - WGS84_F / 2 * (x + y))
    distance = np.where(sigma < 1e-12, 0.0, distance)
    # Lambert's formula degenerates within a few metres of the antipode: ask pyproj there.
    antipodal = sigma > math.pi - 1e-4
    if np.any(antipodal):
        lats_a, lons_a = np.broadcast_to(lats, sigma.shape)[antipodal], np.broadcast_to(lons, sigma.shape)[antipodal]
        distance[antipodal] = WGS84.inv(np.full(len(lats_a), lon), np.full(len(lats_a), lat), lons_a, lats_a)[2]
    bearing = np.degrees(np.arctan2(np.sin(dlambda) * np.cos(beta2),
                                    np.cos(beta1) * np.sin(beta2) - np.sin(beta1) * np.cos(beta2) * np.cos(dlambda)))
    return distance, np.mod(bearing + 360.0, 360.0)


def in_heading(bearings: np.ndarray, heading: float, width: float) -> np.ndarray:
    """Which bearings fall within `heading` ± `width`/2 degrees, wrapping around north."""
    if width >= 360:
        return np.ones_like(bearings, dtype=bool)
    offset = np.mod(bearings - heading + 180.0, 360.0) - 180.0
    return np.abs(offset) <= width / 2


def degrees_band(lat: float, radius_m: float) -> tuple[float, float]:
    """Half-widths in degrees (latitude, longitude) of a box that contains a circle of `radius_m`.

    A circle that reaches a pole spans every longitude (360).
    """
    dlat = radius_m / 110_574.0 * 1.01  # metres per degree of latitude is at least 110,574
    edge = abs(lat) + dlat
    if edge >= 90.0:
        return dlat, 360.0
    dlon = radius_m / (111_320.0 * math.cos(math.radians(edge))) * 1.01
    return dlat, min(dlon, 360.0)
