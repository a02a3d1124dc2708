"""All API v2 resources, registered under /api/2/<name>/."""
from flask import url_for
from flask.views import MethodView

from rwflask.web.auth import public
from rwflask.resources import (assets, audiotracks, envelopes, events, languages, listenevents,
                               localizedstrings, login, projectgroups, projects, sessions, speakers,
                               streams, tagcategories, tagrelationships, tags, timedassets, uigroups, uiitems,
                               users, votes)
from rwflask.web.smorest import Blueprint

RESOURCES = {
    "assets": assets, "envelopes": envelopes, "events": events, "listenevents": listenevents, "votes": votes,
    "streams": streams,
    "audiotracks": audiotracks, "languages": languages, "localizedstrings": localizedstrings,
    "login": login, "projectgroups": projectgroups, "projects": projects, "sessions": sessions,
    "speakers": speakers, "tagcategories": tagcategories, "tagrelationships": tagrelationships, "tags": tags,
    "timedassets": timedassets, "uigroups": uigroups, "uiitems": uiitems, "users": users,
}
LISTED = sorted(name for name in RESOURCES if name not in ("login", "streams"))  # as Roundware lists them

root = Blueprint("root", __name__, description="The API root: links to every resource.")


@root.route("/")
class ApiRoot(MethodView):
    @public
    @root.response(200)
    @root.doc(security=[])
    def get(self):
        """List the API's resources."""
        base = url_for("root.ApiRoot", _external=True)
        return {name: f"{base}{name}/" for name in LISTED}


def register_resources(api) -> None:
    """Register the root and every resource blueprint on the API."""
    api.register_blueprint(root, url_prefix="/api/2")
    for name, module in RESOURCES.items():
        api.register_blueprint(module.blp, url_prefix=f"/api/2/{name}")
