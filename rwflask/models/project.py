"""Projects and project groups."""
from datetime import datetime
from typing import Optional

from sqlalchemy import Boolean, Column, DateTime, Float, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rwflask.models.base import Base, utcnow
from rwflask.models.localization import Language, localized_relationship, localized_table

project_language = Table(
    "project_language",
    Base.metadata,
    Column("project_id", Integer, ForeignKey("project.id", ondelete="CASCADE"), primary_key=True),
    Column("language_id", Integer, ForeignKey("language.id", ondelete="CASCADE"), primary_key=True, index=True),
)

LOCALIZED_PROJECT_FIELDS = (
    "sharing_message_loc", "out_of_range_message_loc", "description_loc", "legal_agreement_loc",
    "demo_stream_message_loc",
)
_loc_tables = {field: localized_table("project", field) for field in LOCALIZED_PROJECT_FIELDS}

REPEAT_MODES = ("stop", "continuous")
ORDERINGS = ("random", "by_like", "by_weight")
BITRATES = ("64", "96", "112", "128", "160", "192", "256", "320")


class Project(Base):
    """A Roundware installation: its place, its languages and how it listens and records."""

    __tablename__ = "project"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    owner: Mapped[str] = mapped_column(String(128), default="")
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    pub_date: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    audio_format: Mapped[str] = mapped_column(String(50), default="mp3")
    auto_submit: Mapped[bool] = mapped_column(Boolean, default=False)
    max_recording_length: Mapped[int] = mapped_column(Integer)
    listen_questions_dynamic: Mapped[bool] = mapped_column(Boolean, default=False)
    speak_questions_dynamic: Mapped[bool] = mapped_column(Boolean, default=False)
    sharing_url: Mapped[str] = mapped_column(String(512))
    out_of_range_url: Mapped[str] = mapped_column(String(512))
    recording_radius: Mapped[Optional[int]] = mapped_column(Integer)
    listen_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    geo_listen_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    speak_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    geo_speak_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    reset_tag_defaults_on_startup: Mapped[bool] = mapped_column(Boolean, default=False)
    timed_asset_priority: Mapped[bool] = mapped_column(Boolean, default=True)
    repeat_mode: Mapped[str] = mapped_column(String(10), default="stop")
    files_url: Mapped[str] = mapped_column(String(512), default="")
    files_version: Mapped[str] = mapped_column(String(16), default="")
    audio_stream_bitrate: Mapped[str] = mapped_column(String(3), default="128")
    ordering: Mapped[str] = mapped_column(String(16), default="random")
    demo_stream_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    demo_stream_url: Mapped[str] = mapped_column(String(512), default="")
    out_of_range_distance: Mapped[float] = mapped_column(Float, default=1000.0)

    languages: Mapped[list[Language]] = relationship(secondary=project_language, order_by=Language.id)
    sharing_message_loc = localized_relationship(_loc_tables["sharing_message_loc"])
    out_of_range_message_loc = localized_relationship(_loc_tables["out_of_range_message_loc"])
    description_loc = localized_relationship(_loc_tables["description_loc"])
    legal_agreement_loc = localized_relationship(_loc_tables["legal_agreement_loc"])
    demo_stream_message_loc = localized_relationship(_loc_tables["demo_stream_message_loc"])


project_group_project = Table(
    "project_group_project",
    Base.metadata,
    Column("project_group_id", Integer, ForeignKey("project_group.id", ondelete="CASCADE"), primary_key=True),
    Column("project_id", Integer, ForeignKey("project.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class ProjectGroup(Base):
    """A named set of projects a client can choose from by location."""

    __tablename__ = "project_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    description: Mapped[str] = mapped_column(Text, default="")

    projects: Mapped[list[Project]] = relationship(secondary=project_group_project, order_by=Project.id)
