"""`flask rw` commands."""
from sqlalchemy import func, select

from rwflask.extensions import db
from rwflask.models import (Audiotrack, Language, LocalizedString, Project, Speaker, Tag, TagCategory, UIGroup,
                            UIItem, User)
from rwflask.services import users


def test_create_admin_makes_a_staff_user_that_can_log_in(app):
    result = app.test_cli_runner().invoke(args=["rw", "create-admin", "boss", "pw"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "boss"))
    assert user.is_staff and users.login("boss", "pw") is not None


def test_create_admin_twice_updates_the_password(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["rw", "create-admin", "boss", "one"])
    runner.invoke(args=["rw", "create-admin", "boss", "two"])
    assert users.login("boss", "one") is None and users.login("boss", "two") is not None


def test_seed_demo_creates_a_complete_project(app):
    result = app.test_cli_runner().invoke(args=["rw", "seed-demo"])
    assert result.exit_code == 0, result.output
    project = db.session.scalar(select(Project))
    assert {lang.language_code for lang in project.languages} == {"en", "es", "fr"}
    assert db.session.scalar(select(func.count()).select_from(TagCategory)) >= 2
    assert db.session.scalar(select(func.count()).select_from(Tag)) >= 4
    modes = {g.ui_mode for g in db.session.scalars(select(UIGroup))}
    assert modes == {"listen", "speak"}
    assert db.session.scalar(select(func.count()).select_from(UIItem).where(UIItem.active.is_(True))) >= 8
    assert db.session.scalar(select(func.count()).select_from(Audiotrack)) == 1
    speaker = db.session.scalar(select(Speaker))
    assert speaker.activeyn and speaker.shape.geom_type == "MultiPolygon"
    assert not speaker.attenuation_border.is_empty
    texts = {s.language.language_code for s in project.description_loc}
    assert texts == {"en", "es", "fr"}


def test_seed_demo_is_idempotent(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["rw", "seed-demo"])
    counts = [db.session.scalar(select(func.count()).select_from(m)) for m in (Project, Language, LocalizedString)]
    result = runner.invoke(args=["rw", "seed-demo"])
    assert "already present" in result.output
    assert [db.session.scalar(select(func.count()).select_from(m)) for m in (Project, Language, LocalizedString)] == counts
