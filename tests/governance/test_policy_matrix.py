"""Every action × every persona. A new action without a row here fails the completeness test."""

from __future__ import annotations

from typing import Any

import pytest

from byvekst.core.policy import can
from byvekst.governance import services
from byvekst.governance.models import Forum, Mandate, MandateVersion, OnboardingTask, Party
from tests.conftest import Personas, decide

PERSONAS = ["secretariat", "member_a", "member_b", "observer", "outsider", "anonymous"]
ALL = set(PERSONAS)
LOGGED_IN = ALL - {"anonymous"}
SEC = {"secretariat"}

# action -> (object key, personas allowed)
MATRIX: dict[str, list[tuple[str, set[str]]]] = {
    "register.view": [("none", ALL)],
    "party.edit": [("party_a", {"secretariat", "member_a"}), ("party_b", {"secretariat", "member_b"})],
    "mandate.view": [
        ("public_agreed", ALL),
        ("internal_agreed", LOGGED_IN),
        ("draft", {"secretariat", "member_a", "observer"}),
    ],
    "mandate.draft": [("forum", SEC)],
    "mandate.edit": [("draft", SEC), ("public_agreed", set())],
    "membership.manage": [("forum", SEC)],
    "forum.read_material": [("forum", {"secretariat", "member_a", "observer"})],
    "forum.comment": [("forum", {"secretariat", "member_a", "observer"})],
    "onboarding.view": [("group", SEC)],
    "onboarding.tick": [("task_a", {"secretariat", "member_a"})],
    "status.view": [("none", LOGGED_IN)],
    "audit.view": [("none", LOGGED_IN)],
    "config.manage": [("none", SEC)],
}


@pytest.fixture
def objects(personas: Personas) -> dict[str, Any]:
    forum = Forum.objects.get(slug="prioriteringsradet")
    draft = services.mandate_draft(actor=personas.secretariat, forum=forum)
    network = Forum.objects.get(slug="kommunikasjonsnettverket")
    internal = services.mandate_draft(actor=personas.secretariat, forum=network)
    services.mandate_update(actor=personas.secretariat, version=internal, data={"is_public": False})
    internal = MandateVersion.objects.get(pk=internal.pk)
    decide(internal, subject="mandat")
    return {
        "none": None,
        "forum": forum,
        "group": Forum.objects.get(slug="arbeidsgruppe-sentrum"),
        "party_a": Party.objects.get(slug="bergen"),
        "party_b": Party.objects.get(slug="askoy"),
        "public_agreed": Mandate.objects.get(forum=forum).current,
        "internal_agreed": MandateVersion.objects.get(pk=internal.pk),
        "draft": draft,
        "task_a": OnboardingTask.objects.filter(membership__person=personas.member_a).first(),
    }


def test_unknown_action_is_refused(personas: Personas) -> None:
    assert not can(personas.secretariat, "no.such.action")


@pytest.mark.parametrize("action", sorted(MATRIX))
def test_matrix(action: str, personas: Personas, objects: dict[str, Any]) -> None:
    people = personas.all()
    for key, allowed in MATRIX[action]:
        obj = objects[key]
        for name in PERSONAS:
            user = people[name]
            user.__dict__.pop("_forum_roles", None)
            assert can(user, action, obj) == (name in allowed), f"{action} on {key} for {name}"
