"""`uiitems/`: staff CRUD, defaults, the item tree (parent_id is another UI item) and filters."""
import pytest
from sqlalchemy import select

from rwflask.extensions import db
from rwflask.models import UIItem
from tests.factories import ProjectFactory, TagFactory, UIGroupFactory, UIItemFactory

ITEM_KEYS = ["id", "index", "default", "active", "ui_group_id", "tag_id", "parent_id"]


@pytest.fixture
def item_input():
    """A valid creation body."""
    group = UIGroupFactory()
    return {"ui_group_id": group.id, "tag_id": TagFactory(project=group.project).id, "index": 2}


def _ids(response):
    return [i["id"] for i in response.json]


def _stored_parent_id(item_id: int):
    """The parent_id stored in the database (not the session's copy)."""
    return db.session.execute(select(UIItem.parent_id).where(UIItem.id == item_id)).scalar_one()


# --- create ----------------------------------------------------------------------------------

def test_create_item_returns_keys_in_order(staff, item_input):
    response = staff.post("/api/2/uiitems/", json={**item_input, "default": True, "active": True})
    assert response.status_code == 200
    assert list(response.json) == ITEM_KEYS
    body = response.json
    assert (body["index"], body["default"], body["active"]) == (2, True, True)
    assert (body["ui_group_id"], body["tag_id"], body["parent_id"]) == (item_input["ui_group_id"],
                                                                      item_input["tag_id"], None)


def test_create_item_defaults_to_not_default(staff, item_input):
    assert staff.post("/api/2/uiitems/", json=item_input).json["default"] is False


def test_create_item_defaults_to_inactive(staff, item_input):
    assert staff.post("/api/2/uiitems/", json=item_input).json["active"] is False


@pytest.mark.parametrize("field", ["ui_group_id", "tag_id", "index"])
def test_create_item_without_required_field_is_400(staff, item_input, field):
    del item_input[field]
    response = staff.post("/api/2/uiitems/", json=item_input)
    assert response.status_code == 400 and field in response.json


@pytest.mark.parametrize("field", ["ui_group_id", "tag_id", "parent_id"])
def test_create_item_with_unknown_reference_is_400(staff, item_input, field):
    response = staff.post("/api/2/uiitems/", json={**item_input, field: 9999})
    assert response.status_code == 400 and field in response.json


def test_create_child_item(staff, item_input):
    parent = UIItemFactory()
    response = staff.post("/api/2/uiitems/", json={**item_input, "parent_id": parent.id})
    assert response.status_code == 200 and response.json["parent_id"] == parent.id


def test_parent_id_must_name_an_item_not_a_tag(staff, item_input):
    tags = [TagFactory() for _ in range(3)]
    item = UIItemFactory(tag=tags[0])
    existing = {i["id"] for i in staff.get("/api/2/uiitems/").json}
    tag_only_id = next(t.id for t in tags if t.id not in existing)
    assert item.id in existing
    response = staff.post("/api/2/uiitems/", json={**item_input, "parent_id": tag_only_id})
    assert response.status_code == 400 and "parent_id" in response.json


# --- the item tree ---------------------------------------------------------------------------

def test_item_cannot_be_its_own_parent(staff):
    item = UIItemFactory()
    response = staff.patch(f"/api/2/uiitems/{item.id}/", json={"parent_id": item.id})
    assert response.status_code == 400 and "parent_id" in response.json


def test_item_cannot_become_its_own_ancestor(staff):
    root = UIItemFactory()
    child = UIItemFactory(parent_id=root.id)
    grandchild = UIItemFactory(parent_id=child.id)
    response = staff.patch(f"/api/2/uiitems/{root.id}/", json={"parent_id": grandchild.id})
    assert response.status_code == 400 and "parent_id" in response.json
    assert _stored_parent_id(root.id) is None


def test_item_can_move_under_another_parent(staff):
    left, right = UIItemFactory(), UIItemFactory()
    node = UIItemFactory(parent_id=left.id)
    response = staff.patch(f"/api/2/uiitems/{node.id}/", json={"parent_id": right.id})
    assert response.status_code == 200 and response.json["parent_id"] == right.id


def test_deleting_parent_orphans_children(staff):
    root_id = UIItemFactory().id
    child_id = UIItemFactory(parent_id=root_id).id
    assert staff.delete(f"/api/2/uiitems/{root_id}/").status_code == 204
    assert staff.get(f"/api/2/uiitems/{child_id}/").json["parent_id"] is None


# --- read, update, delete --------------------------------------------------------------------

def test_list_items_ordered_by_index(staff):
    late, early = UIItemFactory(index=9), UIItemFactory(index=1)
    assert _ids(staff.get("/api/2/uiitems/")) == [early.id, late.id]


def test_get_item(staff):
    item = UIItemFactory(default=True, active=False)
    assert staff.get(f"/api/2/uiitems/{item.id}/").json == {
        "id": item.id, "index": item.index, "default": True, "active": False, "ui_group_id": item.ui_group_id,
        "tag_id": item.tag_id, "parent_id": None}


def test_get_unknown_item_is_404(staff):
    assert staff.get("/api/2/uiitems/9999/").status_code == 404


def test_patch_item_changes_only_given_fields(staff):
    item = UIItemFactory(index=3, default=True)
    body = staff.patch(f"/api/2/uiitems/{item.id}/", json={"active": False}).json
    assert (body["active"], body["index"], body["default"]) == (False, 3, True)


def test_patch_item_to_unknown_group_is_400(staff):
    item = UIItemFactory()
    response = staff.patch(f"/api/2/uiitems/{item.id}/", json={"ui_group_id": 9999})
    assert response.status_code == 400 and "ui_group_id" in response.json


def test_delete_item_is_204(staff):
    item_id = UIItemFactory().id
    assert staff.delete(f"/api/2/uiitems/{item_id}/").status_code == 204
    assert staff.get(f"/api/2/uiitems/{item_id}/").status_code == 404


def test_participant_cannot_create_item(participant, item_input):
    assert participant.post("/api/2/uiitems/", json=item_input).status_code == 403


def test_anonymous_cannot_list_items(anonymous):
    assert anonymous.get("/api/2/uiitems/").status_code == 401


# --- filters ---------------------------------------------------------------------------------

def test_filter_by_group(staff):
    mine = UIItemFactory()
    UIItemFactory()
    assert _ids(staff.get(f"/api/2/uiitems/?ui_group_id={mine.ui_group_id}")) == [mine.id]


def test_filter_by_tag(staff):
    mine = UIItemFactory()
    UIItemFactory()
    assert _ids(staff.get(f"/api/2/uiitems/?tag_id={mine.tag_id}")) == [mine.id]


@pytest.mark.parametrize("value", ["true", "1"])
def test_filter_active(staff, value):
    mine = UIItemFactory(active=True)
    UIItemFactory(active=False)
    assert _ids(staff.get(f"/api/2/uiitems/?active={value}")) == [mine.id]


def test_filter_inactive(staff):
    mine = UIItemFactory(active=False)
    UIItemFactory(active=True)
    assert _ids(staff.get("/api/2/uiitems/?active=false")) == [mine.id]


def test_filter_by_parent(staff):
    root = UIItemFactory()
    child = UIItemFactory(parent_id=root.id)
    UIItemFactory()
    assert _ids(staff.get(f"/api/2/uiitems/?parent_id={root.id}")) == [child.id]


def test_filter_default(staff):
    mine = UIItemFactory(default=True)
    UIItemFactory(default=False)
    assert _ids(staff.get("/api/2/uiitems/?default=true")) == [mine.id]


def test_filter_by_index(staff):
    mine = UIItemFactory(index=4)
    UIItemFactory(index=5)
    assert _ids(staff.get("/api/2/uiitems/?index=4")) == [mine.id]


def test_filter_by_project_through_group(staff):
    project = ProjectFactory()
    group = UIGroupFactory(project=project)
    mine = [UIItemFactory(ui_group=group, index=i) for i in (1, 2)]
    UIItemFactory()
    assert _ids(staff.get(f"/api/2/uiitems/?project_id={project.id}")) == [i.id for i in mine]


def test_filter_by_project_combines_with_other_filters(staff):
    project = ProjectFactory()
    group = UIGroupFactory(project=project)
    mine = UIItemFactory(ui_group=group, default=True)
    UIItemFactory(ui_group=group, default=False)
    UIItemFactory(default=True)
    assert _ids(staff.get(f"/api/2/uiitems/?project_id={project.id}&default=true")) == [mine.id]
