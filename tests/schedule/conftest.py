"""Settings that point the service at the real SMTP server on loopback (the `smtp` fixture, tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bots.stand_ins.smtp_sink import SmtpServer
from core.config import Settings, load_settings


@pytest.fixture
def service_settings(database_url: str, data_dir: Path, smtp: SmtpServer) -> Settings:
    return load_settings(
        database_url=database_url,
        data_dir=data_dir,
        smtp_host="127.0.0.1",
        smtp_port=smtp.port,
        smtp_starttls=False,
        smtp_from="incasso@incasso.example",
        telegram_bot_username="IncassoDebiteurBot",
        secret_key="test-secret",
    )
