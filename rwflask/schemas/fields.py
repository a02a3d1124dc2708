"""Shared schema bases and fields for the Roundware wire format."""
import json
import re
from datetime import datetime, timedelta
from decimal import Decimal
from collections.abc import Mapping
from datetime import timezone

import marshmallow as ma
import orjson
from flask import request
import shapely
from marshmallow import ValidationError, fields, pre_load
from shapely.geometry import MultiPolygon, Polygon, mapping, shape

from rwflask.services.localization import as_admin, pick
from rwflask.web.language import response_language_id
from rwflask.web.limits import MAX_JSON_DEPTH, nesting_depth


INT32_MIN, INT32_MAX = -(2 ** 31), 2 ** 31 - 1
MAX_IDS = 1000  # ids in one id list
# The longest text of fields without a database column size of their own (characters).
LANGUAGE_TAG_LENGTH = 35  # a BCP 47 language tag such as en-US (RFC 5646 asks parsers to take 35)
FILTER_LENGTH = 2048  # a substring filter of a long text (Roundware's descriptions are 2048)
TEXT_LENGTH = 2048  # a short human text: descriptions, tag values (Roundware's Text(2048))
DATA_LENGTH = 65536  # free-form data (events', tags', tag categories') and localized strings
FLAG_LENGTH = 64  # a presence flag such as `?admin`, whose value is ignored


class Schema(ma.Schema):
    """Base schema: unknown fields are ignored, as Django REST Framework does; `ALIASES` renames input keys."""

    ALIASES: dict[str, str] = {}

    class Meta:
        unknown = ma.EXCLUDE

    @ma.pre_load
    def reject_null_characters(self, data, **kwargs):
        """Refuse NUL characters in any string value (PostgreSQL cannot store them)."""
        if isinstance(data, Mapping):
            bad = [key for key in data if _has_nul(data[key])]
            if bad:
                raise ma.ValidationError({key: ["Null characters are not allowed."] for key in bad})
        return data

    @ma.pre_load
    def apply_aliases(self, data, **kwargs):
        """Accept each `ALIASES` key as its canonical field, unless the canonical key is also present."""
        if not self.ALIASES or not isinstance(data, Mapping):
            return data
        data = {key: data[key] for key in data}
        for alias, name in self.ALIASES.items():
            if alias in data and name not in data:
                data[name] = data.pop(alias)
        return data


def _has_nul(value) -> bool:
    # Iterative: a deeply nested value must not exhaust the interpreter's stack.
    pending = [value]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            if "\x00" in value:
                return True
        elif isinstance(value, (list, tuple)):
            pending.extend(value)
        elif isinstance(value, Mapping):
            pending.extend(value.keys())
            pending.extend(value.values())
    return False


class TextLength(ma.validate.Length):
    """`Length` of a free-form value: a string's characters, the JSON text of anything else."""

    def __call__(self, value):
        super().__call__(value if isinstance(value, str) else json.dumps(value, default=str))
        return value


class Integer(fields.Integer):
    """An integer that fits the database's 32-bit columns; numeric strings are accepted, fractions are not."""

    def __init__(self, **kwargs):
        validators = kwargs.pop("validate", None) or []
        validators = list(validators) if isinstance(validators, (list, tuple)) else [validators]
        super().__init__(validate=[ma.validate.Range(INT32_MIN, INT32_MAX), *validators], **kwargs)

    def _validated(self, value):
        if isinstance(value, float) and not value.is_integer():
            raise self.make_error("invalid")
        return super()._validated(value)


class Text(fields.String):
    """A string; numbers are accepted and kept as their decimal text (form and JSON clients differ)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        return super()._deserialize(value, attr, data, **kwargs)


class IdList(fields.Field):
    """A list of integer ids, given as a JSON array, a comma string ("3,4,5,"), repeated form fields or one id."""

    default_error_messages = {"invalid": "Must be a list of integer ids or a comma-separated string of ids."}
    is_multiple = True  # webargs: keep every value of a repeated form or query field

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, (list, tuple)):
            items = [part for item in value
                     for part in (str(item).replace("[", "").replace("]", "").split(",")
                                  if isinstance(item, str) else [item]) if str(part).strip()]
        elif isinstance(value, str):
            items = [part for part in value.replace("[", "").replace("]", "").split(",") if part.strip()]
        elif isinstance(value, int) and not isinstance(value, bool):
            items = [value]
        else:
            raise self.make_error("invalid")
        if len(items) > MAX_IDS:
            raise ValidationError(f"At most {MAX_IDS} ids.")
        ids = []
        for item in items:
            if isinstance(item, bool):
                raise self.make_error("invalid")
            try:
                ids.append(int(str(item).strip()))
            except ValueError:
                raise self.make_error("invalid") from None
            if not INT32_MIN <= ids[-1] <= INT32_MAX:
                raise self.make_error("invalid")
        return ids

    def _serialize(self, value, attr, obj, **kwargs):
        return value


class RelatedIds(IdList):
    """Ids of the records in a relationship (`source`); loads an id list under the field's own name."""

    def __init__(self, source: str, **kwargs):
        super().__init__(**kwargs)
        self.source = source

    def get_value(self, obj, attr, accessor=None, default=ma.missing):
        """Read the related records from `source` and keep their ids."""
        return [record.id for record in getattr(obj, self.source)]


class LocalizedText(fields.Field):
    """The text of a localized field in the response language (dump only)."""

    def __init__(self, source: str, **kwargs):
        kwargs.setdefault("dump_only", True)
        kwargs.setdefault("allow_none", True)
        super().__init__(**kwargs)
        self.source = source

    def get_value(self, obj, attr, accessor=None, default=ma.missing):
        """Pick the string of `source` in the response language."""
        return pick(getattr(obj, self.source), response_language_id())

    def _serialize(self, value, attr, obj, **kwargs):
        return value


class AdminStrings(fields.Field):
    """Every translation of a localized field, only rendered with `?admin` (dump only)."""

    def __init__(self, source: str, **kwargs):
        kwargs.setdefault("dump_only", True)
        super().__init__(**kwargs)
        self.source = source

    def get_value(self, obj, attr, accessor=None, default=ma.missing):
        """All strings of `source` with their languages."""
        return as_admin(getattr(obj, self.source))

    def _serialize(self, value, attr, obj, **kwargs):
        return value


class LocalizedSchema(Schema):
    """Schema with `*_admin` fields that are only rendered when the request asked for `?admin`."""

    @ma.post_dump
    def drop_admin_fields(self, data, **kwargs):
        """Remove `*_admin` fields unless the request has `?admin`."""
        if "admin" not in request.args:
            for key in [k for k in data if k.endswith("_admin")]:
                del data[key]
        return data


class QueryBool(fields.Boolean):
    """A boolean query parameter: true/false/1/0 (any case)."""

    truthy = {"true", "True", "TRUE", "1", 1, True}
    falsy = {"false", "False", "FALSE", "0", 0, False}


class Float(fields.Float):
    """A float that also accepts numeric strings, but never NaN or infinity."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_nan", False)
        super().__init__(**kwargs)


class Latitude(Float):
    """A latitude in degrees."""

    def __init__(self, **kwargs):
        kwargs.setdefault("validate", ma.validate.Range(-90, 90))
        super().__init__(**kwargs)


class Longitude(Float):
    """A longitude in degrees."""

    def __init__(self, **kwargs):
        kwargs.setdefault("validate", ma.validate.Range(-180, 180))
        super().__init__(**kwargs)


def _rings_closed(value: dict) -> bool:
    """Whether a GeoJSON (Multi)Polygon's rings are closed (shapely would close them silently)."""
    coordinates = value.get("coordinates")
    try:
        if value.get("type") == "Polygon":
            rings = list(coordinates)
        elif value.get("type") == "MultiPolygon":
            rings = [ring for polygon in coordinates for ring in polygon]
        else:
            return True
        return all(len(ring) >= 4 and list(ring[0]) == list(ring[-1]) for ring in rings)
    except TypeError:
        return True  # malformed: shapely names what is wrong


class GeoJSON(fields.Field):
    """A geometry in GeoJSON (object or string); output as a GeoJSON object."""

    default_error_messages = {
        "invalid": "Invalid GeoJSON geometry: {reason}",
        "type": "Geometry must be a {expected}, not {actual}.",
    }

    def __init__(self, geometry_type: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.geometry_type = geometry_type

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else mapping(value)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            value = value.strip()
            if value.lower() in ("", "null"):
                return None
            try:
                value = orjson.loads(value)
            except orjson.JSONDecodeError:
                try:
                    geometry = shapely.from_wkt(value)
                except Exception as exc:
                    raise self.make_error("invalid", reason="neither GeoJSON nor WKT") from exc
                return self._checked(geometry)
        if not isinstance(value, dict):
            raise self.make_error("invalid", reason="expected an object")
        if nesting_depth(value) > MAX_JSON_DEPTH:
            raise self.make_error("invalid", reason=f"nested deeper than {MAX_JSON_DEPTH} levels")
        if not _rings_closed(value):
            raise self.make_error("invalid", reason="every ring must end where it starts (RFC 7946)")
        try:
            geometry = shape(value)
        except Exception as exc:
            raise self.make_error("invalid", reason=str(exc) or type(exc).__name__) from exc
        return self._checked(geometry)

    def _checked(self, geometry):
        if geometry.is_empty:
            raise self.make_error("invalid", reason="empty geometry")
        if self.geometry_type == "MultiPolygon":
            if isinstance(geometry, Polygon):
                geometry = MultiPolygon([geometry])
            if not isinstance(geometry, MultiPolygon):
                raise self.make_error("type", expected="MultiPolygon", actual=geometry.geom_type)
        if not geometry.is_valid:
            raise self.make_error("invalid", reason=shapely.is_valid_reason(geometry))
        minx, miny, maxx, maxy = geometry.bounds
        if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
            raise self.make_error("invalid", reason="coordinates must be longitude, latitude in degrees")
        return geometry


class Timestamp(fields.DateTime):
    """A datetime rendered as ISO 8601 without an offset (UTC), accepting `Z` and offsets on input."""

    default_error_messages = {"range": "Must be between 0001-01-01 and 9999-12-31 in UTC."}

    def _deserialize(self, value, attr, data, **kwargs):
        result = super()._deserialize(value, attr, data, **kwargs)
        if result.tzinfo is not None:
            try:
                result = result.astimezone(timezone.utc).replace(tzinfo=None)
            except (OverflowError, ValueError):
                raise self.make_error("range") from None
        return result


TRUE_WORDS = {"y", "yes", "true", "1", "on"}
FALSE_WORDS = {"n", "no", "false", "0", "off"}


class LenientBool(fields.Field):
    """Roundware's lenient boolean (`submitted`, `paginate`): Y/yes/true/1/on or N/no/false/0/off, any case."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValidationError("Must be true or false.")


class Ordering(fields.Field):
    """`ordering=weight,-id`: fields to sort by (of `allowed`), `-` for descending; others are ignored,
    as Django REST Framework's OrderingFilter does."""

    def __init__(self, allowed, **kwargs):
        super().__init__(**kwargs)
        self.allowed = tuple(allowed)

    def _deserialize(self, value, attr, data, **kwargs):
        keys = [part.strip() for part in str(value).split(",") if part.strip()]
        return [k for k in keys if k.lstrip("-") in self.allowed]


class DecimalPrefix(fields.Field):
    """The leading digits of a number, as the interval of numbers written with them: "42.3" -> [42.3, 42.4)."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = str(value).strip()
        if not re.fullmatch(r"-?\d+(\.\d*)?", text):
            raise ValidationError("Must be the leading digits of a number, such as 42.3 or -71.")
        number = Decimal(text.rstrip("."))
        step = Decimal(1).scaleb(number.as_tuple().exponent)
        low, high = (number, number + step) if not text.startswith("-") else (number - step, number)
        return float(low), float(high), text.startswith("-")


TIME_PARTS = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?)?)?)?")


class TimePrefix(fields.Field):
    """The leading part of an ISO time, as the interval of times written with it: "2026-12-01T14" is that hour."""

    def _deserialize(self, value, attr, data, **kwargs):
        match = TIME_PARTS.fullmatch(str(value).strip())
        if not match:
            raise ValidationError("Must be the start of an ISO time, such as 2026-12-01 or 2026-12-01T14:05.")
        year, month, day, hour, minute, second, fraction = match.groups()
        try:
            start = datetime(int(year), int(month or 1), int(day or 1), int(hour or 0), int(minute or 0),
                             int(second or 0), int((fraction or "0").ljust(6, "0")))
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
        try:
            return start, _prefix_end(start, month, day, hour, minute, second, fraction)
        except (OverflowError, ValueError):
            return start, datetime.max  # the prefix reaches the end of year 9999


def _prefix_end(start, month, day, hour, minute, second, fraction) -> datetime:
    if fraction:
        return start + timedelta(microseconds=10 ** (6 - len(fraction)))
    if second:
        return start + timedelta(seconds=1)
    if minute:
        return start + timedelta(minutes=1)
    if hour:
        return start + timedelta(hours=1)
    if day:
        return start + timedelta(days=1)
    if month:
        return start.replace(year=start.year + (start.month == 12), month=start.month % 12 + 1)
    return start.replace(year=start.year + 1)


class DropBlanks:
    """Multipart clients send empty strings for fields they leave out: treat them as absent."""

    @pre_load
    def drop_blank_values(self, data, **kwargs):
        """Drop fields whose value is an empty string."""
        if not hasattr(data, "keys"):
            return data
        return {key: data[key] for key in data if not (isinstance(data[key], str) and data[key].strip() == "")}
