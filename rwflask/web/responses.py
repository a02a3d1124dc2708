"""Responses the schemas do not render: JSON built in bulk by a service, and Roundware's empty 200."""
import orjson
from flask import Response, current_app

from rwflask.web.pagination import envelope, page_bounds


def json_bytes(body: bytes) -> Response:
    """A response of already-serialized JSON."""
    return current_app.response_class(body, mimetype="application/json")


def empty_ok() -> Response:
    """Roundware answers some commands with 200 and no body."""
    return current_app.response_class(b"", status=200, mimetype="application/json")


def paginated(listing, args: dict) -> Response:
    """A list as JSON, or with `?paginate=true` one page of it in DRF's page envelope.

    `listing(page, page_size)` gives the JSON array (the whole list when `page` is None) and the
    length of the whole list.
    """
    if not args.get("paginate"):
        body, _ = listing(None, None)
        return json_bytes(body)
    page, page_size = page_bounds(args)
    body, total = listing(page, page_size)
    return current_app.json.response(envelope(orjson.Fragment(body), total, page, page_size))
