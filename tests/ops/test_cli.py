"""`flask rw` commands."""
import stat

from sqlalchemy import func, select

from rwflask.extensions import db
from rwflask.models import (Asset, Audiotrack, Language, LocalizedString, Project, Session, Speaker, Tag, TagCategory,
                            UIGroup, UIItem, User)
from rwflask.models.asset import asset_tag
from rwflask.services import media
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


def test_seed_demo_adds_spoken_recordings_and_the_ambient_sound(app):
    app.test_cli_runner().invoke(args=["rw", "seed-demo"])
    recordings = db.session.scalars(select(Asset)).all()
    assert len(recordings) == 4
    root = media.media_root()
    for asset in recordings:
        assert asset.processing_state == "ready" and asset.submitted and asset.audio_length > 1
        assert media.probe(root / asset.filename, "audio").duration > 1
        assert len(asset.tags) == 2
    assert (root / "demo-ambient.mp3").stat().st_size > 100_000


def test_seed_bench_adds_assets_spread_over_five_km_with_one_to_three_tags(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["rw", "seed-demo"])
    result = runner.invoke(args=["rw", "seed-bench", "--assets", "500"])
    assert result.exit_code == 0, result.output
    project = db.session.scalar(select(Project))
    bench = db.session.scalars(select(Asset).where(Asset.description == "benchmark asset")).all()
    assert len(bench) == 500
    lats = [a.latitude for a in bench]
    assert 0.035 < max(lats) - min(lats) < 0.046  # about 5 km of latitude
    assert min(lats) > project.latitude - 0.023 and max(lats) < project.latitude + 0.023
    counts = db.session.execute(select(asset_tag.c.asset_id, func.count()).group_by(asset_tag.c.asset_id)
                                .where(asset_tag.c.asset_id.in_([a.id for a in bench]))).all()
    assert len(counts) == 500 and {n for _, n in counts} <= {1, 2, 3}


def test_seed_demo_leaves_a_staff_session_for_the_admin_app(app):
    # The Roundware admin hard-codes session_id=1: on a fresh database, the first session.
    app.test_cli_runner().invoke(args=["rw", "seed-demo"])
    first = db.session.scalar(select(Session).order_by(Session.id))
    owner = db.session.get(User, first.user_id)
    assert first.project_id == db.session.scalar(select(Project.id))
    assert owner.is_staff and users.login(owner.username, "") is None


def test_a_procfile_written_to_a_file_is_not_readable_by_others(app, tmp_path):
    path = tmp_path / "Procfile"
    result = app.test_cli_runner().invoke(args=["rw", "procfile", "--output", str(path)])
    assert result.exit_code == 0, result.output
    assert "icecast: " in path.read_text() and path.stat().st_mode & stat.S_IROTH == 0
