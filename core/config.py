"""Settings from the environment or `.env` (pydantic-settings). One object, passed around, never global."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.errors import UserError


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str = Field(
        default="sqlite:///./incasso.db", validation_alias=AliasChoices("DATABASE_URL", "database_url")
    )
    data_dir: Path = Field(default=Path("./data"), validation_alias=AliasChoices("INCASSO_DATA_DIR", "data_dir"))
    timezone: str = Field(default="Europe/Amsterdam", validation_alias=AliasChoices("INCASSO_TIMEZONE", "timezone"))
    auto_migrate: bool = Field(default=True, validation_alias=AliasChoices("INCASSO_AUTO_MIGRATE", "auto_migrate"))

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (expected e.g. Europe/Amsterdam)") from None
        return value

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: str) -> str:
        if not value.startswith(("sqlite", "postgresql")):
            raise ValueError("only sqlite:/// and postgresql+psycopg:// URLs are supported")
        if value.startswith("postgresql://"):
            # psycopg 3 is what we install; the bare scheme would ask SQLAlchemy for psycopg2.
            value = "postgresql+psycopg://" + value.removeprefix("postgresql://")
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


_ENV_NAMES = {
    "database_url": "DATABASE_URL",
    "data_dir": "INCASSO_DATA_DIR",
    "timezone": "INCASSO_TIMEZONE",
    "auto_migrate": "INCASSO_AUTO_MIGRATE",
}


def load_settings(**overrides: object) -> Settings:
    """Build settings; an invalid one stops start-up with a message that names the variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            field = str(err["loc"][0]) if err["loc"] else "?"
            problems.append(f"{_ENV_NAMES.get(field, field.upper())}: {err['msg']}")
        raise UserError("invalid setting " + "; ".join(problems)) from None
