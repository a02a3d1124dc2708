"""flask-smorest adapted to the Roundware wire format: DRF-style errors, bodies as JSON or forms."""
import marshmallow as ma
import orjson
from apispec.ext.marshmallow import MarshmallowPlugin
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

    def _raw_load_json(self, req):
        # orjson bounds nesting depth at 1024 (the standard library recurses until RecursionError, a 500);
        # schemas need far less, and deep values cost every later walk over them.
        if not is_json_request(req):
            return missing
        data = req.get_data(cache=True)
        if not data:
            return missing
        value = orjson.loads(data)
        if nesting_depth(value) > MAX_JSON_DEPTH:
            fail(400, f"JSON body nested deeper than {MAX_JSON_DEPTH} levels.")
        return value


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
        """Parse the request body (JSON, form or multipart) with `schema`."""
        return self.arguments(_instance(schema), location="json_or_form", **kwargs)

    def query(self, schema, **kwargs):
        """Parse the query string with `schema`."""
        return self.arguments(_instance(schema), location="query", **kwargs)

    def _prepare_arguments_doc(self, doc, doc_info, **kwargs):
        doc = super()._prepare_arguments_doc(doc, doc_info, **kwargs)
        content = doc.get("requestBody", {}).get("content", {})
        if set(content) == {"application/json"}:
            for content_type in BODY_CONTENT_TYPES[1:]:
                content[content_type] = content["application/json"]
        return doc


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
    return Api(spec_kwargs={"marshmallow_plugin": MarshmallowPlugin(schema_name_resolver=schema_name)})
