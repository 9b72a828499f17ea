from __future__ import annotations

from typing import Any

import pytest

from byvekst.core.policy import can
from byvekst.governance.models import Party, User
from byvekst.projects import services
from byvekst.projects.models import Attachment, Project
from tests.conftest import Personas

PERSONAS = ["secretariat", "member_a", "member_b", "observer", "outsider", "anonymous", "leader", "coordinator"]
LOGGED_IN = set(PERSONAS) - {"anonymous"}

# action -> [(object key, who may)]; the project belongs to Bergen in Arbeidsgruppe Bergen sentrum. member_a and
# the leader represent Bergen there; member_b represents Askøy in Arbeidsgruppe Vest (docs/decisions/0010).
MATRIX: dict[str, list[tuple[str, set[str]]]] = {
    "project.view": [
        ("none", LOGGED_IN),
        ("draft", {"secretariat", "member_a", "leader", "coordinator"}),
        ("submitted", LOGGED_IN),
    ],
    "project.create": [
        ("none", {"secretariat", "member_a", "member_b", "leader"}),
        ("bergen", {"secretariat", "member_a", "leader"}),
        ("askoy", {"secretariat", "member_b"}),
    ],
    "project.change_owner": [("draft", {"secretariat"}), ("submitted", {"secretariat"})],
    "project.edit": [("draft", {"secretariat", "member_a", "leader"}), ("submitted", set())],
    "project.submit": [("draft", {"secretariat", "leader"}), ("submitted", set())],
    "project.review": [("submitted", {"secretariat", "coordinator"})],
    "project.answer": [("draft", {"secretariat", "member_a", "leader"})],
    "project.import": [("none", {"secretariat"})],
    "attachment.view": [("open", LOGGED_IN), ("restricted", {"secretariat", "member_a", "leader", "coordinator"})],
}


@pytest.fixture
def objects(project: Project, personas: Personas, leader: User, coordinator: User) -> dict[str, Any]:
    submitted = services.project_create(
        actor=personas.secretariat, owner=project.owner, area_code="sentrum", title="Innsendt"
    )
    Project.objects.filter(pk=submitted.pk).update(status="innsendt")
    submitted.refresh_from_db()
    return {
        "none": None,
        "bergen": Party.objects.get(slug="bergen"),
        "askoy": Party.objects.get(slug="askoy"),
        "draft": project,
        "submitted": submitted,
        "open": Attachment(project=project, title="Kart", restricted=False),
        "restricted": Attachment(project=project, title="Anbud", restricted=True, legal_basis="offl-23"),
    }


@pytest.mark.parametrize("action", sorted(MATRIX))
def test_matrix(action: str, personas: Personas, objects: dict[str, Any], leader: User, coordinator: User) -> None:
    people = {**personas.all(), "leader": leader, "coordinator": coordinator}
    for key, allowed in MATRIX[action]:
        for name in PERSONAS:
            user = people[name]
            user.__dict__.pop("_project_roles", None)
            assert can(user, action, objects[key]) == (name in allowed), f"{action} on {key} for {name}"
