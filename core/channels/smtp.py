"""Sending e-mail over SMTP with the standard library (synchronous: called from worker code, one connection per
message, so a broken connection never outlives the message it failed on).

Every failure becomes a ``DeliveryError`` the dispatcher can act on: ``transient`` (connection refused, timeout,
a dropped connection, a 4xx reply) means "try again later"; otherwise (a 5xx reply such as 550 recipient
rejected, a refused login, a server without STARTTLS when we require it) retrying will not help.
The password never appears in a log line, an exception message or the settings' repr.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import make_msgid, parseaddr

from core.channels.errors import DeliveryError

log = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True)
class SmtpSettings:
    host: str
    port: int = 587
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    sender: str  # From header when a message has none, and the envelope sender (where bounces go)
    starttls: bool = True  # require STARTTLS before login and sending
    timeout: float = 30.0  # seconds, per socket operation


def _reply_text(raw: bytes | str) -> str:
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)


def _by_code(code: int) -> bool:
    """Transient for 4xx (and for anything that is no proper reply); permanent for 5xx."""
    return not 500 <= code < 600


class SmtpSender:
    """Hands one message at a time to the configured SMTP server."""

    def __init__(self, settings: SmtpSettings, *, ssl_context: ssl.SSLContext | None = None) -> None:
        self.settings = settings
        self._ssl_context = ssl_context

    def send(self, message: EmailMessage) -> str:
        """Send ``message``; returns its Message-ID (one is added when missing). Raises ``DeliveryError``."""
        s = self.settings
        if message["Message-ID"] is None:
            domain = parseaddr(s.sender)[1].rpartition("@")[2] or "incasso.invalid"
            message["Message-ID"] = make_msgid(domain=domain)
        if message["From"] is None:
            message["From"] = s.sender
        message_id = str(message["Message-ID"])
        where = f"SMTP {s.host}:{s.port}"
        try:
            with smtplib.SMTP(s.host, s.port, timeout=s.timeout) as smtp:
                smtp.ehlo()
                if s.starttls:
                    smtp.starttls(context=self._ssl_context or ssl.create_default_context())
                    smtp.ehlo()
                if s.user:
                    smtp.login(s.user, s.password or "")
                refused = smtp.send_message(message, from_addr=parseaddr(s.sender)[1] or None)
        except smtplib.SMTPRecipientsRefused as exc:
            # All recipients refused: transient only if every refusal was a 4xx ("mailbox busy", greylisting).
            codes = [code for code, _ in exc.recipients.values()]
            detail = "; ".join(f"{code} {_reply_text(text)}" for code, text in exc.recipients.values())
            raise self._fail(
                all(_by_code(code) for code in codes),
                f"{where}: recipient refused: {detail}",
                codes[0] if codes else None,
            ) from exc
        except smtplib.SMTPResponseException as exc:  # sender refused, DATA refused, login refused, bad greeting
            text = f"{where}: {exc.smtp_code} {_reply_text(exc.smtp_error)}"
            raise self._fail(_by_code(exc.smtp_code), text, exc.smtp_code) from exc
        except smtplib.SMTPServerDisconnected as exc:
            raise self._fail(True, f"{where}: connection closed: {exc}") from exc
        except smtplib.SMTPNotSupportedError as exc:  # e.g. STARTTLS required but not offered
            raise self._fail(False, f"{where}: not supported by the server: {exc}") from exc
        except smtplib.SMTPException as exc:  # no usable AUTH mechanism and the like: configuration
            raise self._fail(False, f"{where}: {exc}") from exc
        except ssl.SSLCertVerificationError as exc:  # a wrong certificate stays wrong
            raise self._fail(False, f"{where}: TLS certificate not accepted: {exc.verify_message}") from exc
        except (TimeoutError, OSError) as exc:  # refused, unreachable, timed out, TLS handshake cut off
            raise self._fail(True, f"{where}: {type(exc).__name__}: {exc}") from exc
        if refused:
            log.warning(
                "message %s accepted for some recipients only; refused: %s",
                message_id,
                {rcpt: code for rcpt, (code, _) in refused.items()},
            )
        log.info("sent message %s (%s) via %s", message_id, message.get("X-Incasso-Reference", "-"), where)
        return message_id

    @staticmethod
    def _fail(transient: bool, text: str, code: int | None = None) -> DeliveryError:
        log.warning("delivery failed (%s): %s", "transient" if transient else "permanent", text)
        return DeliveryError(transient, text, code=code)


__all__ = ["SmtpSender", "SmtpSettings"]
