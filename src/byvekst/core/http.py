"""Small helpers for views that take ids from what a person posted."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404

M = TypeVar("M", bound=models.Model)


def object_or_404(klass: type[M] | models.QuerySet[M], **lookup: Any) -> M:
    """Like ``get_object_or_404``, but a malformed id (``pk=abc``, a number too large) is also "not found"
    instead of a server error: the value came from the request."""
    try:
        return get_object_or_404(klass, **lookup)
    except (ValueError, TypeError, OverflowError, ValidationError) as exc:
        raise Http404 from exc


def validated(obj: M, *, exclude: tuple[str, ...] = ()) -> M:
    """Check a model instance's fields as the model declares them (lengths, choices, URLs) before it is saved;
    raises ``ValidationError`` with the field names."""
    obj.clean_fields(exclude=list(exclude))
    return obj
