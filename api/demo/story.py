"""The story the demo plays, scene by scene, through the real interfaces.

1. The agency adds a creditor; the creditor installs the Slack app (OAuth), links the workspace with a code and
   files three claims with their invoices (PDFs served by the fake Slack).
2. The scheduler sends the letters (print queue) and e-mails (SMTP).
3. Debtor A connects on Telegram (the token from the e-mail + the postcode) and pays through a Mollie link; Mollie's
   webhook reports it.
4. Debtor B proposes an arrangement within the creditor's policy (accepted at once) and pays the first installment;
   the agency imports the bank statement (CAMT.053) that shows it.
5. Debtor C disputes with a photo; a specialist rejects the dispute in Slack; the schedule resumes; after day 10 the
   advice goes to the creditor, who consents to proceedings in Slack. The case file is exported.
6. The month is settled.
"""

from __future__ import annotations

import asyncio
import json
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

from api.demo.files import Transfer, camt053, invoice_pdf, photo_jpeg
from api.demo.people import Debtor, SlackUser, slack_button
from api.demo.transcript import Transcript
from api.demo.world import AGENCY_CHANNEL, AGENCY_TEAM, World, eventually
from bots.slack.workspaces import issue_link_code
from core.actors import Actor
from core.clock import AMSTERDAM, local_today
from core.db.models import Arrangement, Case, CaseEvent, Document
from core.money import format_eur
from core.services.bank_statements import import_statement
from core.services.creditors import add_creditor

START = datetime(2026, 3, 16, 8, 30, tzinfo=AMSTERDAM)  # a Monday
CREDITOR_TEAM, CASE_CHANNEL = "T0CREDITOR", "C0CASES"
CREDITOR_USER, SPECIALIST_USER = "U0ANNA", "U0MARK"
_TOKEN = re.compile(r"\?start=([A-Za-z0-9_-]{20,64})")
_CHECKOUT = re.compile(r"/checkout/(tr_[A-Za-z0-9]+)")


@dataclass(frozen=True)
class Claim:
    key: str  # A, B, C
    kind: str
    name: str
    first_name: str
    last_name: str
    street: str
    postcode: str
    city: str
    email: str
    phone: str
    kvk: str | None
    invoice: str
    invoice_date: str
    due: str
    amount: str
    chat_id: int
    iban: str
    more_documents: tuple[str, ...] = ()  # document kinds attached besides the invoice


CLAIMS = (
    Claim("A", "consumer", "Sanne de Boer", "Sanne", "de Boer", "Kerkstraat 5", "1017 GC", "Amsterdam",
          "sanne.deboer@example.nl", "06 12345678", None, "F-2026-014", "2026-01-12", "2026-02-11", "385.00",
          710001, "NL02ABNA0123456789"),
    Claim("B", "business", "Bouwbedrijf Jansen B.V.", "Peter", "Jansen", "Industrieweg 12", "3542 AD", "Utrecht",
          "administratie@jansen-bouw.nl", "030 123 4567", "87654321", "F-2026-021", "2026-01-05", "2026-02-04",
          "1250.00", 710002, "NL69INGB0123456789"),
    Claim("C", "business", "Hoveniersbedrijf Groen V.O.F.", "Lotte", "Groen", "Dorpsweg 8", "5611 AA", "Eindhoven",
          "info@groen-hoveniers.nl", "040 765 4321", "76543210", "F-2026-027", "2026-01-12", "2026-02-11",
          "2480.00", 710003, "NL44RABO0123456789", ("order_confirmation", "terms")),
)


@dataclass
class DemoResult:
    out_dir: Path
    references: dict[str, str] = field(default_factory=dict)  # A/B/C -> case reference
    transcript: str = ""
    settled: bool = False
    export: Path | None = None
    emails: list[tuple[str, str]] = field(default_factory=list)  # (to, subject)
    letters: list[str] = field(default_factory=list)
    telegram: dict[str, list[str]] = field(default_factory=dict)  # debtor's name -> lines they saw


class Story:
    def __init__(self, world: World, transcript: Transcript, lang: str, pause: Callable[[], None],
                 out_dir: Path) -> None:
        self.world = world
        self.tr = transcript
        self.lang = lang
        self.pause = pause
        self.out_dir = out_dir
        self.result = DemoResult(out_dir)
        self.creditor = SlackUser(world, CREDITOR_TEAM, CREDITOR_USER, "anna", CASE_CHANNEL)
        self.specialist = SlackUser(world, AGENCY_TEAM, SPECIALIST_USER, "mark", AGENCY_CHANNEL)
        self.debtors = {c.key: Debtor(world, c.name, c.chat_id, lang, c.first_name, c.last_name) for c in CLAIMS}
        self.tokens: dict[str, str] = {}
        transcript.names.update({c.chat_id: c.name for c in CLAIMS})
        transcript.specialist_users.add(SPECIALIST_USER)
        locale = "en-GB" if lang == "en" else "nl-NL"
        for user in (CREDITOR_USER, SPECIALIST_USER):
            world.slack.users[user] = {"id": user, "locale": locale, "tz": "Europe/Amsterdam"}

    # -- helpers -------------------------------------------------------------------------------------------------
    async def at(self, day: int, hour: int, minute: int = 0) -> None:
        """Let the simulated time run (the scheduler wakes on the way) to business day `day`, hh:mm."""
        from core.schedule.calendar import add_business_days

        target_day = add_business_days(START.date(), day)
        await self.world.run_until(datetime(target_day.year, target_day.month, target_day.day, hour, minute,
                                            tzinfo=AMSTERDAM), on_tick=self.tr.look)
        self.tr.look()

    def _scene(self, number: int, key: str) -> None:
        self.tr.look()
        self.pause()
        self.tr.scene(number, key)

    async def _quiet(self) -> None:
        """Wait until Slack has had its say after an ack (its work runs after the answer), then write it down."""
        await _quiet(self.world)
        self.tr.look()

    def _case(self, key: str) -> tuple[int, str]:
        reference = self.result.references[key]
        with self.world.state.uow(read_only=True) as uow:
            case = uow.session.scalars(select(Case).where(Case.reference == reference)).one()
            return case.id, case.status

    def _events(self, key: str, kind: str) -> list[CaseEvent]:
        case_id, _ = self._case(key)
        with self.world.state.uow(read_only=True) as uow:
            return list(uow.session.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id,
                                                                    CaseEvent.kind == kind)))

    async def debtor_says(self, key: str, text: str, shown: str | None = None) -> None:
        self.tr.acted(self._telegram_who(key), shown or text)
        await self.debtors[key].say(text)
        self.tr.look()

    async def debtor_presses(self, key: str, data: str) -> None:
        debtor = self.debtors[key]
        await debtor.press(data)
        self.tr.acted(self._telegram_who(key), debtor.said[-1])
        self.tr.look()

    def _telegram_who(self, key: str) -> str:
        return self.tr_t("who.telegram", name=self.debtors[key].name)

    def _eur(self, amount: Decimal) -> str:
        return format_eur(amount, "en_GB" if self.lang == "en" else "nl_NL")

    def tr_t(self, key: str, **params: object) -> str:
        from api.demo.texts import t

        return t(key, self.lang, **params)

    # -- the story -----------------------------------------------------------------------------------------------
    async def play(self) -> DemoResult:
        await self.scene_install_and_file()
        await self.scene_letters_and_emails()
        await self.scene_debtor_a_pays()
        await self.scene_debtor_b_arrangement()
        await self.scene_debtor_c_dispute_and_advice()
        await self.scene_settlement()
        self.tr.look()
        self.result.emails, self.result.letters = list(self.tr.emails), list(self.tr.letters)
        self.result.telegram = {name: list(lines) for name, lines in self.tr.telegram_seen.items()}
        return self.result

    async def scene_install_and_file(self) -> None:
        self._scene(1, "scene.install")
        with self.world.state.uow() as uow:
            creditor = add_creditor(uow, name="Drukkerij Van Dijk B.V.", kvk_number="34567890",
                                    payout_iban="NL91ABNA0417164300", email="finance@drukkerijvandijk.nl",
                                    language=self.lang, arrangement_policy={"max_months": 6,
                                                                             "min_installment": "50.00"})
            code = issue_link_code(uow, creditor.id)
            uow.commit()
        self.tr.acted(self.tr_t("who.agency"), "incasso creditor add --name \"Drukkerij Van Dijk B.V.\" "
                                               "--kvk 34567890 --iban NL91ABNA0417164300")
        self.tr.acted(self.tr_t("who.agency"), f"incasso creditor link-slack 34567890  →  {code}")
        await self._oauth_install(CREDITOR_TEAM, "Drukkerij Van Dijk")
        await self._oauth_install(AGENCY_TEAM, "Incassobureau (specialisten)")
        await self._creditor_command(f"koppel {code}" if self.lang == "nl" else f"link {code}")
        if self.lang == "en":
            await self._creditor_command("language en")

        await self.world.run_until(START.replace(hour=9, minute=0))
        for claim in CLAIMS:
            await self._file_claim(claim)
        await eventually(self._documents_stored)
        self.tr.look()

    async def _oauth_install(self, team_id: str, team_name: str) -> None:
        self.world.slack.install = {**self.world.slack.install, "team": {"id": team_id, "name": team_name}}
        started = await self.world.client.get("/slack/install")
        state = urllib.parse.parse_qs(urllib.parse.urlparse(started.headers["location"]).query)["state"][0]
        done = await self.world.client.get("/slack/oauth_redirect", params={"code": f"demo-{team_id}",
                                                                             "state": state})
        if done.status_code != 200:
            raise RuntimeError(f"installing the Slack app failed: {done.status_code}")
        self.tr.narrate("installed", team=team_name)

    async def _creditor_command(self, text: str) -> dict[str, Any]:
        self.tr.acted(self.tr_t("who.slack_creditor"), f"/incasso {text}")
        self.tr.last_slack_actor = "creditor"
        answer = await self.creditor.command(text)
        if answer.get("text") or answer.get("blocks"):
            from api.demo.render import slack_call_text

            self.tr.look()
            self.tr.block(self.tr_t("slack.creditor", where=self.tr_t("slack.answer")),
                          slack_call_text("chat.postEphemeral", answer))
        return answer

    async def _file_claim(self, claim: Claim) -> None:
        await self._creditor_command("nieuw" if self.lang == "nl" else "new")
        [opened] = (await eventually(lambda: self.world.slack.of("views.open")))[-1:]
        modal = opened.params["view"]
        file_id = f"F0{claim.key}INVOICE"
        invoice = self.world.slack.add_file(
            file_id, f"factuur-{claim.invoice}.pdf", "application/pdf",
            invoice_pdf("Drukkerij Van Dijk B.V.", claim.name, claim.invoice, claim.invoice_date, claim.due,
                        Decimal(claim.amount)))
        extra = {kind: [self.world.slack.add_file(
            f"F0{claim.key}{kind.upper()}", f"{kind.replace('_', '-')}-{claim.invoice}.pdf", "application/pdf",
            invoice_pdf("Drukkerij Van Dijk B.V.", claim.name, claim.invoice, claim.invoice_date, claim.due,
                        Decimal(claim.amount), title=self.tr_t(f"doc.{kind}")))] for kind in claim.more_documents}
        values = _claim_values(claim, invoice, self.lang, extra)
        self.tr.acted(self.tr_t("who.slack_creditor"),
                      self.tr_t("files_claim", debtor=claim.name, invoice=claim.invoice,
                                amount=self._eur(Decimal(claim.amount)), file=invoice["name"]))
        answer = await self.creditor.submit("new_claim", values, private_metadata=modal.get("private_metadata", ""),
                                            view_id=f"V0CLAIM{claim.key}")
        if answer.get("response_action") != "update":
            raise RuntimeError(f"the claim against {claim.name} was refused: {json.dumps(answer)[:400]}")
        from api.demo.render import slack_call_text

        self.tr.look()
        self.tr.block(self.tr_t("slack.creditor", where=self.tr_t("slack.view")),
                      slack_call_text("views.update", {"view": answer["view"]}))
        reference = re.search(r"INC-\d{4}-\d{6}", json.dumps(answer["view"]))
        if reference is None:
            raise RuntimeError("the confirmation names no case reference")
        self.result.references[claim.key] = reference.group(0)

    def _documents_stored(self) -> bool:
        with self.world.state.uow(read_only=True) as uow:
            stored = uow.session.scalars(select(Document.case_id).where(Document.kind == "invoice")).all()
            documents = uow.session.scalars(select(Document.id)).all()
            return len(set(stored)) == len(CLAIMS) and len(documents) >= len(CLAIMS) + sum(
                len(c.more_documents) for c in CLAIMS)

    async def scene_letters_and_emails(self) -> None:
        self._scene(2, "scene.letters")
        await self.at(0, 12)
        for claim in CLAIMS:
            mail = next((m for m in self.world.mail.messages if claim.email in str(m["To"])), None)
            if mail is None:
                raise RuntimeError(f"no e-mail reached {claim.email}")
            body = mail.get_body(preferencelist=("plain",))
            found = _TOKEN.search(body.get_content() if body else "")
            if found is None:
                raise RuntimeError(f"the e-mail to {claim.email} carries no Telegram link")
            self.tokens[claim.key] = found.group(1)
        self.tr.narrate("letters_done", letters=len(self.tr.letters), emails=len(self.tr.emails))

    async def _connect(self, claim: Claim) -> None:
        token = self.tokens[claim.key]
        await self.debtor_says(claim.key, f"/start {token}", f"/start {token[:8]}…  "
                               + self.tr_t("from_email_link"))
        await self.debtor_says(claim.key, claim.postcode)

    async def scene_debtor_a_pays(self) -> None:
        self._scene(3, "scene.a_pays")
        claim = CLAIMS[0]
        await self.at(1, 10)
        await self._connect(claim)
        await self.debtor_presses("A", "menu:pay")
        link = next((m for m in reversed(self.world.telegram.texts(claim.chat_id)) if _CHECKOUT.search(m)), None)
        if link is None:
            raise RuntimeError("debtor A got no payment link")
        payment_id = _CHECKOUT.search(link).group(1)  # type: ignore[union-attr]
        await self.at(1, 10, 4)
        self.tr.narrate("a_pays_at_mollie", name=claim.name, payment=payment_id)
        self.world.mollie.settle(payment_id, "paid")
        answer = await self.world.client.post("/webhooks/mollie", content=f"id={payment_id}",
                                              headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.tr.narrate("mollie_webhook", status=answer.status_code)
        await eventually(lambda: self._events("A", "payment_recorded"))
        await self.at(1, 11, 30)  # the next scheduler passes deliver the confirmation and the case-thread reply

    async def scene_debtor_b_arrangement(self) -> None:
        self._scene(4, "scene.b_arrangement")
        claim = CLAIMS[1]
        await self.at(2, 14)
        await self._connect(claim)
        await self.debtor_presses("B", "arr:start")
        await self.debtor_presses("B", "arr:by_months")
        await self.debtor_says("B", "3")
        first = local_today(self.world.clock) + timedelta(days=1)
        await self.debtor_says("B", first.strftime("%d-%m-%Y"))
        await self.debtor_presses("B", "arr:confirm")
        await self.at(2, 15, 30)
        with self.world.state.uow(read_only=True) as uow:
            case_id, _ = self._case("B")
            arrangement = uow.session.scalars(select(Arrangement).where(
                Arrangement.case_id == case_id, Arrangement.status == "accepted")).one()
            installment = arrangement.installment_amount
            payment_reference = uow.session.get_one(Case, case_id).payment_reference
        # B transfers the first installment with the payment reference; the agency imports the day's statement
        await self.at(3, 17)
        statement = camt053("STMT-2026-03-19", self.world.settings.collection_iban, first,
                            [Transfer(installment, claim.name, claim.iban, payment_reference)])
        (self.out_dir / "bank").mkdir(parents=True, exist_ok=True)
        (self.out_dir / "bank" / "camt053-2026-03-19.xml").write_bytes(statement)
        self.tr.acted(self.tr_t("who.agency"), "incasso bank import bank/camt053-2026-03-19.xml")
        with self.world.state.uow() as uow:
            imported = import_statement(uow, Actor.specialist("cli:demo", label="demo"), statement,
                                        collection_iban=self.world.settings.collection_iban)
            uow.commit()
        self.tr.narrate("bank_imported", lines=imported.lines, amount=self._eur(imported.recorded))
        await self.at(3, 18, 30)

    async def scene_debtor_c_dispute_and_advice(self) -> None:
        self._scene(5, "scene.c_dispute")
        claim = CLAIMS[2]
        await self.at(4, 10)
        await self._connect(claim)
        await self.debtor_presses("C", "disp:start")
        await self.debtor_presses("C", "disp:reason:not_delivered")
        await self.debtor_says("C", self.tr_t("c_dispute_words"))
        self.tr.acted(self._telegram_who("C"), self.tr_t("photo"))
        await self.debtors["C"].send_photo(photo_jpeg())
        self.tr.look()
        await self.debtor_presses("C", "disp:done")
        await self.at(4, 11, 30)  # the alert reaches the specialists' channel as a card
        found = await eventually(lambda: slack_button(self.world, "specialist.dispute.reject", channel=AGENCY_CHANNEL))
        channel, value, ts = found
        await self.at(4, 15)
        self.tr.acted(self.tr_t("who.slack_specialist"), self.tr_t("clicks", button=self.tr_t("btn_reject")))
        self.tr.last_slack_actor = "specialist"
        await self.specialist.click("specialist.dispute.reject", value, channel=channel, message_ts=ts)
        await eventually(lambda: self._events("C", "dispute_resolved"))
        await self._quiet()

        # the schedule resumes: the final notice, then the evaluation after day 10 with the advice
        day = 5
        await self.at(day, 18)
        while self._case("C")[1] not in ("awaiting_creditor", "judicial"):
            if day > 20:
                raise RuntimeError("case C was not evaluated after day 10")
            day += 1
            await self.at(day, 8)
        self.pause()
        await self.at(day, 10)
        await self._send_advice()
        await self._consent()
        await self._export("C")

    async def _send_advice(self) -> None:
        found = await _maybe(lambda: slack_button(self.world, "specialist.advice.send", channel=AGENCY_CHANNEL))
        if found is not None:
            channel, value, ts = found
            self.tr.acted(self.tr_t("who.slack_specialist"), self.tr_t("clicks", button=self.tr_t("btn_send_advice")))
            self.tr.last_slack_actor = "specialist"
            await self.specialist.click("specialist.advice.send", value, channel=channel, message_ts=ts)
        else:  # without the Slack card the advice is sent as `incasso case advice send` does
            from core.judicial.advice import send_advice

            reference = self.result.references["C"]
            self.tr.acted(self.tr_t("who.agency"), f"incasso case advice-send {reference}")
            with self.world.state.uow() as uow:
                send_advice(uow, Actor.specialist(f"slack:{AGENCY_TEAM}/{SPECIALIST_USER}", label="mark"), reference)
                uow.commit()
        await eventually(lambda: self._events("C", "advice_sent"))
        await self._quiet()
        await self.at(self._day_now(), 11, 30)  # the advice reaches the creditor's case thread

    async def _consent(self) -> None:
        action = "creditor_decision_start_proceedings"
        found = slack_button(self.world, action, channel=CASE_CHANNEL)
        if found is None:  # not in the case thread: the App Home shows the cases waiting for a decision
            self.tr.acted(self.tr_t("who.slack_creditor"), self.tr_t("opens_home"))
            await self.creditor.open_home()
            await eventually(lambda: any(action in json.dumps(c.params.get("view") or {})
                                         for c in self.world.slack.of("views.publish")))
            self.tr.look()
            self.tr.acted(self.tr_t("who.slack_creditor"), self.tr_t("clicks", button=self.tr_t("btn_proceed")))
            await self.creditor.click(action, self.result.references["C"])
        else:
            channel, value, ts = found
            self.tr.acted(self.tr_t("who.slack_creditor"), self.tr_t("clicks", button=self.tr_t("btn_proceed")))
            await self.creditor.click(action, value, channel=channel, message_ts=ts)
        self.tr.last_slack_actor = "creditor"
        await eventually(lambda: self._events("C", "creditor_decision"))
        await self._quiet()
        await self.at(self._day_now(), 13)

    def _day_now(self) -> int:
        from core.schedule.calendar import business_days_between

        return business_days_between(START.date(), local_today(self.world.clock))

    async def _export(self, key: str) -> None:
        from core.judicial.export import export_case

        reference = self.result.references[key]
        with self.world.state.uow(read_only=True) as uow:
            name, data = export_case(uow, Actor.specialist("cli:demo", label="demo"), reference,
                                     local_today(self.world.clock))
        target = self.out_dir / "export" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.result.export = target
        self.tr.acted(self.tr_t("who.agency"), f"incasso case export {reference}  →  export/{name}")

    async def scene_settlement(self) -> None:
        self._scene(6, "scene.settle")
        await self.world.run_until(_settle_moment(local_today(self.world.clock)), on_tick=self.tr.look)
        try:
            from core.services.settlement import export_files, payer_account, settle_period
        except ImportError:
            self.tr.narrate("settle_missing")
            return
        self.tr.acted(self.tr_t("who.agency"), "incasso settle --period 2026-03")
        with self.world.state.uow() as uow:
            result = settle_period(uow, Actor.specialist("cli:demo", label="demo"), "2026-03",
                                   payer=payer_account(self.world.settings),
                                   agency_name=self.world.settings.agency_name)
            uow.commit()
            export_files(uow, result, self.out_dir / "settlement")
        lines = [self.tr_t("settled_line", name=c.name, collected=self._eur(c.collected), fee=self._eur(c.fee),
                           payout=self._eur(c.payout)) for c in result.creditors]
        lines.append(self.tr_t("settled_files", files=", ".join(f"settlement/{f}" for f in result.files)))
        self.tr.block(self.tr_t("who.agency"), lines)
        self.result.settled = True
        await self.world.run_until(self.world.clock.now() + timedelta(minutes=90), on_tick=self.tr.look)


async def _quiet(world: World, still: float = 0.15, limit: float = 3.0) -> None:
    loop_start = asyncio.get_running_loop().time()
    seen = -1
    while asyncio.get_running_loop().time() - loop_start < limit:
        count = len(world.slack.calls) + len(world.telegram.calls)
        if count == seen:
            return
        seen = count
        await asyncio.sleep(still)


async def _maybe(find: Callable[[], Any], timeout: float = 1.0) -> Any:
    try:
        return await eventually(find, timeout=timeout)
    except RuntimeError:
        return None


def _claim_values(claim: Claim, invoice_file: dict[str, Any], lang: str,
                  extra: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    def text(value: str | None) -> dict[str, Any]:
        return {"type": "plain_text_input", "value": value}

    def day(value: str | None) -> dict[str, Any]:
        return {"type": "datepicker", "selected_date": value}

    def radio(value: str) -> dict[str, Any]:
        return {"type": "radio_buttons",
                "selected_option": {"text": {"type": "plain_text", "text": value}, "value": value}}

    elements: dict[str, dict[str, Any]] = {
        "debtor_kind": radio(claim.kind),
        "debtor_name": text(claim.name), "debtor_street": text(claim.street), "debtor_postcode": text(claim.postcode),
        "debtor_city": text(claim.city), "debtor_email": text(claim.email), "debtor_phone": text(claim.phone),
        "debtor_kvk": text(claim.kvk), "debtor_language": radio(lang),
        "invoice_0_number": text(claim.invoice), "invoice_0_date": day(claim.invoice_date),
        "invoice_0_due": day(claim.due), "invoice_0_amount": text(claim.amount.replace(".", ",")),
        "letter_date": day(None),
        "doc_invoice": {"type": "file_input", "files": [invoice_file]},
        "your_reference": text(f"ORD-{claim.invoice[-3:]}"),
        "note": text(None),
    }
    for kind in ("reminder", "fourteen_day_letter", "terms", "quote", "order_confirmation"):
        elements[f"doc_{kind}"] = {"type": "file_input", "files": extra.get(kind, [])}
    return {block: {block: element} for block, element in elements.items()}


def _settle_moment(today: date) -> datetime:
    """09:00 on the first business day after today and after the month the story plays in."""
    from core.schedule.calendar import first_business_day_from, next_business_day

    day = max(next_business_day(today), first_business_day_from(date(START.year, START.month + 1, 1)))
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=AMSTERDAM)
