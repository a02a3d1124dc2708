"""Serves the Swagger UI assets locally, so the interactive docs work without Internet access."""
import swagger_ui_bundle
from flask import Flask, send_from_directory


def register(app: Flask) -> None:
    """Serve Swagger UI's JavaScript and CSS under the configured OPENAPI_SWAGGER_UI_URL."""

    @app.route(app.config["OPENAPI_SWAGGER_UI_URL"] + "<path:filename>", endpoint="swagger_ui_static")
    def swagger_ui_static(filename):
        """Swagger UI static file."""
        return send_from_directory(swagger_ui_bundle.swagger_ui_path, filename, max_age=86400)
