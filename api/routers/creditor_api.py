"""The creditor API (/v1): cases, documents, imports, payments and decisions — one resource per section."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import CreditorActor, Uow
from core.clock import local_today
from core.services.case_access import load_case
from core.services.case_view import statement_for

router = APIRouter(prefix="/v1", tags=["cases"])


@router.get("/cases/{reference}", summary="A case with its statement")
def get_case(reference: str, actor: CreditorActor, uow: Uow) -> dict:
    case = load_case(uow, actor, reference)
    statement = statement_for(uow, case, local_today(uow.clock))
    return {"reference": case.reference, "status": case.status, "statement": statement.to_dict()}
