"""The debtor e-mail: built, sent with SmtpSender to a real local SMTP server (aiosmtpd), parsed back with the
email package; and the failure modes of the SMTP hand-over (refused connection, timeout, 4xx, 5xx, login)."""

from __future__ import annotations

import email
import email.policy
import logging
import socket
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from core.channels.content import MessageContext, Template
from core.channels.email_message import REFERENCE_HEADER, attachment_name, build_email
from core.channels.errors import DeliveryError
from core.channels.letter_pdf import render_letter
from core.channels.samples import sample_context
from core.channels.smtp import SmtpSender, SmtpSettings
from core.channels.templates import eur, group_iban, long_date

SENDER = "Incasso Noord <noreply@incassonoord.nl>"
FOURTEEN_DAY_WORDING = {
    "nl": "binnen veertien dagen na de dag waarop u deze brief hebt ontvangen",
    "en": "within fourteen days after the day on which you received this letter",
}


def flat(text: str) -> str:
    return " ".join(text.split())


# -- a real SMTP server on 127.0.0.1, on a port the OS picks ---------------------------------------------


class _Controller(Controller):
    """aiosmtpd's Controller on port 0: learn the port the OS gave before the controller connects to itself."""

    def _trigger_server(self) -> None:
        assert self.server is not None
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class Collector:
    """Accepts everything, or answers RCPT / DATA with a given reply."""

    def __init__(self, rcpt_reply: str | None = None, data_reply: str | None = None) -> None:
        self.rcpt_reply = rcpt_reply
        self.data_reply = data_reply
        self.envelopes: list[Any] = []

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if self.rcpt_reply:
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.data_reply:
            return self.data_reply
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def start(handler: Collector, **kwargs: Any) -> _Controller:
    controller = _Controller(handler, hostname="127.0.0.1", port=0, **kwargs)
    controller.start()
    return controller


@pytest.fixture
def smtp() -> Iterator[tuple[_Controller, Collector]]:
    handler = Collector()
    controller = start(handler)
    yield controller, handler
    controller.stop()


def settings_for(controller: _Controller, **overrides: Any) -> SmtpSettings:
    values: dict[str, Any] = {
        "host": "127.0.0.1",
        "port": controller.port,
        "sender": SENDER,
        "starttls": False,
        "timeout": 5,
    }
    return SmtpSettings(**(values | overrides))


def received(handler: Collector) -> EmailMessage:
    (envelope,) = handler.envelopes
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def bodies(message: EmailMessage) -> tuple[str, str]:
    plain = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert plain is not None and html is not None
    return plain.get_content(), html.get_content()


def must_show(ctx: MessageContext) -> list[str]:
    """Both parts: summary with total open, how to pay, deadline, Telegram link, registration, creditor, complaint."""
    s = ctx.statement
    out = [
        ctx.case_reference,
        eur(s.total_open),
        eur(s.principal_open),
        eur(s.interest_open),
        group_iban(ctx.agency.collection_iban),
        ctx.agency.collection_account_name,
        ctx.payment_reference,
        long_date(ctx.deadline, ctx.language),
        ctx.agency.registration_number,
        ctx.creditor.name,
        ctx.creditor.kvk_number,
        flat(ctx.agency.complaint_text_nl if ctx.language == "nl" else ctx.agency.complaint_text_en),
    ]
    out += [inv.invoice_number for inv in s.invoices]
    if ctx.telegram_link:
        out.append(ctx.telegram_link)
    return out


# -- the message ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["nl", "en"])
def test_fourteen_day_email_arrives_complete(smtp: tuple[_Controller, Collector], language: str) -> None:
    controller, handler = smtp
    ctx = sample_context(Template.DEMAND, language, fourteen_day=True)
    pdf = render_letter(ctx)
    message = build_email(ctx, sender=SENDER, letter_pdf=pdf, sent_at=datetime(2025, 3, 4, 8, 30, tzinfo=UTC))

    message_id = SmtpSender(settings_for(controller)).send(message)

    (envelope,) = handler.envelopes
    assert envelope.mail_from == "noreply@incassonoord.nl"
    assert envelope.rcpt_tos == ["j.devries@example.nl"]
    got = received(handler)
    assert got["Message-ID"] == message_id
    assert got[REFERENCE_HEADER] == ctx.case_reference
    assert got["To"].addresses[0].addr_spec == "j.devries@example.nl"
    assert got["Content-Language"] == language
    assert got["Date"].datetime == datetime(2025, 3, 4, 8, 30, tzinfo=UTC)
    subject = str(got["Subject"])
    assert ctx.case_reference in subject
    assert subject.startswith("Betaalverzoek" if language == "nl" else "Payment request")

    assert got.get_content_type() == "multipart/mixed"
    assert [part.get_content_type() for part in got.walk()] == [
        "multipart/mixed",
        "multipart/alternative",
        "text/plain",
        "text/html",
        "application/pdf",
    ]
    plain, html = bodies(got)
    term = ctx.fourteen_day
    assert term is not None
    for name, text in (("plain", flat(plain)), ("html", flat(html))):
        missing = [needle for needle in must_show(ctx) if needle not in text]
        assert not missing, f"{name} part misses {missing}"
        assert FOURTEEN_DAY_WORDING[language] in text
        assert eur(term.costs) in text and eur(term.vat) in text
        assert long_date(term.term_ends, language) in text
        assert "14 dagen" not in text and "14 days" not in text and "dagtekening" not in text
    assert f'<html lang="{language}">' in html

    (attachment,) = list(got.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == f"{ctx.case_reference}-demand.pdf" == attachment_name(ctx)
    data = attachment.get_content()
    assert data == pdf and data.startswith(b"%PDF-")


def test_business_email_without_attachment_shows_costs(smtp: tuple[_Controller, Collector]) -> None:
    controller, handler = smtp
    ctx = sample_context(Template.FINAL_NOTICE, "en", fourteen_day=False, debtor_kind="business")
    SmtpSender(settings_for(controller)).send(build_email(ctx, sender=SENDER))

    got = received(handler)
    assert got.get_content_type() == "multipart/alternative"
    assert not list(got.iter_attachments())
    assert str(got["Subject"]).startswith("Final reminder: invoice F-2025-0417 from Bakkerij De Zon B.V.")
    plain, html = bodies(got)
    for text in (flat(plain), flat(html)):
        assert not [needle for needle in must_show(ctx) if needle not in text]
        assert eur(ctx.statement.costs) in text and "VAT 21% on the collection costs" in text
        assert FOURTEEN_DAY_WORDING["en"] not in text
        assert "not (yet) due" not in text


def test_html_part_escapes_names_and_links_urls() -> None:
    ctx = sample_context()
    ctx = replace(ctx, creditor=replace(ctx.creditor, name="Jansen & Zonen <script>alert(1)</script>"))
    plain, html = bodies(build_email(ctx, sender=SENDER))
    assert "<script>" not in html
    assert "Jansen &amp; Zonen &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Jansen & Zonen <script>alert(1)</script>" in plain
    assert f'<a href="{ctx.telegram_link}"' in html


def test_message_without_debtor_email_is_refused() -> None:
    ctx = sample_context()
    with pytest.raises(ValueError, match="no e-mail"):
        build_email(replace(ctx, debtor=replace(ctx.debtor, email=None)), sender=SENDER)


@pytest.mark.parametrize("template", list(Template))
def test_every_template_has_a_subject_in_both_languages(template: Template) -> None:
    nl = build_email(sample_context(template, "nl", fourteen_day=False), sender=SENDER)
    en = build_email(sample_context(template, "en", fourteen_day=False), sender=SENDER)
    assert nl["Subject"] != en["Subject"]
    for message in (nl, en):
        assert "INC-2025-000417" in message["Subject"]
        assert message["Message-ID"].endswith("@incassonoord.nl>")


# -- failure modes -------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_server_down_is_transient() -> None:
    settings = SmtpSettings(host="127.0.0.1", port=_free_port(), sender=SENDER, starttls=False, timeout=2)
    with pytest.raises(DeliveryError) as caught:
        SmtpSender(settings).send(build_email(sample_context(), sender=SENDER))
    assert caught.value.transient is True
    assert "127.0.0.1" in caught.value.message


def test_server_that_never_answers_times_out_transient() -> None:
    with socket.socket() as silent:  # accepts connections (backlog) but never sends a greeting
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        settings = SmtpSettings(host="127.0.0.1", port=port, sender=SENDER, starttls=False, timeout=0.3)
        with pytest.raises(DeliveryError) as caught:
            SmtpSender(settings).send(build_email(sample_context(), sender=SENDER))
    assert caught.value.transient is True


@pytest.mark.parametrize(
    ("rcpt_reply", "data_reply", "transient", "code"),
    [
        ("550 5.1.1 <j.devries@example.nl>: Recipient address rejected", None, False, 550),
        ("451 4.7.1 Greylisted, try again later", None, True, 451),
        (None, "451 4.3.0 Temporary local problem", True, 451),
        (None, "554 5.7.1 Message rejected as spam", False, 554),
    ],
)
def test_smtp_replies_map_to_transient_or_permanent(
    rcpt_reply: str | None, data_reply: str | None, transient: bool, code: int
) -> None:
    handler = Collector(rcpt_reply=rcpt_reply, data_reply=data_reply)
    controller = start(handler)
    try:
        with pytest.raises(DeliveryError) as caught:
            SmtpSender(settings_for(controller)).send(build_email(sample_context(), sender=SENDER))
    finally:
        controller.stop()
    assert caught.value.transient is transient
    assert caught.value.code == code
    assert str(code) in str(caught.value)
    assert not handler.envelopes


class _Authenticator:
    def __init__(self) -> None:
        self.logins: list[str] = []

    def __call__(self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and auth_data.password == b"s3cret-pw"
        if ok:
            self.logins.append(auth_data.login.decode())
        return AuthResult(success=ok, handled=False)


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_login_and_a_refused_login_without_leaking_the_password(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    handler = Collector()
    authenticator = _Authenticator()
    controller = start(handler, authenticator=authenticator, auth_require_tls=False, auth_required=True)
    try:
        good = settings_for(controller, user="incasso", password="s3cret-pw")
        SmtpSender(good).send(build_email(sample_context(), sender=SENDER))
        assert authenticator.logins == ["incasso"]
        assert len(handler.envelopes) == 1

        bad = settings_for(controller, user="incasso", password="wrong-pw-123")
        with pytest.raises(DeliveryError) as caught:
            SmtpSender(bad).send(build_email(sample_context(), sender=SENDER))
    finally:
        controller.stop()
    assert caught.value.transient is False and caught.value.code == 535
    for secret in ("s3cret-pw", "wrong-pw-123"):
        assert secret not in caplog.text
        assert secret not in str(caught.value)
        assert secret not in repr(good) + repr(bad)


def test_sender_adds_a_message_id_when_missing(smtp: tuple[_Controller, Collector]) -> None:
    controller, handler = smtp
    message = EmailMessage()
    message["To"] = "someone@example.nl"
    message["Subject"] = "test"
    message.set_content("hello")
    message_id = SmtpSender(settings_for(controller)).send(message)
    got = received(handler)
    assert got["Message-ID"] == message_id and message_id.endswith("@incassonoord.nl>")
    assert got["From"] == SENDER


def test_delivery_error_accepts_both_call_styles() -> None:
    assert DeliveryError(True, "busy").transient is True
    assert DeliveryError("gone", transient=False).transient is False
    with pytest.raises(TypeError):
        DeliveryError("no transient given")
