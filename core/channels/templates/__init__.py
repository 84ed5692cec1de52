"""The debtor-facing wording: Jinja2 message catalogues (``nl/``, ``en/``) and the e-mail layouts.

Every sentence a debtor reads lives in ``<lang>/messages.j2`` (one ``{% block %}`` per text block, chosen by
template kind inside the block) and every short label in ``<lang>/labels.j2``. The letter (PDF) and the e-mail
both take their text from here, so the 14-day wording, the amounts and the legal lines are the same in every
channel. The catalogues produce plain text; each channel escapes it for its own markup (HTML for the e-mail,
ReportLab's paragraph markup for the letter).

``view(ctx, medium=...)`` turns a ``MessageContext`` into display values (amounts as ``€ 1.234,56``, dates in the
reader's language); ``texts(view)`` renders the catalogue blocks into paragraphs. The Jinja environment and the
compiled templates are built once per process.

Two ways to run the same templates: ``texts_reference`` renders with Jinja for every message (the reference, and
the fallback); ``texts`` fills a skeleton that Jinja rendered once for the message's shape
(``core.channels.templates.compiled``), with the same result byte for byte.
"""

from __future__ import annotations

import re
from collections import namedtuple
from dataclasses import dataclass, fields
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, select_autoescape
from markupsafe import Markup, escape

from core.channels.content import AgencyInfo, CreditorInfo, DebtorInfo, MessageContext
from core.law.collection_costs import VAT_PERCENT
from core.money import CENT, format_eur

LANGUAGES = ("nl", "en")
Medium = Literal["letter", "email"]

_HERE = Path(__file__).resolve().parent
_LOCALES = {"nl": "nl_NL", "en": "en_GB"}
_BLANK_LINES = re.compile(r"\n\s*\n")
_SPACES = re.compile(r"\s+")
_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")  # "Bakkerij B.V.." when a name ending in a dot ends a sentence


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The one Jinja environment (compiling templates per message would cost more than rendering them)."""
    env = Environment(
        loader=FileSystemLoader(str(_HERE)),
        # HTML layouts are escaped; the catalogues are plain text and are escaped by whoever embeds them.
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False),
        undefined=StrictUndefined,  # a misspelt field must fail the tests, not print an empty amount
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters["eur"] = eur
    env.filters["linkify"] = linkify
    env.filters["wrap"] = wrap
    return env


# Caches below are small and bounded, so memory stays flat: the paragraphs that repeat in every e-mail of a tick
# (legal lines, agency block, closing) stay hot, per-case ones cycle through. The functions are pure: a hit returns
# exactly what a miss computes.
_CACHE = 512


def wrap_uncached(text: str, width: int = 72) -> str:
    """Greedy word wrap for the plain-text e-mail; words longer than a line (URLs) stay whole.

    Same lines as jinja's wordwrap(width, break_long_words=False, break_on_hyphens=False) for our single-paragraph
    input, at a fraction of textwrap's cost (a tick renders thousands of e-mails).
    """
    lines: list[str] = []
    line = ""
    for word in text.split():
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return "\n".join(lines)


wrap = lru_cache(maxsize=_CACHE)(wrap_uncached)


_URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:)]")


def _anchor(match: re.Match[str]) -> str:
    return f'<a href="{match.group(0)}">{match.group(0)}</a>'


def linkify_uncached(text: str) -> Markup:
    """HTML-escaped text with its links made clickable (the catalogue writes URLs as plain text)."""
    return Markup(_URL.sub(_anchor, str(escape(text))))


# typed: a Markup and an equal str must not share an entry
linkify = lru_cache(maxsize=_CACHE, typed=True)(linkify_uncached)


def template(name: str) -> Template:
    return environment().get_template(name)


@lru_cache(maxsize=len(LANGUAGES))
def labels(language: str) -> dict[str, str]:
    """Short labels (table headings, field names) of one language."""
    return dict(template(f"{_lang(language)}/labels.j2").module.labels)  # type: ignore[attr-defined]


def _lang(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"language: {language!r} (use one of {', '.join(LANGUAGES)})")
    return language


# -- formatting ------------------------------------------------------------------------------------------


def eur(amount: Decimal) -> str:
    """`€ 1.234,56` in both languages (DESIGN.md: amounts the Dutch way), with a normal space: the no-break space
    Babel puts after the euro sign is not in every mail client's or PDF reader's copy-paste path.

    The same text as ``format_eur`` (a test holds them together); written out here because a message shows a
    dozen amounts and a bulk tick renders a hundred thousand messages.
    """
    if not amount:  # zero, of any exponent or sign (format_eur shows -0 without a sign): common, and cheap to see
        return "€ 0,00"
    text = str(amount)  # "1234.56": exponent -2 never prints in scientific notation
    if text[-3:-2] != ".":  # not in cents already (a statement's amounts are)
        value = amount.quantize(CENT, ROUND_HALF_UP)  # positional: a keyword costs more than the rounding
        text = str(value)
    if text[0] == "-":  # negative, or rounded to -0 (which format_eur shows without a sign)
        return format_eur(amount).replace("\u00a0", " ")
    size = len(text)
    if size <= 6:
        return "€ " + text.replace(".", ",")
    if size <= 9:
        return f"€ {text[:-6]}.{text[-6:-3]},{text[-2:]}"
    whole, _, fraction = f"{amount.quantize(CENT, ROUND_HALF_UP):,.2f}".partition(".")
    return "€ " + whole.replace(",", ".") + "," + fraction


def minus_eur(amount: Decimal) -> str:
    return "- " + eur(amount)


@lru_cache(maxsize=4096)
def long_date(day: date, language: str) -> str:
    """`4 maart 2025` / `4 March 2025`: plain language in running text."""
    return format_date(day, "long", locale=_LOCALES[language])


@lru_cache(maxsize=4096)  # a statement shows the same few dates in many messages; strftime is slow
def short_date(day: date, language: str) -> str:
    """`04-03-2025` in Dutch, ISO `2025-03-04` in English, as the text statement (core.law.render) writes them."""
    return f"{day:%d-%m-%Y}" if language == "nl" else day.isoformat()


@lru_cache(maxsize=256)  # the VAT rate and a few contractual rates, in every message
def percent(rate: Decimal, language: str) -> str:
    """`6%`, `12,25%` (nl) / `12.25%` (en): no trailing zeros, the decimal sign of the language."""
    text = f"{rate:.2f}".rstrip("0").rstrip(".")
    return (text.replace(".", ",") if language == "nl" else text) + "%"


@lru_cache(maxsize=64)  # one agency account, shown in every message
def group_iban(iban: str) -> str:
    compact = iban.replace(" ", "").upper()
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


# -- the view --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FourteenDayView:
    received: str  # presumed receipt, long date
    term_ends: str
    costs: str
    vat: str | None  # None when no VAT is added
    costs_total: str
    vat_percent: str


@dataclass(frozen=True, slots=True)
class PaymentView:
    paid_on: str
    amount: str


@dataclass(frozen=True, slots=True)
class View:
    """Display values of one message: what the catalogues and layouts may use (and nothing else)."""

    kind: str
    lang: str
    medium: Medium
    attached: bool  # e-mail with the letter as PDF attachment
    agency: AgencyInfo
    creditor: CreditorInfo
    debtor: DebtorInfo
    consumer: bool
    ref: str
    pay_ref: str
    pay_url: str | None
    telegram: str | None
    iban: str
    account_name: str
    letter_date: str
    deadline: str
    as_of: str
    total_open: str
    open: bool  # something is still to be paid
    principal_open: str
    interest_open: str
    costs_due: bool  # collection costs are part of the amount claimed now
    costs_open: str
    costs: str
    vat: str | None
    vat_percent: str
    invoices: tuple[str, ...]  # invoice numbers
    invoice_count: int
    last_payment: PaymentView | None
    paid: str
    overpaid: str | None
    earlier_letter: str | None  # the date of an earlier 14-day letter (costs_now_due)
    costs_from: str | None  # the day costs become claimable, if later than the statement
    fourteen: FourteenDayView | None
    complaint: str
    interest_statutory: bool
    interest_rate: str | None  # contractual yearly rate
    interest_compound: bool


def view(ctx: MessageContext, *, medium: Medium, attached: bool = False) -> View:
    """The display values of one message (what the catalogues and layouts may use), as a View."""
    return as_view(view_values(ctx, medium=medium, attached=attached))


def _value_class(cls: type, name: str) -> type[tuple[Any, ...]]:
    return namedtuple(name, [f.name for f in fields(cls)])  # type: ignore[misc]


# `view()`'s values without the View: the same field names (what the skeletons, the e-mail rows and `flatten` read),
# as tuples. A frozen dataclass of 38 fields costs more to build than the skeleton fill that reads it.
ViewValues = _value_class(View, "ViewValues")
FourteenDayValues = _value_class(FourteenDayView, "FourteenDayValues")
PaymentValues = _value_class(PaymentView, "PaymentValues")
_new = tuple.__new__


def view_values(ctx: MessageContext, *, medium: Medium, attached: bool = False) -> Any:
    """The values of ``view(ctx, …)`` as a ``ViewValues`` tuple (nested views as ``FourteenDayValues`` and
    ``PaymentValues``), under the View's field names: ``view`` is this tuple made a View (``as_view``)."""
    lang = ctx.language
    if lang not in LANGUAGES:
        lang = _lang(lang)  # raises
    s = ctx.statement
    agency = ctx.agency
    fourteen = None
    f = ctx.fourteen_day
    if f is not None:
        fourteen = _new(
            FourteenDayValues,
            (
                long_date(f.presumed_receipt, lang),
                long_date(f.term_ends, lang),
                eur(f.costs),
                eur(f.vat) if f.vat > 0 else None,
                eur(f.costs + f.vat),
                percent(VAT_PERCENT, lang),
            ),
        )
    allocations = s.allocations
    last = allocations[-1] if allocations else None
    spec = s.interest_spec
    statutory = spec.kind == "statutory"
    rate = None if spec.rate_percent is None else spec.yearly_percent  # the property is None without a rate
    claimable = s.costs_claimable_from
    invoices = s.invoices
    total_open = s.total_open
    costs = s.costs
    letter = s.letter
    return _new(
        ViewValues,
        (
            str(ctx.template),  # kind
            lang,
            medium,
            attached,
            agency,
            ctx.creditor,
            ctx.debtor,
            str(s.debtor_kind) == "consumer",  # consumer
            ctx.case_reference,  # ref
            ctx.payment_reference,  # pay_ref
            ctx.pay_url,
            ctx.telegram_link,  # telegram
            group_iban(agency.collection_iban),  # iban
            agency.collection_account_name,  # account_name
            long_date(ctx.letter_date, lang),  # letter_date
            long_date(ctx.deadline, lang),  # deadline
            long_date(s.as_of, lang),  # as_of
            eur(total_open),  # total_open
            total_open > 0,  # open
            eur(s.principal_open),
            eur(s.interest_open),
            costs > 0,  # costs_due
            eur(s.costs_open),
            eur(costs),  # costs
            eur(s.vat) if s.vat > 0 else None,  # vat
            percent(VAT_PERCENT, lang),  # vat_percent
            (invoices[0].invoice_number,) if len(invoices) == 1 else tuple([i.invoice_number for i in invoices]),
            len(invoices),  # invoice_count
            None if last is None else _new(PaymentValues, (long_date(last.paid_on, lang), eur(last.amount))),
            eur(s.paid),  # paid
            eur(s.overpaid) if s.overpaid > 0 else None,  # overpaid
            long_date(letter.sent, lang) if letter is not None and fourteen is None else None,  # earlier_letter
            long_date(claimable, lang) if claimable is not None and claimable > s.as_of else None,  # costs_from
            fourteen,
            agency.complaint_text_nl if lang == "nl" else agency.complaint_text_en,  # complaint
            statutory,  # interest_statutory
            None if rate is None else percent(rate, lang),  # interest_rate
            statutory or spec.compound,  # interest_compound
        ),
    )


def as_view(values: Any) -> View:
    """The View of ``view_values``' tuple (a View as it is)."""
    if isinstance(values, View):
        return values
    fourteen, last = values.fourteen, values.last_payment
    return View(
        **{
            **values._asdict(),
            "fourteen": None if fourteen is None else FourteenDayView(*fourteen),
            "last_payment": None if last is None else PaymentView(*last),
        }
    )


# -- the catalogue ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Texts:
    """The catalogue blocks of one message, each as a list of paragraphs (plain text, not escaped)."""

    blocks: dict[str, list[str]]
    labels: dict[str, str]

    def __getitem__(self, name: str) -> list[str]:
        return self.blocks[name]

    def line(self, name: str) -> str:
        return " ".join(self.blocks[name])


def _paragraphs(text: str) -> list[str]:
    return list(_paragraph_tuple(text))  # a fresh list: callers may change theirs, never the cached one


def normalize(chunk: str) -> str:
    """One paragraph as the reader gets it: whitespace runs collapsed, "B.V.." made "B.V.", stripped."""
    return _DOUBLE_STOP.sub(".", _SPACES.sub(" ", chunk)).strip()


def split_paragraphs(text: str) -> list[str]:
    """The raw chunks of a rendered block: a blank line starts a paragraph."""
    return _BLANK_LINES.split(text)


@lru_cache(maxsize=_CACHE)
def _paragraph_tuple(text: str) -> tuple[str, ...]:
    # Templates wrap their sentences over several lines for the translator's sake; a blank line starts a paragraph.
    return tuple(p for p in map(normalize, split_paragraphs(text)) if p)


def texts_reference(v: View) -> Texts:
    """Render every block of the language's catalogue for this view with Jinja (the reference for ``texts``)."""
    tmpl = template(f"{v.lang}/messages.j2")
    context = tmpl.new_context({"c": v})
    blocks = {name: _paragraphs("".join(render(context))) for name, render in tmpl.blocks.items()}
    return Texts(blocks, labels(v.lang))


def texts(v: View) -> Texts:
    """Every block of the language's catalogue for this view: the same as ``texts_reference``, from the skeleton
    of the view's shape when it has one."""
    from core.channels.templates import compiled  # compiled builds on this module

    blocks = compiled.fast_blocks(v)
    if blocks is None:
        return texts_reference(v)
    return Texts(blocks, labels(v.lang))


__all__ = [
    "LANGUAGES",
    "Texts",
    "View",
    "ViewValues",
    "as_view",
    "environment",
    "eur",
    "group_iban",
    "labels",
    "long_date",
    "minus_eur",
    "percent",
    "short_date",
    "template",
    "texts",
    "texts_reference",
    "view",
    "view_values",
]
