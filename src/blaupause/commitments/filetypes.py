"""Which files may be evidence: the type is read from the content, never from the name.

`detect` looks at the bytes of an upload and answers with the stored content type and the
extension the file gets on disk, or None for anything that is not allowed: PDF, PNG, JPEG,
Office Open XML and OpenDocument files (ZIP archives with ``[Content_Types].xml`` or a
``mimetype`` entry, without macros) and plain UTF-8 text or CSV without markup.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from typing import IO

__all__ = ["DetectedType", "detect"]

PDF = b"%PDF-"
PNG = b"\x89PNG\r\n\x1a\n"
JPEG = b"\xff\xd8\xff"
ZIP = b"PK\x03\x04"

OOXML_MAIN_PARTS = {
    "word/document.xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx",
    ),
    "xl/workbook.xml": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".xlsx",
    ),
    "ppt/presentation.xml": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ".pptx",
    ),
}
ODF_TYPES = {
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.oasis.opendocument.presentation": ".odp",
}
TEXT = "text/plain; charset=utf-8"
CSV = "text/csv; charset=utf-8"
# Text that a browser could take for a page or an image is not plain text.
MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|iframe|svg|object|embed|meta|link|style|\?xml)",
    re.IGNORECASE,
)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
MAX_ENTRIES = 10_000


@dataclass(frozen=True)
class DetectedType:
    content_type: str
    extension: str


def _read_all(upload: IO[bytes]) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _office(upload: IO[bytes]) -> DetectedType | None:
    """An Office Open XML or OpenDocument file, checked by its entries; no macros."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ENTRIES:
                return None
            names = {entry.filename for entry in entries}
            if any(
                "vbaproject" in name.lower() or name.lower().startswith("basic/") for name in names
            ):
                return None
            if "[Content_Types].xml" in names:
                for part, (content_type, extension) in OOXML_MAIN_PARTS.items():
                    if part in names:
                        return DetectedType(content_type, extension)
                return None
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size > 200:
                    return None
                declared = archive.read(info).decode("ascii", "replace").strip()
                if declared in ODF_TYPES:
                    return DetectedType(declared, ODF_TYPES[declared])
    except Exception:  # an archive that cannot be read is refused, whatever the error
        return None
    finally:
        upload.seek(0)
    return None


def _text(upload: IO[bytes], name: str) -> DetectedType | None:
    data = _read_all(upload)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if CONTROL.search(text):
        return None
    if data.lstrip().startswith(b"<") or MARKUP.search(data):
        return None
    if name.lower().endswith(".csv"):
        return DetectedType(CSV, ".csv")
    return DetectedType(TEXT, ".txt")


def detect(upload: IO[bytes], name: str = "") -> DetectedType | None:
    """The allowed type of `upload` by its content, or None. `name` only tells CSV from text."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head:
        return None
    if head.startswith(PDF):
        return DetectedType("application/pdf", ".pdf")
    if head.startswith(PNG):
        return DetectedType("image/png", ".png")
    if head.startswith(JPEG):
        return DetectedType("image/jpeg", ".jpg")
    if head.startswith(ZIP):
        return _office(upload)
    return _text(upload, name)
