"""`users/`: device accounts and their tokens."""
from flask.views import MethodView

from rwflask.schemas.users import (UserCreateSchema, UserPatchSchema, UserQueryArgsSchema, UserSchema,
                                   UserWithTokenSchema)
from rwflask.services import users
from rwflask.web.auth import current_user, public
from rwflask.web.smorest import Blueprint
from rwflask.web.throttle import registration_limit

blp = Blueprint("users", __name__, description="Users: anonymous device accounts and staff.")


@blp.route("/")
class Users(MethodView):
    @blp.query(UserQueryArgsSchema)
    @blp.response(200, UserSchema(many=True))
    def get(self, args):
        """List users (staff see everyone, others only themselves)."""
        return users.visible(current_user(), args)

    @public
    @registration_limit
    @blp.body(UserCreateSchema)
    @blp.response(200, UserWithTokenSchema)
    @blp.alt_response(403, description="The device id is that of an account with a password or of staff.")
    @blp.alt_response(429, description="Too many registrations from this address; see `Retry-After`.")
    @blp.doc(security=[])
    def post(self, data):
        """Get or create the device-only user of a device and return its token."""
        return users.register_device(data.pop("device_id"), data.pop("client_type", None), **data)


@blp.route("/<int:user_id>/")
class UserById(MethodView):
    @blp.response(200, UserSchema)
    def get(self, user_id):
        """Get a user (yourself, or anyone for staff)."""
        return users.user_for(current_user(), user_id)

    @blp.body(UserPatchSchema(partial=True))
    @blp.response(200, UserSchema)
    def patch(self, data, user_id):
        """Change a user's names or e-mail (yourself, or anyone for staff)."""
        return users.update_profile(users.user_for(current_user(), user_id), data)
