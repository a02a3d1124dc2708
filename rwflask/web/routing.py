"""URL converters."""
from werkzeug.routing import IntegerConverter


class Int32Converter(IntegerConverter):
    """`<int:id>` limited to the database's 32-bit ids, so an oversized id is a 404, not an overflow."""

    def __init__(self, map, fixed_digits=0, min=None, max=2 ** 31 - 1, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
