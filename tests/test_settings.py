"""Typed settings: environment variables, DATABASE_URL, and clear errors for bad values."""

from __future__ import annotations

import pytest

from answerable.errors import ConfigError
from answerable.settings import Settings, get_settings


@pytest.fixture(autouse=True)
def _fresh_settings():
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_database_url_defaults_to_a_sqlite_file_in_the_data_directory(monkeypatch):
    monkeypatch.delenv("ANSWERABLE_DATABASE_URL", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    url = get_settings().database_url
    assert url.startswith("sqlite:///") and url.endswith("answerable.db")


def test_plain_database_url_is_honoured_and_the_prefixed_one_wins(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@127.0.0.1/plain")
    assert get_settings().database_url == "postgresql://u@127.0.0.1/plain"
    get_settings.cache_clear()
    monkeypatch.setenv("ANSWERABLE_DATABASE_URL", "sqlite:////tmp/x.db")
    assert get_settings().database_url == "sqlite:////tmp/x.db"


def test_a_bad_value_names_the_variable_and_the_fix(monkeypatch):
    monkeypatch.setenv("ANSWERABLE_MAX_FILE_BYTES", "lots")
    with pytest.raises(ConfigError) as info:
        get_settings()
    assert "ANSWERABLE_MAX_FILE_BYTES" in str(info.value)
    assert "'lots'" in str(info.value) and "unset the environment variable" in str(info.value)


def test_every_setting_has_help_text():
    for name, field in Settings.model_fields.items():
        assert field.description and len(field.description) > 20, name
