"""Picking a localized string: session language, else English, no fallback."""
from flask import g

from rwflask.services import localization
from tests.factories import LanguageFactory, LocalizedStringFactory, SessionFactory


def test_pick_returns_first_string_in_language():
    es = LanguageFactory(language_code="es")
    strings = [LocalizedStringFactory(language=LanguageFactory(), localized_string="hello"),
               LocalizedStringFactory(language=es, localized_string="hola"),
               LocalizedStringFactory(language=es, localized_string="buenas")]
    assert localization.pick(strings, es.id) == "hola"


def test_pick_has_no_fallback_to_english():
    strings = [LocalizedStringFactory(language=LanguageFactory(), localized_string="hello")]
    assert localization.pick(strings, LanguageFactory(language_code="fr").id) is None


def test_response_language_defaults_to_english(app):
    english = LanguageFactory()
    with app.test_request_context("/"):
        assert localization.response_language_id() == english.id


def test_response_language_follows_session(app):
    LanguageFactory()
    session = SessionFactory(language=LanguageFactory(language_code="fr"))
    with app.test_request_context("/"):
        localization.localize_by_session({"session_id": session.id})
        assert g.rw_language_id == session.language_id


def test_without_english_row_language_is_none(app):
    with app.test_request_context("/"):
        assert localization.response_language_id() is None
