"""Languages, localized strings and the association tables that make a field localizable."""
from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rwflask.models.base import Base


class Language(Base):
    """A language a project and its strings can be offered in (ISO 639-1 code)."""

    __tablename__ = "language"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20), default="")
    language_code: Mapped[str] = mapped_column(String(10), unique=True)


class LocalizedString(Base):
    """One text in one language."""

    __tablename__ = "localized_string"

    id: Mapped[int] = mapped_column(primary_key=True)
    localized_string: Mapped[str] = mapped_column(Text, default="")
    language_id: Mapped[int] = mapped_column(ForeignKey("language.id", ondelete="CASCADE"), index=True)

    language: Mapped[Language] = relationship(lazy="joined")


def localized_table(owner_table: str, field: str) -> Table:
    """Association table linking rows of `owner_table` to the strings of one localized field."""
    return Table(
        f"{owner_table}_{field}",
        Base.metadata,
        Column(f"{owner_table}_id", Integer, ForeignKey(f"{owner_table}.id", ondelete="CASCADE"), primary_key=True),
        Column("localized_string_id", Integer, ForeignKey("localized_string.id", ondelete="CASCADE"),
               primary_key=True, index=True),
    )


def localized_relationship(table: Table):
    """Relationship to the LocalizedStrings of one localized field, in id order."""
    return relationship(LocalizedString, secondary=table, order_by=LocalizedString.id)
