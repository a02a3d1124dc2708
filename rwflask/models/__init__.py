"""All models, imported here so that Alembic and `create_all` see every table."""
from rwflask.models.asset import Asset, Envelope, TimedAsset, Vote
from rwflask.models.audiotrack import Audiotrack
from rwflask.models.base import Base
from rwflask.models.event import Event, ListenEvent
from rwflask.models.generation import Generation
from rwflask.models.listener import ListenerState, NodeFeed, SlotRelease
from rwflask.models.localization import Language, LocalizedString
from rwflask.models.project import Project, ProjectGroup
from rwflask.models.session import Session
from rwflask.models.speaker import Speaker
from rwflask.models.tag import Tag, TagCategory, TagRelationship
from rwflask.models.ui import UIGroup, UIItem
from rwflask.models.user import Token, User

__all__ = [
    "Asset", "Audiotrack", "Base", "Envelope", "Event", "Generation", "Language", "ListenEvent",
    "ListenerState", "LocalizedString", "NodeFeed", "Project", "ProjectGroup", "Session", "SlotRelease", "Speaker",
    "Tag", "TagCategory", "TagRelationship", "TimedAsset", "Token", "UIGroup", "UIItem", "User",
    "Vote"
]
