"""Everything a specialist does in Slack (the agency's own workspace), one module per surface:

- disputes.py      dispute cards: ask the creditor, uphold (close or reduce the claim), reject
- arrangements.py  proposals outside policy: approve, reject, counter-offer
- calls.py         call task cards: log the outcome (promised to pay on a date, no answer, wrong number, disputes)
- home.py          App Home: the queue; send a failed message again
- advice.py        advice cards: edit (a new draft version), send to the creditor
- court.py         court cards: record the next judicial step (date, note, documents)
- money_in.py      bank credits without a case: assign to a case, ignore (with the reason)
- debtor_requests.py  from Telegram: unlock a locked deep link, review "I can't pay", handle a complaint

Only members of SLACK_SPECIALIST_TEAM_ID may press these buttons: a payload from any other workspace is refused
politely and changes nothing. Cards are posted by the outbox transports (bots/slack/outbound.py).
"""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bots.slack.context import SlackContext
from bots.slack.listeners.specialist import (
    advice,
    arrangements,
    calls,
    court,
    debtor_requests,
    disputes,
    home,
    money_in,
)
from bots.slack.listeners.specialist.common import Deps


def register(app: AsyncApp, ctx: SlackContext) -> Deps:
    deps = Deps(ctx)
    for surface in (disputes, arrangements, calls, home, advice, court, money_in, debtor_requests):
        surface.register(app, deps)
    return deps
