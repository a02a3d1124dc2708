"""`votes/`: likes, flags, ratings and blocks."""
from flask.views import MethodView

from rwflask.schemas.votes import VoteCreateSchema, VoteQueryArgsSchema, VoteSchema
from rwflask.services import votes
from rwflask.web.auth import current_user
from rwflask.web.smorest import Blueprint

blp = Blueprint("votes", __name__, description="Votes on assets.")


@blp.route("/")
class Votes(MethodView):
    @blp.query(VoteQueryArgsSchema)
    @blp.response(200, VoteSchema(many=True))
    def get(self, args):
        """List votes (staff see all, others those of their sessions)."""
        return votes.visible(current_user(), args)

    @blp.body(VoteCreateSchema)
    @blp.response(200, VoteSchema)
    def post(self, data):
        """Vote on an asset from one of your sessions."""
        return votes.create(current_user(), data)


@blp.route("/summary/")
class VoteSummary(MethodView):
    @blp.query(VoteQueryArgsSchema)
    @blp.response(200)
    def get(self, args):
        """Summarize matching votes per asset (subtotals; with `type=rate` the average and count)."""
        return votes.summary(current_user(), args)


@blp.route("/<int:vote_id>/")
class VoteById(MethodView):
    @blp.response(200, VoteSchema)
    def get(self, vote_id):
        """Get a vote."""
        return votes.represent(votes.vote_for(vote_id, current_user()))

    @blp.body(VoteCreateSchema(partial=True))
    @blp.response(200, VoteSchema)
    def patch(self, data, vote_id):
        """Change one of your votes."""
        caller = current_user()
        return votes.update(votes.vote_for(vote_id, caller), data, caller)

    @blp.response(204)
    def delete(self, vote_id):
        """Withdraw one of your votes."""
        votes.delete(votes.vote_for(vote_id, current_user()))
