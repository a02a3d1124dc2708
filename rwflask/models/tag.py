"""Tags, their categories and the tag hierarchy."""
from typing import Optional

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rwflask.models.base import Base
from rwflask.models.geometry import Geometry
from rwflask.models.localization import localized_relationship, localized_table
from rwflask.models.project import Project

TAG_FILTERS = ("", "_within_10km", "_ten_most_recent_days")

_tag_msg = localized_table("tag", "loc_msg")
_tag_description = localized_table("tag", "loc_description")


class TagCategory(Base):
    """A dimension tags belong to (for example "gender" or "question")."""

    __tablename__ = "tag_category"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    data: Mapped[Optional[str]] = mapped_column(Text)


class Tag(Base):
    """Metadata attached to assets and offered to listeners and contributors."""

    __tablename__ = "tag"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[Optional[int]] = mapped_column(ForeignKey("project.id", ondelete="SET NULL"), index=True)
    tag_category_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("tag_category.id", ondelete="SET NULL"), index=True)
    value: Mapped[str] = mapped_column(Text)
    description: Mapped[Optional[str]] = mapped_column(Text)
    data: Mapped[Optional[str]] = mapped_column(Text)
    filter: Mapped[str] = mapped_column(String(255), default="")
    location = mapped_column(Geometry, nullable=True)

    project: Mapped[Optional[Project]] = relationship()
    tag_category: Mapped[Optional[TagCategory]] = relationship()

    loc_msg = localized_relationship(_tag_msg)
    loc_description = localized_relationship(_tag_description)
    relationships: Mapped[list["TagRelationship"]] = relationship(
        foreign_keys="TagRelationship.tag_id", order_by="TagRelationship.id", viewonly=True)


class TagRelationship(Base):
    """A node of the tag tree: `parent_id` points at another TagRelationship."""

    __tablename__ = "tag_relationship"

    id: Mapped[int] = mapped_column(primary_key=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tag.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("tag_relationship.id", ondelete="SET NULL"), index=True)
