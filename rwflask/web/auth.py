"""Token authentication (`Authorization: token <key>`) and the staff-only rule for writes."""
from functools import wraps

from flask import current_app, g, request

from rwflask import access
from rwflask.services import tokens
from rwflask.web.errors import fail

PUBLIC_BLUEPRINTS = {"api-docs", "admin"}  # admin pages use their own cookie login
PUBLIC_ENDPOINTS = {"swagger_ui_static", "static", "media_file", "listen", "node_played"}
WWW_AUTHENTICATE = {"WWW-Authenticate": "Token"}


def public(view):
    """Mark a view method as reachable without a token."""
    view._rw_public = True
    return view


def _is_public(endpoint: str) -> bool:
    if endpoint in PUBLIC_ENDPOINTS or request.blueprint in PUBLIC_BLUEPRINTS:
        return True
    view = current_app.view_functions.get(endpoint)
    view_class = getattr(view, "view_class", None)
    handler = getattr(view_class, request.method.lower(), None) if view_class else view
    return getattr(handler, "_rw_public", False)


def authenticate_request():
    """Resolve the caller from the token header; 401 unless the endpoint is public."""
    g.user = None
    if request.method == "OPTIONS" or request.endpoint is None:
        return
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, key = header.strip().partition(" ")
        key = key.strip()
        if scheme.lower() != "token":
            if not _is_public(request.endpoint):
                fail(401, "Authentication credentials were not provided.", **WWW_AUTHENTICATE)
            return
        if not key or " " in key:
            fail(401, "Invalid token header.", **WWW_AUTHENTICATE)
        user = tokens.principal_for_key(key)
        if user is None or not user.is_active:
            fail(401, "Invalid token.", **WWW_AUTHENTICATE)
        g.user = user
    elif not _is_public(request.endpoint):
        fail(401, "Authentication credentials were not provided.", **WWW_AUTHENTICATE)


def current_user():
    """The authenticated user of this request (None on public endpoints without a token)."""
    return g.get("user")


def staff_required(view):
    """Decorator: the view is for staff only (403 otherwise)."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not access.is_staff(current_user()):
            fail(403, "You do not have permission to perform this action.")
        return view(*args, **kwargs)
    return wrapper
