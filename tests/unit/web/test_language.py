"""The language a request's localized fields are rendered in."""
from rwflask.web import language
from tests.factories import LanguageFactory, SessionFactory


def test_response_language_defaults_to_english(app):
    english = LanguageFactory()
    with app.test_request_context("/"):
        assert language.response_language_id() == english.id


def test_response_language_follows_session(app):
    LanguageFactory()
    session = SessionFactory(language=LanguageFactory(language_code="fr"))
    with app.test_request_context("/"):
        language.localize_by_session({"session_id": session.id})
        assert language.response_language_id() == session.language_id


def test_without_english_row_language_is_none(app):
    with app.test_request_context("/"):
        assert language.response_language_id() is None
