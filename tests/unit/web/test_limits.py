"""Input bounds without a request: nesting depth, the NUL check on deep values, dates at the calendar's edges,
free-form text lengths and the body limit's setting."""
from datetime import datetime

import pytest
from marshmallow import ValidationError, fields

from rwflask import config
from rwflask.schemas.fields import MAX_IDS, IdList, Schema, TextLength, TimePrefix, Timestamp
from rwflask.web.limits import MAX_JSON_DEPTH, nesting_depth

VERY_DEEP = 100_000  # far past the interpreter's recursion limit


def deep_list(depth: int, leaf="x"):
    value = leaf
    for _ in range(depth):
        value = [value]
    return value


class Loose(Schema):
    """A schema whose fields are all unknown (excluded): only the base checks run."""


def test_scalars_are_not_nested():
    assert nesting_depth("x") == 0 and nesting_depth(None) == 0


def test_nesting_depth_counts_arrays_and_objects():
    assert nesting_depth({"a": [1, {"b": []}]}) == 4


def test_nesting_depth_of_a_very_deep_value_stops_past_the_limit():
    assert nesting_depth(deep_list(VERY_DEEP)) == MAX_JSON_DEPTH + 1


class WithData(Schema):
    """A schema that reads one free-form field, `data`."""

    data = fields.Raw()


def test_nul_character_deep_in_a_value_is_refused_without_recursion():
    with pytest.raises(ValidationError) as error:
        WithData().load({"data": deep_list(VERY_DEEP, "a\x00b")})
    assert "data" in error.value.messages


def test_nul_character_in_an_unknown_field_is_ignored_with_the_field():
    assert Loose().load({"data": "a\x00b"}) == {}


def test_deep_value_without_nul_passes_the_check():
    assert Loose().load({"data": deep_list(VERY_DEEP)}) == {}


@pytest.mark.parametrize("value", ["9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00"])
def test_timestamp_overflowing_utc_is_a_validation_error(value):
    with pytest.raises(ValidationError):
        Timestamp().deserialize(value)


def test_timestamp_at_the_last_instant_in_utc_is_kept():
    assert Timestamp().deserialize("9999-12-31T23:59:59Z") == datetime(9999, 12, 31, 23, 59, 59)


@pytest.mark.parametrize("prefix", ["9999", "9999-12", "9999-12-31", "9999-12-31T23", "9999-12-31T23:59",
                                    "9999-12-31T23:59:59"])
def test_time_prefix_of_the_last_period_ends_at_the_calendars_end(prefix):
    start, end = TimePrefix().deserialize(prefix)
    assert start.year == 9999 and end == datetime.max


def test_text_length_measures_objects_as_json():
    with pytest.raises(ValidationError):
        TextLength(max=10)({"key": "value"})
    assert TextLength(max=20)({"key": "value"}) == {"key": "value"}


def test_id_list_longer_than_the_limit_is_refused():
    with pytest.raises(ValidationError):
        IdList().deserialize(",".join(["1"] * (MAX_IDS + 1)))


def test_json_body_limit_is_read_from_max_json_body_kb(tmp_path):
    settings = config.load(str(tmp_path), {"SECRET_KEY": "k", "MAX_JSON_BODY_KB": "16"})
    assert settings["MAX_JSON_BODY_BYTES"] == 16 * 1024 and settings["MAX_FORM_MEMORY_SIZE"] == 16 * 1024


def test_json_body_limit_defaults_to_one_megabyte(tmp_path):
    assert config.load(str(tmp_path), {"SECRET_KEY": "k"})["MAX_JSON_BODY_BYTES"] == 1 << 20
