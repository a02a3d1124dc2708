"""Collection and item views for a configuration resource: readable by any token, writable by staff."""
from flask.views import MethodView

from rwflask.web.auth import staff_required
from rwflask.schemas.fields import Schema


class NoArgsSchema(Schema):
    """No query arguments."""


def _documented(doc: str):
    """Give a view function its OpenAPI summary before flask-smorest's decorators read it."""
    def decorate(func):
        func.__doc__ = doc
        return func
    return decorate


def register_crud(blp, service, *, schema, input_schema, query_schema, noun: str, plural: str,
                  item_query_schema=NoArgsSchema, before_output=None,
                  methods=("list", "create", "get", "patch", "delete")):
    """Add `GET/POST /` and `GET/PATCH/DELETE /<id>/` views for `service` to `blp`.

    `before_output(args)` runs before rendering (for example to choose the response language
    from `?session_id=`).
    """
    prepare_output = before_output or (lambda args: None)
    collection, item = {}, {}

    if "list" in methods:
        @blp.query(query_schema)
        @blp.response(200, schema(many=True))
        @_documented(f"List {plural}")
        def get_list(self, args):
            prepare_output(args)
            return service.list(args)
        collection["get"] = get_list

    if "create" in methods:
        @staff_required
        @blp.body(input_schema)
        @blp.response(200, schema)
        @_documented(f"Create a {noun} (staff only)")
        def post(self, data):
            record = service.create(data)
            prepare_output({})
            return record
        collection["post"] = post

    if "get" in methods:
        @blp.query(item_query_schema)
        @blp.response(200, schema)
        @_documented(f"Get a {noun}")
        def get_item(self, args, record_id):
            record = service.get(record_id)
            prepare_output(args)
            return record
        item["get"] = get_item

    if "patch" in methods:
        @staff_required
        @blp.body(input_schema(partial=True))
        @blp.response(200, schema)
        @_documented(f"Update a {noun} (staff only)")
        def patch(self, data, record_id):
            record = service.update(service.get(record_id), data)
            prepare_output({})
            return record
        item["patch"] = patch

    if "delete" in methods:
        @staff_required
        @blp.response(204)
        @_documented(f"Delete a {noun} (staff only)")
        def delete(self, record_id):
            service.delete(service.get(record_id))
        item["delete"] = delete

    name = plural.title().replace(" ", "")
    blp.route("/")(type(name, (MethodView,), collection))
    blp.route("/<int:record_id>/")(type(noun.title().replace(" ", "") + "ById", (MethodView,), item))
