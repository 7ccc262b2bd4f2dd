import pytest

from shop.connectors.db.settings import DEVELOPMENT_DATABASE_URL, DatabaseSettings
from shop.core.settings import InvalidSettingsError


def test_a_plain_postgres_url_gets_the_async_driver(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://app:pw@db:5432/shop")

    url = DatabaseSettings.load().url.get_secret_value()

    assert url == "postgresql+asyncpg://app:pw@db:5432/shop"


def test_the_password_never_shows_in_the_settings_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DB_URL", "postgresql://app:s3cret@db/shop")

    assert "s3cret" not in repr(DatabaseSettings.load())


def test_production_requires_a_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.delenv("DB_URL", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)

    with pytest.raises(InvalidSettingsError, match="DB_URL"):
        DatabaseSettings.load()


def test_development_defaults_to_a_local_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ENV", "development")
    monkeypatch.delenv("DB_URL", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)

    assert DatabaseSettings.load().url.get_secret_value() == DEVELOPMENT_DATABASE_URL


def test_other_schemes_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DB_URL", "mysql://root@db/shop")

    with pytest.raises(InvalidSettingsError, match="DB_URL"):
        DatabaseSettings.load()
