"""`login/`: exchange a username and password for a token."""
from flask.views import MethodView
from flask_smorest import abort

from rwflask.web.auth import public
from rwflask.schemas.users import LoginSchema, TokenSchema
from rwflask.services import users
from rwflask.web.smorest import Blueprint
from rwflask.web.throttle import login_limit

blp = Blueprint("login", __name__, description="Password login for staff and claimed accounts.")

BAD_CREDENTIALS = "Unable to log in with provided credentials."


@blp.route("/")
class Login(MethodView):
    @public
    @login_limit
    @blp.body(LoginSchema)
    @blp.response(200, TokenSchema)
    @blp.alt_response(429, description="Too many logins from this address; see `Retry-After`.")
    @blp.doc(security=[])
    def post(self, data):
        """Log in with a username and password."""
        key = users.login(data["username"], data["password"])
        if key is None:
            abort(400, message=BAD_CREDENTIALS, errors={"non_field_errors": [BAD_CREDENTIALS]})
        return {"token": key}
