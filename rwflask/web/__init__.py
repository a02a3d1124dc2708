"""The web layer: request parsing, authentication, errors and responses around the resources."""
