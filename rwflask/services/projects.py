"""Projects."""
from rwflask.errors import NotFound
from rwflask.extensions import db
from rwflask.models import Language, LocalizedString, Project, Session
from rwflask.models.project import LOCALIZED_PROJECT_FIELDS
from rwflask.services.localization import default_language_id
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


def project_for_session(project_id: int, session_id: int) -> tuple[Project, int | None]:
    """A project and the language of a session to render it in; 404 if either is unknown."""
    session = db.session.get(Session, session_id)
    project = db.session.get(Project, project_id)
    if session is None or project is None:
        raise NotFound()
    return project, session.language_id


def session_language(session_id: int | None) -> int | None:
    """The language of an optional `?session_id=` (English without one); 404 when given but unknown."""
    if session_id is None:
        return default_language_id()
    session = db.session.get(Session, session_id)
    if session is None:
        raise NotFound()
    return session.language_id
