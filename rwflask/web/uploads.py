"""Reading the uploaded file of a multipart request."""
from flask import request
from werkzeug.datastructures import FileStorage

from rwflask.web.errors import fail


def uploaded_file(required_message: str = "No file in request") -> FileStorage:
    """The multipart part named `file` (any filename, `blob` included), or a 400."""
    upload = request.files.get("file")
    if upload is None:
        fail(400, required_message)
    return upload
