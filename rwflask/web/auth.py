"""Token authentication (`Authorization: token <key>`) and the staff-only rule for writes.

The admin pages call the API without a token: the staff member's session cookie together with the
page's CSRF token in `X-CSRF-Token` (the cookie alone, which a browser attaches anywhere, never is).
"""
import hmac
from functools import wraps

from flask import current_app, g, request, session

from rwflask import access
from rwflask.services import tokens, users
from rwflask.web.errors import fail

PUBLIC_BLUEPRINTS = {"api-docs", "admin"}  # admin pages use their own cookie login
PUBLIC_ENDPOINTS = {"swagger_ui_static", "static", "media_file", "listen", "node_played"}
WWW_AUTHENTICATE = {"WWW-Authenticate": "Token"}
CSRF_HEADER = "X-CSRF-Token"


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
    elif request.headers.get(CSRF_HEADER):
        g.user = _admin_session_principal(request.headers[CSRF_HEADER])
        if g.user is None:
            fail(401, "Invalid admin session or CSRF token.", **WWW_AUTHENTICATE)
    elif not _is_public(request.endpoint):
        fail(401, "Authentication credentials were not provided.", **WWW_AUTHENTICATE)


def _admin_session_principal(csrf: str):
    """The staff member of the admin session cookie, if the request carries that session's CSRF token."""
    expected = session.get("csrf")
    if not isinstance(expected, str) or not hmac.compare_digest(csrf.encode(), expected.encode()):
        return None
    return users.admin_principal(session.get("admin_user_id"))


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
