"""Speakers: their outline and inner attenuation border follow their shape."""
from rwflask.errors import field_error
from rwflask.models import Project, Speaker
from rwflask.services import geo
from rwflask.services.records import RecordService


def _derive_geometry(speaker: Speaker) -> None:
    if speaker.minvolume > speaker.maxvolume:
        field_error("maxvolume", "maxvolume must be greater than or equal to minvolume.")
    speaker.boundary = geo.boundary(speaker.shape)
    speaker.attenuation_border = geo.attenuation_border(speaker.shape, speaker.attenuation_distance)


speakers = RecordService(
    Speaker,
    filters={"project_id": (Speaker.project_id, "eq"), "activeyn": (Speaker.activeyn, "eq")},
    references={"project_id": Project},
    prepare=_derive_geometry,
)
