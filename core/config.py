"""Settings from the environment or `.env` (pydantic-settings). One object, passed around, never global."""

from __future__ import annotations

import re
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.errors import UserError

# The law for collection agencies forbids contact between 20:00 and 07:00 (reference §6).
LEGAL_EARLIEST, LEGAL_LATEST = 7 * 60, 20 * 60
_HOURS = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")


def env(name: str, default: Any, **kwargs: Any) -> Any:
    """A field read from environment variable `name` (and settable by field name in code and tests)."""
    return Field(default=default, validation_alias=name, **kwargs)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str = env("DATABASE_URL", "sqlite:///./incasso.db")
    data_dir: Path = env("INCASSO_DATA_DIR", Path("./data"))
    timezone: str = env("INCASSO_TIMEZONE", "Europe/Amsterdam")
    auto_migrate: bool = env("INCASSO_AUTO_MIGRATE", True)
    # HMAC key for Telegram deep-link tokens; empty: a random key is created once in the data dir
    secret_key: str = env("INCASSO_SECRET_KEY", "")

    # contact windows in Europe/Amsterdam, Monday to Saturday, never on public holidays or Sundays
    message_hours: str = env("INCASSO_MESSAGE_HOURS", "08:00-20:00")
    phone_hours: str = env("INCASSO_PHONE_HOURS", "09:00-17:00")

    # the agency, as its letters must name it (Wet kwaliteit incassodienstverlening)
    agency_name: str = env("INCASSO_AGENCY_NAME", "Incasso Bureau Voorbeeld B.V.")
    agency_registration: str = env("INCASSO_AGENCY_REGISTRATION", "Justis-registratie 00000 (voorbeeld)")
    agency_address: str = env("INCASSO_AGENCY_ADDRESS", "Voorbeeldstraat 1|1234 AB Utrecht")
    agency_phone: str = env("INCASSO_AGENCY_PHONE", "030 000 0000")
    agency_email: str = env("INCASSO_AGENCY_EMAIL", "info@incasso.example")
    agency_website: str = env("INCASSO_AGENCY_WEBSITE", "https://incasso.example")
    collection_iban: str = env("INCASSO_COLLECTION_IBAN", "NL20INGB0001234567")
    collection_account_name: str = env("INCASSO_COLLECTION_ACCOUNT_NAME", "Stichting Derdengelden Incasso")
    # the collection account's bank (BIC), named in the SEPA payout file; empty: IBAN only (allowed within SEPA)
    collection_bic: str = env("INCASSO_COLLECTION_BIC", "")

    smtp_host: str = env("SMTP_HOST", "")
    smtp_port: int = env("SMTP_PORT", 587, ge=1, le=65535)
    smtp_user: str = env("SMTP_USER", "")
    smtp_password: str = env("SMTP_PASSWORD", "")
    smtp_from: str = env("SMTP_FROM", "")
    smtp_starttls: bool = env("SMTP_STARTTLS", True)

    # the public https address of this service: Telegram's webhook and Slack's OAuth redirect are built from it
    public_url: str = env("INCASSO_PUBLIC_URL", "")

    telegram_bot_username: str = env("TELEGRAM_BOT_USERNAME", "")
    telegram_bot_token: str = env("TELEGRAM_BOT_TOKEN", "")
    telegram_webhook_secret: str = env("TELEGRAM_WEBHOOK_SECRET", "")
    # Bot API base URL up to and including "/bot" (python-telegram-bot's base_url); tests and self-hosted servers
    telegram_api_url: str = env("TELEGRAM_API_URL", "")
    # webhook (production, behind INCASSO_PUBLIC_URL) or polling (local development)
    telegram_mode: str = env("TELEGRAM_MODE", "webhook", pattern="^(webhook|polling)$")

    slack_signing_secret: str = env("SLACK_SIGNING_SECRET", "")
    slack_client_id: str = env("SLACK_CLIENT_ID", "")
    slack_client_secret: str = env("SLACK_CLIENT_SECRET", "")
    # single-workspace mode instead of OAuth
    slack_bot_token: str = env("SLACK_BOT_TOKEN", "")
    # Web API base URL ending in "/api/"; tests and proxies
    slack_api_url: str = env("SLACK_API_URL", "")
    slack_specialist_team_id: str = env("SLACK_SPECIALIST_TEAM_ID", "")
    slack_specialist_channel: str = env("SLACK_SPECIALIST_CHANNEL", "")
    # the language of the cards in the specialists' channel and of the agency's weekly report (read by the whole
    # team); modals and App Home follow each specialist's own Slack locale
    slack_specialist_language: str = env("SLACK_SPECIALIST_LANGUAGE", "nl", pattern="^(nl|en)$")

    # payment links (iDEAL and more) through Mollie; without a key debtors get IBAN + payment reference
    mollie_api_key: str = env("MOLLIE_API_KEY", "")
    # the Mollie client's API endpoint (default https://api.mollie.com); tests and proxies
    mollie_api_url: str = env("MOLLIE_API_URL", "")

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

    @field_validator("message_hours", "phone_hours")
    @classmethod
    def _within_legal_hours(cls, value: str) -> str:
        match = _HOURS.match(value.strip())
        if not match:
            raise ValueError(f"{value!r}: expected HH:MM-HH:MM")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if not LEGAL_EARLIEST <= start < end <= LEGAL_LATEST:
            raise ValueError(f"{value!r}: contact is allowed only between 07:00 and 20:00")
        return value.strip()

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def window(self, which: str) -> tuple[int, int]:
        """(start, end) in minutes after midnight for `message` or `phone`."""
        value = self.message_hours if which == "message" else self.phone_hours
        h1, m1, h2, m2 = (int(g) for g in _HOURS.match(value).groups())  # type: ignore[union-attr]
        return h1 * 60 + m1, h2 * 60 + m2

    def deep_link_key(self) -> bytes:
        return self.secret_key.encode() if self.secret_key else _key_from_file(self.data_dir.resolve())


@lru_cache(maxsize=8)
def _key_from_file(data_dir: Path) -> bytes:
    """A random key created once per data dir, so deep links keep working across restarts without configuration."""
    path = data_dir / "secret.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip().encode()


def load_settings(**overrides: object) -> Settings:
    """Build settings; an invalid one stops start-up with a message that names the variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            field = str(err["loc"][0]) if err["loc"] else "?"
            info = Settings.model_fields.get(field)
            name = info.validation_alias if info and isinstance(info.validation_alias, str) else field
            problems.append(f"{name}: {err['msg']}")
        raise UserError("invalid setting " + "; ".join(problems)) from None
