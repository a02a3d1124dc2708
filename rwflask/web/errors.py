"""One error shape for the whole API: `{"detail": "..."}` plus `{field: [messages]}` for invalid input.

HTTP errors (werkzeug's, flask-smorest's) and the domain errors services raise both end here.
"""
import logging

from flask import current_app, request
from flask_smorest import abort
from werkzeug.exceptions import HTTPException

from rwflask.errors import Conflict, DomainError, Forbidden, Invalid, NotFound, Unavailable

log = logging.getLogger(__name__)

DEFAULT_DETAILS = {
    400: "Malformed request.",
    401: "Authentication credentials were not provided.",
    403: "You do not have permission to perform this action.",
    404: "Not found.",
    409: "Conflict.",
    413: "Request entity too large.",
    415: "Unsupported media type in request.",
    429: "Request was throttled.",
    500: "A server error occurred.",
    503: "Service temporarily unavailable, try again later.",
}
LOCATIONS = ("json_or_form", "json", "form", "query", "querystring", "files", "view_args", "path")


def fail(status: int, detail: str, **headers):
    """Abort the request with `status` and `{"detail": detail}`."""
    abort(status, message=detail, headers=headers or None)


def flatten_messages(messages) -> dict:
    """Drop webargs' location level: {"json": {"f": [...]}} becomes {"f": [...]}."""
    if not isinstance(messages, dict):
        return {"non_field_errors": _as_list(messages)}
    flat = {}
    for key, value in messages.items():
        if key in LOCATIONS and isinstance(value, dict):
            flat.update(flatten_messages(value))
        elif key in LOCATIONS or key == "_schema":
            flat.setdefault("non_field_errors", []).extend(_as_list(value))
        else:
            flat[str(key)] = value
    return flat


def _as_list(value):
    return value if isinstance(value, list) else [value]


def summarize(errors: dict) -> str:
    """A one-line human summary of per-field errors, used as `detail`."""
    parts = []
    for field, messages in errors.items():
        prefix = "" if field == "non_field_errors" else f"{field}: "
        parts.append(prefix + _first_message(messages))
    return "; ".join(parts) or "Invalid input."


def _first_message(messages):
    while isinstance(messages, (list, dict)) and messages:
        messages = next(iter(messages.values())) if isinstance(messages, dict) else messages[0]
    return str(messages)


def error_response(error: HTTPException):
    """Build the JSON body, status and headers for an HTTP error, discarding the request's changes."""
    current_app.extensions["sqlalchemy"].session.rollback()
    data = getattr(error, "data", None) or {}
    status = error.code or 500
    errors = data.get("errors") or data.get("messages")
    payload = {}
    if errors:
        payload = flatten_messages(errors)
    detail = data.get("message")
    if detail is None:
        if status == 405:
            detail = f'Method "{request.method}" not allowed.'
        elif errors:
            detail = summarize(payload)
        else:
            detail = DEFAULT_DETAILS.get(status) or error.description or error.name
    headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    headers.update(data.get("headers") or {})
    if status >= 500 and getattr(error, "original_exception", None) is None:
        # Unhandled exceptions were already logged by Flask, with their traceback.
        log.error("%s %s failed with %s: %s", request.method, request.path, status, detail)
    return {"detail": detail, **payload}, status, headers


def database_unavailable(error):
    """A database that is locked too long (SQLite under load) or unreachable: 503, never a 500."""
    log.warning("%s %s: database unavailable: %s", request.method, request.path, error)
    current_app.extensions["sqlalchemy"].session.rollback()
    return {"detail": "The database is busy or unavailable; try again."}, 503, {"Retry-After": "1"}


DOMAIN_STATUS = ((NotFound, 404), (Forbidden, 403), (Invalid, 400), (Conflict, 409), (Unavailable, 503))


def domain_error_response(error: DomainError):
    """A service's refusal as an API error, discarding the request's changes."""
    current_app.extensions["sqlalchemy"].session.rollback()
    status = next((code for cls, code in DOMAIN_STATUS if isinstance(error, cls)), 400)
    body = {"detail": error.detail}
    if isinstance(error, Invalid) and error.field:
        body[error.field] = [error.message]
    headers = {"Retry-After": str(error.retry_after)} if isinstance(error, Unavailable) else {}
    return body, status, headers
