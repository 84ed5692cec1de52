"""The message catalogues: both languages complete, the 14-day wording only where it belongs, no threats."""

from __future__ import annotations

import itertools

import pytest

from core.channels.content import Template
from core.channels.samples import sample_context
from core.channels.templates import environment, labels, percent, texts, view


def test_both_languages_define_the_same_blocks_and_labels() -> None:
    env = environment()
    nl = env.get_template("nl/messages.j2").blocks.keys()
    en = env.get_template("en/messages.j2").blocks.keys()
    assert set(nl) == set(en)
    assert labels("nl").keys() == labels("en").keys()


def test_templates_are_compiled_once() -> None:
    env = environment()
    assert env is environment()
    assert env.get_template("nl/messages.j2") is env.get_template("nl/messages.j2")


@pytest.mark.parametrize(
    ("language", "template", "fourteen_day", "medium"),
    [
        (language, template, fourteen_day, medium)
        for language, template, fourteen_day, medium in itertools.product(
            ("nl", "en"), Template, (True, False), ("letter", "email")
        )
    ],
)
def test_fourteen_day_wording_only_in_the_fourteen_day_letter(
    language: str, template: Template, fourteen_day: bool, medium: str
) -> None:
    ctx = sample_context(template, language, fourteen_day=fourteen_day)
    t = texts(view(ctx, medium=medium))  # type: ignore[arg-type]
    body = " ".join(p for paragraphs in t.blocks.values() for p in paragraphs)
    correct = (
        "binnen veertien dagen na de dag waarop u deze brief hebt ontvangen"
        if language == "nl"
        else "within fourteen days after the day on which you received this letter"
    )
    assert (correct in body) is fourteen_day
    lowered = body.lower()
    for wrong in ("dagtekening", "datum van deze brief", "14 dagen", "date of this letter", "14 days"):
        assert wrong not in lowered
    for threat in ("beslag", "deurwaarder", "bkr", "bailiff", "seize", "seizure"):
        assert threat not in lowered
    assert "{{" not in body and "{%" not in body and ".." not in body.replace("...", "")
    assert all(p == p.strip() and "  " not in p for paragraphs in t.blocks.values() for p in paragraphs)


def test_percent_is_written_per_language() -> None:
    from decimal import Decimal

    assert percent(Decimal("6.00"), "nl") == "6%"
    assert percent(Decimal("11.15"), "nl") == "11,15%"
    assert percent(Decimal("11.15"), "en") == "11.15%"
    assert percent(Decimal("10.50"), "en") == "10.5%"


def test_plain_text_wrap_matches_jinja_wordwrap() -> None:
    from hypothesis import given
    from hypothesis import strategies as st
    from jinja2 import Environment

    from core.channels.templates import wrap

    env = Environment()
    words = st.lists(st.text(alphabet="abcdefghij€,.-/:", min_size=1, max_size=90), max_size=40)

    @given(words)
    def check(parts: list[str]) -> None:
        text = " ".join(parts)
        expected = env.from_string("{{ t | wordwrap(72, false, break_on_hyphens=false) }}").render(t=text)
        assert wrap(text) == expected

    check()


def test_a_name_ending_in_a_full_stop_does_not_end_its_sentence_twice() -> None:
    from core.messages import single_stops

    assert single_stops("Dossier INC-1 is aangemaakt tegen Bouwbedrijf Jansen B.V..") == (
        "Dossier INC-1 is aangemaakt tegen Bouwbedrijf Jansen B.V.")
    assert single_stops("Gekoppeld aan Drukkerij Van Dijk B.V.. Typ /incasso") == (
        "Gekoppeld aan Drukkerij Van Dijk B.V. Typ /incasso")
    assert single_stops("Even geduld...") == "Even geduld..."  # an ellipsis stays
    assert single_stops("Openstaand: € 1.250,00.") == "Openstaand: € 1.250,00."
