"""Configuration from the environment."""
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
