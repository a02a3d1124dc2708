"""The admin upload form: a staff member uploads files into a new envelope from the browser."""
import secrets
from functools import wraps

from flask import Blueprint, redirect, render_template, request, session, url_for

from rwflask import access
from rwflask.services import users
from rwflask.web.throttle import login_limit

blp = Blueprint("admin", __name__, url_prefix="/admin")


def _csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_hex(16)
    return session["csrf"]


def staff_login_required(view):
    """Redirect to the login page unless a staff member is logged in (cookie session)."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        user = users.active_staff(session.get("admin_user_id"))
        if user is None:
            return redirect(url_for("admin.login", next=request.path))
        return view(user, *args, **kwargs)
    return wrapper


@blp.route("/login", methods=["GET", "POST"])
@login_limit
def login():
    """Staff login page."""
    error = None
    if request.method == "POST":
        if request.form.get("csrf") != session.get("csrf"):
            error = "Your session expired; please try again."
        else:
            user = users.authenticate(request.form.get("username", ""), request.form.get("password", ""))
            if user is None:
                error = "Unknown username or wrong password."
            elif not access.is_staff(user):
                error = "This page is for staff members."
            else:
                session.clear()
                session["admin_user_id"] = user.id
                target = request.args.get("next", "")
                return redirect(target if target.startswith("/admin/") else url_for("admin.upload"))
    status = 400 if error else 200
    return render_template("admin/login.html", error=error, csrf=_csrf_token()), status


@blp.route("/logout", methods=["POST"])
def logout():
    """Log out of the admin pages."""
    session.clear()
    return redirect(url_for("admin.login"))


@blp.route("/")
@blp.route("/upload")
@staff_login_required
def upload(user):
    """The upload form; its API calls authenticate with the session cookie and the page's CSRF token."""
    response = render_template("admin/upload.html", user=user, csrf=_csrf_token())
    return response, 200, {"Cache-Control": "no-store"}
