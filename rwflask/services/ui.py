"""UI groups and items, and the uiconfig a client builds its listen and speak screens from."""
import orjson
from sqlalchemy import bindparam, select

from rwflask.errors import Invalid
from rwflask.extensions import db
from rwflask.services.filters import apply_filters
from rwflask.models import LocalizedString, Project, Tag, TagCategory, UIGroup, UIItem
from rwflask.services import generations
from rwflask.services.projects import projects
from rwflask.services.records import RecordService


def _item_parent_is_sane(item: UIItem) -> None:
    seen = {item.id}
    parent_id = item.parent_id
    while parent_id is not None:
        if parent_id in seen:
            raise Invalid("parent_id", "A UI item cannot be its own ancestor.")
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


_SCREEN_GROUP = (UIGroup.project_id == bindparam("project_id"), UIGroup.active.is_(True),
                 UIGroup.ui_mode != "browse")
# Statements built once: constructing and caching a SELECT costs more than running it on SQLite.
_GROUPS = (select(UIGroup.id, UIGroup.ui_mode, UIGroup.select, TagCategory.name)
           .join(TagCategory, TagCategory.id == UIGroup.tag_category_id)
           .where(*_SCREEN_GROUP).order_by(UIGroup.index, UIGroup.id))
_ITEMS = (select(UIItem.id, UIItem.ui_group_id, UIItem.tag_id, UIItem.parent_id, UIItem.default)
          .join(UIGroup, UIGroup.id == UIItem.ui_group_id)
          .where(*_SCREEN_GROUP, UIItem.active.is_(True)).order_by(UIItem.index, UIItem.id))
_header_table = UIGroup.header_text_loc.property.secondary
_HEADERS = (select(_header_table.c.ui_group_id, LocalizedString.localized_string)
            .join(LocalizedString, LocalizedString.id == _header_table.c.localized_string_id)
            .join(UIGroup, UIGroup.id == _header_table.c.ui_group_id)
            .where(*_SCREEN_GROUP, LocalizedString.language_id == bindparam("language_id"))
            .order_by(LocalizedString.id))
_tag_table = Tag.loc_msg.property.secondary
_TAG_TEXTS = (select(_tag_table.c.tag_id, LocalizedString.localized_string)
              .join(LocalizedString, LocalizedString.id == _tag_table.c.localized_string_id)
              .join(UIItem, UIItem.tag_id == _tag_table.c.tag_id)
              .join(UIGroup, UIGroup.id == UIItem.ui_group_id)
              .where(*_SCREEN_GROUP, UIItem.active.is_(True), LocalizedString.language_id == bindparam("language_id"))
              .order_by(LocalizedString.id))


def _first_texts(rows) -> dict:
    """{owner id: text}, keeping the first string (by id) of each owner."""
    texts: dict = {}
    for owner_id, text in rows:
        texts.setdefault(owner_id, text)
    return texts


_uiconfig_cache: dict = {}
UICONFIG_CACHE_SIZE = 1024


def uiconfig_json(project_id: int, language_id: int | None, filters: dict | None = None) -> bytes:
    """uiconfig as JSON bytes, served from a per-process cache while the configuration is unchanged."""
    generation = generations.current(db.session, generations.CONFIG)
    key = (project_id, language_id, tuple(sorted((filters or {}).items())))
    hit = _uiconfig_cache.get(key)
    if hit is not None and hit[0] == generation:
        return hit[1]
    projects.ensure_exists(project_id)
    body = orjson.dumps(uiconfig(project_id, language_id, filters))
    if len(_uiconfig_cache) >= UICONFIG_CACHE_SIZE:
        _uiconfig_cache.clear()
    _uiconfig_cache[key] = (generation, body)
    return body


def uiconfig(project_id: int, language_id: int | None, filters: dict | None = None) -> dict:
    """The listen and speak screens of a project in a language (four light queries)."""
    params = {"project_id": project_id, "language_id": language_id}
    group_filters = {k: v for k, v in (filters or {}).items() if k in ui_groups.filters and k != "project_id"}
    groups_stmt = apply_filters(_GROUPS, group_filters, ui_groups.filters) if group_filters else _GROUPS
    groups = db.session.execute(groups_stmt, params).all()
    items_by_group: dict = {}
    for item in db.session.execute(_ITEMS, params):
        items_by_group.setdefault(item.ui_group_id, []).append(item)
    headers = _first_texts(db.session.execute(_HEADERS, params))
    tag_texts = _first_texts(db.session.execute(_TAG_TEXTS, params))

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
                "default_state": item.default, "tag_display_text": tag_texts.get(item.tag_id),
            })
        config[group.ui_mode].append({
            "select": group.select,
            "group_short_name": group.name.title(),
            "header_display_text": headers.get(group.id),
            "display_items": display_items,
        })
    return config
