"""WSGI middleware."""

BUFFER_LIMIT = 1 << 20


class BufferSmallResponses:
    """Hand small response bodies to the server as one list item instead of an iterator.

    Servers that iterate the body from native code (granian) pay per chunk; API responses are
    small and complete, so joining them costs nothing. Large or unsized bodies (media files,
    streams) pass through untouched.
    """

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        sized = []

        def remember_length(status, headers, exc_info=None):
            for name, value in headers:
                if name.lower() == "content-length" and value.isdigit():
                    sized.append(int(value))
            return start_response(status, headers, exc_info)

        body = self.app(environ, remember_length)
        if not sized or sized[0] > BUFFER_LIMIT or isinstance(body, list):
            return body
        try:
            return [b"".join(body)]
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()
