"""Project groups, and which of a group's projects can be heard at a place."""
import shapely
from flask import current_app
from sqlalchemy import select

from rwflask.extensions import db
from rwflask.models import Project, ProjectGroup, Speaker
from rwflask.services import media
from rwflask.services.localization import DEFAULT_LANGUAGE_CODE, language_id_for_code, pick
from rwflask.services.records import RecordService

project_groups = RecordService(
    ProjectGroup,
    filters={"name": (ProjectGroup.name, "icontains"), "active": (ProjectGroup.active, "eq")},
    relations={"project_ids": ("projects", Project)},
)


def projects_at(group: ProjectGroup, latitude: float, longitude: float, language_code: str) -> list[dict]:
    """The group's projects that are global or have an active speaker covering the point."""
    language_id = language_id_for_code(language_code) or language_id_for_code(DEFAULT_LANGUAGE_CODE)
    point = shapely.Point(longitude, latitude)
    project_ids = [p.id for p in group.projects]
    speakers = db.session.scalars(select(Speaker).where(
        Speaker.project_id.in_(project_ids), Speaker.activeyn.is_(True), Speaker.shape.is_not(None)))
    audible = {s.project_id for s in speakers if s.shape.covers(point)}
    media_url = media.media_base(current_app.config)
    return [{
        "project_id": project.id,
        "name": project.name,
        "owner": project.owner,
        "description_loc": pick(project.description_loc, language_id) or "",
        "thumbnail_url": f"{media_url}project{project.id}-thumb.png",
    } for project in group.projects if not project.geo_listen_enabled or project.id in audible]
