"""Speakers: ambient sound zones mixed into streams by the listener's location."""
from sqlalchemy import Boolean, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rwflask.models.base import Base
from rwflask.models.geometry import Geometry
from rwflask.models.project import Project


class Speaker(Base):
    """A polygon that plays a continuous audio stream, fading in over `attenuation_distance` metres."""

    __tablename__ = "speaker"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    activeyn: Mapped[bool] = mapped_column(Boolean, default=False)
    code: Mapped[str] = mapped_column(String(10))
    maxvolume: Mapped[float] = mapped_column(Float)
    minvolume: Mapped[float] = mapped_column(Float)
    uri: Mapped[str] = mapped_column(String(512))
    backupuri: Mapped[str] = mapped_column(String(512), default="")
    shape = mapped_column(Geometry, nullable=True)
    boundary = mapped_column(Geometry, nullable=True)
    attenuation_distance: Mapped[int] = mapped_column(Integer)
    attenuation_border = mapped_column(Geometry, nullable=True)

    project: Mapped[Project] = relationship()
