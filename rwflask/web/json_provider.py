"""Fast JSON for responses (orjson), keeping field order as declared."""
import datetime
import decimal

import orjson
from flask.json.provider import JSONProvider

OPTIONS = orjson.OPT_NON_STR_KEYS


def _default(obj):
    if isinstance(obj, decimal.Decimal):
        return float(obj)
    if isinstance(obj, (set, frozenset)):
        return list(obj)
    if isinstance(obj, datetime.date):
        return obj.isoformat()
    raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")


class OrjsonProvider(JSONProvider):
    """Flask JSON provider backed by orjson."""

    def dumps(self, obj, **kwargs) -> str:
        """Serialize `obj` to a JSON string."""
        return orjson.dumps(obj, default=_default, option=OPTIONS).decode()

    def loads(self, s, **kwargs):
        """Parse a JSON string or bytes."""
        return orjson.loads(s)

    def response(self, *args, **kwargs):
        """Build a JSON response the way `flask.jsonify` does."""
        obj = self._prepare_response_obj(args, kwargs)
        return self._app.response_class(orjson.dumps(obj, default=_default, option=OPTIONS),
                                        mimetype="application/json")
