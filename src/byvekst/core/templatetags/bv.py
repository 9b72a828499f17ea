from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get(mapping: Any, key: Any) -> Any:
    """``{{ names|get:code }}``: a dictionary lookup by a variable key ('' when missing)."""
    if not mapping:
        return ""
    return mapping.get(key, key) if isinstance(mapping, dict) else ""
