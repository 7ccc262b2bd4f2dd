"""Database settings (`DB_*`; `DATABASE_URL` is accepted for the URL, as most platforms set it)."""

from __future__ import annotations

from typing import ClassVar, Self

from pydantic import AliasChoices, Field, PostgresDsn, SecretStr, field_validator, model_validator
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
    """Connections the engine's pool may open beyond pool_size under load, for bursts: one
    returned while pool_size others sit idle is closed, so a load that stays above pool_size
    keeps reconnecting (size pool_size for it)."""
    pool_timeout_seconds: float = Field(default=5.0, gt=0)
    """How long a request waits for a free connection before it gets 503."""
    pool_pre_ping: bool = False
    """Also test each pooled connection with a round trip before use: only where connections
    die silently (a firewall or NAT dropping idle ones). One the server closed, as at a
    restart, is replaced without it."""
    connect_timeout_seconds: float = Field(default=5.0, gt=0)
    """How long connecting to PostgreSQL may take."""
    statement_timeout_ms: int = Field(default=10_000, ge=0)
    """PostgreSQL cancels a statement running longer (0: never)."""
    echo: bool = False
    """Log every SQL statement (debugging only: noisy and slow)."""
    pooler: bool = False
    """DB_URL is a PgBouncer in transaction mode: no prepared statement outlives its
    transaction, and statement_timeout is not sent at connect (set it on the database role:
    ALTER ROLE shop SET statement_timeout = '10s'). Needs DB_LISTEN_URL."""
    listen_url: SecretStr | None = None
    """Where LISTEN connects (order status streams): PostgreSQL itself, as LISTEN needs a
    session of its own. Default: DB_URL; required with DB_POOLER=true."""

    read_url: SecretStr | None = None
    """A streaming replica for the catalogue and the admin listings (reads that need not see
    the request's own writes); everything else stays on DB_URL. Default: none, DB_URL serves
    all."""
    max_replica_lag_seconds: float = Field(default=5.0, gt=0)
    """/readyz fails while the replica is further behind than this."""

    @property
    def session_url(self) -> str:
        """The URL of a connection that keeps its session (LISTEN)."""
        return (self.listen_url or self.url).get_secret_value()

    def server_settings(self, application_name: str) -> dict[str, str]:
        """What each connection sets at start-up; a pooler passes on the application name only."""
        if self.pooler:
            return {"application_name": application_name}
        return {
            "statement_timeout": str(self.statement_timeout_ms),
            "application_name": application_name,
        }

    @model_validator(mode="after")
    def _listen_past_the_pooler(self) -> Self:
        if self.pooler and self.listen_url is None:
            raise ValueError(
                "DB_POOLER=true needs DB_LISTEN_URL: a direct PostgreSQL URL for LISTEN, which "
                "a transaction pooler cannot carry"
            )
        return self

    @field_validator("url", "listen_url", "read_url")
    @classmethod
    def _async_postgres_url(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        url = value.get_secret_value()
        PostgresDsn(url)  # raises a readable error for anything that is not a PostgreSQL URL
        if url.startswith(("postgres://", "postgresql://")):
            url = "postgresql+asyncpg://" + url.split("://", 1)[1]
        if not url.startswith("postgresql+asyncpg://"):
            raise ValueError("must be a postgresql:// or postgresql+asyncpg:// URL")
        return SecretStr(url)
