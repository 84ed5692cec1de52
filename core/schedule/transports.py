"""The transports core itself provides: e-mail over SMTP, letters into a print queue folder, creditor webhooks."""

from __future__ import annotations

import os
from email.utils import formataddr
from pathlib import Path

from core import webhooks
from core.channels.email_message import ComposedEmail, mime_message
from core.channels.errors import DeliveryError
from core.channels.smtp import SmtpSender, SmtpSettings
from core.config import Settings
from core.db.models import OutboundMessage
from core.schedule.delivery import Parcel, Transport


class EmailTransport:
    """Assembles the MIME message from the composed parts in the outbox row and sends it over SMTP.

    The Message-ID comes from the row's idempotency key, so a message sent again after a crash carries the
    same id and a receiving server or mail client can recognise the duplicate.
    """

    def __init__(self, sender: SmtpSender, *, from_address: str, reply_to: str) -> None:
        self.sender = sender
        self.from_address = from_address
        self.reply_to = reply_to

    def deliver(self, message: OutboundMessage, parcel: Parcel) -> None:
        composed = ComposedEmail(message.subject or "", message.body, message.body_html or "", parcel.language)
        attachment = parcel.attachment
        mime = mime_message(
            composed,
            sender=self.from_address,
            to=message.recipient,
            reply_to=self.reply_to,
            reference=parcel.case_reference or "",
            message_id=message_id_for(message.idempotency_key),
            attachment=(attachment.file_name, attachment.data) if attachment else None,
        )
        self.sender.send(mime)


def message_id_for(key: str) -> str:
    return f"<{key.replace(':', '.')}@incasso>"


class PrintQueueTransport:
    """Letters land as PDFs in <data dir>/print-queue/<date>/, from where they are printed and posted the same day.

    A print-and-post provider is a later adapter with the same `deliver`.
    """

    def __init__(self, data_dir: Path) -> None:
        self.root = Path(data_dir) / "print-queue"

    def deliver(self, message: OutboundMessage, parcel: Parcel) -> None:
        attachment = parcel.attachment
        if attachment is None:
            raise DeliveryError("letter row without its document", transient=False)
        folder = self.root / message.created_at.date().isoformat()
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{message.id:08d}-{attachment.file_name}"
        tmp = target.with_suffix(".part")
        tmp.write_bytes(attachment.data)
        os.replace(tmp, target)  # a half-written file never carries the final name


def core_transports(settings: Settings) -> dict[str, Transport]:
    transports: dict[str, Transport] = {
        "letter": PrintQueueTransport(settings.data_dir),
        webhooks.CHANNEL: webhooks.WebhookTransport(),
    }
    if settings.smtp_host:
        sender = SmtpSender(
            SmtpSettings(
                host=settings.smtp_host,
                port=settings.smtp_port,
                user=settings.smtp_user or None,
                password=settings.smtp_password or None,
                sender=settings.smtp_from or settings.agency_email,
                starttls=settings.smtp_starttls,
            )
        )
        transports["email"] = EmailTransport(
            sender,
            from_address=formataddr((settings.agency_name, settings.smtp_from or settings.agency_email)),
            reply_to=formataddr((settings.agency_name, settings.agency_email)),
        )
    return transports
