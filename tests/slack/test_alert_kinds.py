"""Every kind of specialist alert queued anywhere in core reaches the specialists readably: a card of its own, or
the readable generic card (a title, labelled fields, amounts the Dutch way, IBANs masked). New kinds are found by
reading core's source, so an alert added later is covered without touching this test."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from bots.slack.blocks.specialist import alert_message
from bots.slack.outbound import SpecialistAlertTransport
from bots.slack.queue_loaders import ALERT_CARDS

CORE = Path(__file__).resolve().parents[2] / "core"
# alerts that need a person but no decision: drawn by alert_message with their own wording
WORDED = {"delivery_failed", "step_failed"}


def queued_kinds() -> dict[str, str]:
    """kind -> where it is queued, for every alert_specialists(uow, case, "<kind>", ...) call in core."""
    found: dict[str, str] = {}
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == \
                    "alert_specialists":
                kind = node.args[2] if len(node.args) > 2 else None
                assert isinstance(kind, ast.Constant) and isinstance(kind.value, str), (
                    f"{path}:{node.lineno}: the alert kind must be a literal so the Slack cards can be checked")
                found[kind.value] = f"{path.relative_to(CORE.parent)}:{node.lineno}"
    return found


def test_core_queues_the_kinds_we_know_and_each_has_a_card_or_reads_well() -> None:
    kinds = queued_kinds()
    assert {"unmatched_credit", "overpayment", "telegram_link_locked", "cannot_pay", "complaint_registered",
            "dispute_opened", "delivery_failed"} <= set(kinds)
    for kind in kinds:
        if kind in ALERT_CARDS or kind in SpecialistAlertTransport.CARDS or kind in WORDED:
            continue
        body = {"kind": kind, "case": "2026-000042", "amount": "1234.50", "payer_iban": "NL91ABNA0417164300",
                "reason": "refused <by> the provider", "candidates": ["2026-000001", "2026-000002"]}
        for lang in ("nl", "en"):
            text, blocks = alert_message(body, "2026-000042", lang)
            shown = json.dumps(blocks, ensure_ascii=False).replace("\u00a0", " ").replace("\u202f", " ")
            assert "2026-000042" in text and "{" not in text, kind
            assert "NL91ABNA0417164300" not in shown + text and "••••4300" in shown, kind
            assert ("€ 1.234,50" if lang == "nl" else "€1,234.50") in shown, kind
            assert "&lt;by&gt;" in shown, kind  # user text cannot become a link or a mention
            assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in blocks), kind


@pytest.mark.parametrize("lang, title, amount", [("nl", "Betaling controleren", "Bedrag"),
                                                 ("en", "Payment to check", "Amount")])
def test_a_kind_without_a_card_gets_a_title_and_labelled_fields(lang: str, title: str, amount: str) -> None:
    text, blocks = alert_message({"kind": "payment_needs_review", "case": "2026-000007", "provider_id": "tr_1",
                                  "amount": "10.00", "currency": "USD"}, "2026-000007", lang)
    assert text.startswith(f":rotating_light: {title} — 2026-000007")
    labels = [f["text"].split("\n")[0] for f in blocks[1]["fields"]]
    # a field the catalogue knows is named in the card's language; others are made readable from their key
    assert labels == ["*Provider id*", f"*{amount}*", "*Currency*"]
    unknown, _ = alert_message({"kind": "something_new", "detail": "x"}, None, lang)
    assert "Something new" in unknown
