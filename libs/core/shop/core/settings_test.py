from dataclasses import dataclass
from typing import ClassVar

import pytest
from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import SettingsConfigDict

from shop.core.settings import (
    AppSettings,
    Environment,
    InvalidSettingsError,
    SettingsFragment,
    current_environment,
    load_or_exit,
)


class SigningSettings(SettingsFragment):
    model_config = SettingsConfigDict(env_prefix="SIGNING_")
    development_defaults: ClassVar = {"key": "development-only-key"}

    key: SecretStr
    lifetime_seconds: int = 60


class QueueSettings(SettingsFragment):
    model_config = SettingsConfigDict(env_prefix="QUEUE_")

    size: int = 10


@dataclass(frozen=True)
class SomeAppSettings(AppSettings):
    signing: SigningSettings
    queue: QueueSettings


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


def test_an_app_loads_each_of_its_fragments(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SIGNING_KEY", "a-production-key")
    monkeypatch.setenv("QUEUE_SIZE", "3")

    settings = SomeAppSettings.load()

    assert settings.signing.key.get_secret_value() == "a-production-key"
    assert settings.queue.size == 3


def test_settings_that_cannot_start_an_app_exit_with_one_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.delenv("SIGNING_KEY", raising=False)

    with pytest.raises(SystemExit) as exit_:
        load_or_exit(SomeAppSettings.load)

    error = capsys.readouterr().err
    assert exit_.value.code == 2
    assert error.startswith("configuration error")
    assert "SIGNING_KEY" in error


class LinkSettings(SettingsFragment):
    model_config = SettingsConfigDict(env_prefix="LINK_")

    url: str = Field(validation_alias=AliasChoices("LINK_URL", "SERVICE_URL", "url"))


def test_every_problem_of_every_fragment_is_named_at_once_by_its_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.delenv("SIGNING_KEY", raising=False)
    monkeypatch.setenv("QUEUE_SIZE", "many")

    with pytest.raises(InvalidSettingsError) as raised:
        SomeAppSettings.load()
    with pytest.raises(InvalidSettingsError) as unaliased:
        LinkSettings.load()

    assert "SIGNING_KEY" in str(raised.value)
    assert "QUEUE_SIZE" in str(raised.value)
    # Read under either name: both are said, never a prefixed alias (`LINK_LINK_URL`).
    assert "LINK_URL or SERVICE_URL: Field required" in str(unaliased.value)
