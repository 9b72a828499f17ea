"""Limits at the edge, before any view runs (docs/decisions/0008-input-limits.md).

* A body larger than the limit is answered 413 before it is read: multipart uploads may be as large as the
  attachment limit (plus room for the form), everything else as large as ``DATA_UPLOAD_MAX_MEMORY_SIZE``.
* A NUL character in the query string, a form or a JSON body is refused with 400: PostgreSQL cannot store it
  in text, and no one types it.
* A lookup with a malformed value that slips past a view (``?page=abc`` into an ORM filter) answers 400, not
  500: Django raises ``ValidationError``/``ValueError`` from the ORM for those.
Answers are JSON under ``/api/`` (``{"detail": [{"field", "message"}]}``) and an error page elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

MULTIPART_OVERHEAD = 1024 * 1024


def error_response(request: HttpRequest, status: int, message: str, field: str = "__body__") -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": [{"field": field, "message": message}]}, status=status)
    return render(request, "errors/error.html", {"status": status, "message": message}, status=status)


def body_limit(content_type: str) -> int:
    if content_type.startswith("multipart/form-data"):
        return int(settings.BYVEKST_UPLOAD_MAX_MB) * 1024 * 1024 + MULTIPART_OVERHEAD
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


def too_large_message(limit: int) -> str:
    return _("The request is too large: at most %(mb)s MB can be sent.") % {"mb": round(limit / 1024 / 1024, 1)}


class RequestLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        content_type = request.META.get("CONTENT_TYPE", "")
        limit = body_limit(content_type)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return error_response(request, 400, _("The Content-Length header is not a number."))
        if length > limit:
            return error_response(request, 413, too_large_message(limit))
        if content_type.startswith("multipart/") and "boundary=" not in content_type:
            return error_response(request, 400, _("A multipart request needs its boundary in the Content-Type."))
        nul = _("The request contains a NUL character, which is not allowed.")
        if "%00" in request.META.get("QUERY_STRING", "") or "\x00" in request.META.get("QUERY_STRING", ""):
            return error_response(request, 400, nul, field="__query__")
        if request.path.startswith("/api/") and any(len(values) > 1 for _key, values in request.GET.lists()):
            # The API's filters take one value each; a repeated one is a mistake worth saying.
            return error_response(request, 400, _("Give each filter in the address once."), field="__query__")
        if request.method in ("POST", "PUT", "PATCH") and not content_type.startswith("multipart/"):
            try:
                body = request.body
            except RequestDataTooBig:
                return error_response(request, 413, too_large_message(limit))
            if b"\x00" in body or b"\\u0000" in body or b"%00" in body:
                return error_response(request, 400, nul)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RequestDataTooBig):
            limit = body_limit(request.META.get("CONTENT_TYPE", ""))
            return error_response(request, 413, too_large_message(limit))
        if isinstance(exception, ValidationError) and not request.path.startswith("/api/"):
            # A value the ORM could not use in a lookup (the views check what they take from the user).
            return error_response(request, 400, _("A value in the address is not valid."), field="__query__")
        return None
