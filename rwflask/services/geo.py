"""Geometry on WGS84 with metric distances: shapely for shapes, pyproj for metres."""
import math
from functools import lru_cache

import shapely
from pyproj import CRS, Transformer
from shapely.ops import transform

EARTH_RADIUS_M = 6371008.8


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


def buffer_m(geometry, distance_m: float):
    """`geometry` grown (or, for a negative distance, shrunk) by `distance_m` metres."""
    to_metres, to_degrees = metric_frame(geometry)
    buffered = transform(to_metres.transform, geometry).buffer(distance_m)
    if buffered.is_empty:
        return buffered
    return transform(to_degrees.transform, buffered)


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
    """Great-circle (haversine) distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def distance_to_geometry_m(lat: float, lon: float, geometry) -> float:
    """Distance in metres from a point to a geometry (0 inside a polygon)."""
    to_metres, _ = metric_frame(geometry)
    point = shapely.Point(to_metres.transform(lon, lat))
    return transform(to_metres.transform, geometry).distance(point)
