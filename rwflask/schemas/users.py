"""Users and login."""
from marshmallow import fields, validate

from rwflask.schemas.fields import Email, Integer, Schema


class UserSchema(Schema):
    """A user as Roundware renders it."""

    id = Integer(dump_only=True)
    username = fields.String(dump_only=True)
    first_name = fields.String()
    last_name = fields.String()
    email = fields.String()
    device_id = fields.String(allow_none=True, dump_only=True)
    client_type = fields.String(allow_none=True, dump_only=True)


class UserWithTokenSchema(Schema):
    """A user with its API token (only ever shown to that user)."""

    id = Integer()
    username = fields.String()
    token = fields.String()
    first_name = fields.String()
    last_name = fields.String()
    email = fields.String()
    device_id = fields.String(allow_none=True)
    client_type = fields.String(allow_none=True)


class UserCreateSchema(Schema):
    """Register an app install (device) and get its token."""

    device_id = fields.String(required=True, validate=validate.Length(min=1, max=255))
    client_type = fields.String(allow_none=True, validate=validate.Length(max=255))
    client_system = fields.String(allow_none=True, validate=validate.Length(max=255),
                                  metadata={"description": "Accepted and ignored."})
    first_name = fields.String(allow_none=True, validate=validate.Length(max=150))
    last_name = fields.String(allow_none=True, validate=validate.Length(max=150))
    email = Email(allow_none=True, validate=validate.Length(max=254))


class UserPatchSchema(Schema):
    """Change a user's names or e-mail."""

    first_name = fields.String(allow_none=True, validate=validate.Length(max=150))
    last_name = fields.String(allow_none=True, validate=validate.Length(max=150))
    email = Email(allow_none=True, validate=validate.Length(max=254))


class UserQueryArgsSchema(Schema):
    """Filters of `GET users/` (case-insensitive substring matches)."""

    username = fields.String(validate=validate.Length(max=150))
    first_name = fields.String(validate=validate.Length(max=150))
    last_name = fields.String(validate=validate.Length(max=150))
    email = fields.String(validate=validate.Length(max=254))
    device_id = fields.String(validate=validate.Length(max=255),
                              metadata={"description": "Exact match (staff only sees other users)."})


class LoginSchema(Schema):
    """Credentials of a user with a password."""

    username = fields.String(required=True, validate=validate.Length(max=150))
    password = fields.String(required=True, load_only=True, validate=validate.Length(max=4096))


class TokenSchema(Schema):
    """An API token."""

    token = fields.String()
