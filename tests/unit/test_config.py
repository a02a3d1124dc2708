"""Configuration from the environment."""
import stat

from rwflask import config


def test_database_defaults_to_sqlite_in_instance(tmp_path):
    assert config.database_url(str(tmp_path), {}) == f"sqlite:///{tmp_path / 'rwflask.db'}"


def test_postgres_urls_use_psycopg(tmp_path):
    for given in ("postgres://u@h/db", "postgresql://u@h/db"):
        assert config.database_url(str(tmp_path), {"DATABASE_URL": given}) == "postgresql+psycopg://u@h/db"


def test_secret_key_is_generated_once_and_kept(tmp_path):
    first = config.secret_key(str(tmp_path), {})
    assert len(first) == 64 and config.secret_key(str(tmp_path), {}) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_environment_overrides(tmp_path):
    settings = config.load(str(tmp_path), {"SECRET_KEY": "k", "MEDIA_ROOT": "/srv/media", "REDIS_URL": "redis://r:1/2",
                                           "CORS_ORIGINS": "https://a.org, https://b.org"})
    assert settings["SECRET_KEY"] == "k" and settings["MEDIA_ROOT"] == "/srv/media"
    assert settings["REDIS_URL"] == "redis://r:1/2"
    assert settings["CORS_ORIGINS"] == ["https://a.org", "https://b.org"]


def test_media_root_defaults_to_instance_media(tmp_path):
    assert config.load(str(tmp_path), {"SECRET_KEY": "k"})["MEDIA_ROOT"] == str(tmp_path / "media")


def test_a_generated_instance_secret_is_not_readable_by_others(tmp_path):
    config.instance_secret(str(tmp_path), "icecast_source_password")
    assert (tmp_path / "icecast_source_password").stat().st_mode & stat.S_IROTH == 0


def test_an_instance_secret_made_by_another_process_is_read_not_replaced(tmp_path):
    (tmp_path / "secret_key").write_text("theirs\n")
    assert config.instance_secret(str(tmp_path), "secret_key") == "theirs"


def test_an_existing_world_readable_instance_secret_is_tightened(tmp_path):
    path = tmp_path / "icecast_admin_password"
    path.write_text("pw")
    path.chmod(0o644)
    config.secure_instance_secrets(str(tmp_path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
