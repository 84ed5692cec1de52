"""Everything a creditor does in Slack, one module per surface:

- menu.py           `/incasso` and the global shortcut: the menu; linking, case channel, language
- new_claim.py      the new-claim modal (debtor, invoices, 14-day letter, typed documents, note); its documents
                    are fetched by bots/slack/downloads.py
- cases.py          my cases, status by reference
- direct_report.py  a payment made to the creditor directly, contact the debtor had with the creditor
- home.py           App Home: figures and the decisions waiting, with their buttons (also the buttons under an
                    advice in the case thread: they answer that advice)
- thread_replies.py the creditor's answers in a case thread, recorded and forwarded to the specialists
"""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bots.slack.context import SlackContext
from bots.slack.listeners.creditor import cases, direct_report, home, menu, new_claim, thread_replies
from bots.slack.listeners.creditor.common import Deps


def register(app: AsyncApp, ctx: SlackContext) -> Deps:
    deps = Deps(ctx)
    for surface in (menu, new_claim, cases, direct_report, home, thread_replies):
        surface.register(app, deps)
    return deps
