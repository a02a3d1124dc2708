"""`languages/` and `localizedstrings/`."""
import pytest

from rwflask.extensions import db
from rwflask.models import Language, LocalizedString
from tests.factories import LocalizedStringFactory


# --- languages/ ----------------------------------------------------------------------------------------

def test_languages_list_is_bare_array_with_roundware_keys(participant, english):
    response = participant.get("/api/2/languages/")
    assert response.status_code == 200
    assert response.json == [{"id": english.id, "name": "English", "language_code": "en"}]


def test_languages_list_requires_a_token(anonymous, english):
    assert anonymous.get("/api/2/languages/").status_code == 401


def test_languages_filter_name_by_case_insensitive_substring(participant, english, spanish):
    assert [lang["id"] for lang in participant.get("/api/2/languages/?name=PANI").json] == [spanish.id]


def test_languages_filter_language_code(participant, english, spanish):
    assert [lang["id"] for lang in participant.get("/api/2/languages/?language_code=es").json] == [spanish.id]


def test_languages_filter_language_code_matches_case_insensitive_substring(participant, english, spanish):
    # Roundware's LanguageFilterSet: language_code = CharFilter(lookup_expr="icontains").
    assert [lang["id"] for lang in participant.get("/api/2/languages/?language_code=S").json] == [spanish.id]


def test_languages_get_one(participant, spanish):
    response = participant.get(f"/api/2/languages/{spanish.id}/")
    assert response.status_code == 200 and response.json["language_code"] == "es"


def test_languages_get_unknown_is_404(participant):
    assert participant.get("/api/2/languages/999/").status_code == 404


def test_languages_create_as_staff(staff):
    response = staff.post("/api/2/languages/", json={"name": "German", "language_code": "de"})
    assert response.status_code == 200
    assert response.json == {"id": response.json["id"], "name": "German", "language_code": "de"}
    assert db.session.get(Language, response.json["id"]).language_code == "de"


def test_languages_create_as_participant_is_403(participant):
    assert participant.post("/api/2/languages/", json={"name": "German", "language_code": "de"}).status_code == 403
    assert db.session.scalars(db.select(Language)).all() == []


@pytest.mark.parametrize("code", ["e", "eng", "en-US", ""])
def test_languages_create_with_code_not_2_characters_is_400(staff, code):
    response = staff.post("/api/2/languages/", json={"name": "X", "language_code": code})
    assert response.status_code == 400
    assert response.json["language_code"] == ["language_code not 2 characters"]


def test_languages_create_without_code_is_400(staff):
    response = staff.post("/api/2/languages/", json={"name": "X"})
    assert response.status_code == 400 and "language_code" in response.json


def test_languages_create_with_existing_code_is_400(staff, english):
    response = staff.post("/api/2/languages/", json={"name": "Other English", "language_code": "en"})
    assert response.status_code == 400
    assert response.json["language_code"] == ["language_code already exists in database"]
    assert db.session.scalars(db.select(Language)).all() == [english]


def test_languages_patch_to_another_languages_code_is_400(staff, english, spanish):
    response = staff.patch(f"/api/2/languages/{spanish.id}/", json={"language_code": "en"})
    assert response.status_code == 400
    assert response.json["language_code"] == ["language_code already exists in database"]


def test_languages_patch_with_its_own_code_is_200(staff, spanish):
    response = staff.patch(f"/api/2/languages/{spanish.id}/", json={"name": "Español", "language_code": "es"})
    assert response.status_code == 200
    assert (response.json["name"], response.json["language_code"]) == ("Español", "es")


def test_languages_patch_with_code_not_2_characters_is_400(staff, spanish):
    response = staff.patch(f"/api/2/languages/{spanish.id}/", json={"language_code": "spa"})
    assert response.status_code == 400
    assert response.json["language_code"] == ["language_code not 2 characters"]


def test_languages_patch_name_only(staff, spanish):
    response = staff.patch(f"/api/2/languages/{spanish.id}/", json={"name": "Castellano"})
    assert response.status_code == 200 and response.json["language_code"] == "es"
    db.session.expire_all()
    assert db.session.get(Language, spanish.id).name == "Castellano"


def test_languages_patch_as_participant_is_403(participant, spanish):
    assert participant.patch(f"/api/2/languages/{spanish.id}/", json={"name": "X"}).status_code == 403


def test_languages_delete_as_staff_is_204(staff, spanish):
    assert staff.delete(f"/api/2/languages/{spanish.id}/").status_code == 204
    db.session.expire_all()
    assert db.session.get(Language, spanish.id) is None


def test_languages_delete_as_participant_is_403(participant, spanish):
    assert participant.delete(f"/api/2/languages/{spanish.id}/").status_code == 403


# --- localizedstrings/ -----------------------------------------------------------------------------------

def test_localizedstrings_list_has_roundware_keys(participant, spanish):
    string = LocalizedStringFactory(localized_string="hola", language=spanish)
    response = participant.get("/api/2/localizedstrings/")
    assert response.status_code == 200
    assert response.json == [{"id": string.id, "language": "es", "language_id": spanish.id, "text": "hola"}]


def test_localizedstrings_get_one(participant, spanish):
    string = LocalizedStringFactory(localized_string="hola", language=spanish)
    response = participant.get(f"/api/2/localizedstrings/{string.id}/")
    assert response.status_code == 200 and response.json["text"] == "hola"


def test_localizedstrings_get_unknown_is_404(participant):
    assert participant.get("/api/2/localizedstrings/999/").status_code == 404


def test_localizedstrings_create_with_text_and_language_id(staff, spanish):
    response = staff.post("/api/2/localizedstrings/", json={"text": "hola", "language_id": spanish.id})
    assert response.status_code == 200
    assert response.json == {"id": response.json["id"], "language": "es", "language_id": spanish.id, "text": "hola"}
    stored = db.session.get(LocalizedString, response.json["id"])
    assert (stored.localized_string, stored.language_id) == ("hola", spanish.id)


def test_localizedstrings_create_accepts_localized_string_alias(staff, spanish):
    response = staff.post("/api/2/localizedstrings/", json={"localized_string": "hola", "language_id": spanish.id})
    assert response.status_code == 200 and response.json["text"] == "hola"


def test_localizedstrings_create_accepts_language_code(staff, english, spanish):
    response = staff.post("/api/2/localizedstrings/", json={"text": "hola", "language": "es"})
    assert response.status_code == 200
    assert (response.json["language"], response.json["language_id"]) == ("es", spanish.id)


def test_localizedstrings_create_with_unknown_language_code_is_400(staff, english):
    response = staff.post("/api/2/localizedstrings/", json={"text": "hallo", "language": "de"})
    assert response.status_code == 400 and "language" in response.json
    assert db.session.scalars(db.select(LocalizedString)).all() == []


def test_localizedstrings_create_without_text_is_400(staff, spanish):
    response = staff.post("/api/2/localizedstrings/", json={"language_id": spanish.id})
    assert response.status_code == 400 and "text" in response.json


def test_localizedstrings_create_without_language_is_400(staff, spanish):
    response = staff.post("/api/2/localizedstrings/", json={"text": "hola"})
    assert response.status_code == 400 and "language_id" in response.json


def test_localizedstrings_create_with_unknown_language_id_is_400(staff, spanish):
    response = staff.post("/api/2/localizedstrings/", json={"text": "hola", "language_id": spanish.id + 100})
    assert response.status_code == 400 and "language_id" in response.json
    assert db.session.scalars(db.select(LocalizedString)).all() == []


def test_localizedstrings_create_as_participant_is_403(participant, spanish):
    response = participant.post("/api/2/localizedstrings/", json={"text": "hola", "language_id": spanish.id})
    assert response.status_code == 403


def test_localizedstrings_patch_text(staff, spanish):
    string = LocalizedStringFactory(localized_string="hola", language=spanish)
    response = staff.patch(f"/api/2/localizedstrings/{string.id}/", json={"text": "buenos días"})
    assert response.status_code == 200
    assert (response.json["text"], response.json["language_id"]) == ("buenos días", spanish.id)


def test_localizedstrings_patch_language_id(staff, english, spanish):
    string = LocalizedStringFactory(localized_string="hola", language=english)
    response = staff.patch(f"/api/2/localizedstrings/{string.id}/", json={"language_id": spanish.id})
    assert response.status_code == 200 and response.json["language"] == "es"


def test_localizedstrings_patch_as_participant_is_403(participant, spanish):
    string = LocalizedStringFactory(language=spanish)
    assert participant.patch(f"/api/2/localizedstrings/{string.id}/", json={"text": "x"}).status_code == 403


def test_localizedstrings_delete_as_staff_is_204(staff, spanish):
    string = LocalizedStringFactory(language=spanish)
    assert staff.delete(f"/api/2/localizedstrings/{string.id}/").status_code == 204
    db.session.expire_all()
    assert db.session.get(LocalizedString, string.id) is None


def test_localizedstrings_filter_language_code(participant, english, spanish):
    wanted = LocalizedStringFactory(language=spanish)
    LocalizedStringFactory(language=english)
    assert [s["id"] for s in participant.get("/api/2/localizedstrings/?language=es").json] == [wanted.id]


def test_localizedstrings_filter_language_code_is_exact(participant, english, spanish):
    # Roundware's LocalizedStringFilterSet: language = CharFilter(field_name="language__language_code").
    LocalizedStringFactory(language=spanish)
    LocalizedStringFactory(language=english)
    assert participant.get("/api/2/localizedstrings/?language=e").json == []


def test_localizedstrings_filter_language_id(participant, english, spanish):
    wanted = LocalizedStringFactory(language=english)
    LocalizedStringFactory(language=spanish)
    response = participant.get(f"/api/2/localizedstrings/?language_id={english.id}")
    assert [s["id"] for s in response.json] == [wanted.id]


def test_localizedstrings_filter_text_by_case_insensitive_substring(participant, english):
    wanted = LocalizedStringFactory(localized_string="Welcome to the Common", language=english)
    LocalizedStringFactory(localized_string="Goodbye", language=english)
    response = participant.get("/api/2/localizedstrings/?localized_string=COMMON")
    assert [s["id"] for s in response.json] == [wanted.id]
