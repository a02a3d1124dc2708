"""Assets: their representation, filters, uploads and edits."""
from marshmallow import fields, validate

from rwflask.models.asset import MEDIA_TYPES
from rwflask.schemas.fields import (FILTER_LENGTH, FLAG_LENGTH, LANGUAGE_TAG_LENGTH, MAX_IDS, DecimalPrefix,
                                    DropBlanks, File, Float, GeoJSON, IdList, Integer, Latitude, LenientBool,
                                    Longitude, Ordering, QueryBool, Schema, Text, Timestamp)
from rwflask.services.assets import ORDER_COLUMNS

ORDERING_FIELDS = tuple(ORDER_COLUMNS)


class AssetQueryArgsSchema(Schema):
    """Filters, ordering and optional pagination of asset lists."""

    ALIASES = {"mediatype": "media_type", "envelope_id": "envelope_ids"}

    session_id = Integer()
    project_id = Integer()
    tag_ids = IdList(metadata={"description": "Comma-separated tag ids; the asset must carry all of them."})
    tag_ids_or = IdList(metadata={"description": "Comma-separated tag ids; the asset must carry one of them."})
    tags = fields.List(Integer(), validate=validate.Length(max=MAX_IDS),
                       metadata={"description": "Repeatable; the asset carries one of them."})
    media_type = fields.String(validate=validate.OneOf(MEDIA_TYPES), metadata={"description": "Alias: mediatype."})
    language = fields.String(validate=validate.Length(max=LANGUAGE_TAG_LENGTH),
                             metadata={"description": "Language code of the asset."})
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
    description = fields.String(validate=validate.Length(max=FILTER_LENGTH),
                                metadata={"description": "Case-insensitive substring."})
    filename = fields.String(validate=validate.Length(max=256),
                             metadata={"description": "Case-insensitive substring."})
    text_filter = fields.String(validate=validate.Length(max=FILTER_LENGTH),
                                metadata={"description": "Substring of the description or the file name."})
    user_str = fields.String(validate=validate.Length(max=254),
                             metadata={"description": "Substring of the uploader's username, or of their name or "
                                                      "e-mail where you see them (yours; anyone's for staff)."})
    ordering = Ordering(ORDERING_FIELDS, metadata={
        "description": f"Comma list of {', '.join(ORDERING_FIELDS)}; `-` descends."})
    paginate = LenientBool(metadata={"description": "true/1/yes: answer `{count, next, previous, results}`."})
    page = Integer(validate=validate.Range(min=1))
    page_size = Integer(validate=validate.Range(min=1, max=10000), metadata={"description": "Default 20."})
    admin = fields.String(validate=validate.Length(max=FLAG_LENGTH),
                          metadata={"description": "Present: add `*_admin` lists with every translation."})


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


class AssetFieldsSchema(DropBlanks, Schema):
    """Asset fields a client may set when uploading or editing."""

    ALIASES = {"mediatype": "media_type", "tags": "tag_ids"}

    latitude = Latitude(allow_none=True)
    longitude = Longitude(allow_none=True)
    tag_ids = IdList()
    media_type = fields.String(validate=validate.OneOf(MEDIA_TYPES))
    description = Text(validate=validate.Length(max=2048))
    submitted = LenientBool(metadata={"description": "Approved. Staff set it; an uploader may only withhold (false): "
                                                     "otherwise an upload's comes from the project's rules."})
    volume = Float(validate=validate.Range(min=0, max=10))
    weight = Integer(validate=validate.Range(min=0, max=99))
    user_id = Integer(metadata={"description": "Your own id (or 0) credits you; another user's, staff only."})
    description_loc_ids = IdList()
    alt_text_loc_ids = IdList()


class AssetUploadSchema(AssetFieldsSchema):
    """Upload fields (multipart, with the media in `file`)."""

    OPENAPI = {"required": ["asset_id"]}
    OPENAPI_MULTIPART = {"anyOf": [{"required": ["asset_id"]}, {"required": ["file"]}]}

    file = File(metadata={"description": "The media (multipart bodies only)."})
    session_id = Integer(metadata={"description": "Accepted for compatibility; the envelope's session is used."})
    asset_id = Integer(metadata={"description": "Add this existing asset instead of uploading a file."})


class AssetCreateSchema(AssetUploadSchema):
    """`POST assets/`: a file and the one envelope it goes in."""

    MULTIPART_ONLY = True
    OPENAPI = {}
    OPENAPI_MULTIPART = {"required": ["file"]}

    envelope_ids = IdList(required=True, validate=validate.Length(
        equal=1, error="Must provide a single envelope_id in envelope_ids parameter for POST. "
                       "You can add more envelope_ids in subsequent PATCH calls"))


class AssetPatchSchema(AssetFieldsSchema):
    """Change an asset's metadata."""

    ALIASES = {"mediatype": "media_type", "tags": "tag_ids", "envelope": "envelope_ids"}

    project_id = Integer(metadata={"description": "Staff only: moves the asset to another project."})
    language_id = Integer(allow_none=True)
    envelope_ids = IdList(metadata={"description": "Envelopes of your own sessions (any for staff)."})
    start_time = Float(validate=validate.Range(min=0))
    end_time = Float(validate=validate.Range(min=0))
    shape = GeoJSON("MultiPolygon", allow_none=True, metadata={
        "description": "Staff: where the asset is heard, a GeoJSON (Multi)Polygon; null removes it."})
