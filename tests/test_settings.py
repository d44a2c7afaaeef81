from django.core.exceptions import ImproperlyConfigured

import pytest

from participatienet import settings as project_settings


def test_env_bool_accepts_only_true_and_false(monkeypatch):
    monkeypatch.setenv("X_FLAG", "true")
    assert project_settings.env_bool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "False")
    assert project_settings.env_bool("X_FLAG", True) is False
    monkeypatch.setenv("X_FLAG", "yes")
    with pytest.raises(ImproperlyConfigured):
        project_settings.env_bool("X_FLAG", False)


def test_env_reads_a_secret_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("geheim\n")
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    assert project_settings.env("X_SECRET") == "geheim"


def test_env_int_rejects_words(monkeypatch):
    monkeypatch.setenv("X_NUMBER", "veel")
    with pytest.raises(ImproperlyConfigured):
        project_settings.env_int("X_NUMBER", 1)


def test_secret_key_is_generated_once_and_kept(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setattr(project_settings, "VAR_DIR", tmp_path)
    first = project_settings._secret_key()
    assert len(first) > 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    assert project_settings._secret_key() == first


def test_defaults_are_safe_and_flemish():
    assert project_settings.LANGUAGE_CODE == "nl-be"
    assert project_settings.TIME_ZONE == "Europe/Brussels"
    assert "en" in dict(project_settings.LANGUAGES)


def test_sqlite_runs_in_wal_mode(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    # An in-memory test database cannot use WAL; a file database must.
    assert mode in ("wal", "memory")
    assert "journal_mode=WAL" in connection.settings_dict["OPTIONS"]["init_command"]
