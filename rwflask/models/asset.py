"""Assets (contributed media), the envelopes they arrive in, timed assets and votes."""
from datetime import datetime
from typing import Optional

from sqlalchemy import Boolean, Column, DateTime, Float, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rwflask.models.base import Base, utcnow
from rwflask.models.geometry import Geometry
from rwflask.models.localization import localized_relationship, localized_table
from rwflask.models.tag import Tag
from rwflask.models.user import User

MEDIA_TYPES = ("audio", "video", "photo", "text")
# Audio is converted by a worker after upload: pending -> processing -> ready (or failed).
PROCESSING_STATES = ("pending", "processing", "ready", "failed")
VOTE_TYPES = ("like", "flag", "rate", "block_asset", "block_user")

asset_tag = Table(
    "asset_tag",
    Base.metadata,
    Column("asset_id", Integer, ForeignKey("asset.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", Integer, ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True, index=True),
)
envelope_asset = Table(
    "envelope_asset",
    Base.metadata,
    Column("envelope_id", Integer, ForeignKey("envelope.id", ondelete="CASCADE"), primary_key=True),
    Column("asset_id", Integer, ForeignKey("asset.id", ondelete="CASCADE"), primary_key=True, index=True),
)
_asset_description = localized_table("asset", "loc_description")
_asset_alt_text = localized_table("asset", "loc_alt_text")


class Asset(Base):
    """One contributed piece of media with its place, tags and playback region (seconds)."""

    __tablename__ = "asset"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[Optional[int]] = mapped_column(ForeignKey("session.id", ondelete="SET NULL"), index=True)
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    project_id: Mapped[Optional[int]] = mapped_column(ForeignKey("project.id", ondelete="SET NULL"), index=True)
    language_id: Mapped[Optional[int]] = mapped_column(ForeignKey("language.id", ondelete="SET NULL"))
    latitude: Mapped[Optional[float]] = mapped_column(Float)
    longitude: Mapped[Optional[float]] = mapped_column(Float)
    shape = mapped_column(Geometry, nullable=True)
    filename: Mapped[Optional[str]] = mapped_column(String(256))  # the playable file (MP3 for audio)
    file: Mapped[Optional[str]] = mapped_column(String(256))  # the original upload, kept as received
    processing_state: Mapped[str] = mapped_column(String(12), default="ready", index=True)
    # The worker converting the asset (a token per claim) holds it until this time, unless it renews it.
    processing_owner: Mapped[Optional[str]] = mapped_column(String(32))
    processing_lease_until: Mapped[Optional[datetime]] = mapped_column(DateTime)
    volume: Mapped[Optional[float]] = mapped_column(Float, default=1.0)
    submitted: Mapped[bool] = mapped_column(Boolean, default=True)
    created: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    updated: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    audio_length: Mapped[Optional[float]] = mapped_column(Float)
    start_time: Mapped[Optional[float]] = mapped_column(Float)
    end_time: Mapped[Optional[float]] = mapped_column(Float)
    weight: Mapped[int] = mapped_column(Integer, default=50)
    mediatype: Mapped[str] = mapped_column(String(16), default="audio")
    description: Mapped[str] = mapped_column(Text, default="")

    tags: Mapped[list[Tag]] = relationship(secondary=asset_tag, order_by=Tag.id)
    loc_description = localized_relationship(_asset_description)
    loc_alt_text = localized_relationship(_asset_alt_text)
    envelopes: Mapped[list["Envelope"]] = relationship(
        secondary=envelope_asset, back_populates="assets", order_by="Envelope.id")
    user: Mapped[Optional[User]] = relationship()


class Envelope(Base):
    """A bundle of assets contributed together in one session."""

    __tablename__ = "envelope"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"), index=True)
    created: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    assets: Mapped[list[Asset]] = relationship(
        secondary=envelope_asset, back_populates="envelopes", order_by=Asset.id)


class TimedAsset(Base):
    """An asset made available between `start` and `end` seconds after a stream starts."""

    __tablename__ = "timed_asset"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("asset.id", ondelete="CASCADE"), index=True)
    start: Mapped[float] = mapped_column(Float)
    end: Mapped[float] = mapped_column(Float)


class Vote(Base):
    """A listener's opinion on an asset (like, flag, rate) or a block."""

    __tablename__ = "vote"

    id: Mapped[int] = mapped_column(primary_key=True)
    voter_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    value: Mapped[Optional[int]] = mapped_column(Integer)
    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"), index=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("asset.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(16))
