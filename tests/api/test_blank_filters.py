"""A blank query parameter (`?a&b=`) filters nothing, as django-filter does: the requests of the
roundware-server Postman collection (files/RW-api2.postman_collection.json) that send them, then every
query parameter of every GET in the OpenAPI document; a malformed typed one is still a 400 naming it."""
import re

import pytest

from tests.factories import AssetFactory, ProjectFactory, SessionFactory, TagFactory, UIGroupFactory, VoteFactory

# Their query strings as the collection sends them, ids replaced by this test's rows.
POSTMAN_BLANK_FILTERS = [
    "assets/?session_id&project_id&tag_ids&media_type=&language&envelope_id&longitude&latitude&submitted"
    "&audiolength__lte&audiolength__gte&created__lte&created__gte",
    "audiotracks/?project_id={project}&minduration__lte=&minduration__gte=&maxduration__lte=&maxduration__gte"
    "&mindeadair__lte&mindeadair__gte&maxdeadair__lte&maxdeadair__gte",
    "events/?event_type&server_time&session_id={session}&latitude&longitude&tag_ids=8",
    "projects/{project}/assets/?session_id={session}&project_id&tag_ids&media_type=&language&envelope_id"
    "&longitude&latitude&submitted=true&audiolength&created=",
    "projects/{project}/uigroups/?name&ui_mode=listen&tag_category_id&select&active=true&index"
    "&session_id={session}",
    "tagcategories/?name=",
    "tagrelationships/?tag_id=&parent_id=1",
    "uiitems/?ui_group_id={group}&index&tag_id=&default&active=true&parent_id=",
    "votes/?voter_id=&session_id=&asset_id={asset}&type=&value=",
]


@pytest.fixture
def rows(staff):
    project = ProjectFactory()
    session = SessionFactory(project=project)
    asset = AssetFactory(project_id=project.id, session_id=session.id)
    VoteFactory(asset_id=asset.id, session_id=session.id)
    group = UIGroupFactory(project=project)
    return {"project": project.id, "session": session.id, "asset": asset.id, "group": group.id}


@pytest.mark.parametrize("query", POSTMAN_BLANK_FILTERS, ids=lambda q: q.split("?")[0])
def test_postman_list_request_with_blank_filters_is_answered(staff, rows, query):
    response = staff.get("/api/2/" + query.format(**rows))

    assert response.status_code == 200, response.json


def test_blank_filter_lists_what_no_filter_lists(staff):
    AssetFactory()
    AssetFactory()

    assert staff.get("/api/2/assets/?project_id=&media_type=&submitted").json == staff.get("/api/2/assets/").json


def test_malformed_filter_is_still_refused_with_its_field_named(staff):
    response = staff.get("/api/2/assets/?project_id=one&media_type=")

    assert response.status_code == 400
    assert "project_id" in response.json


# --- every query parameter of every GET the API documents ----------------------------------------------------------

FLAGS = {"admin"}  # present, even blank, it asks for something: every translation
TYPED = {"integer", "number", "boolean"}


@pytest.fixture
def documented_queries(app, rows):
    """(path with this test's ids, its query parameters) for every documented GET that takes some."""
    spec = app.test_client().get("/api/2/openapi.json").json
    ids = {"projects": rows["project"], "uigroups": rows["group"], "tags": TagFactory().id}
    queries = []
    for path, operations in spec["paths"].items():
        parameters = [p for p in operations.get("get", {}).get("parameters", []) if p["in"] == "query"]
        resource = path.removeprefix("/api/2/").split("/")[0]
        if parameters and ("{" not in path or resource in ids):
            queries.append((re.sub(r"\{\w+\}", str(ids.get(resource)), path),
                            [p for p in parameters if p["name"] not in FLAGS]))
    assert len(queries) > 20
    return queries


def test_every_documented_query_parameter_left_blank_is_ignored(staff, documented_queries):
    differing = []
    for path, parameters in documented_queries:
        plain = staff.get(path)
        for query in ("&".join(p["name"] for p in parameters), "&".join(p["name"] + "=" for p in parameters)):
            blank = staff.get(f"{path}?{query}")
            if (blank.status_code, blank.data) != (plain.status_code, plain.data):
                differing.append(f"{path}?{query}: {blank.status_code} {blank.data[:200]!r}")

    assert differing == []


def test_every_documented_typed_query_parameter_malformed_is_400_naming_it(staff, documented_queries):
    accepted = []
    for path, parameters in documented_queries:
        for parameter in parameters:
            schema = parameter.get("schema", {})
            if schema.get("type") in TYPED or schema.get("format") == "date-time":
                response = staff.get(f"{path}?{parameter['name']}=zz!")
                if response.status_code != 400 or parameter["name"] not in response.json:
                    accepted.append(f"{path}?{parameter['name']}=zz!: {response.status_code}")

    assert accepted == []
