"""`sessions/`: one per client start."""
from flask.views import MethodView

from rwflask.schemas.sessions import SessionCreateSchema, SessionQueryArgsSchema, SessionSchema
from rwflask.services import sessions
from rwflask.web.auth import current_user
from rwflask.web.smorest import Blueprint

blp = Blueprint("sessions", __name__, description="Sessions: a client's connection to a project.")


@blp.route("/")
class Sessions(MethodView):
    @blp.query(SessionQueryArgsSchema)
    @blp.response(200, SessionSchema(many=True))
    def get(self, args):
        """List sessions (staff see all, others their own)."""
        return sessions.visible(current_user(), args)

    @blp.body(SessionCreateSchema)
    @blp.response(200, SessionSchema)
    def post(self, data):
        """Open a session on a project."""
        return sessions.start_session(current_user(), data)


@blp.route("/<int:session_id>/")
class SessionById(MethodView):
    @blp.response(200, SessionSchema)
    def get(self, session_id):
        """Get a session (your own, or any for staff)."""
        return sessions.session_for(current_user(), session_id)
