"""The advice: court costs from the data table, the court by claim value, the signals and the recommendation.

Expected amounts are worked out by hand from reference/dutch-collection-law.md §7 (2024 table), not from the code.
Claims are advised as of their due date, where interest and costs are still nil: the claim value is the principal.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core.actors import Actor
from core.judicial.advice import draft_advice, render_advice
from core.law.court_costs import Court, PartyKind, court_costs
from core.services import calls, disputes, documents, lifecycle, payments
from tests.builders import business_claim, consumer_claim, make_case, make_creditor

D = Decimal
SPECIALIST = Actor.specialist("U-spec", label="Sanne")
DUE = "2024-06-30"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.mark.parametrize(
    ("value", "party", "fee"),
    [
        ("500.00", "legal_entity", "130"), ("500.00", "natural_person", "87"), ("500.00", "indigent", "87"),
        ("500.01", "legal_entity", "328"), ("500.01", "natural_person", "218"),
        ("1500.01", "legal_entity", "372"), ("2500.00", "natural_person", "248"),
        ("2500.01", "legal_entity", "496"), ("5000.01", "legal_entity", "524"), ("12500.00", "natural_person", "248"),
        ("12500.01", "legal_entity", "1409"), ("12500.01", "natural_person", "706"), ("24000.00", "indigent", "87"),
    ],
)
def test_kanton_court_fee_by_bracket_and_claimant(value: str, party: str, fee: str) -> None:
    figure = court_costs().court_fee(Court.KANTON, D(value), PartyKind(party), 2024)
    assert (figure.amount, figure.confirmed) == (D(fee), True)


def test_the_kanton_limit_and_the_figures_not_confirmed() -> None:
    table = court_costs()
    assert table.court_for(D("25000.00")) is Court.KANTON
    assert table.court_for(D("25000.01")) is Court.RECHTBANK
    later = table.court_fee(Court.KANTON, D("1000"), PartyKind.LEGAL_ENTITY, 2026)
    assert (later.amount, later.confirmed) == (D("328"), False) and "unconfirmed" in later.source
    assert not table.court_fee(Court.RECHTBANK, D("30000"), PartyKind.LEGAL_ENTITY, 2024).confirmed
    assert table.bailiff_fee(2024).amount == D("112.37") and not table.bailiff_fee(2027).confirmed
    per_point = [table.kanton_lump_sum_per_point(D(v), date(2024, 3, 1)).amount for v in
                 ("250.00", "250.01", "1250.00", "3750.01", "10000.01", "25000.00")]
    assert per_point == [D(40), D(82), D(135), D(271), D(406), D(543)]


def claim(principal: str, kind: str = "business", **overrides):  # type: ignore[no-untyped-def]
    invoice = {"invoice_number": f"F-{principal}", "invoice_date": "2024-06-01", "due_date": DUE,
               "principal": principal}
    build = business_claim if kind == "business" else consumer_claim
    return build(invoices=[invoice], **overrides)


# principal, claimant, creditor deducts VAT -> court, fee, bailiff VAT, advance, lump sum, award, recovery, advice
CASES = [
    ("1200.00", "legal_entity", True, "kanton", "328", "0.00", "440.37", "135", "575.37", "1775.37",
     "start_proceedings"),
    ("3000.00", "natural_person", False, "kanton", "248", "23.60", "383.97", "238", "621.97", "3621.97",
     "start_proceedings"),
    ("400.00", "indigent", True, "kanton", "87", "0.00", "199.37", "82", "281.37", "681.37", "start_proceedings"),
    ("25000.00", "legal_entity", True, "kanton", "1409", "0.00", "1521.37", "543", "2064.37", "27064.37",
     "start_proceedings"),
    ("25000.01", "legal_entity", True, "rechtbank", "2889", "0.00", "3001.37", None, "3001.37", "28001.38",
     "start_proceedings"),
    ("150.00", "legal_entity", True, "kanton", "130", "0.00", "242.37", "40", "282.37", "432.37", "close"),
]


@pytest.mark.parametrize(
    ("principal", "claimant", "deducts", "court", "fee", "vat", "advance", "lump", "award", "recovery", "advice"),
    CASES,
)
def test_advice_amounts_across_brackets_claimants_and_courts(
    uow_factory, principal, claimant, deducts, court, fee, vat, advance, lump, award, recovery, advice
) -> None:
    with uow_factory() as uow:
        case = make_case(uow, make_creditor(uow, vat_deductible=deducts), claim(principal))
        made = draft_advice(uow, SPECIALIST, case.reference, as_of=date.fromisoformat(DUE), claimant=claimant)
        uow.commit()
    facts = made.facts
    assert facts["claim"]["total_open"] == principal
    assert facts["court"]["court"] == court and facts["court"]["lawyer_required"] is (court == "rechtbank")
    p = facts["procedure"]
    assert (p["court_fee"], p["bailiff_fee"], p["bailiff_vat"], p["cost_to_advance"]) == (
        D(fee).quantize(D("0.01")).to_eng_string(), "112.37", vat, advance)
    assert p["lump_sum"] == (None if lump is None else f"{lump}.00")
    assert (p["expected_award"], p["expected_recovery"]) == (award, recovery)
    assert made.recommendation == advice and made.status == "draft" and made.version == 1
    assert facts["court"]["district"] == "Midden-Nederland"  # Utrecht, 3542 AD
    if court == "rechtbank":
        assert [r["code"] for r in facts["reasons"]][-1] == "lawyer"
        assert "advocaat" in made.text and {u["what"] for u in facts["unconfirmed"]} == {"court_fee"}
    else:
        assert facts["unconfirmed"] == []


def test_the_advice_text_in_both_languages(uow_factory) -> None:
    with uow_factory() as uow:
        case = make_case(uow, make_creditor(uow), claim("1200.00"))
        made = draft_advice(uow, SPECIALIST, case.reference, as_of=date.fromisoformat(DUE))
        uow.commit()
    nl, en = render_advice(case.reference, made.facts, "nl"), render_advice(case.reference, made.facts, "en")
    assert made.text == nl  # the creditor's language (nl by default)
    for text, words in ((nl, ["Griffierecht", "€ 328,00", "€ 112,37", "€ 1.775,37", "kantonrechter",
                               "Rechtbank Midden-Nederland", "Procedure starten"]),
                        (en, ["Court fee", "€328.00", "€1,775.37", "subdistrict court", "Start proceedings"])):
        for word in words:
            assert word in text.replace("\xa0", " "), (word, text)


def test_signals_from_the_case(uow_factory, clock) -> None:
    """A consumer who disputed (answered), paid part, was reached by phone; invoice and terms on file."""
    with uow_factory() as uow:
        case = make_case(uow, make_creditor(uow), consumer_claim())
        ref = case.reference
        for kind in ("invoice", "terms"):
            documents.add_document(uow, Actor.creditor(case.creditor_id), ref, kind=kind, file_name=f"{kind}.pdf",
                                   data=PDF + kind.encode())
        lifecycle.start_amicable(uow, Actor.system(), ref)
        dispute = disputes.open_dispute(uow, Actor.debtor(case.id, "42"), ref, "Ik heb de bank nooit ontvangen")
        disputes.resolve_dispute(uow, SPECIALIST, dispute.id, upheld=False, resolution="Afleverbon getekend op 5-1")
        task = calls.request_call_back(uow, Actor.debtor(case.id, "42"), ref, preferred_time="morning")
        calls.log_call_outcome(uow, SPECIALIST, task.id, outcome="reached", notes="zegt te gaan betalen")
        payments.record_payment(uow, Actor.system("bank"), ref, amount="100.00", paid_on="2026-01-20",
                                source="bank_statement", external_id="b-1")
        lifecycle.escalate(uow, Actor.system(), ref, "day 10")
        made = draft_advice(uow, SPECIALIST, ref)
        uow.commit()
    signals = {s["code"]: s for s in made.facts["signals"]}
    assert signals["dispute_answered"]["params"] == {"reason": "Ik heb de bank nooit ontvangen",
                                                     "answer": "Afleverbon getekend op 5-1"}
    assert signals["document_present"]["params"]["what"] == "invoice,terms"
    assert signals["document_missing"] == {"code": "document_missing", "level": "against",
                                           "params": {"what": "proof_of_delivery,order_confirmation"}}
    assert signals["letter_missing"]["level"] == "against"  # no 14-day letter on file for this consumer
    assert "reached" in signals["reached"]["params"]["how"] and "payments" in signals["reached"]["params"]["how"]
    assert signals["partial_payments"]["params"] == {"amount": "100.00", "count": "1", "last": "2026-01-20"}
    # the law engine's first prescribed day: 5 years (art. 3:307 BW) after the day after the due date 2026-01-16
    assert signals["prescribes_later"]["params"]["on"] == "2031-01-17"
    # disputed, but the invoice and the terms are on file: go to court
    assert made.recommendation == "start_proceedings"
    assert "Ik heb de bank nooit ontvangen" in made.text and "Afleverbon" in made.text


@pytest.mark.parametrize(
    ("setup", "recommendation", "reason"),
    [
        ("prescribed", "close", "prescribed"),
        ("no_address", "close", "no_address_unreached"),
        ("paying", "extend", "paying"),
        ("weak_file", "extend", "weak_file"),
        ("silent", "start_proceedings", "sound"),
    ],
)
def test_recommendations(uow_factory, setup: str, recommendation: str, reason: str) -> None:
    with uow_factory() as uow:
        creditor = make_creditor(uow)
        if setup == "prescribed":
            invoice = {"invoice_number": "F-OLD", "invoice_date": "2020-01-01", "due_date": "2020-01-31",
                       "principal": "900.00"}
            case = make_case(uow, creditor, business_claim(invoices=[invoice]))
        elif setup == "no_address":
            debtor = {"kind": "business", "name": "Spookbedrijf B.V.", "email": "weg@example.nl"}
            case = make_case(uow, creditor, business_claim(debtor=debtor))
        else:
            case = make_case(uow, creditor, business_claim())
        ref = case.reference
        lifecycle.start_amicable(uow, Actor.system(), ref)
        if setup == "paying":
            payments.record_payment(uow, Actor.system("bank"), ref, amount="50.00", paid_on="2026-02-25",
                                    source="bank_statement", external_id="p-1")
        if setup == "weak_file":
            dispute = disputes.open_dispute(uow, Actor.debtor(case.id, "7"), ref, "Nooit besteld")
            disputes.resolve_dispute(uow, SPECIALIST, dispute.id, upheld=False, resolution="Wel besteld")
        lifecycle.escalate(uow, Actor.system(), ref, "day 10")
        made = draft_advice(uow, SPECIALIST, ref)
        uow.commit()
    assert made.recommendation == recommendation
    assert made.facts["reasons"][0]["code"] == reason
    if setup == "silent":  # no response at all: a default judgment is likely
        assert [r["code"] for r in made.facts["reasons"]] == ["sound", "default_judgment"]
