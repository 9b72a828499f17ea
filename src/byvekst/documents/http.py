"""One way to send a document as a download, in the format asked for."""

from __future__ import annotations

from django.http import Http404, HttpResponse

from byvekst.documents.pdf import to_pdf
from byvekst.documents.spec import Document
from byvekst.documents.word import to_docx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    return HttpResponse(
        content, content_type=content_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


def document_response(doc: Document, fmt: str, name: str) -> HttpResponse:
    """Word (``docx``) or PDF (``pdf``) of a document; any other format is a 404."""
    if fmt == "docx":
        return download(to_docx(doc), DOCX, f"{name}.docx")
    if fmt == "pdf":
        return download(to_pdf(doc), "application/pdf", f"{name}.pdf")
    raise Http404
