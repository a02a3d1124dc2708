"""Marshmallow schemas: request arguments and response shapes of the API."""
