"""`users/`: device accounts and their tokens."""
from flask.views import MethodView
from sqlalchemy import select

from rwflask.auth import current_user, public
from rwflask.errors import fail
from rwflask.extensions import db
from rwflask.models import User
from rwflask.schemas.users import (UserCreateSchema, UserPatchSchema, UserQueryArgsSchema, UserSchema,
                                   UserWithTokenSchema)
from rwflask.services import records, users
from rwflask.smorest import Blueprint

blp = Blueprint("users", __name__, description="Users: anonymous device accounts and staff.")


def _visible_user(user_id: int) -> User:
    me = current_user()
    if not me.is_staff and user_id != me.id:
        fail(404, "Not found.")
    return records.get_or_404(User, user_id)


@blp.route("/")
class Users(MethodView):
    @blp.query(UserQueryArgsSchema)
    @blp.response(200, UserSchema(many=True))
    def get(self, args):
        """List users (staff see everyone, others only themselves)."""
        me = current_user()
        stmt = select(User).order_by(User.id)
        if not me.is_staff:
            stmt = stmt.where(User.id == me.id)
        for field in ("username", "first_name", "last_name", "email"):
            if field in args:
                stmt = stmt.where(getattr(User, field).icontains(args[field], autoescape=True))
        if "device_id" in args:
            stmt = stmt.where(User.device_id == args["device_id"])
        return db.session.scalars(stmt).all()

    @public
    @blp.body(UserCreateSchema)
    @blp.response(200, UserWithTokenSchema)
    @blp.doc(security=[])
    def post(self, data):
        """Get or create the user of a device and return its token."""
        return users.register_device(data.pop("device_id"), data.pop("client_type", None), **data)


@blp.route("/<int:user_id>/")
class UserById(MethodView):
    @blp.response(200, UserSchema)
    def get(self, user_id):
        """Get a user (yourself, or anyone for staff)."""
        return _visible_user(user_id)

    @blp.body(UserPatchSchema(partial=True))
    @blp.response(200, UserSchema)
    def patch(self, data, user_id):
        """Change a user's names or e-mail (yourself, or anyone for staff)."""
        return users.update_profile(_visible_user(user_id), data)
