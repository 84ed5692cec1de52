"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps every message it is given: the demo's mailbox and the
tests' mail server. Our SmtpSender talks to it exactly as to a provider's server (no STARTTLS on loopback)."""

from __future__ import annotations

import email
import email.policy
import threading
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


class SmtpSink:
    """The handler: accepts every recipient (or answers RCPT with `refuse_with`) and keeps the raw and parsed mail."""

    def __init__(self, refuse_with: str | None = None) -> None:
        self.refuse_with = refuse_with
        self.raw: list[bytes] = []
        self.messages: list[EmailMessage] = []
        self._lock = threading.Lock()

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if self.refuse_with:
            return self.refuse_with
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        content = envelope.content if isinstance(envelope.content, bytes) else envelope.content.encode()
        with self._lock:
            self.raw.append(content)
            self.messages.append(email.message_from_bytes(content, policy=email.policy.default))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


class _Controller(Controller):
    """aiosmtpd's Controller on port 0: learn the port the OS gave before the controller connects to itself."""

    def _trigger_server(self) -> None:
        assert self.server is not None
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class SmtpServer:
    """Serves an SmtpSink on 127.0.0.1:<free port> in a background thread; use as a context manager."""

    def __init__(self, sink: SmtpSink | None = None) -> None:
        self.sink = sink or SmtpSink()
        self.port = 0
        self._controller: _Controller | None = None

    def __enter__(self) -> SmtpServer:
        self._controller = _Controller(self.sink, hostname="127.0.0.1", port=0)
        self._controller.start()
        self.port = self._controller.port
        return self

    @property
    def messages(self) -> list[EmailMessage]:
        return self.sink.messages

    def __exit__(self, *exc: object) -> None:
        if self._controller is not None:
            self._controller.stop()
