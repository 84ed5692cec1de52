"""Documents of a case: upload (type checked by content, at most 20 MB), list, download."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Path, Response, UploadFile
from fastapi.responses import FileResponse

from api.deps import CreditorActor, Uow
from api.idempotency import Idem
from api.limits import MULTIPART_OVERHEAD, body_limit
from api.openapi import problem_responses
from api.routers.cases import Reference
from api.schemas import DocumentOut
from core.db.models import DocumentKind
from core.documents_store import ALLOWED_MEDIA_TYPES, MAX_DOCUMENT_BYTES
from core.services.documents import add_document, get_document, list_documents

router = APIRouter(
    prefix="/v1/cases/{reference}/documents",
    tags=["documents"],
    route_class=body_limit(MAX_DOCUMENT_BYTES + MULTIPART_OVERHEAD),
)

DocumentId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The document's id within the case")]


@router.post(
    "",
    status_code=201,
    response_model=DocumentOut,
    summary="Upload a document",
    description="Multipart form with `kind` and `file`. The type is found from the content, not from the name "
    "or the sender's content type: PDF, PNG, JPEG, GIF, DOCX, XLSX or plain text, at most 20 MB. The same file "
    "uploaded twice to a case is kept once (the first upload is returned).",
    responses=problem_responses(400, 401, 404, 413, 422),
    form_limits={"max_files": 1, "max_fields": 4},
)
def upload_document(
    reference: Reference,
    kind: Annotated[DocumentKind, Form(description="What the document is")],
    file: Annotated[UploadFile, File(description="The file, at most 20 MB")],
    actor: CreditorActor,
    uow: Uow,
    idem: Idem,
) -> Response:
    data = file.file.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise HTTPException(413, f"{file.filename or 'the file'} is larger than the maximum of 20 MB")
    document = add_document(uow, actor, reference, kind=kind.value, file_name=file.filename or "", data=data)
    return idem.respond(DocumentOut.of(reference, document), 201)


@router.get(
    "",
    response_model=list[DocumentOut],
    summary="The documents of a case",
    responses=problem_responses(401, 404, 422),
)
def documents(reference: Reference, actor: CreditorActor, uow: Uow) -> list[DocumentOut]:
    return [DocumentOut.of(reference, document) for document in list_documents(uow, actor, reference)]


@router.get(
    "/{document_id}",
    response_class=FileResponse,
    summary="Download a document",
    description="The bytes as uploaded, with the media type found in them and the file name as an attachment.",
    responses={
        200: {
            "description": "The document",
            "content": {
                media_type: {"schema": {"type": "string", "format": "binary"}}
                for media_type in sorted(ALLOWED_MEDIA_TYPES)
            },
        },
        **problem_responses(401, 404, 422),
    },
)
def download(reference: Reference, document_id: DocumentId, actor: CreditorActor, uow: Uow) -> FileResponse:
    document = get_document(uow, actor, reference, document_id)
    return FileResponse(
        uow.documents.path_of(document.sha256),
        media_type=document.media_type,
        filename=document.file_name,
        headers={"X-Content-Type-Options": "nosniff"},
    )
