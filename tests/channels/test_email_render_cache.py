"""The cached e-mail rendering gives the same bytes as the plain layouts with uncached filters, case after case.

The reference puts the original Jinja macros back into the layouts (a template's own macro shadows the `paras`
the reference path passes in) and renders with the uncached `wrap`/`linkify`; the fast path (the skeletons of
core.channels.templates.compiled) renders a varied batch in an interleaved order with its caches warm, so a cache
that leaked one case's text into another would show. tests/channels/test_email_skeleton.py has the generated cases.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

from jinja2 import Template as JinjaTemplate

from core.channels.content import Template
from core.channels.email_message import compose_email, compose_email_reference, email_values
from core.channels.samples import sample_context
from core.channels.templates import compiled, environment, linkify, wrap

_HTML_MACRO = """{% macro paras(name, style="margin:0 0 12px 0") %}
{% for p in b[name] %}
<p style="{{ style }}">{{ p | linkify }}</p>
{% endfor %}
{% endmacro %}
"""
_TEXT_MACRO = """{% macro paras(name) %}
{% for p in b[name] %}
{{ p | wrap(72) }}

{% endfor %}
{% endmacro %}
"""


def _plain_layout(name: str, macro: str) -> JinjaTemplate:
    env = environment().overlay()
    env.filters["wrap"] = wrap.__wrapped__  # type: ignore[attr-defined]
    env.filters["linkify"] = linkify.__wrapped__  # type: ignore[attr-defined]
    source = env.loader.get_source(env, name)[0]  # type: ignore[union-attr]
    comment_end = source.index("-#}") + len("-#}")
    # as the layouts were: the macros right after the header comment
    return env.from_string(source[:comment_end] + "\n" + macro + source[comment_end:].lstrip("\n"))


def test_cached_rendering_matches_the_plain_layouts_byte_for_byte() -> None:
    html_layout = _plain_layout("email.html.j2", _HTML_MACRO)
    text_layout = _plain_layout("email.txt.j2", _TEXT_MACRO)
    cases = [
        sample_context(template, language, fourteen, debtor_kind=kind, telegram=telegram, number=number,
                       principal=Decimal(100 + 37 * number), payment=Decimal(number % 3 * 50))
        for number, (template, language, kind, fourteen, telegram) in enumerate(
            itertools.product(
                (Template.REMINDER, Template.DEMAND, Template.FINAL_NOTICE),
                ("nl", "en"),
                ("consumer", "business"),
                (True, False),
                (True, False),
            )
        )
        if not (fourteen and kind == "business")
    ]
    assert len(cases) == 36
    for _ in range(2):  # the second round renders every case with all caches warm
        for ctx in cases:
            attached = ctx.template is Template.DEMAND
            fast = compose_email(ctx, attached=attached)
            values = email_values(ctx, attached=attached)
            plain_text = text_layout.render(values)
            assert fast.text == "\n".join(_squeeze(plain_text).strip().split("\n")) + "\n"
            assert fast.html == html_layout.render(values)
            assert fast == compose_email_reference(ctx, attached=attached)
            assert ctx.case_reference in fast.text and ctx.case_reference in fast.html
            if ctx.telegram_link is not None:
                assert ctx.telegram_link in fast.html
    assert compiled.refused() == 0  # every shape had its skeleton: the fast path was what got compared


def _squeeze(text: str) -> str:
    while "\n\n\n" in text:  # what compose_email does to the blank runs the optional blocks leave
        text = text.replace("\n\n\n", "\n\n")
    return text
