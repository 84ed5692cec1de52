"""The skeleton path (core.channels.templates.compiled) gives the same bytes as the Jinja reference path.

Differential tests: for many generated messages — names with markup characters, dots at the end, long words and
URLs, unicode, odd whitespace and newlines; 1–4 invoices; payments or none; every template kind; both languages;
consumer and business; with and without the 14-day term, Telegram link, payment link and creditor e-mail; with and
without the letter attached — `compose_email` must equal `compose_email_reference`, `texts` must equal
`texts_reference` and `recipient_of` must equal what `email.headerregistry.Address` prints. Other tests check that
the fast path is really taken, that values which could move a paragraph boundary go to Jinja, and that a template
which compares a value sends its shape to Jinja (logged once) instead of printing the stand-in's answer.
"""

from __future__ import annotations

import itertools
import logging
import random
import shutil
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jinja2 import Environment

from core.channels import email_message, templates
from core.channels.content import MessageContext, Template
from core.channels.email_message import compose_email, compose_email_reference, recipient_of, recipient_reference
from core.channels.samples import sample_context
from core.channels.templates import compiled, eur, linkify, texts, texts_reference, view, wrap
from core.money import format_eur

_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces that stress the paragraph normalisation, the wrapping, the escaping and the links.
_PIECES = [
    "Jansen", "de Vries", "B.V.", "B.V..", "...", ".", "&", "<b>", "</p>", '"quoted"', "'s", "Zoë", "Çelik", "李小龙",
    "Ørsted", "€", "van der", "-", "x" * 80, "https://example.nl/a?b=c&d=e", "www.example.nl", "http://x.nl/p.",
    " ", "  ", "\t", "\u00a0", "\u200b", "\ue000\ue100", "\r",
]
_WORD = st.sampled_from(_PIECES) | st.text(min_size=1, max_size=12)
_NAME = st.lists(_WORD, min_size=1, max_size=6).map("".join)
_ORDINARY = st.lists(
    st.sampled_from(["Jansen", "B.V.", "B.V..", "de", "Vries", "&", "Zoë", "x" * 75, "<i>", "'t", "https://x.nl/a."]),
    min_size=1,
    max_size=5,
).map(" ".join)
# Mostly ordinary texts, so that many examples take the fast path; else anything, newlines included (Jinja).
_TEXT = st.one_of(_ORDINARY, _ORDINARY, _ORDINARY, _ORDINARY, _NAME.filter(lambda text: "\n" not in text), _NAME)


@st.composite
def contexts(draw: st.DrawFn) -> tuple[MessageContext, bool]:
    kind = draw(st.sampled_from(["consumer", "business"]))
    ctx = sample_context(
        draw(st.sampled_from(list(Template))),
        draw(st.sampled_from(["nl", "en"])),
        fourteen_day=kind == "consumer" and draw(st.booleans()),
        debtor_kind=kind,
        vat_deductible=draw(st.booleans()),
        invoices=draw(st.integers(1, 4)),
        number=draw(st.integers(1, 999_999)),
        principal=Decimal(draw(st.integers(1, 5_000_000))) / 100,
        payment=draw(st.sampled_from([Decimal(0), Decimal("25.00"), Decimal("250.00"), Decimal("99999.99")])),
        telegram=draw(st.booleans()),
        pay_url=draw(st.booleans()),
        creditor_email=draw(st.booleans()),
    )
    debtor = replace(ctx.debtor, name=draw(_TEXT), street=draw(st.none() | _TEXT))
    creditor = replace(ctx.creditor, name=draw(_TEXT))
    agency = ctx.agency
    if draw(st.booleans()):
        agency = replace(agency, name=draw(_TEXT), phone=draw(_TEXT), complaint_text_nl=draw(_TEXT),
                         complaint_text_en=draw(_TEXT))
    return replace(ctx, debtor=debtor, creditor=creditor, agency=agency), draw(st.booleans())


@given(contexts())
@_SETTINGS
def test_compose_email_is_the_reference_byte_for_byte(case: tuple[MessageContext, bool]) -> None:
    ctx, attached = case
    assert compose_email(ctx, attached=attached) == compose_email_reference(ctx, attached=attached)
    assert compiled.refused() == 0


@given(contexts(), st.sampled_from(["letter", "email"]))
@_SETTINGS
def test_texts_are_the_reference(case: tuple[MessageContext, bool], medium: str) -> None:
    ctx, attached = case
    v = view(ctx, medium=medium, attached=attached)  # type: ignore[arg-type]
    fast, reference = texts(v), texts_reference(v)
    assert fast == reference
    assert all(type(p) is str for paragraphs in fast.blocks.values() for p in paragraphs)


def _variety() -> list[tuple[MessageContext, bool]]:
    names = ["J. de Vries", "Bouwbedrijf Jansen B.V.", "A & B <Holding> \"C\" 'D'", "Zoë Çelik", "x" * 90]
    out = []
    for number, (template, language, kind, fourteen, invoices) in enumerate(
        itertools.product(Template, ("nl", "en"), ("consumer", "business"), (True, False), (1, 3))
    ):
        if fourteen and kind == "business":
            continue
        ctx = sample_context(template, language, fourteen, debtor_kind=kind, invoices=invoices, number=number,
                             principal=Decimal(90 + 41 * number), payment=Decimal(number % 3 * 40),
                             telegram=number % 3 != 0, pay_url=number % 4 != 0, creditor_email=number % 5 != 0)
        ctx = replace(ctx, debtor=replace(ctx.debtor, name=names[number % len(names)]))
        out.append((ctx, number % 2 == 0))
    return out


def test_interleaved_messages_do_not_leak_into_each_other() -> None:
    """The fill reuses a paragraph (and its markup) whose values are the same objects as the message before: an
    order that alternates shapes, creditors and debtors must still give every message its own text."""
    cases = _variety()
    expected = [compose_email_reference(ctx, attached=attached) for ctx, attached in cases]
    order = list(range(len(cases)))
    rng = random.Random(7)
    for _ in range(3):
        for i in order:
            ctx, attached = cases[i]
            assert compose_email(ctx, attached=attached) == expected[i]
        rng.shuffle(order)
    # the same case twice in a row, then a neighbour that shares the agency and the creditor
    for i in range(0, len(cases) - 1, 7):
        for j in (i, i, i + 1, i):
            assert compose_email(cases[j][0], attached=cases[j][1]) == expected[j]
    assert compiled.refused() == 0


def test_the_fast_path_is_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled.clear()  # none evicted while the test runs
    cases = _variety()
    for ctx, attached in cases:  # skeletons built (each checked once against Jinja)
        compose_email(ctx, attached=attached)
        texts(view(ctx, medium="letter"))
    calls = []
    monkeypatch.setattr(email_message, "compose_email_reference", lambda *a, **k: calls.append(a))
    monkeypatch.setattr(templates, "texts_reference", lambda v: calls.append(v))
    for ctx, attached in cases:
        assert compose_email(ctx, attached=attached) is not None
        assert texts(view(ctx, medium="letter")) is not None
    assert calls == []


def test_values_that_could_move_a_paragraph_go_to_jinja(monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = sample_context(Template.REMINDER, "nl", False, debtor_kind="business")
    compose_email(ctx)
    original = compose_email_reference
    calls = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(email_message, "compose_email_reference", counted)
    odd = {
        "Jansen  B.V.": 0,  # doubled space: normalised on the slow path, no Jinja
        " Jansen B.V.": 0,
        "Jansen\tB.V.": 0,
        "Jansen\nB.V.": 1,  # a newline: Jinja
        "Jansen\n\nB.V.": 1,
    }
    for name, jinja in odd.items():
        calls.clear()
        other = replace(ctx, debtor=replace(ctx.debtor, name=name))
        assert compose_email(other) == original(other)
        assert len(calls) == jinja, name


@pytest.fixture
def edited_catalogue(tmp_path: Path) -> Iterator[Path]:
    """The templates copied to a temporary directory, rendered from there (both paths) for the test's length."""
    copy = tmp_path / "templates"
    shutil.copytree(Path(templates.__file__).parent, copy, ignore=shutil.ignore_patterns("*.py", "__pycache__"))

    def forget() -> None:
        templates.environment.cache_clear()
        templates.labels.cache_clear()
        templates._paragraph_tuple.cache_clear()
        compiled.skeleton_environment.cache_clear()
        compiled.clear()

    original = templates._HERE
    templates._HERE = copy
    forget()
    try:
        yield copy
    finally:
        templates._HERE = original
        forget()


def test_a_template_that_compares_a_value_renders_with_jinja(
    edited_catalogue: Path, caplog: pytest.LogCaptureFixture
) -> None:
    source = edited_catalogue / "nl" / "messages.j2"
    text = source.read_text()
    old = "Geachte {{ c.debtor.name }},"
    assert old in text
    source.write_text(text.replace(old, '{% if c.debtor.name == "Jan" %}Beste Jan,{% else %}' + old + "{% endif %}"))
    base = sample_context(Template.REMINDER, "nl", False, debtor_kind="business")
    with caplog.at_level(logging.WARNING, logger=compiled.__name__):
        for name in ("Jan", "Piet", "Jan"):
            ctx = replace(base, debtor=replace(base.debtor, name=name))
            composed = compose_email(ctx)
            assert composed == compose_email_reference(ctx)
            assert ("Beste Jan," in composed.text) is (name == "Jan")
    assert compiled.refused() == 1
    assert len([r for r in caplog.records if "no skeleton" in r.getMessage()]) == 1


def test_the_stand_in_refuses_what_it_cannot_answer() -> None:
    env = compiled.skeleton_environment()
    for source in (
        '{{ x == "a" }}', "{{ x | length }}", "{{ x | upper }}", "{{ x[0] }}", "{{ x | safe }}", '{{ "%5s" % x }}',
        "{{ x | eur }}", '{% if "a" in x %}a{% endif %}', "{{ x.startswith('a') }}",
    ):
        with compiled.recording() as recorder, pytest.raises(compiled.Unsupported):
            env.from_string(source).render(x=recorder.slot("V[0]"))
    with compiled.recording() as recorder:  # printing, joining, concatenating, escaping: carried over
        out = Environment(autoescape=True).from_string("{{ x }}|{{ [x, x] | join(',') }}|{{ x ~ 'y' }}").render(
            x=recorder.slot("V[0]")
        )
        assert recorder.pieces(out) == ["", ("\ue001", 0), "|", ("\ue001", 0), ",", ("\ue001", 0), "|",
                                        ("\ue001", 0), "y"]


@given(st.lists(st.text(alphabet="ab€.:/-<&\"'", min_size=1, max_size=90), max_size=40), st.integers(1, 80))
@settings(deadline=None)
def test_wrap_of_a_normalised_paragraph_is_wrap(words: list[str], width: int) -> None:
    text = " ".join(words)
    assert compiled.wrap_normalized(text, width) == wrap.__wrapped__(text, width)  # type: ignore[attr-defined]


@given(_NAME | st.text())
@settings(deadline=None)
def test_link_text_is_linkify(text: str) -> None:
    assert compiled.link_text(text) == str(linkify.__wrapped__(text))  # type: ignore[attr-defined]


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-10**9, max_value=10**11, places=None)
       .filter(lambda d: d.adjusted() < 12))
@settings(deadline=None)
def test_eur_is_format_eur(amount: Decimal) -> None:
    assert eur(amount) == format_eur(amount).replace("\u00a0", " ")


_LOCAL = st.from_regex(r"[A-Za-z0-9_%+-]{1,8}(\.[A-Za-z0-9_%+-]{1,8}){0,2}", fullmatch=True)
_DOMAIN = st.from_regex(r"[A-Za-z0-9-]{1,8}(\.[A-Za-z0-9-]{1,8}){0,2}", fullmatch=True)
_ADDRESS = st.one_of(
    st.builds(lambda local, domain: f"{local}@{domain}", _LOCAL, _DOMAIN),
    st.text(max_size=20),
    st.sampled_from(["", "a..b@x.nl", ".a@x.nl", "a.@x.nl", "a@", "@x.nl", "a b@x.nl", '"a b"@x.nl', "a@[1.2.3.4]"]),
)


@given(st.one_of(_NAME, st.text(max_size=30), st.just("")), _ADDRESS)
@settings(deadline=None, max_examples=300)
def test_recipient_is_what_address_prints(name: str, address: str) -> None:
    ctx = sample_context(Template.REMINDER, "nl", False, debtor_kind="business")
    ctx = replace(ctx, debtor=replace(ctx.debtor, name=name, email=address))
    try:
        expected: Any = recipient_reference(name, address)
    except Exception as error:  # the fast path must fail the same way
        expected = (type(error), str(error))
    try:
        got: Any = recipient_of(ctx)
    except Exception as error:
        got = (type(error), str(error))
    assert got == expected


@given(st.text())
@settings(deadline=None)
def test_the_fill_escapes_as_markupsafe_does(text: str) -> None:
    from markupsafe import escape

    assert compiled.escape_text(text) == str(escape(text))
