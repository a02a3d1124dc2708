"""factory_boy factories for every model (committed, so the API under test sees them)."""
import factory
from factory.alchemy import SQLAlchemyModelFactory
from shapely.geometry import MultiPolygon, Polygon

from rwflask.extensions import db
from rwflask import geo
from rwflask.models import (Asset, Audiotrack, Envelope, Language, ListenerState, LocalizedString, Project,
                            ProjectGroup, Session, Speaker, Tag, TagCategory, TagRelationship, TimedAsset, UIGroup,
                            UIItem, User, Vote)
from rwflask.models.base import utcnow
from rwflask.models.listener import TrackState


class BaseFactory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "commit"


def square(lat: float, lon: float, half_side_deg: float = 0.001) -> MultiPolygon:
    """A small square MultiPolygon centred on a point."""
    h = half_side_deg
    return MultiPolygon([Polygon([(lon - h, lat - h), (lon - h, lat + h), (lon + h, lat + h), (lon + h, lat - h)])])


class LanguageFactory(BaseFactory):
    class Meta:
        model = Language
        sqlalchemy_get_or_create = ("language_code",)

    language_code = "en"
    name = factory.LazyAttribute(lambda o: {"en": "English", "es": "Spanish", "fr": "French"}.get(
        o.language_code, o.language_code))


class LocalizedStringFactory(BaseFactory):
    class Meta:
        model = LocalizedString

    localized_string = factory.Sequence(lambda n: f"text {n}")
    language = factory.SubFactory(LanguageFactory)


class UserFactory(BaseFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    device_id = factory.Sequence(lambda n: f"device-{n:04d}")
    client_type = "test"
    email = factory.Sequence(lambda n: f"user{n}@example.org")


class StaffFactory(UserFactory):
    username = factory.Sequence(lambda n: f"staff{n}")
    device_id = None
    is_staff = True


class ProjectFactory(BaseFactory):
    class Meta:
        model = Project

    name = factory.Sequence(lambda n: f"Project {n}")
    latitude = 42.0
    longitude = -71.0
    max_recording_length = 30
    sharing_url = "http://example.org/share"
    out_of_range_url = "http://example.org/outofrange.mp3"
    recording_radius = 20
    geo_listen_enabled = True
    languages = factory.LazyFunction(lambda: [LanguageFactory()])


class SessionFactory(BaseFactory):
    class Meta:
        model = Session

    user = factory.SubFactory(UserFactory)
    device_id = factory.SelfAttribute("user.device_id")
    project = factory.SubFactory(ProjectFactory)
    language = factory.SubFactory(LanguageFactory)
    starttime = factory.LazyFunction(utcnow)
    geo_listen_enabled = True


class TagCategoryFactory(BaseFactory):
    class Meta:
        model = TagCategory

    name = factory.Sequence(lambda n: f"category{n}")
    data = ""


class TagFactory(BaseFactory):
    class Meta:
        model = Tag

    project = factory.SubFactory(ProjectFactory)
    tag_category = factory.SubFactory(TagCategoryFactory)
    value = factory.Sequence(lambda n: f"tag{n}")
    description = factory.LazyAttribute(lambda o: f"{o.value} description")
    data = ""


class TagRelationshipFactory(BaseFactory):
    class Meta:
        model = TagRelationship

    tag_id = factory.LazyFunction(lambda: TagFactory().id)
    parent_id = None


class UIGroupFactory(BaseFactory):
    class Meta:
        model = UIGroup

    project = factory.SubFactory(ProjectFactory)
    tag_category = factory.SubFactory(TagCategoryFactory)
    name = factory.Sequence(lambda n: f"group {n}")
    ui_mode = "listen"
    select = "multi"
    active = True
    index = factory.Sequence(lambda n: n)


class UIItemFactory(BaseFactory):
    class Meta:
        model = UIItem

    ui_group = factory.SubFactory(UIGroupFactory)
    tag = factory.SubFactory(TagFactory, project=factory.SelfAttribute("..ui_group.project"),
                             tag_category=factory.SelfAttribute("..ui_group.tag_category"))
    index = factory.Sequence(lambda n: n)
    active = True
    default = False


class AudiotrackFactory(BaseFactory):
    class Meta:
        model = Audiotrack

    project = factory.SubFactory(ProjectFactory)
    minvolume = 0.5
    maxvolume = 1.0
    minduration = 10.0
    maxduration = 30.0
    mindeadair = 1.0
    maxdeadair = 3.0
    minfadeintime = 0.1
    maxfadeintime = 0.5
    minfadeouttime = 0.1
    maxfadeouttime = 2.0
    minpanpos = -0.5
    maxpanpos = 0.5
    minpanduration = 5.0
    maxpanduration = 10.0


class SpeakerFactory(BaseFactory):
    class Meta:
        model = Speaker

    project = factory.SubFactory(ProjectFactory)
    activeyn = True
    code = factory.Sequence(lambda n: f"sp{n}")
    maxvolume = 1.0
    minvolume = 0.0
    uri = "http://example.org/ambient.mp3"
    backupuri = ""
    attenuation_distance = 20
    shape = factory.LazyAttribute(lambda o: square(o.project.latitude, o.project.longitude))
    boundary = factory.LazyAttribute(lambda o: geo.boundary(o.shape))
    attenuation_border = factory.LazyAttribute(lambda o: geo.attenuation_border(o.shape, o.attenuation_distance))


class AssetFactory(BaseFactory):
    class Meta:
        model = Asset

    project_id = factory.LazyFunction(lambda: ProjectFactory().id)
    latitude = 42.0
    longitude = -71.0
    filename = factory.Sequence(lambda n: f"asset{n}.mp3")
    file = factory.Sequence(lambda n: f"asset{n}.wav")
    audio_length = 12.5
    start_time = 0.0
    end_time = 12.5
    submitted = True
    mediatype = "audio"


class EnvelopeFactory(BaseFactory):
    class Meta:
        model = Envelope

    session_id = factory.LazyFunction(lambda: SessionFactory().id)


class TimedAssetFactory(BaseFactory):
    class Meta:
        model = TimedAsset

    asset_id = factory.LazyFunction(lambda: AssetFactory().id)
    project_id = factory.LazyAttribute(lambda o: db.session.get(Asset, o.asset_id).project_id)
    start = 10.0
    end = 60.0


class VoteFactory(BaseFactory):
    class Meta:
        model = Vote

    session_id = factory.LazyFunction(lambda: SessionFactory().id)
    asset_id = factory.LazyFunction(lambda: AssetFactory().id)
    type = "like"


class ProjectGroupFactory(BaseFactory):
    class Meta:
        model = ProjectGroup

    name = factory.Sequence(lambda n: f"group {n}")
    active = True
    description = ""


def text_in(language, text: str) -> LocalizedString:
    """A localized string in `language`."""
    return LocalizedStringFactory(localized_string=text, language=language)


class ListenerStateFactory(BaseFactory):
    """A session that asked for a stream, not placed on a render node."""

    class Meta:
        model = ListenerState

    session_id = factory.LazyFunction(lambda: SessionFactory().id)
    latitude = 42.0
    longitude = -71.0


def on_slot(state: ListenerState, node: str, slot: int, tracks: int = 1) -> ListenerState:
    """The state of a live stream on a node's slot, with idle tracks."""
    state.node, state.slot, state.tracks = node, slot, [TrackState() for _ in range(tracks)]
    db.session.commit()
    return state
