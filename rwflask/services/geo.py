"""Geometry on WGS84 with metric distances: shapely for shapes, pyproj for metres."""
from functools import lru_cache

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
