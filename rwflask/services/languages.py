"""Languages and localized strings."""
from sqlalchemy import select

from rwflask.errors import Invalid
from rwflask.extensions import db
from rwflask.models import Language, LocalizedString
from rwflask.services.localization import language_id_for_code
from rwflask.services.records import RecordService


def _unique_code(language: Language) -> None:
    taken = db.session.scalar(select(Language.id).where(Language.language_code == language.language_code,
                                                        Language.id != language.id))
    if taken is not None:
        raise Invalid("language_code", "language_code already exists in database")


languages = RecordService(
    Language,
    filters={"name": (Language.name, "icontains"), "language_code": (Language.language_code, "icontains")},
    prepare=_unique_code,
)


class LocalizedStringService(RecordService):
    """Localized strings, whose language may be given by code (`language`) instead of id."""

    def update(self, record, data):
        """Apply changes, resolving a language code and requiring a language on new strings."""
        data = dict(data)
        code = data.pop("language", None)
        if code and "language_id" not in data:
            data["language_id"] = language_id_for_code(code)
            if data["language_id"] is None:
                raise Invalid("language", f"Language Code {code} not found")
        if record.id is None and data.get("language_id") is None:
            raise Invalid("language_id", "This field is required.")
        return super().update(record, data)


def _language_code_filter(stmt, args):
    if args.get("language"):
        stmt = stmt.join(Language).where(Language.language_code == args["language"])
    return stmt


localized_strings = LocalizedStringService(
    LocalizedString,
    filters={"language_id": (LocalizedString.language_id, "eq"),
             "localized_string": (LocalizedString.localized_string, "icontains")},
    references={"language_id": Language},
    custom_filters=_language_code_filter,
)

