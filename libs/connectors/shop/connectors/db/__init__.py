"""PostgreSQL through SQLAlchemy's async engine on asyncpg."""
