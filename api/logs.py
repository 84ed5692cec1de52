"""Logging: plain lines by default, one JSON object per line with LOG_FORMAT=json; a request id on every line
of a request; IBANs and tokens masked wherever they appear in a message."""

from __future__ import annotations

import contextvars
import json
import logging
import os
import re
import sys
from datetime import UTC, datetime

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
case_reference: contextvars.ContextVar[str | None] = contextvars.ContextVar("case_reference", default=None)

_IBAN = re.compile(r"\b([A-Z]{2}\d{2})[A-Z0-9 ]{8,30}?(\d{4})\b")
_SECRETS = re.compile(r"(inc_[0-9a-f]{12}_|start=|Bearer\s+)[A-Za-z0-9_\-]{8,}")


def redact(text: str) -> str:
    text = _IBAN.sub(lambda m: f"{m.group(1)}…{m.group(2)}", text)
    return _SECRETS.sub(lambda m: f"{m.group(1)}…", text)


class _Context(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        record.case = case_reference.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        for key in ("request_id", "case"):
            value = getattr(record, key, None)
            if value:
                entry[key] = value
        if record.exc_info:
            entry["error"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


class PlainFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def configure_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(_Context())
    if os.environ.get("LOG_FORMAT", "").lower() == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(PlainFormatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
