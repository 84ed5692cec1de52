"""Overview (the statement as of today, from the law engine) and Pay (payment link, or IBAN and reference)."""

from __future__ import annotations

from bots.telegram.conversation import Turn
from bots.telegram.texts import day, eur
from core.clock import local_today
from core.db.models import Creditor
from core.services.case_view import statement_for
from core.services.debtor_self_service import payment_instructions


def overview(turn: Turn) -> None:
    case = turn.case()
    today = local_today(turn.uow.clock)
    statement = statement_for(turn.uow, case, today)
    creditor = turn.uow.session.get_one(Creditor, case.creditor_id)
    lang = turn.lang
    parts = [turn.t("overview_head", ref=case.reference, creditor=creditor.name, today=day(today))]
    for invoice in statement.invoices:
        parts.append(
            turn.t(
                "overview_invoice",
                number=invoice.invoice_number,
                due=day(invoice.due_date),
                principal=eur(invoice.principal, lang),
                interest=eur(invoice.interest, lang),
                paid=eur(invoice.principal_paid + invoice.interest_paid, lang),
            )
        )
    parts.append(
        turn.t(
            "overview_totals",
            costs=eur(statement.costs, lang),
            vat=eur(statement.vat, lang),
            paid=eur(statement.paid, lang),
            total=eur(statement.total_open, lang),
        )
    )
    if case.deadline_on and statement.total_open > 0:
        parts.append(turn.t("overview_deadline", deadline=day(case.deadline_on)))
    from bots.telegram.handlers.menu import main_menu

    turn.say("\n\n".join(parts), main_menu(turn))


def pay(turn: Turn) -> None:
    actor = turn.actor()
    provider = getattr(turn.extras["state"], "payment_provider", None)  # None: payments off (no MOLLIE_API_KEY)
    info = payment_instructions(turn.uow, actor, turn.chat.case_id or 0, turn.settings, provider)
    if info.amount <= 0:
        turn.say(turn.t("nothing_open"))
        return
    amount = eur(info.amount, turn.lang)
    if info.pay_url:
        turn.say(turn.t("pay_link", amount=amount, url=info.pay_url))
    turn.say(
        turn.t("pay_transfer", amount=amount, iban=info.iban, name=info.account_name, payref=info.payment_reference)
    )
