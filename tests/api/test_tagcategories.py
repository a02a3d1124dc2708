"""`tagcategories/`: CRUD, name validation and the name filter."""
import pytest

from tests.factories import TagCategoryFactory, TagFactory


def test_create_category_returns_id_name_data(staff):
    response = staff.post("/api/2/tagcategories/", json={"name": "gender", "data": "x=1"})
    assert response.status_code == 200
    assert list(response.json) == ["id", "name", "data"]
    assert response.json["name"] == "gender" and response.json["data"] == "x=1"


def test_create_category_without_data_gives_null(staff):
    response = staff.post("/api/2/tagcategories/", json={"name": "question"})
    assert response.status_code == 200 and response.json["data"] is None


def test_create_category_without_name_is_400(staff):
    response = staff.post("/api/2/tagcategories/", json={"data": "x"})
    assert response.status_code == 400
    assert response.json["name"] == ["Missing data for required field."]


def test_create_category_with_empty_name_is_400(staff):
    response = staff.post("/api/2/tagcategories/", json={"name": ""})
    assert response.status_code == 400 and "name" in response.json


def test_name_of_50_characters_is_accepted(staff):
    response = staff.post("/api/2/tagcategories/", json={"name": "n" * 50})
    assert response.status_code == 200 and response.json["name"] == "n" * 50


def test_name_longer_than_50_characters_is_400(staff):
    response = staff.post("/api/2/tagcategories/", json={"name": "n" * 51})
    assert response.status_code == 400 and "name" in response.json


def test_create_category_ignores_given_id(staff):
    existing = TagCategoryFactory()
    response = staff.post("/api/2/tagcategories/", json={"id": existing.id, "name": "other"})
    assert response.status_code == 200 and response.json["id"] != existing.id


def test_list_categories_in_id_order(staff):
    first, second = TagCategoryFactory(), TagCategoryFactory()
    assert [c["id"] for c in staff.get("/api/2/tagcategories/").json] == [first.id, second.id]


def test_get_category(staff):
    category = TagCategoryFactory(name="mood", data="d")
    assert staff.get(f"/api/2/tagcategories/{category.id}/").json == {"id": category.id, "name": "mood", "data": "d"}


def test_get_unknown_category_is_404(staff):
    assert staff.get("/api/2/tagcategories/9999/").status_code == 404


def test_patch_category_name(staff):
    category = TagCategoryFactory(name="old", data="keep")
    body = staff.patch(f"/api/2/tagcategories/{category.id}/", json={"name": "new"}).json
    assert body["name"] == "new" and body["data"] == "keep"


def test_patch_category_with_too_long_name_is_400(staff):
    category = TagCategoryFactory()
    response = staff.patch(f"/api/2/tagcategories/{category.id}/", json={"name": "n" * 51})
    assert response.status_code == 400 and "name" in response.json


def test_patch_category_name_to_null_is_400(staff):
    category = TagCategoryFactory()
    response = staff.patch(f"/api/2/tagcategories/{category.id}/", json={"name": None})
    assert response.status_code == 400 and "name" in response.json


def test_delete_category_is_204(staff):
    category = TagCategoryFactory()
    assert staff.delete(f"/api/2/tagcategories/{category.id}/").status_code == 204
    assert staff.get(f"/api/2/tagcategories/{category.id}/").status_code == 404


def test_delete_category_keeps_its_tags_without_category(staff):
    category = TagCategoryFactory()
    tag = TagFactory(tag_category=category)
    staff.delete(f"/api/2/tagcategories/{category.id}/")
    body = staff.get(f"/api/2/tags/{tag.id}/").json
    assert body["tag_category_id"] is None


def test_participant_cannot_create_category(participant):
    assert participant.post("/api/2/tagcategories/", json={"name": "x"}).status_code == 403


def test_participant_can_list_categories(participant):
    category = TagCategoryFactory()
    assert [c["id"] for c in participant.get("/api/2/tagcategories/").json] == [category.id]


def test_anonymous_cannot_list_categories(anonymous):
    assert anonymous.get("/api/2/tagcategories/").status_code == 401


@pytest.mark.parametrize("query", ["gend", "GEND", "ende"])
def test_filter_name_is_case_insensitive_substring(staff, query):
    mine = TagCategoryFactory(name="Gender")
    TagCategoryFactory(name="age")
    assert [c["id"] for c in staff.get(f"/api/2/tagcategories/?name={query}").json] == [mine.id]


def test_filter_name_without_match_is_empty(staff):
    TagCategoryFactory(name="Gender")
    assert staff.get("/api/2/tagcategories/?name=zzz").json == []
