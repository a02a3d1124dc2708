"""The OpenAPI document at /api/2/openapi.json and the Swagger UI at /api/2/docs/."""
import re

import pytest

HTTP_METHODS = {"get", "post", "put", "patch", "delete"}
DOC_PATHS = ("/api/2/openapi.json", "/api/2/docs/")


@pytest.fixture
def spec(anonymous):
    return anonymous.get("/api/2/openapi.json").json


def openapi_path(rule: str) -> str:
    """Flask's `<int:x>` as OpenAPI's `{x}`."""
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule)


def app_operations(app) -> set[tuple[str, str]]:
    """(OpenAPI path, method) of every API rule of the app, documentation excluded."""
    operations = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/2/") or rule.rule.startswith(DOC_PATHS):
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            operations.add((openapi_path(rule.rule), method.lower()))
    return operations


def spec_operations(spec) -> set[tuple[str, str]]:
    return {(path, method) for path, ops in spec["paths"].items() for method in ops if method in HTTP_METHODS}


def operations(spec):
    for path, ops in spec["paths"].items():
        for method, operation in ops.items():
            if method in HTTP_METHODS:
                yield path, method, operation


def query_parameters(spec, path, method="get") -> dict:
    return {p["name"]: p for p in spec["paths"][path][method].get("parameters", []) if p["in"] == "query"}


def resolve(spec, schema: dict) -> dict:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return spec["components"]["schemas"][name]
    return schema


# --- the document -----------------------------------------------------------------------------------------------

def test_spec_is_served_without_token(anonymous):
    response = anonymous.get("/api/2/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"


def test_spec_is_openapi_3(spec):
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"] and spec["info"]["version"]


def test_spec_documents_every_app_rule_with_its_methods(app, spec):
    expected = app_operations(app)
    assert len(expected) > 40
    assert expected - spec_operations(spec) == set()


def test_spec_documents_nothing_the_app_does_not_serve(app, spec):
    assert spec_operations(spec) - app_operations(app) == set()


def test_every_operation_has_a_summary(spec):
    missing = [(path, method) for path, method, op in operations(spec) if not (op.get("summary") or "").strip()]
    assert missing == []


def test_path_parameters_are_documented_as_integers(spec):
    problems = []
    for path, ops in spec["paths"].items():
        for name in re.findall(r"\{(\w+)\}", path):
            params = [p for p in ops.get("parameters", []) if p["in"] == "path" and p["name"] == name]
            for method in set(ops) & HTTP_METHODS:
                params += [p for p in ops[method].get("parameters", []) if p["in"] == "path" and p["name"] == name]
            if not params or params[0]["schema"]["type"] != "integer" or not params[0]["required"]:
                problems.append((path, name))
    assert problems == []


def test_token_security_scheme_is_documented(spec):
    scheme = spec["components"]["securitySchemes"]["TokenAuth"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "Authorization")
    assert {"TokenAuth": []} in spec["security"]


@pytest.mark.parametrize("path, method", [("/api/2/", "get"), ("/api/2/users/", "post"), ("/api/2/login/", "post")])
def test_public_operations_need_no_security(spec, path, method):
    assert spec["paths"][path][method]["security"] == []


def test_authenticated_operations_keep_the_token_requirement(spec):
    assert spec["paths"]["/api/2/sessions/"]["post"].get("security", spec["security"]) == [{"TokenAuth": []}]


# --- query parameters -------------------------------------------------------------------------------------------

def test_sessions_list_documents_every_filter(spec):
    assert set(query_parameters(spec, "/api/2/sessions/")) >= {
        "project_id", "language_id", "language", "geo_listen_enabled", "demo_stream_enabled", "device_id",
        "client_type", "client_system", "timezone"}


@pytest.mark.parametrize("path, names", [
    ("/api/2/tags/", {"project_id", "description", "data", "session_id"}),
    ("/api/2/users/", {"username", "first_name", "last_name", "email", "device_id"}),
    ("/api/2/audiotracks/", {"project_id", "minduration__lte", "maxdeadair__gte", "active"}),
    ("/api/2/uiitems/", {"ui_group_id", "tag_id", "index", "default", "active", "parent_id", "project_id"}),
    ("/api/2/uigroups/", {"name", "ui_mode", "tag_category_id", "select", "active", "index", "project_id"}),
    ("/api/2/timedassets/", {"project_id", "asset_id", "start__lte", "start__gte", "end__lte", "end__gte"}),
    ("/api/2/localizedstrings/", {"language_id", "language", "localized_string"}),
    ("/api/2/projects/", {"name", "listen_enabled", "geo_listen_enabled"}),
    ("/api/2/speakers/", {"project_id", "activeyn"}),
])
def test_list_filters_are_documented(spec, path, names):
    assert set(query_parameters(spec, path)) >= names


def types(schema: dict) -> set[str]:
    """The types a schema allows, its `anyOf` alternatives included."""
    return {schema["type"]} if "type" in schema else {t for alternative in schema.get("anyOf", []) for t in types(alternative)}


def test_boolean_filters_are_documented_as_booleans_or_their_words(spec):
    params = query_parameters(spec, "/api/2/sessions/")
    alternatives = params["geo_listen_enabled"]["schema"]["anyOf"]
    assert {"type": "boolean"} in alternatives
    assert {"true", "false", "1", "0"} <= {word for a in alternatives for word in a.get("enum", [])}
    assert types(params["project_id"]["schema"]) == {"integer", "string"}  # a blank value filters nothing


def test_timestamps_are_documented_without_a_required_offset(spec):
    created = spec["components"]["schemas"]["Asset"]["properties"]["created"]
    assert created["format"] != "date-time" and re.fullmatch(created["pattern"], "2026-12-05T10:30:00.123456")


def test_id_lists_are_documented_as_arrays_comma_strings_or_one_id(spec):
    schema = resolve(spec, spec["paths"]["/api/2/assets/{asset_id}/"]["patch"]["requestBody"]["content"][
        "application/json"]["schema"])
    tag_ids = schema["properties"]["tag_ids"]
    assert types(tag_ids) == {"array", "string", "integer"}
    text = next(a for a in tag_ids["anyOf"] if a["type"] == "string")
    assert re.fullmatch(text["pattern"], "3,4, 5,") and not re.fullmatch(text["pattern"], "3 4")


def test_required_query_parameters_are_marked_required(spec):
    params = query_parameters(spec, "/api/2/projectgroups/{record_id}/projects/")
    assert params["latitude"]["required"] is True and params["longitude"]["required"] is True
    assert query_parameters(spec, "/api/2/projects/{record_id}/")["session_id"]["required"] is True


# --- request bodies ---------------------------------------------------------------------------------------------

def test_every_request_body_lists_json_form_and_multipart(spec):
    problems = []
    bodies = 0
    for path, method, op in operations(spec):
        if method in ("post", "patch") and "requestBody" in op:
            content = op["requestBody"].get("content", {})
            bodies += 1
            if not {"application/json", "multipart/form-data", "application/x-www-form-urlencoded"} <= set(content):
                problems.append((path, method, sorted(content)))
    # An upload's file can only come in a multipart body.
    assert bodies > 20 and problems == [("/api/2/assets/", "post", ["multipart/form-data"])]


def test_upload_bodies_document_their_file_part(spec):
    content = spec["paths"]["/api/2/envelopes/{envelope_id}/"]["patch"]["requestBody"]["content"]
    multipart = resolve(spec, content["multipart/form-data"]["schema"])
    assert multipart["properties"]["file"]["format"] == "binary"
    assert {"required": ["file"]} in multipart["anyOf"] and {"required": ["asset_id"]} in multipart["anyOf"]
    assert "file" not in resolve(spec, content["application/json"]["schema"])["properties"]


def test_only_stream_commands_are_posted_without_a_body(spec):
    bodyless = {path for path, method, op in operations(spec) if method in ("post", "patch") and "requestBody" not in op}
    commands = {"heartbeat", "skipasset", "skip", "pause", "resume", "replayasset", "kill"}
    assert bodyless and all(path.startswith("/api/2/streams/{session_id}/") and path.split("/")[-2] in commands
                            for path in bodyless)


def test_create_session_body_requires_project_id(spec):
    schema = spec["paths"]["/api/2/sessions/"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    schema = resolve(spec, schema)
    assert "project_id" in schema["required"]
    assert {"language", "language_id", "timezone", "geo_listen_enabled"} <= set(schema["properties"])


def test_form_bodies_have_the_json_fields_none_nullable(spec):
    content = spec["paths"]["/api/2/assets/{asset_id}/"]["patch"]["requestBody"]["content"]
    json_body, form = (resolve(spec, content[t]["schema"]) for t in ("application/json", "multipart/form-data"))
    assert content["application/x-www-form-urlencoded"]["schema"] == content["multipart/form-data"]["schema"]
    assert set(form["properties"]) == set(json_body["properties"])
    assert json_body["properties"]["latitude"].get("nullable") and not form["properties"]["latitude"].get("nullable")


def test_request_bodies_leave_read_only_fields_out(spec):
    body = resolve(spec, spec["paths"]["/api/2/tags/"]["post"]["requestBody"]["content"]["application/json"]["schema"])
    assert "id" not in body["properties"] and "id" in spec["components"]["schemas"]["Tag"]["properties"]


def test_get_and_delete_have_no_request_body(spec):
    with_body = [(path, method) for path, method, op in operations(spec)
                 if method in ("get", "delete") and "requestBody" in op]
    assert with_body == []


# --- Swagger UI -------------------------------------------------------------------------------------------------

def test_swagger_ui_page_is_served_without_token(anonymous):
    response = anonymous.get("/api/2/docs/")
    assert response.status_code == 200 and response.mimetype == "text/html"


def test_swagger_ui_page_loads_the_spec_and_local_assets(anonymous):
    html = anonymous.get("/api/2/docs/").get_data(as_text=True)
    assert "/api/2/openapi.json" in html
    assert "/api/2/docs/static/swagger-ui-bundle.js" in html
    assert not re.search(r"(unpkg|jsdelivr|cdnjs)\.", html)


def test_swagger_ui_bundle_is_served_without_token(anonymous):
    response = anonymous.get("/api/2/docs/static/swagger-ui-bundle.js")
    assert response.status_code == 200
    assert "javascript" in response.mimetype and len(response.data) > 100_000


def test_swagger_ui_stylesheet_is_served(anonymous):
    response = anonymous.get("/api/2/docs/static/swagger-ui.css")
    assert response.status_code == 200 and response.mimetype == "text/css"


def test_unknown_swagger_ui_asset_is_404(anonymous):
    assert anonymous.get("/api/2/docs/static/no-such-file.js").status_code == 404


def test_swagger_ui_static_does_not_escape_its_folder(anonymous):
    assert anonymous.get("/api/2/docs/static/../../../../etc/passwd").status_code == 404


# --- bodies the fuzzer found accepted --------------------------------------------------------------------------

def test_json_body_that_is_not_utf8_is_refused(participant):
    response = participant.patch(f"/api/2/users/{participant.user.id}/", data=b"\xff\x00{",
                                 headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and "Invalid JSON" in response.json["detail"]


def test_multipart_body_without_any_part_is_refused(participant):
    response = participant.patch(f"/api/2/users/{participant.user.id}/", data=b"--b\r\n[]--b--\r\n",
                                 headers={"Content-Type": "multipart/form-data; boundary=b"})
    assert response.status_code == 400 and "multipart" in response.json["detail"]


def test_empty_multipart_body_changes_nothing(participant):
    response = participant.patch(f"/api/2/users/{participant.user.id}/", data=b"--b--\r\n",
                                 headers={"Content-Type": "multipart/form-data; boundary=b"})
    assert response.status_code == 200
