"""Document bytes stored content-addressed (by SHA-256) under the data dir, checked before they are kept."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from core.errors import UserError

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024

# Sniffed from the bytes, never trusted from the file name or the sender's content type.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"PK\x03\x04", "application/zip"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)
_OFFICE = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ALLOWED_MEDIA_TYPES = frozenset(
    {"application/pdf", "image/png", "image/jpeg", "image/gif", "text/plain", *_OFFICE.values()}
)


class DocumentRefused(UserError):
    pass


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size: int
    media_type: str


def sniff_media_type(data: bytes, file_name: str) -> str | None:
    for magic, media_type in _SIGNATURES:
        if data.startswith(magic):
            if media_type == "application/zip":
                return _OFFICE.get(Path(file_name).suffix.lower())
            return media_type
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        sample = data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "text/plain" if "\x00" not in sample else None


class DocumentStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root) / "documents"

    def path_of(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def check(self, data: bytes, file_name: str) -> str:
        """Return the media type, or refuse: empty, over 20 MB, or not a type we accept."""
        if not data:
            raise DocumentRefused(f"{file_name}: the file is empty")
        if len(data) > MAX_DOCUMENT_BYTES:
            raise DocumentRefused(f"{file_name}: {len(data) / 1024 / 1024:.1f} MB is larger than the maximum of 20 MB")
        media_type = sniff_media_type(data, file_name)
        if media_type not in ALLOWED_MEDIA_TYPES:
            raise DocumentRefused(f"{file_name}: file type not accepted (PDF, PNG, JPEG, GIF, DOCX, XLSX, text)")
        return media_type

    def put(self, data: bytes, file_name: str) -> StoredBlob:
        media_type = self.check(data, file_name)
        digest = hashlib.sha256(data).hexdigest()
        target = self.path_of(digest)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            # write then rename: a killed process never leaves half a file under the final name
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        return StoredBlob(digest, len(data), media_type)

    def get(self, sha256: str) -> bytes:
        return self.path_of(sha256).read_bytes()
