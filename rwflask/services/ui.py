"""UI groups and items, and the uiconfig a client builds its listen and speak screens from."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from rwflask.errors import field_error
from rwflask.extensions import db
from rwflask.models import LocalizedString, Project, Tag, TagCategory, UIGroup, UIItem
from rwflask.services.localization import response_language_id
from rwflask.services.records import RecordService


def _item_parent_is_sane(item: UIItem) -> None:
    seen = {item.id}
    parent_id = item.parent_id
    while parent_id is not None:
        if parent_id in seen:
            field_error("parent_id", "A UI item cannot be its own ancestor.")
        seen.add(parent_id)
        parent_id = db.session.get(UIItem, parent_id).parent_id


def _project_filter(stmt, args):
    if args.get("project_id") is not None:
        stmt = stmt.join(UIGroup, UIGroup.id == UIItem.ui_group_id).where(UIGroup.project_id == args["project_id"])
    return stmt


ui_items = RecordService(
    UIItem,
    filters={"ui_group_id": (UIItem.ui_group_id, "eq"), "tag_id": (UIItem.tag_id, "eq"),
             "active": (UIItem.active, "eq"), "parent_id": (UIItem.parent_id, "eq"),
             "default": (UIItem.default, "eq"), "index": (UIItem.index, "eq")},
    references={"ui_group_id": UIGroup, "tag_id": Tag, "parent_id": UIItem},
    prepare=_item_parent_is_sane,
    order_by=(UIItem.index, UIItem.id),
    custom_filters=_project_filter,
)

ui_groups = RecordService(
    UIGroup,
    filters={"project_id": (UIGroup.project_id, "eq"), "name": (UIGroup.name, "startswith"),
             "ui_mode": (UIGroup.ui_mode, "eq"), "tag_category_id": (UIGroup.tag_category_id, "eq"),
             "select": (UIGroup.select, "eq"), "active": (UIGroup.active, "eq"), "index": (UIGroup.index, "eq")},
    references={"project_id": Project, "tag_category_id": TagCategory},
    relations={"header_text_loc_ids": ("header_text_loc", LocalizedString)},
    order_by=(UIGroup.index, UIGroup.id),
)


def _pick(strings_by_owner: dict, owner_id: int, language_id) -> str | None:
    for language, text in strings_by_owner.get(owner_id, ()):
        if language == language_id:
            return text
    return None


def _strings(table, owner_column: str, owner_ids) -> dict:
    """{owner id: [(language id, text), ...]} for one localized field, in string id order."""
    owner = table.c[owner_column]
    rows = db.session.execute(
        select(owner, LocalizedString.language_id, LocalizedString.localized_string)
        .join(LocalizedString, LocalizedString.id == table.c.localized_string_id)
        .where(owner.in_(owner_ids)).order_by(owner, LocalizedString.id))
    strings: dict = {}
    for owner_id, language_id, text in rows:
        strings.setdefault(owner_id, []).append((language_id, text))
    return strings


def uiconfig(project_id: int, filters: dict | None = None) -> dict:
    """The listen and speak screens of a project in the response language (4 queries, whatever the size)."""
    language_id = response_language_id()
    stmt = ui_groups.query({**(filters or {}), "project_id": project_id, "active": True}).where(
        UIGroup.ui_mode.in_(("listen", "speak"))).options(selectinload(UIGroup.tag_category))
    groups = db.session.scalars(stmt).all()
    items = db.session.scalars(
        select(UIItem).where(UIItem.ui_group_id.in_([g.id for g in groups]), UIItem.active.is_(True))
        .order_by(UIItem.index, UIItem.id)).all()
    headers = _strings(UIGroup.header_text_loc.property.secondary, "ui_group_id", [g.id for g in groups])
    tag_texts = _strings(Tag.loc_msg.property.secondary, "tag_id", {i.tag_id for i in items})
    items_by_group: dict = {}
    for item in items:
        items_by_group.setdefault(item.ui_group_id, []).append(item)

    config = {"listen": [], "speak": []}
    for group in groups:
        listen = group.ui_mode == "listen"
        seen_tags, display_items = set(), []
        for item in items_by_group.get(group.id, ()):
            if listen:
                # Listen screens filter by tag, not by answer path: one item per tag, no nesting.
                if item.tag_id in seen_tags:
                    continue
                seen_tags.add(item.tag_id)
            display_items.append({
                "id": item.id, "tag_id": item.tag_id, "parent_id": None if listen else item.parent_id,
                "default_state": item.default, "tag_display_text": _pick(tag_texts, item.tag_id, language_id),
            })
        config[group.ui_mode].append({
            "select": group.select,
            "group_short_name": group.tag_category.name.title(),
            "header_display_text": _pick(headers, group.id, language_id),
            "display_items": display_items,
        })
    return config
