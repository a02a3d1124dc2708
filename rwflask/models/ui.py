"""How a project's tags are presented to listeners and contributors."""
from typing import Optional

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rwflask.models.base import Base
from rwflask.models.localization import localized_relationship, localized_table
from rwflask.models.project import Project
from rwflask.models.tag import Tag, TagCategory

UI_MODES = ("listen", "speak", "browse")
SELECT_MODES = ("single", "multi", "min_one")

_header_text = localized_table("ui_group", "header_text_loc")


class UIGroup(Base):
    """One question of the listen or speak screen, bound to a tag category."""

    __tablename__ = "ui_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    ui_mode: Mapped[str] = mapped_column(String(6), default="listen")
    tag_category_id: Mapped[int] = mapped_column(ForeignKey("tag_category.id", ondelete="CASCADE"), index=True)
    select: Mapped[str] = mapped_column(String(7), default="single")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    index: Mapped[int] = mapped_column(Integer)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)

    header_text_loc = localized_relationship(_header_text)
    project: Mapped[Project] = relationship()
    tag_category: Mapped[TagCategory] = relationship()
    ui_items: Mapped[list["UIItem"]] = relationship(
        back_populates="ui_group", order_by="(UIItem.index, UIItem.id)", passive_deletes=True)


class UIItem(Base):
    """One answer (a tag) inside a UI group; speak items may depend on a parent item."""

    __tablename__ = "ui_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    ui_group_id: Mapped[int] = mapped_column(ForeignKey("ui_group.id", ondelete="CASCADE"), index=True)
    index: Mapped[int] = mapped_column(Integer)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tag.id", ondelete="CASCADE"), index=True)
    default: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("ui_item.id", ondelete="SET NULL"), index=True)

    ui_group: Mapped[UIGroup] = relationship(back_populates="ui_items")
    tag: Mapped[Tag] = relationship()
