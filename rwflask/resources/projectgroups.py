"""`projectgroups/`."""
from flask import jsonify
from flask.views import MethodView

from rwflask.web.crud import register_crud
from rwflask.schemas.projectgroups import (ProjectGroupProjectsArgsSchema, ProjectGroupProjectSchema,
                                           ProjectGroupQueryArgsSchema, ProjectGroupSchema)
from rwflask.services.projectgroups import project_groups, projects_at
from rwflask.web.smorest import Blueprint

blp = Blueprint("projectgroups", __name__, description="Project groups: sets of projects to choose from.")
register_crud(blp, project_groups, schema=ProjectGroupSchema, input_schema=ProjectGroupSchema,
              query_schema=ProjectGroupQueryArgsSchema, noun="project group", plural="project groups")

INACTIVE = "Project Group inactive; please try another one."
PROJECTS = ProjectGroupProjectSchema(many=True)


@blp.route("/<int:record_id>/projects/")
class ProjectGroupProjects(MethodView):
    @blp.query(ProjectGroupProjectsArgsSchema)
    @blp.doc(responses={"200": {
        "description": "The projects, or (an inactive group) a `detail` message.",
        "content": {"application/json": {"schema": {"anyOf": [
            {"type": "array", "items": ProjectGroupProjectSchema},
            {"type": "object", "required": ["detail"], "properties": {"detail": {"type": "string"}}}]}}}}})
    def get(self, args, record_id):
        """List the group's projects that can be heard at latitude/longitude."""
        group = project_groups.get(record_id)
        if not group.active:
            # Roundware answers 200 with a detail here; clients show the message.
            return jsonify({"detail": INACTIVE})
        return jsonify(PROJECTS.dump(projects_at(group, args["latitude"], args["longitude"], args["language_code"])))
