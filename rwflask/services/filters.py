"""Declarative query-string filters: map an argument to a column and a comparison."""
from sqlalchemy import Select, func


def _eq(column, value):
    return column == value


def _icontains(column, value):
    return column.icontains(value, autoescape=True)


def _startswith(column, value):
    # Case-sensitive on every database (SQLite's LIKE ignores case).
    return func.substr(column, 1, len(value)) == value


def _lte(column, value):
    return column <= value


def _gte(column, value):
    return column >= value


def _lt(column, value):
    return column < value


def _gt(column, value):
    return column > value


def _in(column, value):
    return column.in_(value)


OPERATORS = {"eq": _eq, "icontains": _icontains, "startswith": _startswith, "lte": _lte, "gte": _gte,
             "lt": _lt, "gt": _gt, "in": _in}


def apply_filters(stmt: Select, args: dict, spec: dict) -> Select:
    """Add a WHERE clause for every argument present in `args` and described in `spec`.

    `spec` maps an argument name to `(column, operator)` with an operator from OPERATORS.
    """
    for name, (column, operator) in spec.items():
        if name in args and args[name] is not None:
            stmt = stmt.where(OPERATORS[operator](column, args[name]))
    return stmt
