"""Documents attached to a case: checked (type by content, at most 20 MB), stored once, logged."""

from __future__ import annotations

from sqlalchemy import select

from core.actors import Actor, ActorKind
from core.db.models import Document, DocumentKind
from core.errors import UserError
from core.services.case_access import load_case, record_event, require
from core.uow import UnitOfWork


def add_document(uow: UnitOfWork, actor: Actor, reference: str, *, kind: str, file_name: str, data: bytes) -> Document:
    require(
        actor,
        ActorKind.CREDITOR_USER,
        ActorKind.SPECIALIST,
        ActorKind.DEBTOR,
        ActorKind.SYSTEM,
        what="adding a document",
    )
    try:
        doc_kind = DocumentKind(kind)
    except ValueError:
        options = "|".join(k.value for k in DocumentKind)
        raise UserError(f"kind: choose from {options} ({kind})") from None
    name = (file_name or "").strip().replace("/", "_").replace("\\", "_")[:255] or "document"
    case = load_case(uow, actor, reference)
    blob = uow.documents.put(data, name)
    existing = uow.session.scalars(
        select(Document).where(Document.case_id == case.id, Document.sha256 == blob.sha256)
    ).first()
    if existing is not None:
        return existing
    document = Document(
        case_id=case.id,
        kind=doc_kind.value,
        file_name=name,
        media_type=blob.media_type,
        size=blob.size,
        sha256=blob.sha256,
        uploaded_by=actor.label or actor.kind.value,
        created_at=uow.clock.now(),
    )
    uow.session.add(document)
    uow.session.flush()
    record_event(
        uow,
        case,
        actor,
        "document_added",
        {"document_id": document.id, "kind": doc_kind.value, "file_name": name, "size": blob.size},
    )
    return document
