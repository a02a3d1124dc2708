"""Listening/recording sessions: one per client start."""
from datetime import datetime
from typing import Optional

from sqlalchemy import Boolean, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rwflask.models.base import Base
from rwflask.models.localization import Language
from rwflask.models.project import Project
from rwflask.models.user import User


class Session(Base):
    """A client's connection to a project; owned by the user who opened it."""

    __tablename__ = "session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    device_id: Mapped[Optional[str]] = mapped_column(String(255))
    starttime: Mapped[datetime] = mapped_column(DateTime)
    stoptime: Mapped[Optional[datetime]] = mapped_column(DateTime)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    language_id: Mapped[Optional[int]] = mapped_column(ForeignKey("language.id", ondelete="SET NULL"))
    client_type: Mapped[Optional[str]] = mapped_column(String(128))
    client_system: Mapped[Optional[str]] = mapped_column(String(128))
    demo_stream_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    geo_listen_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    timezone: Mapped[str] = mapped_column(String(5), default="0000")

    user: Mapped[Optional[User]] = relationship()
    project: Mapped[Project] = relationship()
    language: Mapped[Optional[Language]] = relationship()
