"""Small responses reach the server as one buffer; large or unsized ones stream."""
from rwflask.web.middleware import BUFFER_LIMIT, BufferSmallResponses


def _app(body_chunks, length):
    def app(environ, start_response):
        headers = [("Content-Type", "text/plain")]
        if length is not None:
            headers.append(("Content-Length", str(length)))
        start_response("200 OK", headers)
        return iter(body_chunks)
    return app


def _call(app):
    return app({}, lambda status, headers, exc_info=None: None)


def test_small_sized_body_is_joined_into_one_item():
    body = _call(BufferSmallResponses(_app([b"ab", b"cd"], 4)))
    assert body == [b"abcd"]


def test_large_body_is_passed_through():
    chunks = [b"x"] * 3
    body = _call(BufferSmallResponses(_app(chunks, BUFFER_LIMIT + 1)))
    assert not isinstance(body, list) and b"".join(body) == b"xxx"


def test_unsized_body_is_passed_through():
    body = _call(BufferSmallResponses(_app([b"a"], None)))
    assert not isinstance(body, list)
