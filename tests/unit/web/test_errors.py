"""The error shape: webargs messages flattened, one-line summaries."""
from rwflask.web.errors import flatten_messages, summarize


def test_location_level_is_dropped():
    assert flatten_messages({"json_or_form": {"a": ["bad"]}, "query": {"b": ["worse"]}}) == {
        "a": ["bad"], "b": ["worse"]}


def test_schema_errors_become_non_field_errors():
    assert flatten_messages({"json": {"_schema": ["Invalid input type."]}}) == {
        "non_field_errors": ["Invalid input type."]}


def test_location_level_list_becomes_non_field_errors():
    assert flatten_messages({"json": ["Invalid JSON body."]}) == {"non_field_errors": ["Invalid JSON body."]}


def test_summary_names_fields_but_not_non_field_errors():
    assert summarize({"a": ["bad"], "non_field_errors": ["broken"]}) == "a: bad; broken"


def test_summary_reaches_nested_messages():
    assert summarize({"tag_ids": {0: ["Not a valid integer."]}}) == "tag_ids: Not a valid integer."
