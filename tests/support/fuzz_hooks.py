"""Schemathesis hooks of the fuzz runs (SCHEMATHESIS_HOOKS=tests.support.fuzz_hooks): values of the API's own
formats, and what JSON Schema cannot say about a request (a valid geometry, a record that exists)."""
import json
import re
from datetime import datetime

import schemathesis
from hypothesis import strategies as st
from schemathesis.openapi.checks import RejectedPositiveData

OFFSETS = st.sampled_from(["", "Z", "+00:00", "-05:00", "+0530", "+01"])
# Bodies' geometries (GeoJSON fields): a JSON Schema cannot ask for closed, simple rings in range.
GEOMETRY_FIELDS = ("shape", "location")
SQUARE = {"type": "MultiPolygon", "coordinates": [[[[-71.07, 42.35], [-71.06, 42.35], [-71.06, 42.36],
                                                   [-71.07, 42.36], [-71.07, 42.35]]]]}
# A 400 whose every message names a record that does not exist or already does, a state the request cannot change,
# or a rule across fields: the answer Roundware gives (DRF's "Invalid pk", its unique, stream and login errors) to a
# request whose shape is right.
STATE_REFUSAL = re.compile("|".join([
    r"Invalid pk .* object does not exist", r"does not exist", r"not found", r"No \w+ exists with ID",
    r"no stream available for session", r"nothing has played in this stream yet",
    r"Unable to log in with provided credentials", r"already exists", r"belongs to another project",
    r"only valid for projects with 1 audiotrack", r"unknown id -?\d+",
    # Rules across fields, which a JSON Schema of each field cannot state; and no NUL character anywhere in a
    # free-form value (events' `data` and `tag_ids`: any JSON), which a pattern states for text fields only.
    r"must be greater than or equal to", r"Null characters are not allowed",
]), re.IGNORECASE)


def _iso(moment: datetime, separator: str, precision: str, offset: str) -> str:
    return moment.isoformat(sep=separator, timespec=precision) + offset


# `rw-date-time` (fields.Timestamp): ISO 8601, offset optional, the years its pattern documents.
schemathesis.openapi.format("rw-date-time", st.builds(
    _iso, st.datetimes(min_value=datetime(1000, 1, 2), max_value=datetime(9899, 12, 30)),
    st.sampled_from(["T", " "]), st.sampled_from(["minutes", "seconds", "milliseconds", "microseconds"]), OFFSETS))


@schemathesis.hook
def map_case(context, case):
    """A positive case's geometries are made valid ones (its other fields stay as generated)."""
    meta = getattr(case, "meta", None)
    if meta is not None and meta.generation.mode.is_positive and isinstance(case.body, dict):
        for name in GEOMETRY_FIELDS:
            if case.body.get(name) is not None:
                case.body[name] = SQUARE if isinstance(case.body[name], dict) else json.dumps(SQUARE)
    return case


@schemathesis.hook
def filter_failure(context, failure, case, response) -> bool:
    """Keep every failure but a refusal of valid data that only says a referenced record does not exist."""
    if not isinstance(failure, RejectedPositiveData) or response.status_code != 400:
        return True
    try:
        body = response.json()
    except ValueError:
        return True
    return not _only_state_refusals(body)


def _only_state_refusals(body) -> bool:
    """Whether every message of a DRF-style error body is a STATE_REFUSAL."""
    messages = [body.get("detail")] if isinstance(body, dict) else []
    if isinstance(body, dict):
        messages += [m for key, value in body.items() if key != "detail"
                     for m in (value if isinstance(value, list) else [value])]
    messages = [m for m in messages if m is not None]
    return bool(messages) and all(isinstance(m, str) and STATE_REFUSAL.search(m) for m in messages)
