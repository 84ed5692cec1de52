"""Documents attached to a case: checked (type by content, at most 20 MB), stored once, logged."""

from __future__ import annotations

import re

from sqlalchemy import select

from core.actors import Actor, ActorKind
from core.db.models import Document, DocumentKind
from core.errors import NotFound, UserError
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
    name = _safe_name(file_name)
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


def list_documents(uow: UnitOfWork, actor: Actor, reference: str) -> list[Document]:
    """The documents of a case the actor may see, oldest first."""
    case = load_case(uow, actor, reference)
    return list(uow.session.scalars(select(Document).where(Document.case_id == case.id).order_by(Document.id)))


def get_document(uow: UnitOfWork, actor: Actor, reference: str, document_id: int) -> Document:
    """One document of a case the actor may see; a document of another case is not found, whoever asks."""
    case = load_case(uow, actor, reference)
    document = uow.session.scalars(
        select(Document).where(Document.id == document_id, Document.case_id == case.id)
    ).one_or_none()
    if document is None:
        raise NotFound(f"document {document_id} of case {case.reference} not found")
    return document


_UNSAFE_IN_NAMES = re.compile(r"[\x00-\x1f\x7f/\\]")


def _safe_name(file_name: str | None) -> str:
    """A file name fit to store and to send back: no path separators, no control characters, at most 255."""
    return _UNSAFE_IN_NAMES.sub("_", (file_name or "").strip())[:255] or "document"
