"""What an uploaded file really is, from its content (docs/decisions/0008-input-limits.md).

Only the kinds people share in a case file are accepted: PDF, Word/Excel/PowerPoint (OOXML), OpenDocument,
PNG/JPEG images, and plain text or CSV. The name's extension must agree with the content, so an HTML page
renamed to .pdf, or a PDF renamed to .html, is refused. Files are always served as downloads with
``X-Content-Type-Options: nosniff`` and the content type found here.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Kind:
    name: str
    content_type: str
    extensions: tuple[str, ...]


KINDS = {
    "pdf": Kind("PDF", "application/pdf", (".pdf",)),
    "docx": Kind("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)),
    "xlsx": Kind("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)),
    "pptx": Kind("PowerPoint", "application/vnd.openxmlformats-officedocument.presentationml.presentation", (".pptx",)),
    "odt": Kind("OpenDocument", "application/vnd.oasis.opendocument.text", (".odt",)),
    "ods": Kind("OpenDocument", "application/vnd.oasis.opendocument.spreadsheet", (".ods",)),
    "odp": Kind("OpenDocument", "application/vnd.oasis.opendocument.presentation", (".odp",)),
    "png": Kind("PNG", "image/png", (".png",)),
    "jpeg": Kind("JPEG", "image/jpeg", (".jpg", ".jpeg")),
    "text": Kind("text", "text/plain; charset=utf-8", (".txt", ".csv", ".md")),
}
ALLOWED_EXTENSIONS = sorted({e for k in KINDS.values() for e in k.extensions})
OOXML_PARTS = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}
ODF_TYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}


def _zip_kind(data: bytes) -> str | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
    except (zipfile.BadZipFile, ValueError):
        return None
    if "mimetype" in names:
        return ODF_TYPES.get(archive.read("mimetype").strip())
    if "[Content_Types].xml" in names:
        for prefix, kind in OOXML_PARTS.items():
            if any(n.startswith(prefix) for n in names):
                return kind
    return None


def sniff(data: bytes) -> str | None:
    """The kind of file (a key of :data:`KINDS`) judged from its bytes, or None when it is not one we accept."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    head = data[:65536]
    if b"\x00" in head:
        return None
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if text.lstrip().lower().startswith(("<!doctype html", "<html", "<svg", "<?xml", "<script")):
        return None  # markup a browser would run
    return "text"


def check_upload(name: str, data: bytes) -> str | None:
    """The kind, if the file is acceptable and its name agrees with its content; else None."""
    kind = sniff(data)
    if kind is None:
        return None
    return kind if name.lower().endswith(KINDS[kind].extensions) else None


def accepted_upload(file: Any) -> str:
    """The content type of an uploaded file that may be kept (size within ``BYVEKST_UPLOAD_MAX_MB``, an accepted
    kind whose name agrees with its content); its name is made safe. Else a ValidationError on ``file``."""
    from django.conf import settings
    from django.core.exceptions import ValidationError
    from django.utils.text import get_valid_filename
    from django.utils.translation import gettext as _

    limit = int(settings.BYVEKST_UPLOAD_MAX_MB)
    if file.size > limit * 1024 * 1024:
        raise ValidationError({"file": _("The file is larger than %(mb)s MB.") % {"mb": limit}})
    file.seek(0)
    kind = check_upload(file.name, file.read())
    file.seek(0)
    if kind is None:
        raise ValidationError(
            {
                "file": _(
                    "This kind of file is not accepted, or its name does not match its content. Accepted: %(kinds)s."
                )
                % {"kinds": ", ".join(ALLOWED_EXTENSIONS)}
            }
        )
    file.name = get_valid_filename(file.name)
    return KINDS[kind].content_type
