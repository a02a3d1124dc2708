"""flask-smorest adapted to the Roundware wire format: DRF-style errors, bodies as JSON or forms."""
import json
from functools import partial

import marshmallow as ma
import orjson
from apispec.ext.marshmallow import MarshmallowPlugin, OpenAPIConverter
from apispec.ext.marshmallow.common import resolve_schema_cls
from flask_smorest import Api as BaseApi
from flask_smorest import Blueprint as BaseBlueprint
from webargs.core import missing
from webargs.flaskparser import FlaskParser, is_json_request
from werkzeug.datastructures import MultiDict

from rwflask.web.errors import error_response, fail
from rwflask.web.limits import MAX_JSON_DEPTH, nesting_depth

BODY_CONTENT_TYPES = ("application/json", "application/x-www-form-urlencoded", "multipart/form-data")


class Parser(FlaskParser):
    """Request parser: 400 on invalid input, unknown fields ignored (as Django REST Framework does)."""

    DEFAULT_VALIDATION_STATUS = 400
    DEFAULT_UNKNOWN_BY_LOCATION = {location: ma.EXCLUDE for location in FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION}

    def load_querystring(self, req, schema):
        """The query string without blank parameters: `?a&b=` filters nothing, as django-filter does."""
        args = MultiDict((key, value) for key, value in req.args.items(multi=True) if value.strip())
        return self._makeproxy(args, schema)

    def load_form(self, req, schema):
        """The form fields; a multipart body with bytes but no part is malformed (Werkzeug reads it as empty)."""
        if req.mimetype == "multipart/form-data" and not req.form and not req.files and _has_content(req):
            fail(400, "Malformed multipart body: no part found.")
        return super().load_form(req, schema)

    def _raw_load_json(self, req):
        # orjson bounds nesting depth at 1024 (the standard library recurses until RecursionError, a 500);
        # schemas need far less, and deep values cost every later walk over them.
        if not is_json_request(req):
            return missing
        data = req.get_data(cache=True)
        if not data:
            return missing
        try:
            value = orjson.loads(data)
        except orjson.JSONDecodeError as exc:
            # orjson gives bytes that are not UTF-8 an empty document, which webargs takes for an absent body
            # (a PATCH of garbage answered 200): name the document, so that it is refused as invalid JSON.
            raise json.JSONDecodeError(exc.msg, data.decode("utf-8", "replace") or " ", exc.pos) from exc
        if nesting_depth(value) > MAX_JSON_DEPTH:
            fail(400, f"JSON body nested deeper than {MAX_JSON_DEPTH} levels.")
        return value


def _has_content(req) -> bool:
    """Whether a multipart body is longer than its closing delimiter alone (an empty form)."""
    boundary = req.mimetype_params.get("boundary", "")
    return (req.content_length or 0) > len(f"--{boundary}--\r\n") + 2


def _instance(schema):
    # webargs would build a schema object per request from a class; build it once.
    return schema() if isinstance(schema, type) else schema


class Blueprint(BaseBlueprint):
    """Blueprint whose request bodies may be JSON, form-encoded or multipart, as Roundware clients send them."""

    ARGUMENTS_PARSER = Parser()
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING = {
        **BaseBlueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING,
        "json_or_form": "application/json",
    }

    def body(self, schema, **kwargs):
        """Parse the request body (JSON, form or multipart) with `schema`; a partial one (PATCH) may be absent."""
        schema = variant(_instance(schema), INPUT_SUFFIX)
        kwargs.setdefault("required", not schema.partial)
        return self.arguments(schema, location="json_or_form", **kwargs)

    def query(self, schema, **kwargs):
        """Parse the query string with `schema`."""
        return self.arguments(variant(_instance(schema), QUERY_SUFFIX), location="query", **kwargs)

    def _prepare_arguments_doc(self, doc, doc_info, **kwargs):
        doc = super()._prepare_arguments_doc(doc, doc_info, **kwargs)
        content = doc.get("requestBody", {}).get("content", {})
        if set(content) == {"application/json"}:
            body = content["application/json"]
            schema = body["schema"]
            form = {**body, "schema": variant(schema, FORM_SUFFIX)}
            files = isinstance(schema, ma.Schema) and any(_is_file(f) for f in schema._declared_fields.values())
            multipart = {**body, "schema": variant(schema, MULTIPART_SUFFIX)} if files else form
            if getattr(schema, "MULTIPART_ONLY", False):  # an upload: its file cannot come any other way
                content.clear()
            else:
                content["application/x-www-form-urlencoded"] = form
            content["multipart/form-data"] = multipart
        return doc


def _is_file(field) -> bool:
    """Whether a field is a file part (rwflask.schemas.fields.File, which imports this module's neighbours)."""
    return getattr(field, "IS_FILE", False)


INPUT_SUFFIX = ""  # a JSON body: read-only fields are left out (they are ignored, as DRF does, not refused)
FORM_SUFFIX = "Form"  # a form body: the same, and no field is nullable (a form field is text)
MULTIPART_SUFFIX = "Multipart"  # a multipart body: a form body that may also carry files (File fields)
QUERY_SUFFIX = "Query"  # query parameters: a blank value is allowed (it filters nothing)
_variants: dict[tuple[type, str], type] = {}


def variant(schema, suffix: str):
    """The same schema under another class, whose fields are documented as `suffix` says; parses the same."""
    if not isinstance(schema, ma.Schema):
        return schema
    cls = getattr(type(schema), "VARIANT_OF", type(schema))
    if (cls, suffix) not in _variants:
        base = cls.__name__.removesuffix("Schema")
        name = base + suffix + ("Input" if suffix != QUERY_SUFFIX and not base.endswith("Input") else "") + "Schema"
        extra = {"OPENAPI": cls.OPENAPI_MULTIPART} if suffix == MULTIPART_SUFFIX and hasattr(cls, "OPENAPI_MULTIPART") \
            else {}
        _variants[cls, suffix] = type(name, (cls,), {"VARIANT": suffix, "VARIANT_OF": cls, "__module__": cls.__module__,
                                                      **extra})
    exclude = set(schema.exclude)
    if suffix != QUERY_SUFFIX:
        exclude |= {name for name, field in schema.fields.items() if field.dump_only}
    files = {name for name, field in cls._declared_fields.items() if _is_file(field)}
    exclude = exclude - files if suffix == MULTIPART_SUFFIX else exclude | files
    return _variants[cls, suffix](only=schema.only, exclude=exclude, partial=schema.partial,
                                  load_only=schema.load_only, dump_only=schema.dump_only, many=schema.many)


def field_properties(self, field, ret, **kwargs) -> dict:
    """A field of ours documents itself (`openapi()` in rwflask/schemas/fields.py), replacing apispec's guess;
    then the variant of its schema (INPUT_SUFFIX, FORM_SUFFIX, ...) applies."""
    document = getattr(field, "openapi", None)
    if document is None and isinstance(field, ma.fields.Boolean) and not field.dump_only:
        document = partial(boolean_openapi, field)
    if document is not None:
        own = document()
        # A text's lengths still hold; a field that may also be an array or a number gives its own bounds.
        lengths = ("minLength", "maxLength", "minItems", "maxItems") if "anyOf" in own else ()
        for key in ("type", "format", "items", "pattern", "anyOf", "minimum", "maximum", "additionalProperties",
                    *lengths):
            ret.pop(key, None)
        description = " ".join(filter(None, [ret.pop("description", None), own.pop("description", None)]))
        ret.update(own, **({"description": description} if description else {}))
    where = getattr(field.parent, "VARIANT", None)
    if where is not None and ret.get("type") == "string" and not {"pattern", "enum", "format"} & set(ret):
        ret["pattern"] = NO_NUL  # Schema.reject_null_characters
    if where in (FORM_SUFFIX, MULTIPART_SUFFIX):
        ret.pop("nullable", None)
        if field.parent.partial:
            _drop_min_items(ret)
    elif where == QUERY_SUFFIX:
        _query_items(ret)
        if not field.required and not (ret.get("type") == "string" and not {"pattern", "enum"} & set(ret)):
            _allow_blank(ret)
    return {}


def boolean_openapi(field: ma.fields.Boolean) -> dict:
    """A boolean input: JSON's, or one of the words and numbers the field reads as one."""
    words = sorted({str(word) for word in field.truthy | field.falsy if not isinstance(word, bool)})
    numbers = sorted(word for word in field.truthy | field.falsy if isinstance(word, int) and not isinstance(word, bool))
    return {"anyOf": [{"type": "boolean"}, {"type": "integer", "enum": numbers}, {"type": "string", "enum": words}]}


def _query_items(ret: dict) -> None:
    # In a query string every value is text: the values of a repeated parameter are documented as the ids they
    # are, the text alternative of a JSON array's items would only lengthen URLs.
    for schema in [ret, *ret.get("anyOf", [])]:
        if schema.get("type") == "array" and "anyOf" in schema.get("items", {}):
            schema["items"] = schema["items"]["anyOf"][0]


def _drop_min_items(ret: dict) -> None:
    # A form sends an empty list as no field at all: in a PATCH that leaves the field as it is.
    for schema in [ret, *ret.get("anyOf", [])]:
        if schema.get("type") == "array":
            schema.pop("minItems", None)


BLANK = {"type": "string", "maxLength": 0}
NO_NUL = "^[^\\u0000]*$"


def _allow_blank(ret: dict) -> None:
    # django-filter's rule, which the parser follows: `?created__gte=` filters nothing.
    if "pattern" in ret:
        ret["pattern"] = f"^({ret['pattern'].removeprefix('^').removesuffix('$')})?$"
    elif "anyOf" in ret:
        ret["anyOf"] = [*ret["anyOf"], BLANK]
    elif "type" in ret and "items" not in ret:
        alternative = {key: ret.pop(key) for key in list(ret) if key not in ("description", "nullable")}
        ret["anyOf"] = [alternative, BLANK]


class Converter(OpenAPIConverter):
    """apispec's converter, adding what a schema says of itself (`OPENAPI`: rules across its fields)."""

    def schema2jsonschema(self, schema):
        """The JSON Schema of `schema`, with its `OPENAPI` unless it is partial (PATCH: nothing is required)."""
        json_schema = super().schema2jsonschema(schema)
        if not getattr(schema, "partial", False):
            extra = dict(getattr(schema, "OPENAPI", {}))
            required = json_schema.get("required", []) + extra.pop("required", [])
            json_schema.update(extra, **({"required": required} if required else {}))
        return json_schema


class Plugin(MarshmallowPlugin):
    """apispec's marshmallow plugin, with the documentation our fields and schemas give of themselves."""

    Converter = Converter

    def init_spec(self, spec):
        super().init_spec(spec)
        self.converter.add_attribute_function(field_properties)


class ErrorSchema(ma.Schema):
    """An error: `detail`, plus a list of messages per invalid field."""

    class Meta:
        unknown = ma.INCLUDE

    detail = ma.fields.String(required=True)


class Api(BaseApi):
    """Api whose errors are `{"detail": ...}` plus per-field messages, never flask-smorest's envelope."""

    ERROR_SCHEMA = ErrorSchema

    def handle_http_exception(self, error):
        """Render any HTTP error in the Roundware (Django REST Framework) shape."""
        return error_response(error)


def schema_name(schema) -> str:
    """OpenAPI component name: the class name without "Schema", plus "Patch" for partial schemas."""
    name = resolve_schema_cls(schema).__name__.removesuffix("Schema")
    if getattr(schema, "partial", False):
        name += "Patch"
    return name


def make_api() -> Api:
    """The API extension, with component names that stay unique."""
    return Api(spec_kwargs={"marshmallow_plugin": Plugin(schema_name_resolver=schema_name)})
