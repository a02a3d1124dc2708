"""Audiotracks: the voice layers of a stream, with their timing and mixing ranges (seconds)."""
from sqlalchemy import Boolean, Column, Float, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rwflask.models.base import Base
from rwflask.models.project import Project
from rwflask.models.tag import Tag

TIMED_ASSET_PRIORITIES = ("highest", "normal", "lowest", "discard")

audiotrack_tag_filter = Table(
    "audiotrack_tag_filter",
    Base.metadata,
    Column("audiotrack_id", Integer, ForeignKey("audiotrack.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", Integer, ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Audiotrack(Base):
    """One layer of a stream that plays assets one after another with dead air between them."""

    __tablename__ = "audiotrack"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    minvolume: Mapped[float] = mapped_column(Float)
    maxvolume: Mapped[float] = mapped_column(Float)
    minduration: Mapped[float] = mapped_column(Float)
    maxduration: Mapped[float] = mapped_column(Float)
    mindeadair: Mapped[float] = mapped_column(Float)
    maxdeadair: Mapped[float] = mapped_column(Float)
    minfadeintime: Mapped[float] = mapped_column(Float)
    maxfadeintime: Mapped[float] = mapped_column(Float)
    minfadeouttime: Mapped[float] = mapped_column(Float)
    maxfadeouttime: Mapped[float] = mapped_column(Float)
    minpanpos: Mapped[float] = mapped_column(Float)
    maxpanpos: Mapped[float] = mapped_column(Float)
    minpanduration: Mapped[float] = mapped_column(Float)
    maxpanduration: Mapped[float] = mapped_column(Float)
    repeatrecordings: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    start_with_silence: Mapped[bool] = mapped_column(Boolean, default=False)
    banned_duration: Mapped[int] = mapped_column(Integer, default=0)
    fadeout_when_filtered: Mapped[bool] = mapped_column(Boolean, default=False)
    timed_asset_priority: Mapped[str] = mapped_column(String(10), default="normal")

    project: Mapped[Project] = relationship()
    tag_filters: Mapped[list[Tag]] = relationship(secondary=audiotrack_tag_filter, order_by=Tag.id)
