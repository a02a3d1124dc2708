"""`projects/` and the per-project views clients start with (tags, uigroups, uiconfig, assets)."""
from flask import request
from flask.views import MethodView

from rwflask.schemas.assets import AssetQueryArgsSchema, AssetSchema
from rwflask.schemas.projects import (ProjectDetailArgsSchema, ProjectInputSchema, ProjectQueryArgsSchema,
                                      ProjectSchema)
from rwflask.schemas.tags import LocalizedQueryArgsSchema, TagSchema
from rwflask.schemas.ui import UIConfigSchema, UIGroupQueryArgsSchema, UIGroupSchema
from rwflask.services import asset_json, ui
from rwflask.services.projects import project_for_session, projects, session_language
from rwflask.services.tags import tags
from rwflask.web.auth import current_user
from rwflask.web.crud import register_crud
from rwflask.web.language import localize_by_session, response_language_id, set_response_language
from rwflask.web.responses import json_bytes
from rwflask.web.smorest import Blueprint

blp = Blueprint("projects", __name__, description="Projects, with their tags and UI configuration.")
register_crud(blp, projects, schema=ProjectSchema, input_schema=ProjectInputSchema,
              query_schema=ProjectQueryArgsSchema, noun="project", plural="projects",
              methods=("list", "create", "patch", "delete"))


@blp.route("/<int:record_id>/")
class ProjectDetail(MethodView):
    @blp.query(ProjectDetailArgsSchema)
    @blp.response(200, ProjectSchema)
    def get(self, args, record_id):
        """Get a project in the language of `session_id`."""
        project, language_id = project_for_session(record_id, args["session_id"])
        set_response_language(language_id)
        return project


@blp.route("/<int:record_id>/tags/")
class ProjectTags(MethodView):
    @blp.query(LocalizedQueryArgsSchema)
    @blp.response(200, TagSchema(many=True))
    def get(self, args, record_id):
        """List the project's tags in the language of `session_id` (English without one)."""
        projects.ensure_exists(record_id)
        set_response_language(session_language(args.get("session_id")))
        return tags.list({"project_id": record_id})


@blp.route("/<int:record_id>/uigroups/")
class ProjectUIGroups(MethodView):
    @blp.query(UIGroupQueryArgsSchema)
    @blp.response(200, UIGroupSchema(many=True))
    def get(self, args, record_id):
        """List the project's UI groups with their items, in the language of `session_id`."""
        projects.ensure_exists(record_id)
        localize_by_session(args)
        return ui.ui_groups.list({**args, "project_id": record_id})


@blp.route("/<int:record_id>/assets/")
class ProjectAssets(MethodView):
    @blp.query(AssetQueryArgsSchema)
    @blp.response(200, AssetSchema(many=True))
    def get(self, args, record_id):
        """List the project's assets (the asset filters apply; never paginated)."""
        projects.ensure_exists(record_id)
        body, _ = asset_json.listing(current_user(), {**args, "project_id": record_id}, "admin" in request.args)
        return json_bytes(body)


@blp.route("/<int:record_id>/uiconfig/")
class ProjectUIConfig(MethodView):
    @blp.query(UIGroupQueryArgsSchema)
    @blp.response(200, UIConfigSchema)
    def get(self, args, record_id):
        """Get the listen and speak screens of the project, in the language of `session_id`."""
        localize_by_session(args)
        filters = {k: v for k, v in args.items() if k not in ("session_id", "admin")}
        return json_bytes(ui.uiconfig_json(record_id, response_language_id(), filters))
