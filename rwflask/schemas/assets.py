"""Assets, envelopes, votes, events and listen events."""
import re
from datetime import datetime, timedelta
from decimal import Decimal

from marshmallow import ValidationError, fields, pre_load, validate

from rwflask.models.asset import MEDIA_TYPES, VOTE_TYPES
from rwflask.schemas.common import (Float, IdList, Integer, Latitude, Longitude, QueryBool, Schema, Text,
                                    Timestamp)

ORDERING_FIELDS = ("id", "session_id", "audiolength", "weight", "volume")
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
    """`ordering=weight,-id`: asset fields to sort by, `-` for descending."""

    def _deserialize(self, value, attr, data, **kwargs):
        keys = [part.strip() for part in str(value).split(",") if part.strip()]
        bad = [k for k in keys if k.lstrip("-") not in ORDERING_FIELDS]
        if bad:
            raise ValidationError(f"Cannot order by {', '.join(bad)}; use {', '.join(ORDERING_FIELDS)}.")
        return keys


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
        if fraction:
            end = start + timedelta(microseconds=10 ** (6 - len(fraction)))
        elif second:
            end = start + timedelta(seconds=1)
        elif minute:
            end = start + timedelta(minutes=1)
        elif hour:
            end = start + timedelta(hours=1)
        elif day:
            end = start + timedelta(days=1)
        elif month:
            end = start.replace(year=start.year + (start.month == 12), month=start.month % 12 + 1)
        else:
            end = start.replace(year=start.year + 1)
        return start, end


class _DropBlanks:
    """Multipart clients send empty strings for fields they leave out: treat them as absent."""

    @pre_load
    def drop_blank_values(self, data, **kwargs):
        """Drop fields whose value is an empty string."""
        if not hasattr(data, "keys"):
            return data
        return {key: data[key] for key in data if not (isinstance(data[key], str) and data[key].strip() == "")}


class AssetQueryArgsSchema(Schema):
    """Filters, ordering and optional pagination of asset lists."""

    ALIASES = {"mediatype": "media_type", "envelope_id": "envelope_ids"}

    session_id = Integer()
    project_id = Integer()
    tag_ids = IdList(metadata={"description": "Comma-separated tag ids; the asset must carry all of them."})
    tag_ids_or = IdList(metadata={"description": "Comma-separated tag ids; the asset must carry one of them."})
    tags = fields.List(Integer(), metadata={"description": "Repeatable; the asset carries one of them."})
    media_type = fields.String(validate=validate.OneOf(MEDIA_TYPES), metadata={"description": "Alias: mediatype."})
    language = fields.String(metadata={"description": "Language code of the asset."})
    envelope_ids = IdList(metadata={"description": "Comma-separated envelope ids; the asset is in all of them."})
    latitude = DecimalPrefix(metadata={"description": "Leading digits of the latitude (42.3 matches 42.35)."})
    longitude = DecimalPrefix(metadata={"description": "Leading digits of the longitude."})
    submitted = QueryBool()
    audiolength__lte = Float(metadata={"description": "Seconds."})
    audiolength__gte = Float(metadata={"description": "Seconds."})
    created__lte = Timestamp()
    created__gte = Timestamp()
    updated__lte = Timestamp()
    updated__gte = Timestamp()
    description = fields.String(metadata={"description": "Case-insensitive substring."})
    filename = fields.String(metadata={"description": "Case-insensitive substring."})
    text_filter = fields.String(metadata={"description": "Substring of the description or the file name."})
    user_str = fields.String(metadata={"description": "Substring of the uploader's name, e-mail or username."})
    ordering = Ordering(metadata={"description": f"Comma list of {', '.join(ORDERING_FIELDS)}; `-` descends."})
    paginate = LenientBool(metadata={"description": "true/1/yes: answer `{count, next, previous, results}`."})
    page = Integer(validate=validate.Range(min=1))
    page_size = Integer(validate=validate.Range(min=1, max=10000), metadata={"description": "Default 20."})
    admin = fields.String(metadata={"description": "Present: add `*_admin` lists with every translation."})


class RandomAssetsArgsSchema(AssetQueryArgsSchema):
    """`assets/random/`: how many random assets, among those matching the filters."""

    limit = Integer(load_default=1, validate=validate.Range(min=1, max=10000))


class UserInfoSchema(Schema):
    """The uploader of an asset (private fields are blank unless it is you, or you are staff)."""

    id = Integer()
    username = fields.String()
    first_name = fields.String()
    last_name = fields.String()
    email = fields.String()
    device_id = fields.String(allow_none=True)
    client_type = fields.String(allow_none=True)


class AssetSchema(Schema):
    """An asset as Roundware renders it; `file` is the URL to fetch (the MP3 once audio is processed)."""

    id = Integer()
    description = fields.String()
    latitude = fields.Float(allow_none=True)
    longitude = fields.Float(allow_none=True)
    shape = fields.Dict(allow_none=True, metadata={"description": "GeoJSON MultiPolygon."})
    filename = fields.String(allow_none=True)
    file = fields.String(allow_none=True)
    volume = fields.Float(allow_none=True)
    submitted = fields.Boolean()
    created = Timestamp()
    updated = Timestamp()
    weight = Integer()
    start_time = fields.Float(allow_none=True)
    end_time = fields.Float(allow_none=True)
    user = fields.Nested(UserInfoSchema, allow_none=True)
    loc_description_admin = fields.List(fields.Dict(), metadata={"description": "Only with `?admin`."})
    loc_alt_text_admin = fields.List(fields.Dict(), metadata={"description": "Only with `?admin`."})
    media_type = fields.String()
    audio_length_in_seconds = fields.Float(allow_none=True)
    tag_ids = fields.List(Integer())
    session_id = Integer(allow_none=True)
    project_id = Integer(allow_none=True)
    language_id = Integer(allow_none=True)
    envelope_ids = fields.List(Integer())
    description_loc_ids = fields.List(Integer())
    alt_text_loc_ids = fields.List(Integer())


class PaginatedAssetsSchema(Schema):
    """A page of assets (`?paginate=true`)."""

    count = Integer()
    next = fields.String(allow_none=True)
    previous = fields.String(allow_none=True)
    results = fields.List(fields.Nested(AssetSchema))


class AssetFieldsSchema(_DropBlanks, Schema):
    """Asset fields a client may set when uploading or editing."""

    ALIASES = {"mediatype": "media_type", "tags": "tag_ids"}

    latitude = Latitude(allow_none=True)
    longitude = Longitude(allow_none=True)
    tag_ids = IdList()
    media_type = fields.String(validate=validate.OneOf(MEDIA_TYPES))
    description = Text(validate=validate.Length(max=2048))
    submitted = LenientBool()
    volume = Float(validate=validate.Range(min=0, max=10))
    weight = Integer(validate=validate.Range(min=0, max=99))
    user_id = Integer(metadata={"description": "Staff only: credit another user."})
    description_loc_ids = IdList()
    alt_text_loc_ids = IdList()


class AssetUploadSchema(AssetFieldsSchema):
    """Upload fields (multipart, with the media in `file`)."""

    session_id = Integer(metadata={"description": "Accepted for compatibility; the envelope's session is used."})
    asset_id = Integer(metadata={"description": "Add this existing asset instead of uploading a file."})


class AssetCreateSchema(AssetUploadSchema):
    """`POST assets/`: a file and the one envelope it goes in."""

    envelope_ids = IdList(required=True, validate=validate.Length(
        equal=1, error="Must provide a single envelope_id in envelope_ids parameter for POST. "
                       "You can add more envelope_ids in subsequent PATCH calls"))


class AssetPatchSchema(AssetFieldsSchema):
    """Change an asset's metadata."""

    ALIASES = {"mediatype": "media_type", "tags": "tag_ids", "envelope": "envelope_ids"}

    project_id = Integer()
    language_id = Integer(allow_none=True)
    envelope_ids = IdList()
    start_time = Float(validate=validate.Range(min=0))
    end_time = Float(validate=validate.Range(min=0))


class EnvelopeSchema(Schema):
    """An envelope: a bundle of assets uploaded together."""

    id = Integer()
    session_id = Integer()
    created = Timestamp()
    asset_ids = fields.Function(lambda e: [a.id for a in e.assets])


class EnvelopeCreateSchema(Schema):
    """Open an envelope in one of your sessions."""

    session_id = Integer(required=True)


class EnvelopeQueryArgsSchema(Schema):
    """Filters of `GET envelopes/`."""

    session_id = Integer()
    project_id = Integer()
    asset_id = Integer()


class VoteSchema(Schema):
    """A vote, with the subtotals of its asset."""

    id = Integer(allow_none=True)
    value = Integer(allow_none=True)
    type = fields.String()
    voter_id = Integer(allow_none=True)
    asset_id = Integer()
    session_id = Integer()
    asset_votes = fields.List(fields.Dict())


class VoteCreateSchema(Schema):
    """Create a vote."""

    type = fields.String(required=True, validate=validate.OneOf(VOTE_TYPES))
    value = Integer(allow_none=True)
    asset_id = Integer(required=True)
    session_id = Integer(required=True)
    voter_id = Integer(allow_none=True, metadata={"description": "Defaults to the session's user."})


class AssetVoteSchema(Schema):
    """Vote on an asset: repeating a vote without `value` withdraws it (toggle)."""

    ALIASES = {"type": "vote_type"}

    session_id = Integer(required=True)
    vote_type = fields.String(required=True, validate=validate.OneOf(VOTE_TYPES))
    value = Integer(allow_none=True)


class VoteQueryArgsSchema(Schema):
    """Filters of `GET votes/` and `votes/summary/`."""

    voter_id = Integer()
    session_id = Integer()
    project_id = Integer()
    asset_id = Integer()
    type = fields.String(validate=validate.OneOf(VOTE_TYPES))
    value = Integer()
    media_type = fields.String(validate=validate.OneOf(MEDIA_TYPES))


class BlockedArgsSchema(Schema):
    """Whose blocks to list."""

    session_id = Integer(required=True)


class EventSchema(Schema):
    """An event; latitude, longitude and tag ids are the strings the client sent."""

    id = Integer()
    server_time = Timestamp()
    client_time = fields.String(allow_none=True)
    event_type = fields.String()
    data = fields.String(allow_none=True)
    latitude = fields.String(allow_none=True)
    longitude = fields.String(allow_none=True)
    session_id = Integer()
    tag_ids = fields.String(allow_none=True, attribute="tags")


class EventCreateSchema(Schema):
    """Log an event of one of your sessions."""

    ALIASES = {"tags": "tag_ids"}

    session_id = Integer(required=True, error_messages={"required": "a session_id is required for this operation"})
    event_type = Text(required=True, validate=validate.Length(min=1, max=50),
                      error_messages={"required": "an event_type is required for this operation"})
    client_time = Text(allow_none=True, validate=validate.Length(max=50))
    latitude = Text(allow_none=True, validate=validate.Length(max=50))
    longitude = Text(allow_none=True, validate=validate.Length(max=50))
    tag_ids = fields.Raw(allow_none=True, metadata={"description": "Comma string or array of tag ids."})
    data = fields.Raw(allow_none=True, metadata={"description": "Any text (objects are stored as JSON)."})


class EventQueryArgsSchema(Schema):
    """Filters of `GET events/`."""

    session_id = Integer()
    event_type = fields.String(metadata={"description": "Case-insensitive substring."})
    server_time = TimePrefix(metadata={"description": "Leading part of the ISO time, e.g. 2026-12-01T14."})
    server_time__lt = Timestamp()
    server_time__gt = Timestamp()
    latitude = fields.String(metadata={"description": "Prefix of the latitude as the client sent it."})
    longitude = fields.String(metadata={"description": "Prefix of the longitude as the client sent it."})
    tag_ids = IdList(metadata={"description": "The event's tags contain each of these ids."})


class ListenEventSchema(Schema):
    """One asset played in a session's stream."""

    id = Integer()
    duration_in_seconds = fields.Float(allow_none=True)
    start_time = Timestamp()
    session_id = Integer()
    asset_id = Integer()
    project_id = Integer(allow_none=True)


class ListenEventInputSchema(Schema):
    """Record a play (Roundware's model names `session`, `asset`, `starttime` are accepted too)."""

    ALIASES = {"session": "session_id", "asset": "asset_id", "start_time": "starttime"}

    session_id = Integer(required=True)
    asset_id = Integer(required=True)
    starttime = Timestamp(metadata={"description": "Defaults to now."})
    duration_in_seconds = Float(allow_none=True, validate=validate.Range(min=0))


RANGES = ("today", "yesterday", "week", "month", "year")


class ListenEventQueryArgsSchema(Schema):
    """Filters of `GET listenevents/` (durations in seconds)."""

    ALIASES = {"session": "session_id", "asset": "asset_id"}

    session_id = Integer()
    asset_id = Integer()
    project_id = Integer()
    duration__lte = Float(metadata={"description": "Seconds."})
    duration__gte = Float(metadata={"description": "Seconds."})
    start_time__lte = Timestamp()
    start_time__gte = Timestamp()
    start_time__range = fields.String(validate=validate.OneOf(RANGES))
