"""Settings fragments: each concern reads its own environment prefix; apps compose them.

Secure by default: the environment is `production` unless `APP_ENV` says otherwise, and a
fragment's `development_defaults` (for example a local database URL or a signing key) apply only
in development. Anywhere else a missing secret fails validation at start-up.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from typing import Any, ClassVar, Self, TypeVar, get_type_hints

from pydantic import AliasChoices, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


def current_environment() -> Environment:
    raw = os.environ.get("APP_ENV", Environment.PRODUCTION.value)
    try:
        return Environment(raw.lower())
    except ValueError:
        allowed = ", ".join(env.value for env in Environment)
        raise InvalidSettingsError(f"APP_ENV={raw!r} is not one of: {allowed}") from None


class InvalidSettingsError(Exception):
    """The configuration cannot start an app; the message says which variable to fix."""


class SettingsFragment(BaseSettings):
    """Base of every fragment: immutable, ignores unrelated variables, dev-only defaults.

    The docstring under a field describes its variable: `.env.example` and the README's table
    of settings are generated from them (build-support/dev/settings_reference.py)."""

    model_config = SettingsConfigDict(frozen=True, extra="ignore", use_attribute_docstrings=True)
    development_defaults: ClassVar[dict[str, Any]] = {}

    @model_validator(mode="before")
    @classmethod
    def _apply_development_defaults(cls, data: Any) -> Any:
        if not cls.development_defaults or current_environment() != Environment.DEVELOPMENT:
            return data
        if not isinstance(data, dict):
            return data
        return {**cls.development_defaults, **data}

    @classmethod
    def load(cls) -> Self:
        """Read the fragment from the environment, turning validation errors into one message."""
        try:
            return cls()
        except ValidationError as error:
            raise InvalidSettingsError(describe_invalid_settings(cls, error)) from None


def describe_invalid_settings(fragment: type[BaseSettings], error: ValidationError) -> str:
    problems = []
    for item in error.errors():
        if not item["loc"]:  # a rule across fields: its message names the variables
            problems.append(f"  {item['msg'].removeprefix('Value error, ')}")
            continue
        name, *rest = [str(part) for part in item["loc"]]
        variable = ".".join([_variable(fragment, name), *rest])
        problems.append(f"  {variable}: {item['msg']}")
    return f"invalid {fragment.__name__} ({current_environment().value}):\n" + "\n".join(problems)


def _variable(fragment: type[BaseSettings], name: str) -> str:
    """The environment variable(s) a field is read from, as an operator would set them."""
    for field_name, field in fragment.model_fields.items():
        aliases = field.validation_alias
        choices = aliases.choices if isinstance(aliases, AliasChoices) else []
        # pydantic names a field read under aliases by the first of them, not by its name.
        if name == field_name or name in choices:
            variables = [c for c in choices if isinstance(c, str) and c.isupper()]
            if variables:
                return " or ".join(variables)
            break
    return f"{fragment.model_config.get('env_prefix', '')}{name}".upper()


@dataclasses.dataclass(frozen=True)
class AppSettings:
    """An app's settings: a frozen dataclass with one field per fragment it needs.

    `load` reads every fragment from the environment, so an app lists what it needs and nothing
    else: `class PublicApiSettings(AppSettings): server: PublicApiServerSettings; ...`.
    """

    @classmethod
    def load(cls) -> Self:
        """Every fragment, or every problem of every fragment at once (fixing one variable at a
        time, restart after restart, is no way to set an app up)."""
        fragments = get_type_hints(cls)
        loaded, problems = {}, []
        for field in dataclasses.fields(cls):
            try:
                loaded[field.name] = fragments[field.name].load()
            except InvalidSettingsError as problem:
                problems.append(str(problem))
        if problems:
            raise InvalidSettingsError("\n".join(problems))
        return cls(**loaded)


_Loaded = TypeVar("_Loaded")


def load_or_exit(load: Callable[[], _Loaded]) -> _Loaded:
    """An app's settings, or one clear message and exit code 2 when they cannot start it.

    Called first by every app's `__main__`, so a bad value is never a traceback from inside a
    server worker or a loop.
    """
    try:
        return load()
    except InvalidSettingsError as error:
        print(f"configuration error: {error}", file=sys.stderr)  # noqa: T201
        sys.exit(2)
