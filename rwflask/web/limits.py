"""Bounds on what one request may make the server read and walk: body size and JSON nesting."""
import io
from collections.abc import Mapping

from flask import current_app, request
from werkzeug.wsgi import get_content_length

from rwflask.web.errors import fail

MAX_JSON_DEPTH = 32  # nesting levels of arrays and objects in a request body (a GeoJSON body needs 6)
UPLOAD_TYPE = "multipart/form-data"
CHUNK = 64 * 1024


def nesting_depth(value, limit: int = MAX_JSON_DEPTH) -> int:
    """How deep arrays and objects nest in `value` (a scalar is 0), counted no further than `limit` + 1."""
    deepest = 0
    pending = [(value, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, Mapping):
            children = value.values()
        elif isinstance(value, (list, tuple)):
            children = value
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > limit:
            break
        pending.extend((child, depth + 1) for child in children)
    return deepest


def limit_request_body():
    """Cap the body at MAX_JSON_BODY_BYTES, or MAX_CONTENT_LENGTH for multipart uploads; 413 above it."""
    upload = request.mimetype == UPLOAD_TYPE
    limit = current_app.config["MAX_CONTENT_LENGTH" if upload else "MAX_JSON_BODY_BYTES"]
    if limit is None:
        return
    what = "Multipart bodies (uploads)" if upload else "JSON and form bodies"
    request.max_content_length = limit  # an unsized upload is stopped with a 413 while it is parsed
    if not upload and get_content_length(request.environ) is None and request.environ.get("wsgi.input_terminated"):
        _buffer_unsized_body(request.environ, limit, what)
    if (request.content_length or 0) > limit:
        fail(413, f"Request body too large: {what} are limited to {_size(limit)}.")


def _buffer_unsized_body(environ, limit: int, what: str) -> None:
    # Werkzeug would silently cut a body sent without Content-Length (chunked) at the limit: a form would lose
    # fields. Read it here (it is small) and give it its length.
    chunks, size = [], 0
    while size <= limit:
        chunk = environ["wsgi.input"].read(min(CHUNK, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:
        fail(413, f"Request body too large: {what} are limited to {_size(limit)}.")
    environ["wsgi.input"] = io.BytesIO(b"".join(chunks))
    environ["CONTENT_LENGTH"] = str(size)
    environ.pop("HTTP_TRANSFER_ENCODING", None)


def _size(count: int) -> str:
    if count % (1 << 20) == 0:
        return f"{count >> 20} MB"
    if count % 1024 == 0:
        return f"{count >> 10} KB"
    return f"{count} bytes"
