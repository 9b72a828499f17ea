"""The JSON API (django-ninja). OpenAPI at /api/openapi.json, interactive docs at /api/docs.

Browsers authenticate with their session (CSRF checked); scripts send ``Authorization: Bearer <token>``.
Errors are JSON with the field named: 401 unauthenticated, 403 refused by the policy, 404 unknown,
422 invalid (``{"detail": [{"field": ..., "message": ...}]}``), 400 for a body that is not JSON.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.security import APIKeyCookie, HttpBearer

from byvekst.assessment.api import router as assessment_router
from byvekst.cases.api import router as cases_router
from byvekst.cases.services import MeetingClosed
from byvekst.collaboration.api import router as collaboration_router
from byvekst.core.errors import field_errors
from byvekst.core.schema import message
from byvekst.followup.api import router as followup_router
from byvekst.goals.api import router as goals_router
from byvekst.governance.api import router as governance_router
from byvekst.governance.services import api_token_user
from byvekst.overview.api import router as overview_router
from byvekst.portfolio.api import router as portfolio_router
from byvekst.projects.api import router as projects_router


class SessionAuth(APIKeyCookie):
    """Django's session, with CSRF checked by ninja for unsafe methods."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if request.user.is_authenticated else None


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "description": "Every error answer: `detail` is a message, or a list of {field, message} naming each problem.",
    "properties": {
        "detail": {
            "anyOf": [
                {"type": "string"},
                {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
                        "required": ["field", "message"],
                    },
                },
            ]
        },
        "action": {"type": "string"},
    },
    "required": ["detail"],
}
ERRORS = {
    "400": "The body is not JSON, or a value in the address cannot be used",
    "401": "Not signed in: send a bearer token or a session cookie",
    "403": "The access policy refuses this, or the CSRF token is missing for a session",
    "404": "No such object, or you may not see it",
    "409": "A conflict: someone saved after you read, or the meeting is closed",
    "413": "The body is larger than the limit",
    "422": "A field is invalid; each problem is named",
}


class ObjectParser(Parser):
    """Every JSON body of this API is an object: an array or a bare value is refused (400) instead of being read
    as an empty object whose defaults would then be used."""

    def parse_body(self, request: HttpRequest) -> Any:
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise ValueError("the body must be a JSON object")
        return data


class ByvekstAPI(NinjaAPI):
    """The error answers every operation may give are part of the description (one shared schema)."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation["responses"]
                for code, text in ERRORS.items():
                    if code not in responses and int(code) not in responses:
                        responses[int(code)] = {"description": text, "content": ref}
        return schema


api = ByvekstAPI(
    title="Byvekst API",
    version="1",
    description="Porteføljestyring for Miljøløftet. Same services and access policy as the pages.",
    auth=[TokenAuth(), SessionAuth()],  # a bearer token first: scripts send no CSRF token
    parser=ObjectParser(),
    urls_namespace="api",
)


def _loc(loc: Any) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "data")]
    return ".".join(parts) or "__all__"


@api.exception_handler(NinjaValidationError)
def _invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    detail = [{"field": _loc(err.get("loc", [])), "message": message(err)} for err in exc.errors]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    cause = exc.__cause__
    if exc.status_code == 400 and cause is not None:
        # ninja wraps a body it cannot parse; say where the JSON breaks instead of a bare "cannot parse".
        message = f"The request body is not valid JSON: {cause}"
        return api.create_response(request, {"detail": [{"field": "__body__", "message": message}]}, status=400)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(ValidationError)
def _domain_invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": field_errors(exc)}, status=422)


@api.exception_handler(MeetingClosed)
def _closed(request: HttpRequest, exc: MeetingClosed) -> HttpResponse:
    return api.create_response(request, {"detail": field_errors(exc)}, status=409)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": "You may not do this.", "action": str(exc)}, status=403)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": "Log in or send a bearer token."}, status=401)


@api.exception_handler(Http404)
@api.exception_handler(ObjectDoesNotExist)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found."}, status=404)


ALWAYS_ALLOWED = {"page", "page_size", "limit", "offset"}


def strict_query(run: Any) -> Any:
    """A query parameter the operation does not take is refused (400) rather than ignored: a misspelt filter
    must not silently return everything."""
    view = run.__self__.view_func
    names = set(inspect.signature(view).parameters) - {"request"} | ALWAYS_ALLOWED

    @functools.wraps(run)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        unknown = sorted(set(request.GET) - names)
        if unknown:
            message = _("Unknown parameter “%(name)s”. This operation takes: %(known)s.") % {
                "name": unknown[0][:50],
                "known": ", ".join(sorted(names - ALWAYS_ALLOWED)) or "–",
            }
            return api.create_response(
                request, {"detail": [{"field": unknown[0][:50], "message": message}]}, status=400
            )
        return run(request, *args, **kwargs)

    return checked


api.add_decorator(strict_query, mode="view")
api.add_router("/", governance_router)
api.add_router("/", projects_router)
api.add_router("/", cases_router)
api.add_router("/", assessment_router)
api.add_router("/", portfolio_router)
api.add_router("/", followup_router)
api.add_router("/", collaboration_router)
api.add_router("/", goals_router)
api.add_router("/", overview_router)
