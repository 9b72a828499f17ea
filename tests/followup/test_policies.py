"""The permission matrix of the follow-up: who reports, who handles deviations, who orders and who answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from byvekst.followup import services
from byvekst.followup.models import Deviation
from byvekst.governance.models import Forum, Party, User
from byvekst.portfolio.models import ProgrammeVersion
from byvekst.projects.models import Project
from tests.conftest import MATRIX_LOGGED_IN, Personas, allowed_for, matrix_cases
from tests.followup.conftest import green, now_period

LOGGED_IN = MATRIX_LOGGED_IN

# Project A lies in Arbeidsgruppe Bergen sentrum (the leader leads it; member_a is an ordinary member there).
MATRIX: dict[str, list[tuple[str, set[str]]]] = {
    "followup.view": [("none", LOGGED_IN)],
    "report.submit": [("project", {"secretariat", "leader"})],
    "deviation.explain": [("deviation", {"secretariat", "leader", "coordinator"})],
    "deviation.manage": [("deviation", {"secretariat", "coordinator"})],
    "order.create": [("none", {"secretariat"})],
    "order.respond": [
        ("to_bergen", {"secretariat", "member_a", "leader"}),
        ("to_council", {"secretariat", "member_a", "observer"}),
        ("to_member_b", {"secretariat", "member_b"}),
    ],
    "order.close": [("to_bergen", {"secretariat"})],
    "ordertemplate.edit": [("none", {"secretariat"})],
}


@pytest.fixture
def objects(programme: ProgrammeVersion, personas: Personas, leader: User, coordinator: User) -> dict[str, Any]:
    year, period = now_period()
    project = Project.objects.get(code="A")
    services.report_submit(
        actor=personas.secretariat,
        project=project,
        year=year,
        period=period,
        data=green(light_goals="red", comment_goals="Ingen effekt målt."),
    )

    def order(**to: Any) -> Any:
        return services.order_create(
            actor=personas.secretariat,
            title="Notat",
            deliverable="Et notat",
            due=dt.date(2027, 1, 15),
            report_form="memo",
            reference="Sak 2026/1",
            **to,
        )

    return {
        "none": None,
        "project": project,
        "deviation": Deviation.objects.get(),
        "to_bergen": order(to_party=Party.objects.get(slug="bergen")),
        "to_council": order(to_forum=Forum.objects.get(slug="prioriteringsradet")),
        "to_member_b": order(to_person=personas.member_b),
    }


@pytest.mark.parametrize(("action", "key", "allowed"), matrix_cases(MATRIX))
def test_permission_matrix(
    action: str, key: str, allowed: set[str], objects: dict[str, Any], everyone: dict[str, Any]
) -> None:
    assert allowed_for(everyone, action, objects[key]) == allowed
