from typing import ClassVar

import pytest
from pydantic import SecretStr
from pydantic_settings import SettingsConfigDict

from shop.core.settings import (
    Environment,
    InvalidSettingsError,
    SettingsFragment,
    current_environment,
)


class SigningSettings(SettingsFragment):
    model_config = SettingsConfigDict(env_prefix="SIGNING_")
    development_defaults: ClassVar = {"key": "development-only-key"}

    key: SecretStr
    lifetime_seconds: int = 60


def test_production_is_the_default_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("APP_ENV", raising=False)

    assert current_environment() is Environment.PRODUCTION


def test_an_unknown_environment_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ENV", "staging-ish")

    with pytest.raises(InvalidSettingsError, match="APP_ENV"):
        current_environment()


def test_a_secret_has_no_default_outside_development(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.delenv("SIGNING_KEY", raising=False)

    with pytest.raises(InvalidSettingsError, match="SIGNING_KEY"):
        SigningSettings.load()


def test_development_gets_its_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ENV", "development")
    monkeypatch.delenv("SIGNING_KEY", raising=False)

    assert SigningSettings.load().key.get_secret_value() == "development-only-key"


def test_the_environment_wins_over_development_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ENV", "development")
    monkeypatch.setenv("SIGNING_KEY", "from-env")

    assert SigningSettings.load().key.get_secret_value() == "from-env"


def test_a_bad_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIGNING_KEY", "k")
    monkeypatch.setenv("SIGNING_LIFETIME_SECONDS", "soon")

    with pytest.raises(InvalidSettingsError, match="SIGNING_LIFETIME_SECONDS"):
        SigningSettings.load()
