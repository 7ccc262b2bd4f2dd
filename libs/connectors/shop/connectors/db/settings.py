"""Database settings (`DB_*`; `DATABASE_URL` is accepted for the URL, as most platforms set it)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import AliasChoices, Field, PostgresDsn, SecretStr, field_validator
from pydantic_settings import SettingsConfigDict

from shop.core.settings import SettingsFragment


def plain_dsn(sqlalchemy_url: str) -> str:
    """asyncpg itself wants `postgresql://`; SQLAlchemy's URL says `postgresql+asyncpg://`."""
    return sqlalchemy_url.replace("postgresql+asyncpg://", "postgresql://", 1)


# The local development database that `make run` starts (libs/testing pg_server, port 55432).
DEVELOPMENT_DATABASE_URL = "postgresql+asyncpg://postgres@127.0.0.1:55432/shop"


class DatabaseSettings(SettingsFragment):
    model_config = SettingsConfigDict(env_prefix="DB_")
    development_defaults: ClassVar = {"url": DEVELOPMENT_DATABASE_URL}

    # A SecretStr keeps the password out of reprs and logs.
    url: SecretStr = Field(validation_alias=AliasChoices("DB_URL", "DATABASE_URL", "url"))
    """PostgreSQL URL (postgresql:// or postgresql+asyncpg://). Required outside development,
    where it is the local database `make run` starts."""
    pool_size: int = Field(default=10, ge=1, le=200)
    """Connections each pool keeps open (the read pool and the engine's, per process)."""
    max_overflow: int = Field(default=5, ge=0, le=200)
    """Connections the engine's pool may open beyond pool_size under load."""
    pool_timeout_seconds: float = Field(default=5.0, gt=0)
    """How long a request waits for a free connection before it gets 503."""
    pool_pre_ping: bool = True
    """Test a pooled connection before use (survives a database restart)."""
    connect_timeout_seconds: float = Field(default=5.0, gt=0)
    """How long connecting to PostgreSQL may take."""
    statement_timeout_ms: int = Field(default=10_000, ge=0)
    """PostgreSQL cancels a statement running longer (0: never)."""
    echo: bool = False
    """Log every SQL statement (debugging only: noisy and slow)."""

    @field_validator("url")
    @classmethod
    def _async_postgres_url(cls, value: SecretStr) -> SecretStr:
        url = value.get_secret_value()
        PostgresDsn(url)  # raises a readable error for anything that is not a PostgreSQL URL
        if url.startswith(("postgres://", "postgresql://")):
            url = "postgresql+asyncpg://" + url.split("://", 1)[1]
        if not url.startswith("postgresql+asyncpg://"):
            raise ValueError("must be a postgresql:// or postgresql+asyncpg:// URL")
        return SecretStr(url)
