"""Portable geometry column: shapely geometries stored as WKB on SQLite and PostgreSQL alike."""
import shapely
from sqlalchemy import LargeBinary
from sqlalchemy.types import TypeDecorator


class Geometry(TypeDecorator):
    """A shapely geometry persisted as WKB (longitude, latitude in WGS84)."""

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        return shapely.to_wkb(value)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return shapely.from_wkb(bytes(value))
