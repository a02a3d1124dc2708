"""Picking a localized string: session language, else English, no fallback."""
import pytest

from rwflask.errors import Invalid
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


def test_session_language_is_the_sessions():
    LanguageFactory()
    session = SessionFactory(language=LanguageFactory(language_code="fr"))
    assert localization.session_language_id(session.id) == session.language_id


def test_no_session_means_english():
    english = LanguageFactory()
    assert localization.session_language_id(None) == english.id


def test_unknown_session_is_invalid_session_id():
    with pytest.raises(Invalid) as error:
        localization.session_language_id(999999)
    assert error.value.field == "session_id"
