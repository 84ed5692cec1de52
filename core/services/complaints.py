"""The complaint register (Wet kwaliteit incassodienstverlening: a complaints procedure with a register).

A complaint about the agency is registered with a reference, acknowledged to the debtor at once, and queued for a
specialist with its deadlines: a personal answer within 2 working days, handled within 4 weeks.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from core.actors import Actor, ActorKind
from core.clock import local_today
from core.db.models import Complaint
from core.errors import NotFound, UserError
from core.notifications import alert_specialists
from core.schedule.calendar import add_business_days, next_business_day
from core.services.case_access import load_case, record_event, require
from core.uow import UnitOfWork

MAX_COMPLAINT = 4000
ACKNOWLEDGE_WORKING_DAYS = 2
HANDLING_TERM = timedelta(weeks=4)


@dataclass(frozen=True)
class Registered:
    complaint: Complaint
    acknowledge_by: date
    handle_by: date


def register_complaint(uow: UnitOfWork, actor: Actor, reference: str, text: str, *, channel: str) -> Registered:
    require(actor, ActorKind.DEBTOR, ActorKind.SPECIALIST, what="registering a complaint")
    text = (text or "").strip()
    if not text:
        raise UserError("complaint: say what the complaint is about")
    if len(text) > MAX_COMPLAINT:
        raise UserError(f"complaint: at most {MAX_COMPLAINT} characters")
    case = load_case(uow, actor, reference)
    now = uow.clock.now()
    today = local_today(uow.clock)
    # 2 working days counted from the day after receipt (Algemene termijnenwet style)
    acknowledge_by = add_business_days(next_business_day(today), ACKNOWLEDGE_WORKING_DAYS - 1)
    complaint = Complaint(
        reference=f"KL-new-{uuid.uuid4().hex[:12]}",  # unique until the id is known
        case_id=case.id,
        channel=channel,
        text=text,
        status="open",
        received_at=now,
        acknowledged_at=now,  # the acknowledgement with reference and term goes to the debtor in the same step
        acknowledge_by=acknowledge_by,
        handle_by=today + HANDLING_TERM,
    )
    uow.session.add(complaint)
    uow.session.flush()
    complaint.reference = f"KL-{today.year}-{complaint.id:06d}"
    record_event(
        uow,
        case,
        actor,
        "complaint_registered",
        {"complaint": complaint.reference, "channel": channel, "handle_by": complaint.handle_by.isoformat()},
    )
    alert_specialists(
        uow,
        case,
        "complaint_registered",
        f"complaint:{complaint.id}",
        complaint=complaint.reference,
        text=text,
        respond_by=acknowledge_by.isoformat(),
        handle_by=complaint.handle_by.isoformat(),
    )
    return Registered(complaint, acknowledge_by, complaint.handle_by)


def handle_complaint(uow: UnitOfWork, actor: Actor, complaint_reference: str, resolution: str) -> Complaint:
    require(actor, ActorKind.SPECIALIST, what="handling a complaint")
    complaint = uow.session.scalars(select(Complaint).where(Complaint.reference == complaint_reference)).first()
    if complaint is None:
        raise NotFound(f"complaint {complaint_reference} not found")
    if complaint.status != "open":
        raise UserError(f"complaint {complaint_reference} was handled already")
    complaint.status = "handled"
    complaint.handled_at = uow.clock.now()
    complaint.handled_by = actor.label or actor.id or actor.kind.value
    complaint.resolution = resolution.strip() or None
    if complaint.case_id is not None:
        case = load_case(uow, actor, complaint.case_id)
        details = {"complaint": complaint.reference, "resolution": complaint.resolution}
        record_event(uow, case, actor, "complaint_handled", details)
    return complaint
