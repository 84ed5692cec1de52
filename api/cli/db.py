"""`incasso db …`: the schema, managed by Alembic."""

from __future__ import annotations

import click

from core.config import load_settings
from core.db.base import make_engine
from core.db.migrate import current_revision, head_revision, upgrade


@click.group()
def db() -> None:
    """Database schema (Alembic migrations)."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Bring the database schema up to date."""
    settings = load_settings()
    engine = make_engine(settings.database_url)
    before = current_revision(engine)
    upgrade(engine)
    click.echo(f"database {engine.url.render_as_string(hide_password=True)}: {before or 'empty'} -> {head_revision()}")


@db.command("current")
def db_current() -> None:
    """Show the schema revision of the database and the newest one known."""
    engine = make_engine(load_settings().database_url)
    click.echo(f"current: {current_revision(engine) or 'empty'}; head: {head_revision()}")
