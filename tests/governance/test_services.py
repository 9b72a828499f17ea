from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from byvekst.audit.models import AuditEvent
from byvekst.governance import services
from byvekst.governance.models import AgreedVersionError, Forum, MandateVersion, Membership, OnboardingTask
from tests.conftest import START, Personas, decide
from tests.factories import UserFactory


def test_configuration_is_idempotent(config: None) -> None:
    from byvekst.governance.configuration import load_configuration

    counts = (Forum.objects.count(), MandateVersion.objects.count(), AuditEvent.objects.count())
    load_configuration()
    assert (Forum.objects.count(), MandateVersion.objects.count(), AuditEvent.objects.count()) == counts


def test_configuration_has_parties_forums_and_replacements(config: None) -> None:
    assert Forum.objects.filter(ended_on__isnull=True).count() == 8
    old = Forum.objects.get(slug="administrativ-koordineringsgruppe")
    assert not old.is_active and old.replaced_by.slug == "prioriteringsradet"
    assert Forum.objects.get(slug="faggruppe-kommunikasjon").replaced_by.slug == "kommunikasjonsnettverket"
    council = Forum.objects.get(slug="prioriteringsradet").mandate.current
    assert council.has_competence("innstilling", "handlingsprogram")
    assert not council.has_competence("vedtak", "handlingsprogram")
    assert Forum.objects.get(slug="styringsgruppen").mandate.current.has_competence("vedtak", "handlingsprogram")


def test_agreed_version_is_immutable(personas: Personas, forum: Forum) -> None:
    agreed = forum.mandate.current
    agreed.purpose = "Endret i ettertid"
    with pytest.raises(AgreedVersionError):
        agreed.save()
    with pytest.raises(AgreedVersionError):
        services.mandate_update(actor=personas.secretariat, version=agreed, data={"purpose": "x"})
    with pytest.raises(AgreedVersionError):
        agreed.delete()
    assert MandateVersion.objects.get(pk=agreed.pk).purpose != "Endret i ettertid"


def test_new_version_points_current_and_keeps_old(personas: Personas, forum: Forum) -> None:
    old = forum.mandate.current
    draft = services.mandate_draft(actor=personas.secretariat, forum=forum)
    assert draft.number == old.number + 1 and draft.purpose == old.purpose
    services.mandate_update(
        actor=personas.secretariat,
        version=draft,
        data={"purpose": "Ny formulering", "change_reason": "Evaluering 2027"},
    )
    decision = decide(draft, subject="mandat")
    forum.mandate.refresh_from_db()
    assert forum.mandate.current_id == draft.pk
    draft.refresh_from_db()
    assert draft.decision_number == decision.number and draft.agreed_on == decision.decided_on
    assert [e.target_id for e in decision.effects.all()] == [str(draft.pk)]
    assert MandateVersion.objects.get(pk=old.pk).purpose == old.purpose
    events = list(AuditEvent.objects.filter(object_id=str(draft.pk), object_type="governance.mandateversion"))
    assert [e.event_type for e in events] == ["mandate.drafted", "mandate.updated", "mandate.agreed"]
    assert events[1].old == {"purpose": old.purpose, "change_reason": ""}


def test_empty_mandate_cannot_be_agreed(personas: Personas) -> None:
    forum = Forum.objects.get(slug="kommunikasjonsnettverket")
    draft = services.mandate_draft(
        actor=personas.secretariat, forum=forum, data={"purpose": "Formål", "responsibilities": "Ansvar"}
    )
    assert {"authority", "competences", "observer_rights", "member_rights"} <= set(
        services.mandate_missing_fields(draft)
    )
    with pytest.raises(ValidationError) as exc:  # a decision cannot agree it either
        decide(draft, subject="mandat")
    assert "targets" in exc.value.error_dict
    assert MandateVersion.objects.get(pk=draft.pk).status == "draft"


def test_member_and_observer_at_once_is_refused(personas: Personas, forum: Forum) -> None:
    with pytest.raises(ValidationError) as exc:
        services.membership_create(
            actor=personas.secretariat,
            person=personas.observer,
            forum=forum,
            party=None,
            role=Membership.Role.MEMBER,
            start=dt.date(2027, 3, 1),
        )
    assert "role" in exc.value.error_dict
    assert "member and observer" in str(exc.value.error_dict["role"][0].message) or "medlem og observatør" in str(
        exc.value.error_dict["role"][0].message
    )


def test_overlapping_membership_is_refused_but_sequential_is_fine(personas: Personas, forum: Forum) -> None:
    person = UserFactory()
    first = services.membership_create(
        actor=personas.secretariat,
        person=person,
        forum=forum,
        party=None,
        role=Membership.Role.MEMBER,
        start=START,
        end=dt.date(2027, 6, 30),
    )
    with pytest.raises(ValidationError) as exc:
        services.membership_create(
            actor=personas.secretariat,
            person=person,
            forum=forum,
            party=None,
            role=Membership.Role.LEADER,
            start=dt.date(2027, 6, 1),
        )
    assert "start" in exc.value.error_dict
    services.membership_create(
        actor=personas.secretariat,
        person=person,
        forum=forum,
        party=None,
        role=Membership.Role.OBSERVER,
        start=dt.date(2027, 7, 1),
    )
    assert first.end == dt.date(2027, 6, 30)


def test_end_before_start_is_refused(personas: Personas, forum: Forum) -> None:
    with pytest.raises(ValidationError) as exc:
        services.membership_create(
            actor=personas.secretariat,
            person=UserFactory(),
            forum=forum,
            party=None,
            role=Membership.Role.MEMBER,
            start=START,
            end=dt.date(2026, 1, 1),
        )
    assert "end" in exc.value.error_dict


def test_several_forums_are_fine(personas: Personas) -> None:
    assert Membership.objects.filter(person=personas.member_a).count() == 2


def test_working_group_membership_gets_onboarding(personas: Personas) -> None:
    tasks = OnboardingTask.objects.filter(membership__person=personas.member_b)
    assert tasks.count() == 6
    assert not OnboardingTask.objects.filter(membership__forum__slug="prioriteringsradet").exists()
    task = tasks.first()
    services.onboarding_tick(actor=personas.member_b, task=task, done=True)
    assert OnboardingTask.objects.get(pk=task.pk).done_on is not None


def test_quorum_rules(forum: Forum) -> None:
    v = forum.mandate.current
    assert v.quorum_needed(7) == 4
    v2 = MandateVersion(quorum_rule="two_thirds")
    assert v2.quorum_needed(9) == 6 and v2.quorum_needed(7) == 5
    assert MandateVersion(quorum_rule="minimum", quorum_minimum=3).quorum_needed(8) == 3
    assert MandateVersion(quorum_rule="all").quorum_needed(5) == 5
