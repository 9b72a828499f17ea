"""Access policy: one place answers "may this person do this to this object?". Deny by default.

Each app's ``policies.py`` registers a rule per action with :func:`rule`. :func:`can` refuses any action that
has no rule (after Decidim's ``PermissionNotSetError``): forgetting a rule closes a door rather than opening
one. Views and API endpoints ask :func:`can` / :func:`require`; they never filter by role themselves.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied

logger = logging.getLogger(__name__)

Rule = Callable[[Any, Any], bool]
_RULES: dict[str, Rule] = {}


def rule(action: str) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        if action in _RULES:
            raise RuntimeError(f"two rules for action {action!r}")
        _RULES[action] = fn
        return fn

    return register


def actions() -> list[str]:
    return sorted(_RULES)


def can(user: Any, action: str, obj: Any = None) -> bool:
    fn = _RULES.get(action)
    if fn is None:
        logger.warning("refused %r: no policy rule is set for it", action)
        return False
    return bool(fn(user, obj))


def require(user: Any, action: str, obj: Any = None) -> None:
    if not can(user, action, obj):
        raise PermissionDenied(action)


def is_authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_secretariat(user: Any) -> bool:
    return is_authenticated(user) and bool(getattr(user, "is_secretariat", False))
