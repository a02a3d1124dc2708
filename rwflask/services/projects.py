"""Projects."""
from rwflask.errors import fail
from rwflask.extensions import db
from rwflask.models import Language, LocalizedString, Project, Session
from rwflask.models.project import LOCALIZED_PROJECT_FIELDS
from rwflask.services.localization import set_response_language
from rwflask.services.records import RecordService

projects = RecordService(
    Project,
    filters={"name": (Project.name, "icontains"), "listen_enabled": (Project.listen_enabled, "eq"),
             "geo_listen_enabled": (Project.geo_listen_enabled, "eq"),
             "speak_enabled": (Project.speak_enabled, "eq"),
             "geo_speak_enabled": (Project.geo_speak_enabled, "eq")},
    relations={"language_ids": ("languages", Language),
               **{field: (field, LocalizedString) for field in LOCALIZED_PROJECT_FIELDS}},
)


def project_for_session(project_id: int, session_id: int) -> Project:
    """A project rendered in a session's language; 404 if either is unknown."""
    session = db.session.get(Session, session_id)
    project = db.session.get(Project, project_id)
    if session is None or project is None:
        fail(404, "Not found.")
    set_response_language(session)
    return project


def session_or_404(session_id: int | None) -> Session | None:
    """The session of an optional `?session_id=`, 404 when given but unknown."""
    if session_id is None:
        return None
    session = db.session.get(Session, session_id)
    if session is None:
        fail(404, "Not found.")
    return session
