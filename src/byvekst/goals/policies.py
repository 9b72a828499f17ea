"""Who may do what with the indicators: everyone signed in reads them (the main one is public); the secretariat
enters values and imports point data."""

from __future__ import annotations

from typing import Any

from byvekst.core.policy import can, is_authenticated, is_secretariat, rule


@rule("goals.view")
def _view(user: Any, obj: Any) -> bool:
    return is_authenticated(user)


@rule("goals.manage")
def _manage(user: Any, obj: Any) -> bool:
    return is_secretariat(user)


@rule("benefit.edit")
def _benefit(user: Any, project: Any) -> bool:
    """The project's benefit plan is kept by those who report for it (its group leader) and the secretariat."""
    return can(user, "report.submit", project)
