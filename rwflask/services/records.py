"""Generic record handling shared by the resources: lookups, references and partial updates."""
from sqlalchemy import bindparam, select

from rwflask.errors import NotFound, not_exists
from rwflask.extensions import db
from rwflask.services.filters import apply_filters


def get_or_404(model, record_id: int):
    """The record with this id, or a 404."""
    record = db.session.get(model, record_id)
    if record is None:
        raise NotFound()
    return record


def referenced(model, record_id, field: str):
    """The record a `<field>` id points at, or a 400 naming the field."""
    if record_id is None:
        return None
    record = db.session.get(model, record_id)
    if record is None:
        raise not_exists(field, record_id)
    return record


def referenced_many(model, ids: list[int], field: str) -> list:
    """The records an id list points at (in the order given), or a 400 naming the field."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        return []
    found = {r.id: r for r in db.session.scalars(select(model).where(model.id.in_(ids)))}
    missing = [i for i in ids if i not in found]
    if missing:
        raise not_exists(field, missing[0])
    return [found[i] for i in ids]


def apply_changes(record, data: dict, references: dict | None = None, relations: dict | None = None):
    """Copy `data` onto `record`, checking `<x>_id` references and replacing id-list relations.

    `references` maps an input field to the model it must point at; `relations` maps an input
    field to `(attribute, model)` for many-to-many id lists.
    """
    references = references or {}
    relations = relations or {}
    # Check every reference before touching the record, so that no autoflush sends bad rows.
    resolved = {}
    for field, value in data.items():
        if field in relations:
            resolved[field] = referenced_many(relations[field][1], value or [], field)
        elif field in references:
            referenced(references[field], value, field)
    for field, value in data.items():
        if field in relations:
            setattr(record, relations[field][0], resolved[field])
        else:
            setattr(record, field, value)
    return record


def save(record):
    """Add and commit."""
    db.session.add(record)
    db.session.commit()
    return record


def delete(record) -> None:
    """Delete and commit."""
    db.session.delete(record)
    db.session.commit()


class RecordService:
    """Create, update, list and delete one model's records with reference checks and a validation hook.

    `prepare(record)` runs after changes are applied and before the commit: it validates
    cross-field rules (raising `Invalid`) and computes derived values. `custom_filters(stmt, args)`
    adds filters that need more than one column.
    """

    def __init__(self, model, *, filters: dict | None = None, references: dict | None = None,
                 relations: dict | None = None, prepare=None, order_by=None, custom_filters=None):
        self.model = model
        self.filters = filters or {}
        self.references = references or {}
        self.relations = relations or {}
        self.prepare = prepare
        if order_by is None:
            order_by = (model.id,)
        self.order_by = order_by if isinstance(order_by, tuple) else (order_by,)
        self.custom_filters = custom_filters
        self._exists = select(model.id).where(model.id == bindparam("id"))

    def query(self, args: dict):
        """The SELECT for a filtered list."""
        stmt = apply_filters(select(self.model).order_by(*self.order_by), args, self.filters)
        if self.custom_filters is not None:
            stmt = self.custom_filters(stmt, args)
        return stmt

    def list(self, args: dict) -> list:
        """Records matching the filters in `args`."""
        return db.session.scalars(self.query(args)).all()

    def get(self, record_id: int):
        """One record, or a 404."""
        return get_or_404(self.model, record_id)

    def ensure_exists(self, record_id: int) -> None:
        """404 unless a record with this id exists (without loading it)."""
        if db.session.execute(self._exists, {"id": record_id}).first() is None:
            raise NotFound()

    def create(self, data: dict):
        """A new record from validated input."""
        return self.update(self.model(), data)

    def update(self, record, data: dict):
        """Apply validated (partial) input to a record and commit."""
        apply_changes(record, data, self.references, self.relations)
        if self.prepare is not None:
            with db.session.no_autoflush:
                self.prepare(record)
        save(record)
        # Relationships loaded before a foreign key changed would be stale in the response.
        db.session.expire(record)
        return record

    def delete(self, record) -> None:
        """Delete a record."""
        delete(record)
