"""Alembic environment: psoas runs migrations itself (store.database.open_database)."""

from alembic import context

from psoas.store.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("psoas migrations run through psoas.store.database, which passes a connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
