"""Generation counters move with configuration writes, so caches in any process notice."""
from rwflask.extensions import db
from rwflask.services import generations
from tests.factories import LanguageFactory, SessionFactory, TagCategoryFactory


def test_config_write_bumps_the_config_generation():
    before = generations.current(db.session, generations.CONFIG)
    TagCategoryFactory()
    after = generations.current(db.session, generations.CONFIG)
    assert after != before
    category = TagCategoryFactory()
    category.name = "renamed"
    db.session.commit()
    assert generations.current(db.session, generations.CONFIG) == after + 2


def test_non_config_write_leaves_the_config_generation():
    LanguageFactory()
    session = SessionFactory()
    before = generations.current(db.session, generations.CONFIG)
    session.client_system = "changed"
    db.session.commit()
    assert generations.current(db.session, generations.CONFIG) == before
