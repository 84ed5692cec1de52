"""The transports core itself provides: e-mail over SMTP, and letters into a print queue folder."""

from __future__ import annotations

import email
import email.policy
import json
import os
import shutil
from pathlib import Path

from core.channels.errors import DeliveryError
from core.channels.smtp import SmtpSender, SmtpSettings
from core.config import Settings
from core.db.models import OutboundMessage
from core.documents_store import DocumentStore


class EmailTransport:
    def __init__(self, sender: SmtpSender) -> None:
        self.sender = sender

    def deliver(self, message: OutboundMessage) -> None:
        # the row holds the message exactly as composed (Message-ID included), so a retry sends the same bytes
        mime = email.message_from_string(message.body, policy=email.policy.SMTP)
        self.sender.send(mime)  # type: ignore[arg-type]


class PrintQueueTransport:
    """Letters land as PDFs in <data dir>/print-queue/<date>/, from where they are printed and posted the same day.

    A print-and-post provider is a later adapter with the same `deliver`.
    """

    def __init__(self, data_dir: Path) -> None:
        self.root = Path(data_dir) / "print-queue"
        self.store = DocumentStore(data_dir)

    def deliver(self, message: OutboundMessage) -> None:
        try:
            letter = json.loads(message.body)
            source = self.store.path_of(letter["sha256"])
        except (ValueError, KeyError) as exc:
            raise DeliveryError(f"letter row without a document: {exc}", transient=False) from None
        if not source.exists():
            raise DeliveryError(f"letter document {letter['sha256']} missing from the store", transient=False)
        folder = self.root / message.created_at.date().isoformat()
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{message.id:08d}-{letter['file_name']}"
        tmp = target.with_suffix(".part")
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)  # a half-copied file never carries the final name


def core_transports(settings: Settings) -> dict[str, object]:
    transports: dict[str, object] = {}
    if settings.smtp_host:
        transports["email"] = EmailTransport(
            SmtpSender(
                SmtpSettings(
                    host=settings.smtp_host,
                    port=settings.smtp_port,
                    user=settings.smtp_user or None,
                    password=settings.smtp_password or None,
                    sender=settings.smtp_from or settings.agency_email,
                    starttls=settings.smtp_starttls,
                )
            )
        )
    transports["letter"] = PrintQueueTransport(settings.data_dir)
    return transports
