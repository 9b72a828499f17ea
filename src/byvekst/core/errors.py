"""Domain errors. Services raise Django's ValidationError with a field -> message dict so that forms and the
API can both name the field; :func:`apply_to_form` puts them on a bound form without losing its input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError


def apply_to_form(form: forms.BaseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for e in errors:
                form.add_error(target, e)
    else:
        form.add_error(None, error)


def messages_of(error: ValidationError) -> list[str]:
    """Every message of a ValidationError, field by field, for a page that shows them together."""
    if hasattr(error, "error_dict"):
        return [m for messages in error.message_dict.values() for m in messages]
    return list(error.messages)


def field_errors(error: ValidationError) -> list[dict[str, str]]:
    """ValidationError → [{"field": ..., "message": ...}] for JSON answers."""
    if hasattr(error, "error_dict"):
        return [
            {"field": field, "message": str(message)}
            for field, errors in error.error_dict.items()
            for e in errors
            for message in e.messages
        ]
    return [{"field": "__all__", "message": str(m)} for m in error.messages]


def field_label(model: type[Any], name: str) -> str:
    """The verbose name of a model field, for messages that name the field in the user's language."""
    field = model._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))
