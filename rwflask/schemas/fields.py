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

# The text forms fields accept, as ECMA-262 regular expressions (what OpenAPI's `pattern` is) that Python's `re`
# reads the same way: ASCII classes only, no `\d` or `\s` (Unicode in Python). The code checks input with them,
# so the document and the parser cannot disagree.
ID = "-?[0-9]{1,9}"  # nine digits: every such number fits a 32-bit column (ten might not)
ID_LIST_PATTERN = f"^ *\\[? *({ID} *)?(, *({ID} *)?)*\\]? *$"
ONE_ID_PATTERN = f"^ *\\[? *(, *)*{ID} *(, *)*\\]? *$"
SOME_IDS_PATTERN = f"^ *\\[? *(, *)*{ID} *(, *({ID} *)?)*\\]? *$"
# What the parser reads: any number of digits per id (then checked against the 32-bit range), so that one id
# sent as text, such as a query's `?tag_ids=2147483647`, is read as the integer it is documented as.
ID_LIST_SYNTAX = "^ *\\[? *(-?[0-9]+ *)?(, *(-?[0-9]+ *)?)*\\]? *$"
_YEAR = "(1[0-9]{3}|[2-8][0-9]{3}|9[0-8][0-9]{2})"  # 1000-9899: far from the ends, where an offset overflows
_LEAP_YEAR = "([0-9]{2}(0[48]|[2468][048]|[13579][26])|(1[26]|[2468][048]|[3579][26])00)"
_MONTH_DAY = "((0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])|(0[13-9]|1[0-2])-(29|30)|(0[13578]|1[02])-31)"
DATE = f"({_YEAR}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29)"
_TIME = "([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,6})?)?"
OFFSET = "(Z|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)"
# A date alone is midnight (Roundware accepts YYYY-MM-DD in its datetime filters).
DATE_TIME_PATTERN = f"^{DATE}([T ]{_TIME}{OFFSET}?)?$"
BOOL_WORDS_PATTERN = "^ *([yY]|[yY][eE][sS]|[tT][rR][uU][eE]|1|[oO][nN]|[nN]|[nN][oO]|[fF][aA][lL][sS][eE]|0|[oO][fF][fF]) *$"
DECIMAL_PREFIX_PATTERN = "^ *-?[0-9]+(\\.[0-9]*)? *$"
TIME_PREFIX_PATTERN = (f"^ *({_YEAR}|{_YEAR}-(0[1-9]|1[0-2])|{DATE}|{DATE}[T ]([01][0-9]|2[0-3])"
                       f"|{DATE}[T ]{_TIME}) *$")
# An e-mail address of the dot-atom form, its local part at most 64 characters (RFC 5321): what the code checks
# (EMAIL_SYNTAX), and what is documented, the same with at most two atoms before the `@` (a regular expression
# without look-ahead, which generators such as Hypothesis cannot work backwards from).
_ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]"
_DOMAIN = "@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,6}$"
EMAIL_SYNTAX = f"^(?=[^@]{{1,64}}@){_ATOM}+(\\.{_ATOM}+)*{_DOMAIN}"
EMAIL_PATTERN = f"^{_ATOM}{{1,32}}(\\.{_ATOM}{{1,31}})?{_DOMAIN}"
INT32 = {"type": "integer", "minimum": INT32_MIN, "maximum": INT32_MAX}


def matches(pattern: str, value: str) -> bool:
    """Whether `value` matches a documented `pattern`."""
    return re.fullmatch(pattern.removeprefix("^").removesuffix("$"), value, re.ASCII) is not None


class Schema(ma.Schema):
    """Base schema: unknown fields are ignored, as Django REST Framework does; `ALIASES` renames input keys."""

    ALIASES: dict[str, str] = {}

    class Meta:
        unknown = ma.EXCLUDE

    @ma.pre_load
    def reject_null_characters(self, data, **kwargs):
        """Refuse NUL characters in the string values of fields read (PostgreSQL cannot store them); the others
        are ignored like their fields."""
        if isinstance(data, Mapping):
            read = {name for name, field in self.load_fields.items()} | set(self.ALIASES) | {
                field.data_key for field in self.load_fields.values() if field.data_key}
            bad = [key for key in data if key in read and _has_nul(data[key])]
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

    def openapi(self) -> dict:
        """An array of ids (each an integer or an id string), a comma string of ids, or one id; as many as its
        `Length` validator allows."""
        low, high = self._bounds()
        # `Length` counts the ids (the list the field loads), not characters: apispec's minLength/maxLength go.
        pattern = ONE_ID_PATTERN if high == 1 else SOME_IDS_PATTERN if low >= 1 else ID_LIST_PATTERN
        text = {"type": "string", "pattern": pattern, "description": f"Comma-separated ids, such as 3,4,5 (at most {high})."}
        # A form or query string repeats the field: each value may be a comma list itself (with an id, when ids
        # are required: a blank value gives none).
        items = {"anyOf": [INT32, {"type": "string", "pattern": pattern}]}
        array = {"type": "array", "minItems": low, "maxItems": high, "items": items}
        return {"anyOf": [array, text, *([INT32] if low <= 1 <= high else [])]}

    def _bounds(self) -> tuple[int, int]:
        lengths = [v for v in self.validators if isinstance(v, ma.validate.Length)]
        low = max([v.equal if v.equal is not None else v.min or 0 for v in lengths] + [0])
        high = min([v.equal if v.equal is not None else v.max for v in lengths
                    if (v.equal if v.equal is not None else v.max) is not None] + [MAX_IDS])
        return low, high

    def _parts(self, text: str) -> list[str]:
        if not matches(ID_LIST_SYNTAX, text):
            raise self.make_error("invalid")
        return [part for part in text.strip(" ").strip("[]").split(",") if part.strip(" ")]

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, (list, tuple)):
            items = [part for item in value for part in (self._parts(item) if isinstance(item, str) else [item])]
        elif isinstance(value, str):
            items = self._parts(value)
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
            if not isinstance(item, (int, str)):
                raise self.make_error("invalid")
            try:
                ids.append(int(str(item).strip(" ")))
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



class File(fields.Field):
    """A file part of a multipart body (documentation only: the view reads it from `request.files`)."""

    IS_FILE = True

    def __init__(self, **kwargs):
        kwargs.setdefault("load_only", True)
        super().__init__(**kwargs)

    def openapi(self) -> dict:
        """Binary content."""
        return {"type": "string", "format": "binary"}


class Email(fields.Email):
    """An e-mail address of the dot-atom form (EMAIL_PATTERN), which is what it documents."""

    def openapi(self) -> dict:
        """Text of the dot-atom form."""
        return {"type": "string", "pattern": EMAIL_PATTERN}

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if not matches(EMAIL_SYNTAX, value):
            raise self.make_error("invalid")
        return value


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


GEOMETRY_TYPES = ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"]


class GeoJSON(fields.Field):
    """A geometry in GeoJSON (object or string); output as a GeoJSON object."""

    default_error_messages = {
        "invalid": "Invalid GeoJSON geometry: {reason}",
        "type": "Geometry must be a {expected}, not {actual}.",
    }

    def __init__(self, geometry_type: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.geometry_type = geometry_type

    def openapi(self) -> dict:
        """A GeoJSON geometry object; requests may also give it as GeoJSON or WKT text."""
        types = ["Polygon", "MultiPolygon"] if self.geometry_type == "MultiPolygon" else GEOMETRY_TYPES
        geometry = {"type": "object", "required": ["type", "coordinates"],
                    "properties": {"type": {"type": "string", "enum": types}, "coordinates": {"type": "array"}}}
        if self.dump_only:
            return geometry
        return {"anyOf": [geometry, {"type": "string", "description": "GeoJSON or WKT text."}]}

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

    def openapi(self) -> dict:
        """ISO 8601 text; answers have no offset (they are UTC), requests may give one."""
        return {"type": "string", "format": "rw-date-time", "pattern": DATE_TIME_PATTERN,
                "description": "ISO 8601 date and time, such as 2026-12-05T10:30:00.123456 (UTC when without "
                               "an offset, and always so in answers)."}

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and not matches(DATE_TIME_PATTERN, value) and not _outer_year(value):
            raise self.make_error("invalid", input=value, obj_type=self.OBJ_TYPE)
        result = super()._deserialize(value, attr, data, **kwargs)
        if result.tzinfo is not None:
            try:
                result = result.astimezone(timezone.utc).replace(tzinfo=None)
            except (OverflowError, ValueError):
                raise self.make_error("range") from None
        return result


def _outer_year(value: str, pattern: str = DATE_TIME_PATTERN) -> bool:
    """Whether `value` matches `pattern` but for a year it leaves out (0001-0999, 9900-9999), which are accepted."""
    year = value[:4]
    return year.isascii() and year.isdigit() and not 1000 <= int(year) <= 9899 and matches(pattern, "2000" + value[4:])


TRUE_WORDS = {"y", "yes", "true", "1", "on"}
FALSE_WORDS = {"n", "no", "false", "0", "off"}


class LenientBool(fields.Field):
    """Roundware's lenient boolean (`submitted`, `paginate`): Y/yes/true/1/on or N/no/false/0/off, any case."""

    def openapi(self) -> dict:
        """A boolean, 0 or 1, or one of the words."""
        return {"anyOf": [{"type": "boolean"}, {"type": "integer", "enum": [0, 1]},
                          {"type": "string", "pattern": BOOL_WORDS_PATTERN}],
                "description": "true or false: Y/yes/true/1/on or N/no/false/0/off, any case."}

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        if not isinstance(value, str) or not matches(BOOL_WORDS_PATTERN, value):
            raise ValidationError("Must be true or false.")
        word = value.strip(" ").lower()
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

    def openapi(self) -> dict:
        """Any text: unknown keys are ignored."""
        return {"type": "string"}

    def _deserialize(self, value, attr, data, **kwargs):
        keys = [part.strip() for part in str(value).split(",") if part.strip()]
        return [k for k in keys if k.lstrip("-") in self.allowed]


class DecimalPrefix(fields.Field):
    """The leading digits of a number, as the interval of numbers written with them: "42.3" -> [42.3, 42.4)."""

    def openapi(self) -> dict:
        """Digits, a sign and a decimal point."""
        return {"type": "string", "pattern": DECIMAL_PREFIX_PATTERN}

    def _deserialize(self, value, attr, data, **kwargs):
        text = str(value).strip(" ")
        if not matches(DECIMAL_PREFIX_PATTERN, text):
            raise ValidationError("Must be the leading digits of a number, such as 42.3 or -71.")
        number = Decimal(text.rstrip("."))
        step = Decimal(1).scaleb(number.as_tuple().exponent)
        low, high = (number, number + step) if not text.startswith("-") else (number - step, number)
        return float(low), float(high), text.startswith("-")


TIME_PARTS = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?)?)?)?")


class TimePrefix(fields.Field):
    """The leading part of an ISO time, as the interval of times written with it: "2026-12-01T14" is that hour."""

    def openapi(self) -> dict:
        """A year, a month, a day, an hour... of an ISO time."""
        return {"type": "string", "pattern": TIME_PREFIX_PATTERN}

    def _deserialize(self, value, attr, data, **kwargs):
        match = TIME_PARTS.fullmatch(str(value).strip(" "))
        if not match or not (matches(TIME_PREFIX_PATTERN, str(value)) or _outer_year(str(value).strip(" "), TIME_PREFIX_PATTERN)):
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
