"""The advice after the amicable phase: what can be claimed, what a procedure costs and brings, which court, the
signals for the chance of success, and a recommendation with its reasons.

`compute_advice` is a pure function of `AdviceInput` (what `gather_input` reads from the case); the services below
keep the advice as versions: the day-10 evaluation (or a request) makes a draft, a specialist may edit it (each
edit is a new version), sending makes it final and tells the creditor. A sent version is never changed again.

Conventions (stated in the advice where they matter):
- claim value = what is open now: principal + interest + collection costs incl. VAT (reference §7);
- the court fee is the claimant's (the creditor's): only the claimant pays in kanton cases, by its own kind;
  without a known kind the creditor is taken as a legal entity (the advice names the natural-person fee too);
- the lump sum for representation: 1 point (summons) when no defence is expected, 2 when the debtor disputed;
- bailiff's VAT is a cost only for a creditor that cannot deduct VAT (as with the collection costs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select

from core.actors import Actor, ActorKind
from core.clock import local_today
from core.db.models import (
    CallTask,
    Case,
    CaseAdvice,
    CaseEvent,
    Creditor,
    Debtor,
    Dispute,
    Document,
    FourteenDayLetter,
    Payment,
    TelegramBinding,
)
from core.domain.case_states import FINAL_STATUSES, CaseStatus
from core.errors import Conflict, NotFound, UserError
from core.judicial import texts as T
from core.judicial.districts import district_for
from core.law import Statement
from core.law.collection_costs import VAT_PERCENT
from core.law.court_costs import Court, CourtCostTable, PartyKind, court_costs
from core.money import cents, format_eur, money_str
from core.notifications import alert_specialists
from core.services.case_access import load_case, record_event, require
from core.services.case_view import statement_for
from core.uow import UnitOfWork

ZERO = Decimal(0)
MAX_TEXT = 20000
RECENT_PAYMENT_DAYS = 30
PRESCRIPTION_WARNING_DAYS = 365
REACHED_OUTCOMES = frozenset({"reached", "promised_payment", "disputes"})


class Recommendation(StrEnum):  # the same values as core.services.decisions.Decision
    START_PROCEEDINGS = "start_proceedings"
    EXTEND = "extend"
    CLOSE = "close"


@dataclass(frozen=True)
class DisputeFact:
    status: str  # open | upheld | reduced | rejected | withdrawn
    reason: str
    answer: str | None


@dataclass(frozen=True)
class AdviceInput:
    """Everything the advice depends on, read from the case (see gather_input)."""

    reference: str
    as_of: date
    statement: Statement
    debtor_kind: str  # consumer | business
    postcode: str | None
    country: str
    has_address: bool
    creditor_vat_deductible: bool
    claimant: PartyKind = PartyKind.LEGAL_ENTITY
    document_kinds: frozenset[str] = frozenset()
    fourteen_day_letter_on: date | None = None
    disputes: tuple[DisputeFact, ...] = ()
    call_outcomes: tuple[str, ...] = ()
    promised_on: date | None = None
    debtor_responses: int = 0  # events the debtor caused (Telegram, disputes, arrangements, …)
    telegram_linked: bool = False
    payments: tuple[tuple[date, Decimal], ...] = ()


@dataclass
class AdviceResult:
    recommendation: Recommendation
    facts: dict[str, Any]  # JSON-ready: amounts as strings
    signals: list[dict[str, Any]] = field(default_factory=list)
    reasons: list[dict[str, Any]] = field(default_factory=list)


def _signal(code: str, level: str, **params: Any) -> dict[str, Any]:
    """level: "for" (helps the claim), "against" (hurts it) or "note"."""
    return {"code": code, "level": level, "params": {k: str(v) for k, v in params.items()}}


def compute_advice(data: AdviceInput, table: CourtCostTable | None = None) -> AdviceResult:
    table = table or court_costs()
    st = data.statement
    claim_value = st.total_open
    court = table.court_for(claim_value)
    year = data.as_of.year
    unconfirmed: list[dict[str, str]] = []

    fee = table.court_fee(court, claim_value, data.claimant, year)
    other_kind = PartyKind.NATURAL_PERSON if data.claimant is PartyKind.LEGAL_ENTITY else PartyKind.LEGAL_ENTITY
    other_fee = table.court_fee(court, claim_value, other_kind, year)
    bailiff = table.bailiff_fee(year)
    bailiff_vat = ZERO if data.creditor_vat_deductible else cents(bailiff.amount * VAT_PERCENT / 100)
    for what, figure in (("court_fee", fee), ("bailiff_fee", bailiff)):
        if not figure.confirmed:
            unconfirmed.append({"what": what, "source": figure.source})

    disputed = any(d.status in ("open", "rejected", "reduced") for d in data.disputes)
    points = 2 if disputed else 1
    lump_sum: Decimal | None = None
    per_point: Decimal | None = None
    if court is Court.KANTON:
        tariff = table.kanton_lump_sum_per_point(claim_value, data.as_of)
        per_point = tariff.amount
        lump_sum = per_point * points
        if not tariff.confirmed:
            unconfirmed.append({"what": "lump_sum", "source": tariff.source})
    advance = fee.amount + bailiff.amount + bailiff_vat
    award = advance + (lump_sum or ZERO)
    district = district_for(data.postcode, data.country) if data.has_address else None

    signals = _signals(data, disputed)
    recommendation, reasons = _recommend(data, claim_value, advance, court, table.kanton_limit)
    facts: dict[str, Any] = {
        "as_of": data.as_of.isoformat(),
        "claim": {
            "principal_open": money_str(st.principal_open),
            "interest_open": money_str(st.interest_open),
            "costs": money_str(st.costs),
            "vat": money_str(st.vat),
            "costs_open": money_str(st.costs_open),
            "total_open": money_str(claim_value),
            "prescribes_on": st.prescribes_on.isoformat(),
        },
        "court": {
            "court": court.value,
            "lawyer_required": court is Court.RECHTBANK,
            "kanton_limit": money_str(table.kanton_limit),
            "district": district.name if district else None,
            "seat": district.seat if district else None,
            "district_approximate": True,
            "postcode": data.postcode,
        },
        "procedure": {
            "claimant": data.claimant.value,
            "court_fee": money_str(fee.amount),
            "court_fee_year": fee.year,
            "court_fee_source": fee.source,
            "court_fee_other_claimant": {"claimant": other_kind.value, "court_fee": money_str(other_fee.amount)},
            "bailiff_fee": money_str(bailiff.amount),
            "bailiff_fee_year": bailiff.year,
            "bailiff_vat": money_str(bailiff_vat),
            "cost_to_advance": money_str(advance),
            "lump_sum_points": points,
            "lump_sum_per_point": money_str(per_point) if per_point is not None else None,
            "lump_sum": money_str(lump_sum) if lump_sum is not None else None,
            "expected_award": money_str(award),
            "expected_recovery": money_str(claim_value + award),
        },
        "unconfirmed": unconfirmed,
        "signals": signals,
        "recommendation": recommendation.value,
        "reasons": reasons,
    }
    return AdviceResult(recommendation, facts, signals, reasons)


def _signals(data: AdviceInput, disputed: bool) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for d in data.disputes:
        if d.status == "open":
            out.append(_signal("dispute_open", "against", reason=_short(d.reason)))
        elif d.status == "rejected":
            out.append(_signal("dispute_answered", "note", reason=_short(d.reason), answer=_short(d.answer or "-")))
        elif d.status == "reduced":
            out.append(_signal("dispute_reduced", "note", reason=_short(d.reason)))
    if not data.disputes:
        out.append(_signal("no_dispute", "for"))
    present = [k for k in T.DOCUMENT if k in data.document_kinds]
    missing = [k for k in T.DOCUMENT if k not in data.document_kinds]
    if present:
        out.append(_signal("document_present", "for", what=",".join(present)))
    if missing:
        out.append(_signal("document_missing", "against" if disputed else "note", what=",".join(missing)))
    if data.debtor_kind == "consumer":
        if data.fourteen_day_letter_on is not None:
            out.append(_signal("letter_present", "for", on=data.fourteen_day_letter_on.isoformat()))
        else:
            out.append(_signal("letter_missing", "against"))
    if not data.has_address:
        out.append(_signal("no_address", "against"))
    elif data.country.upper() != "NL":
        out.append(_signal("abroad", "against", country=data.country.upper()))
    how = _reached_how(data)
    if how:
        out.append(_signal("reached", "for", how=", ".join(how)))
    else:
        tried = ", ".join(data.call_outcomes) or "-"
        out.append(_signal("unreachable", "note", tried=tried))
    if "promised_payment" in data.call_outcomes:
        out.append(_signal("promised", "for", on=f" ({data.promised_on.isoformat()})" if data.promised_on else ""))
    if data.payments:
        total = sum((amount for _, amount in data.payments), start=ZERO)
        last = max(day for day, _ in data.payments)
        out.append(_signal("partial_payments", "for", amount=money_str(total), count=len(data.payments), last=last))
    else:
        out.append(_signal("no_payments", "note"))
    prescribes = data.statement.prescribes_on
    days = (prescribes - data.as_of).days
    if days <= 0:
        out.append(_signal("prescribed", "against", on=prescribes.isoformat()))
    elif days < PRESCRIPTION_WARNING_DAYS:
        out.append(_signal("prescribes_soon", "note", on=prescribes.isoformat(), days=days))
    else:
        out.append(_signal("prescribes_later", "for", on=prescribes.isoformat()))
    return out


def _reached_how(data: AdviceInput) -> list[str]:
    how = sorted({o for o in data.call_outcomes if o in REACHED_OUTCOMES})
    if data.debtor_responses:
        how.append("responses")
    if data.telegram_linked:
        how.append("telegram")
    if data.payments:
        how.append("payments")
    return how


def _recommend(
    data: AdviceInput, claim_value: Decimal, advance: Decimal, court: Court, kanton_limit: Decimal
) -> tuple[Recommendation, list[dict[str, Any]]]:
    """The first rule that applies decides; reasons are catalogue keys with their parameters."""
    reached = bool(_reached_how(data))
    if data.statement.prescribes_on <= data.as_of:
        return Recommendation.CLOSE, [_signal("prescribed", "against")]
    if not data.has_address:
        if reached:
            return Recommendation.EXTEND, [_signal("no_address_reached", "against")]
        return Recommendation.CLOSE, [_signal("no_address_unreached", "against")]
    if claim_value < advance:
        return Recommendation.CLOSE, [
            _signal("uneconomic", "against", advance=money_str(advance), claim=money_str(claim_value))
        ]
    recent = data.as_of - timedelta(days=RECENT_PAYMENT_DAYS)
    if "promised_payment" in data.call_outcomes or any(day >= recent for day, _ in data.payments):
        return Recommendation.EXTEND, [_signal("paying", "for")]
    disputed = any(d.status in ("open", "rejected", "reduced") for d in data.disputes)
    evidence = {"proof_of_delivery", "order_confirmation", "terms"}
    missing = [k for k in ("invoice",) if k not in data.document_kinds]
    if not evidence & data.document_kinds:
        missing.append("proof_of_delivery")
    if disputed and missing:
        return Recommendation.EXTEND, [_signal("weak_file", "against", missing=",".join(missing))]
    reasons = [_signal("sound", "for")]
    if not reached:
        reasons.append(_signal("default_judgment", "for"))
    if court is Court.RECHTBANK:
        reasons.append(_signal("lawyer", "note", limit=money_str(kanton_limit)))
    return Recommendation.START_PROCEEDINGS, reasons


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ------------------------------------------------------------------------------------------------- rendering


def render_advice(reference: str, facts: dict[str, Any], lang: str = "nl") -> str:
    """The advice as plain text for the creditor (the specialist may edit it before it goes out)."""
    locale = "nl_NL" if lang == "nl" else "en_GB"

    def eur(value: str | None) -> str:
        return format_eur(Decimal(value), locale) if value is not None else "-"

    def say(key: str, **params: Any) -> str:
        return T.text(T.ADVICE, key, lang, **params)

    claim, court, proc = facts["claim"], facts["court"], facts["procedure"]
    lines = [say("title", ref=reference), "", say("claim_heading", as_of=facts["as_of"])]
    for key, field_name in (
        ("principal", "principal_open"),
        ("interest", "interest_open"),
        ("costs", "costs"),
        ("vat", "vat"),
        ("total", "total_open"),
    ):
        lines.append(f"  {say(key):<44} {eur(claim[field_name]):>14}")
    lines += ["", say("court_heading")]
    limit = eur(court["kanton_limit"])
    lines.append(say("court_kanton" if court["court"] == "kanton" else "court_rechtbank", limit=limit))
    if court["district"]:
        lines.append(say("district", district=court["district"], seat=court["seat"], postcode=court["postcode"]))
    else:
        lines.append(say("district_unknown"))
    court_name = T.text(T.COURT, court["court"], lang)
    claimant = T.text(T.PARTY, proc["claimant"], lang)
    lines += ["", say("costs_heading")]
    rows = [
        (say("court_fee", court=court_name, claimant=claimant, year=proc["court_fee_year"]), proc["court_fee"]),
        (say("bailiff_fee", year=proc["bailiff_fee_year"]), proc["bailiff_fee"]),
    ]
    if Decimal(proc["bailiff_vat"]):
        rows.append((say("bailiff_vat"), proc["bailiff_vat"]))
    rows.append((say("advance"), proc["cost_to_advance"]))
    if proc["lump_sum"] is not None:
        rows.append(
            (
                say("lump_sum", points=proc["lump_sum_points"], per_point=eur(proc["lump_sum_per_point"])),
                proc["lump_sum"],
            )
        )
    else:
        rows.append((say("lump_sum_unknown"), None))
    rows += [(say("award"), proc["expected_award"]), (say("recovery"), proc["expected_recovery"])]
    lines += [f"  {label:<70} {eur(amount):>14}" for label, amount in rows]
    other = proc["court_fee_other_claimant"]
    lines.append(
        say(
            "claimant_note",
            claimant=claimant,
            other=T.text(T.PARTY, other["claimant"], lang),
            other_fee=eur(other["court_fee"]),
        )
    )
    lines.append(say("running"))
    for item in facts["unconfirmed"]:
        lines.append(say("unconfirmed", what=item["what"], source=item["source"]))
    lines += ["", say("signals_heading")]
    lines += [f"  [{s['level']}] {_signal_text(s, lang)}" for s in facts["signals"]]
    lines += ["", say("recommendation_heading") + ": " + T.text(T.RECOMMENDATION, facts["recommendation"], lang)]
    lines += [f"  - {T.text(T.REASON, r['code'], lang, **_reason_params(r, locale))}" for r in facts["reasons"]]
    lines += ["", say("choose")]
    return "\n".join(lines)


def signal_text(signal: dict[str, Any], lang: str) -> str:
    """One signal of an advice's facts, said in `lang` (for front ends that show the advice in parts)."""
    return _signal_text(signal, lang)


def reason_text(reason: dict[str, Any], lang: str) -> str:
    """One reason for the recommendation, said in `lang`, amounts formatted the Dutch or English way."""
    return T.text(T.REASON, reason["code"], lang, **_reason_params(reason, "nl_NL" if lang == "nl" else "en_GB"))


def _signal_text(signal: dict[str, Any], lang: str) -> str:
    params = dict(signal["params"])
    if "what" in params:
        params["what"] = ", ".join(T.text(T.DOCUMENT, k, lang) for k in params["what"].split(",") if k)
    return T.text(T.SIGNAL, signal["code"], lang, **params)


def _reason_params(reason: dict[str, Any], locale: str) -> dict[str, str]:
    params = dict(reason["params"])
    for key in ("advance", "claim", "limit"):
        if key in params:
            params[key] = format_eur(Decimal(params[key]), locale)
    if "missing" in params:
        lang = "nl" if locale.startswith("nl") else "en"
        params["missing"] = ", ".join(T.text(T.DOCUMENT, k, lang) for k in params["missing"].split(",") if k)
    return params


# ------------------------------------------------------------------------------------------------ from the case


def gather_input(
    uow: UnitOfWork,
    case: Case,
    as_of: date,
    *,
    statement: Statement | None = None,
    claimant: PartyKind = PartyKind.LEGAL_ENTITY,
) -> AdviceInput:
    """Read what the advice needs: a handful of small queries on the case's own rows."""
    s = uow.session
    debtor = s.get_one(Debtor, case.debtor_id)
    creditor = s.get_one(Creditor, case.creditor_id)
    statement = statement or statement_for(uow, case, as_of)
    kinds = frozenset(s.scalars(select(Document.kind).where(Document.case_id == case.id).distinct()))
    letter_on = case.fourteen_day_letter_sent_on or s.scalar(
        select(func.min(FourteenDayLetter.sent_on)).where(FourteenDayLetter.case_id == case.id)
    )
    disputes = tuple(
        DisputeFact(d.status, d.reason, d.resolution)
        for d in s.scalars(select(Dispute).where(Dispute.case_id == case.id).order_by(Dispute.id))
    )
    calls = s.execute(
        select(CallTask.outcome, CallTask.notes).where(CallTask.case_id == case.id, CallTask.outcome.is_not(None))
    ).all()
    promised = s.scalars(
        select(CaseEvent.payload).where(CaseEvent.case_id == case.id, CaseEvent.kind == "call_logged")
    ).all()
    promised_on = max((date.fromisoformat(p["promised_on"]) for p in promised if p.get("promised_on")), default=None)
    responses = s.scalar(
        select(func.count())
        .select_from(CaseEvent)
        .where(CaseEvent.case_id == case.id, CaseEvent.actor_kind == "debtor")
    )
    linked = s.scalar(
        select(func.count())
        .select_from(TelegramBinding)
        .where(TelegramBinding.case_id == case.id, TelegramBinding.unbound_at.is_(None))
    )
    payments = tuple(
        (p.paid_on, p.amount)
        for p in s.scalars(select(Payment).where(Payment.case_id == case.id, Payment.paid_on <= as_of))
    )
    return AdviceInput(
        reference=case.reference,
        as_of=as_of,
        statement=statement,
        debtor_kind=debtor.kind,
        postcode=debtor.postcode,
        country=debtor.country or "NL",
        has_address=bool(debtor.street and debtor.postcode and debtor.city),
        creditor_vat_deductible=creditor.vat_deductible,
        claimant=claimant,
        document_kinds=kinds,
        fourteen_day_letter_on=letter_on,
        disputes=disputes,
        call_outcomes=tuple(outcome for outcome, _ in calls),
        promised_on=promised_on,
        debtor_responses=responses or 0,
        telegram_linked=bool(linked),
        payments=payments,
    )


# ---------------------------------------------------------------------------------------------------- services


def draft_advice(
    uow: UnitOfWork,
    actor: Actor,
    reference: str | int,
    *,
    as_of: date | None = None,
    statement: Statement | None = None,
    claimant: str | PartyKind = PartyKind.LEGAL_ENTITY,
    case: Case | None = None,
) -> CaseAdvice:
    """A new draft computed from the case as it is now; earlier drafts are superseded, sent versions stay."""
    require(actor, ActorKind.CREDITOR_USER, ActorKind.SPECIALIST, ActorKind.SYSTEM, what="asking for an advice")
    try:
        party = PartyKind(claimant)
    except ValueError:
        raise UserError(f"claimant: choose from {', '.join(k.value for k in PartyKind)} ({claimant})") from None
    case = case or load_case(uow, actor, reference, for_update=True)
    if CaseStatus(case.status) in FINAL_STATUSES:
        raise Conflict(f"case {case.reference} is {case.status}: no advice for a case that has ended")
    day = as_of or local_today(uow.clock)
    result = compute_advice(gather_input(uow, case, day, statement=statement, claimant=party))
    creditor = uow.session.get_one(Creditor, case.creditor_id)
    lang = creditor.language if creditor.language in T.LANGS else "nl"
    advice = _new_version(
        uow,
        case,
        actor,
        recommendation=result.recommendation.value,
        facts=result.facts,
        language=lang,
        text=render_advice(case.reference, result.facts, lang),
    )
    record_event(
        uow,
        case,
        actor,
        "advice_drafted",
        {"advice_id": advice.id, "version": advice.version, "recommendation": advice.recommendation},
    )
    # a specialist reviews every draft before it goes out (in Slack: a card with edit and send)
    alert_specialists(uow, case, "advice_drafted", f"advice-drafted:{advice.id}", advice_id=advice.id)
    return advice


def edit_advice(
    uow: UnitOfWork, actor: Actor, reference: str, *, recommendation: str | None = None, text: str | None = None
) -> CaseAdvice:
    """A specialist's edit: a new draft version from the latest one, with another recommendation and/or text."""
    require(actor, ActorKind.SPECIALIST, what="editing an advice")
    if recommendation is None and text is None:
        raise UserError("nothing to change: give a recommendation or a text")
    if recommendation is not None and recommendation not in {r.value for r in Recommendation}:
        raise UserError(f"recommendation: choose from {', '.join(r.value for r in Recommendation)} ({recommendation})")
    if text is not None and not text.strip():
        raise UserError("text: the advice text cannot be empty")
    if text is not None and len(text) > MAX_TEXT:
        raise UserError(f"text: at most {MAX_TEXT} characters")
    case = load_case(uow, actor, reference, for_update=True)
    base = latest_advice(uow, case)
    if base is None:
        raise NotFound(f"case {case.reference} has no advice yet: make one first (incasso case advise)")
    advice = _new_version(
        uow,
        case,
        actor,
        recommendation=recommendation or base.recommendation,
        facts={**base.facts, "edited_from_version": base.version},
        language=base.language,
        text=text.strip() if text is not None else base.text,
    )
    record_event(
        uow,
        case,
        actor,
        "advice_edited",
        {
            "advice_id": advice.id,
            "version": advice.version,
            "from_version": base.version,
            "recommendation": advice.recommendation,
        },
    )
    return advice


def send_advice(uow: UnitOfWork, actor: Actor, reference: str) -> CaseAdvice:
    """The latest draft goes out: it becomes final (never changed again) and the whole text is in the audit log."""
    require(actor, ActorKind.SPECIALIST, what="sending an advice")
    case = load_case(uow, actor, reference, for_update=True)
    if CaseStatus(case.status) in FINAL_STATUSES:
        raise Conflict(f"case {case.reference} is {case.status}: the advice can no longer be sent")
    advice = latest_advice(uow, case)
    if advice is None or advice.status != "draft":
        raise Conflict(f"case {case.reference} has no draft advice to send")
    advice.status = "sent"
    advice.sent_by = actor.label or actor.id or actor.kind.value
    advice.sent_at = uow.clock.now()
    record_event(
        uow,
        case,
        actor,
        "advice_sent",
        {
            "advice_id": advice.id,
            "version": advice.version,
            "recommendation": advice.recommendation,
            "language": advice.language,
            "text": advice.text,
        },
    )
    return advice


def latest_advice(uow: UnitOfWork, case: Case) -> CaseAdvice | None:
    return uow.session.scalars(
        select(CaseAdvice).where(CaseAdvice.case_id == case.id).order_by(CaseAdvice.version.desc()).limit(1)
    ).first()


def latest_sent_advice(uow: UnitOfWork, case: Case) -> CaseAdvice | None:
    return uow.session.scalars(
        select(CaseAdvice)
        .where(CaseAdvice.case_id == case.id, CaseAdvice.status == "sent")
        .order_by(CaseAdvice.version.desc())
        .limit(1)
    ).first()


def sent_advice_for(uow: UnitOfWork, actor: Actor, reference: str) -> CaseAdvice:
    """What the creditor sees: the latest advice that went out (a draft is the agency's, not yet theirs)."""
    case = load_case(uow, actor, reference)
    advice = latest_sent_advice(uow, case)
    if advice is None:
        raise NotFound(f"case {case.reference} has no advice yet")
    return advice


def _new_version(
    uow: UnitOfWork, case: Case, actor: Actor, *, recommendation: str, facts: dict[str, Any], language: str, text: str
) -> CaseAdvice:
    for draft in uow.session.scalars(
        select(CaseAdvice).where(CaseAdvice.case_id == case.id, CaseAdvice.status == "draft")
    ):
        draft.status = "superseded"
    version = (uow.session.scalar(select(func.max(CaseAdvice.version)).where(CaseAdvice.case_id == case.id)) or 0) + 1
    advice = CaseAdvice(
        case_id=case.id,
        version=version,
        status="draft",
        recommendation=recommendation,
        facts=facts,
        language=language,
        text=text,
        created_by=actor.label or actor.id or actor.kind.value,
        created_at=uow.clock.now(),
    )
    uow.session.add(advice)
    uow.session.flush()
    return advice
