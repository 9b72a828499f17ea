"""The JSON API (django-ninja). OpenAPI at /api/openapi.json, interactive docs at /api/docs.

Browsers authenticate with their session (CSRF checked); scripts send ``Authorization: Bearer <token>``.
Errors are JSON with the field named: 401 unauthenticated, 403 refused by the policy, 404 unknown,
422 invalid (``{"detail": [{"field": ..., "message": ...}]}``), 400 for a body that is not JSON.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyCookie, HttpBearer

from byvekst.cases.api import router as cases_router
from byvekst.core.errors import field_errors
from byvekst.governance.api import router as governance_router
from byvekst.governance.services import api_token_user
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


api = NinjaAPI(
    title="Byvekst API",
    version="1",
    description="Porteføljestyring for Miljøløftet. Same services and access policy as the pages.",
    auth=[TokenAuth(), SessionAuth()],  # a bearer token first: scripts send no CSRF token
    urls_namespace="api",
)


def _loc(loc: Any) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "data")]
    return ".".join(parts) or "__all__"


@api.exception_handler(NinjaValidationError)
def _invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    detail = [{"field": _loc(err.get("loc", [])), "message": str(err.get("msg", ""))} for err in exc.errors]
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


api.add_router("/", governance_router)
api.add_router("/", projects_router)
api.add_router("/", cases_router)
api.add_router("/", portfolio_router)
