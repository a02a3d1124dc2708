"""Speakers: their outline and inner attenuation border follow their shape."""
from sqlalchemy import select

from rwflask.errors import Invalid
from rwflask.extensions import db
from rwflask.models import Project, Speaker
from rwflask import geo
from rwflask.services.records import RecordService


def _derive_geometry(speaker: Speaker) -> None:
    if speaker.minvolume > speaker.maxvolume:
        raise Invalid("maxvolume", "maxvolume must be greater than or equal to minvolume.")
    speaker.boundary = geo.boundary(speaker.shape)
    speaker.attenuation_border = geo.attenuation_border(speaker.shape, speaker.attenuation_distance)


speakers = RecordService(
    Speaker,
    filters={"project_id": (Speaker.project_id, "eq"), "activeyn": (Speaker.activeyn, "eq")},
    references={"project_id": Project},
    prepare=_derive_geometry,
)


def listener_in_range(session, project, latitude: float, longitude: float) -> bool:
    """Roundware's "in range": global listening, or an active speaker within out_of_range_distance."""
    if not session.geo_listen_enabled:
        return True
    active = db.session.scalars(select(Speaker).where(
        Speaker.project_id == project.id, Speaker.activeyn.is_(True), Speaker.shape.is_not(None)))
    return any(geo.distance_to_geometry_m(latitude, longitude, s.shape) <= project.out_of_range_distance
               for s in active)
