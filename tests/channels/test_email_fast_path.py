"""The parts of the e-mail's fast path that stand in for the reference's: each held to what it replaces.

`view_values` (the view as a tuple) against `view`; the layout skeleton's memory of the message before (paragraphs,
wrapped and linked text, summary lines, payment rows remembered with their values' identities) against the
reference, message after message, with one value changed at a time — as a new object with the same text, as a new
text, and the same object again; the shortcuts the fill writes out (a wrapped or linked paragraph's known start,
links at the end of a text, "B.V.." made "B.V.", the two-line wrap) against the functions they shortcut.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.channels import email_message
from core.channels.content import MessageContext, Template
from core.channels.email_message import compose_email, compose_email_reference
from core.channels.samples import sample_context
from core.channels.templates import (
    _DOUBLE_STOP,
    compiled,
    linkify,
    view,
    view_values,
    wrap,
)
from tests.channels.test_email_skeleton import contexts

_SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@given(contexts(), st.sampled_from(["letter", "email"]))
@_SETTINGS
def test_the_skeletons_read_the_values_tuple_as_they_read_the_view(case: tuple[MessageContext, bool],
                                                                   medium: str) -> None:
    ctx, attached = case
    values = view_values(ctx, medium=medium, attached=attached)  # type: ignore[arg-type]
    reference = view(ctx, medium=medium, attached=attached)  # type: ignore[arg-type]
    assert compiled.flatten(values) == compiled.flatten(reference)


def _fresh(text: str | None) -> str | None:
    """The same text as a new object (what a database read gives for the same value)."""
    return None if text is None else "".join(list(text)) + ""


# One change between two messages of the same shape: what the skeleton remembers must follow every one.
_CHANGES = {
    "debtor name": lambda ctx, n: replace(ctx, debtor=replace(ctx.debtor, name=f"Debiteur {n}")),
    "debtor name, same text": lambda ctx, n: replace(ctx, debtor=replace(ctx.debtor, name=_fresh(ctx.debtor.name))),
    "creditor": lambda ctx, n: replace(ctx, creditor=replace(ctx.creditor, name=f"Schuldeiser {n} B.V.")),
    "creditor, same text": lambda ctx, n: replace(ctx, creditor=replace(ctx.creditor, name=_fresh(ctx.creditor.name))),
    "agency phone": lambda ctx, n: replace(ctx, agency=replace(ctx.agency, phone=f"030 {n:03d} 45 67")),
    "agency, same texts": lambda ctx, n: replace(ctx, agency=replace(ctx.agency, name=_fresh(ctx.agency.name))),
    "reference": lambda ctx, n: replace(ctx, case_reference=f"INC-2025-{n:06d}"),
    "payment reference": lambda ctx, n: replace(ctx, payment_reference=f"RF{n:02d}INC2025{n:06d}"),
    "payment reference, same text": lambda ctx, n: replace(ctx, payment_reference=_fresh(ctx.payment_reference)),
    "telegram link": lambda ctx, n: replace(ctx, telegram_link=f"https://t.me/Bot?start=t{n}x"),
    "pay link": lambda ctx, n: replace(ctx, pay_url=f"https://pay.example.nl/p/{n}"),
    "nothing": lambda ctx, n: ctx,
}


def _other_amounts(ctx: MessageContext, n: int) -> MessageContext:
    """The same kind of message with other amounts, and its own invoice numbers."""
    other = sample_context(
        ctx.template, ctx.language, ctx.fourteen_day is not None, debtor_kind=str(ctx.statement.debtor_kind),
        invoices=len(ctx.statement.invoices), number=1000 + n, principal=Decimal(300 + 17 * n),
        payment=Decimal(25 * (n % 3)),
    )
    return replace(other, agency=ctx.agency, creditor=ctx.creditor, debtor=ctx.debtor)


@given(
    contexts(),
    st.lists(st.sampled_from([*_CHANGES, "amounts"]), min_size=2, max_size=8),
)
@_SETTINGS
def test_a_changed_value_is_never_served_from_the_message_before(
    case: tuple[MessageContext, bool], changes: list[str]
) -> None:
    ctx, attached = case
    assert compose_email(ctx, attached=attached) == compose_email_reference(ctx, attached=attached)
    for n, change in enumerate(changes):
        ctx = _other_amounts(ctx, n) if change == "amounts" else _CHANGES[change](ctx, n)
        assert compose_email(ctx, attached=attached) == compose_email_reference(ctx, attached=attached), change
    assert compiled.refused() == 0


def test_the_memory_of_one_shape_is_not_another_shapes() -> None:
    """Two shapes in turn, each message with its own values: each shape's skeleton remembers its own message."""
    cases = [
        sample_context(template, language, False, debtor_kind="business", number=n, principal=Decimal(100 + n))
        for n, (template, language) in enumerate(
            [(Template.REMINDER, "nl"), (Template.FINAL_NOTICE, "en")] * 4
        )
    ]
    for ctx in cases + cases[::-1]:
        assert compose_email(ctx) == compose_email_reference(ctx)


_WORD = st.text(alphabet="abc.:/-h€é", min_size=1, max_size=12) | st.sampled_from(
    ["https://x.nl/a", "http://y.nl.", "www.z.nl", "B.V.", "x" * 80, "http", "://", "&amp;", "<b>"]
)


@given(st.lists(_WORD, min_size=1, max_size=30), st.lists(_WORD, max_size=8), st.sampled_from([72, 30, 10]))
@settings(deadline=None, max_examples=400)
def test_a_paragraph_wrapped_and_linked_from_its_known_start(head: list[str], tail: list[str], width: int) -> None:
    """The fill wraps and links a paragraph's start once, when the skeleton is built, and the rest per message."""
    start = " ".join(head) + " "
    for paragraph in (start + " ".join(tail), start.rstrip(), "other " + start + " ".join(tail)):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        for call, reference in (
            (compiled._WrapCall(width), lambda text: wrap.__wrapped__(text, width)),  # type: ignore[attr-defined]
            (compiled._LinkCall(), lambda text: str(linkify.__wrapped__(text))),  # type: ignore[attr-defined]
        ):
            expression = call.headed("p", start) or call("p")
            assert _evaluate(expression, p=paragraph) == reference(paragraph), (paragraph, expression)


def _evaluate(expression: str, **names: Any) -> Any:
    function = compiled._compile(f"def f({', '.join(names)}):\n    return {expression}\n", "f")
    return function(**names)


@given(st.text(alphabet=". aB", max_size=30))
@settings(deadline=None, max_examples=500)
def test_single_stops_is_the_double_stop_rule(text: str) -> None:
    assert compiled.single_stops(text) == _DOUBLE_STOP.sub(".", text)


_URLISH = st.lists(
    st.sampled_from(["h", "http", "https", "://", ":", "/", ".", ",", ";", ")", " ", "a", "x.nl", "&", "<", '"', "\n"])
    | st.text(max_size=3),
    max_size=14,
).map("".join)


@given(_URLISH)
@settings(deadline=None, max_examples=600)
def test_link_text_is_linkify_for_link_like_text(text: str) -> None:
    assert compiled.link_text(text) == str(linkify.__wrapped__(text))  # type: ignore[attr-defined]


@given(st.lists(st.text(alphabet="ab€.:/-", min_size=1, max_size=80), min_size=1, max_size=8), st.integers(1, 80))
@settings(deadline=None, max_examples=400)
def test_the_two_line_wrap_is_wrap(words: list[str], width: int) -> None:
    text = " ".join(words)
    assert compiled.wrap_normalized(text, width) == wrap.__wrapped__(text, width)  # type: ignore[attr-defined]


def test_a_value_printed_raw_in_html_is_refused() -> None:
    """Text made in Python from a stand-in loses its escaping: the skeleton must refuse it, not print it raw."""
    with compiled.recording() as recorder:
        value = recorder.slot("V[0]")
        made_in_python = "Overzicht op " + value  # a plain str: its marker would print unescaped
        with pytest.raises(compiled.Unsupported):
            recorder.function(("V",), [(f"<p>{made_in_python}</p>", None)], escaped=(0,))
        recorder.function(("V",), [(f"<p>{recorder.made(made_in_python).__html__()}</p>", None)], escaped=(0,))


class _Asked(email_message._StatementTexts):
    """The statement's texts as `_summary` asks for them, in order."""

    def __init__(self, lab: dict[str, str], language: str) -> None:
        super().__init__(lab, language)
        self.asked: list[str] = []

    def invoice(self, inv: Any) -> tuple[str, str]:
        texts = super().invoice(inv)
        self.asked.extend(texts)
        return texts

    def amount(self, value: Decimal) -> str:
        self.asked.append(super().amount(value))
        return self.asked[-1]

    def minus(self, value: Decimal) -> str:
        self.asked.append(super().minus(value))
        return self.asked[-1]


def test_the_layout_skeleton_takes_the_statements_texts_in_summary_order() -> None:
    """`_statement_values` gives the texts `_summary` asks of the statement, in its order, for every kind of row."""
    for n, (kind, payment, invoices) in enumerate(
        [("business", Decimal("25.00"), 1), ("business", Decimal(0), 3), ("consumer", Decimal("99999.99"), 2)]
    ):
        ctx = sample_context(Template.PAYMENT_RECEIVED, "nl", False, debtor_kind=kind, payment=payment,
                             invoices=invoices, number=n)
        v = view_values(ctx, medium="email")
        lab = email_message.labels("nl")
        asked = _Asked(lab, "nl")
        assert email_message._summary(ctx, v, lab, asked) == email_message._summary(ctx, v, lab)
        assert email_message._statement_values(ctx, v, lab)[1] == tuple(asked.asked)
        assert compose_email(ctx) == compose_email_reference(ctx)
