"""`tagrelationships/`: the tag tree (parent_id is another tag relationship)."""
from sqlalchemy import select

from rwflask.extensions import db
from rwflask.models import TagRelationship
from tests.factories import TagFactory, TagRelationshipFactory


def _stored_parent_id(relationship_id: int):
    """The parent_id stored in the database (not the session's copy)."""
    return db.session.execute(select(TagRelationship.parent_id)
                              .where(TagRelationship.id == relationship_id)).scalar_one()


def test_create_root_relationship(staff):
    tag = TagFactory()
    response = staff.post("/api/2/tagrelationships/", json={"tag_id": tag.id})
    assert response.status_code == 200
    assert list(response.json) == ["id", "tag_id", "parent_id"]
    assert response.json["tag_id"] == tag.id and response.json["parent_id"] is None


def test_create_child_relationship_points_at_relationship(staff):
    parent = TagRelationshipFactory()
    tag = TagFactory()
    response = staff.post("/api/2/tagrelationships/", json={"tag_id": tag.id, "parent_id": parent.id})
    assert response.status_code == 200 and response.json["parent_id"] == parent.id


def test_parent_id_must_name_a_relationship_not_a_tag(staff):
    tags = [TagFactory() for _ in range(3)]
    relationship = TagRelationshipFactory(tag_id=tags[0].id)
    tag_only_id = next(t.id for t in tags if t.id != relationship.id)
    response = staff.post("/api/2/tagrelationships/", json={"tag_id": tags[1].id, "parent_id": tag_only_id})
    assert response.status_code == 400 and "parent_id" in response.json


def test_create_without_tag_is_400(staff):
    response = staff.post("/api/2/tagrelationships/", json={"parent_id": None})
    assert response.status_code == 400
    assert response.json["tag_id"] == ["Missing data for required field."]


def test_create_with_unknown_tag_is_400(staff):
    response = staff.post("/api/2/tagrelationships/", json={"tag_id": 9999})
    assert response.status_code == 400 and "tag_id" in response.json


def test_create_with_unknown_parent_is_400(staff):
    tag = TagFactory()
    response = staff.post("/api/2/tagrelationships/", json={"tag_id": tag.id, "parent_id": 9999})
    assert response.status_code == 400 and "parent_id" in response.json


def test_relationship_cannot_be_its_own_parent(staff):
    relationship = TagRelationshipFactory()
    response = staff.patch(f"/api/2/tagrelationships/{relationship.id}/", json={"parent_id": relationship.id})
    assert response.status_code == 400 and "parent_id" in response.json


def test_relationship_cannot_become_its_own_ancestor(staff):
    root = TagRelationshipFactory()
    child = TagRelationshipFactory(parent_id=root.id)
    grandchild = TagRelationshipFactory(parent_id=child.id)
    response = staff.patch(f"/api/2/tagrelationships/{root.id}/", json={"parent_id": grandchild.id})
    assert response.status_code == 400 and "parent_id" in response.json
    assert _stored_parent_id(root.id) is None


def test_relationship_can_move_to_another_branch(staff):
    left, right = TagRelationshipFactory(), TagRelationshipFactory()
    node = TagRelationshipFactory(parent_id=left.id)
    response = staff.patch(f"/api/2/tagrelationships/{node.id}/", json={"parent_id": right.id})
    assert response.status_code == 200 and response.json["parent_id"] == right.id


def test_patch_parent_to_null(staff):
    root = TagRelationshipFactory()
    node = TagRelationshipFactory(parent_id=root.id)
    response = staff.patch(f"/api/2/tagrelationships/{node.id}/", json={"parent_id": None})
    assert response.status_code == 200 and response.json["parent_id"] is None


def test_patch_tag(staff):
    node, tag = TagRelationshipFactory(), TagFactory()
    response = staff.patch(f"/api/2/tagrelationships/{node.id}/", json={"tag_id": tag.id})
    assert response.status_code == 200 and response.json["tag_id"] == tag.id


def test_patch_to_unknown_tag_is_400(staff):
    node = TagRelationshipFactory()
    response = staff.patch(f"/api/2/tagrelationships/{node.id}/", json={"tag_id": 9999})
    assert response.status_code == 400 and "tag_id" in response.json


def test_get_relationship(staff):
    root = TagRelationshipFactory()
    node = TagRelationshipFactory(parent_id=root.id)
    assert staff.get(f"/api/2/tagrelationships/{node.id}/").json == {
        "id": node.id, "tag_id": node.tag_id, "parent_id": root.id}


def test_get_unknown_relationship_is_404(staff):
    assert staff.get("/api/2/tagrelationships/9999/").status_code == 404


def test_delete_relationship_is_204(staff):
    node = TagRelationshipFactory()
    node_id = node.id
    assert staff.delete(f"/api/2/tagrelationships/{node_id}/").status_code == 204
    assert staff.get(f"/api/2/tagrelationships/{node_id}/").status_code == 404


def test_deleting_parent_orphans_children(staff):
    root = TagRelationshipFactory()
    root_id = root.id
    child_id = TagRelationshipFactory(parent_id=root_id).id
    staff.delete(f"/api/2/tagrelationships/{root_id}/")
    assert staff.get(f"/api/2/tagrelationships/{child_id}/").json["parent_id"] is None


def test_child_of_deleted_parent_can_be_updated(staff):
    root_id = TagRelationshipFactory().id
    child_id = TagRelationshipFactory(parent_id=root_id).id
    other_root_id = TagRelationshipFactory().id
    staff.delete(f"/api/2/tagrelationships/{root_id}/")
    response = staff.patch(f"/api/2/tagrelationships/{child_id}/", json={"parent_id": other_root_id})
    assert response.status_code == 200 and response.json["parent_id"] == other_root_id


def test_participant_cannot_create_relationship(participant):
    tag = TagFactory()
    assert participant.post("/api/2/tagrelationships/", json={"tag_id": tag.id}).status_code == 403


def test_filter_by_tag(staff):
    tag = TagFactory()
    mine = TagRelationshipFactory(tag_id=tag.id)
    TagRelationshipFactory()
    assert [r["id"] for r in staff.get(f"/api/2/tagrelationships/?tag_id={tag.id}").json] == [mine.id]


def test_filter_by_parent(staff):
    root = TagRelationshipFactory()
    children = [TagRelationshipFactory(parent_id=root.id) for _ in range(2)]
    TagRelationshipFactory()
    ids = [r["id"] for r in staff.get(f"/api/2/tagrelationships/?parent_id={root.id}").json]
    assert ids == [c.id for c in children]
