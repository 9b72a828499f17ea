"""The permission matrix of the disagreement ladder."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from byvekst.collaboration import services
from byvekst.governance.models import Party, User
from byvekst.projects.models import Project
from tests.conftest import MATRIX_LOGGED_IN, Personas, allowed_for, matrix_cases

LOGGED_IN = MATRIX_LOGGED_IN

# The disagreement sits in Arbeidsgruppe Bergen sentrum (the leader leads it), with Bergen's position.
MATRIX: dict[str, list[tuple[str, set[str]]]] = {
    "disagreement.view": [("none", LOGGED_IN)],
    "disagreement.register": [("none", {"secretariat", "member_a", "member_b", "observer", "leader", "coordinator"})],
    "disagreement.speak_for": [("bergen", {"secretariat", "member_a", "leader"})],
    "disagreement.position": [("bergen_position", {"secretariat", "member_a", "leader"})],
    "disagreement.lift": [("disagreement", {"secretariat", "member_a", "leader"})],
    "disagreement.resolve": [("disagreement", {"secretariat", "leader"})],
    # The theme day is organised by the coordinator (a member of the coordination function, not the secretariat).
    "themeday.view": [("none", LOGGED_IN)],
    "themeday.plan": [("none", {"secretariat", "coordinator"})],
    "themeday.register": [("day", LOGGED_IN)],
    "themeday.hold": [("day", {"secretariat", "coordinator"})],
    "timeuse.view": [("none", LOGGED_IN)],
    "timeuse.people": [("none", {"secretariat"})],
}


@pytest.fixture
def objects(project: Project, personas: Personas, leader: User, coordinator: User) -> dict[str, Any]:
    bergen = Party.objects.get(slug="bergen")
    d = services.disagreement_register(
        actor=personas.member_a, title="Trasé", level=1, positions={bergen: "Sjøen"}, project=project
    )
    start = timezone.now() + dt.timedelta(days=7)
    day = services.themeday_plan(
        actor=coordinator,
        topic="Fagdag",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=5),
        place="Rådhuset",
        organiser=coordinator,
    )
    return {"none": None, "bergen": bergen, "disagreement": d, "bergen_position": (d, bergen), "day": day}


@pytest.mark.parametrize(("action", "key", "allowed"), matrix_cases(MATRIX))
def test_permission_matrix(
    action: str, key: str, allowed: set[str], objects: dict[str, Any], everyone: dict[str, Any]
) -> None:
    assert allowed_for(everyone, action, objects[key]) == allowed
