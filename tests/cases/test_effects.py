"""Adoption through decisions (cases.effects): a decision recorded in a held meeting of the forum whose mandate
gives the competence changes what the case proposes, and both sides link to each other; nothing else can."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from byvekst.assessment import services as assessment
from byvekst.assessment.demo import CRITERIA
from byvekst.assessment.models import CriteriaSet
from byvekst.audit.models import AuditEvent
from byvekst.cases import services
from byvekst.cases.models import Case, Meeting, Treatment
from byvekst.cases.scripted import open_case
from byvekst.governance import services as gov
from byvekst.governance.models import Forum, MandateVersion, User
from tests.cases.conftest import PAPER, anchor_all, attend
from tests.conftest import Personas, decide, login, treat


@pytest.fixture
def criteria(personas: Personas) -> CriteriaSet:
    return assessment.criteria_set_create(actor=personas.secretariat, name="Kriterier 2027", criteria=CRITERIA)


def _proposing(target: object, subject: str) -> Case:
    return open_case(User.objects.get(username="sg-sekretaer"), f"Sak om {target}", subject, [target], timezone.now())


def test_a_decision_adopts_what_the_case_proposes_and_both_link(criteria: CriteriaSet, personas: Personas) -> None:
    case = _proposing(criteria, "vurderingskriterier")
    assert case.targets.get().title == str(criteria)
    criteria.refresh_from_db()
    assert not criteria.is_adopted  # opening the case changes nothing
    decision = treat(case, forum="styringsgruppen", kind="vedtak")
    criteria.refresh_from_db()
    assert criteria.is_adopted and criteria.decision_number == decision.number
    assert criteria.adopted_on == decision.decided_on
    effect = decision.effects.get()
    assert (effect.target_type, effect.target_id, effect.action) == (
        "assessment.criteriaset",
        str(criteria.pk),
        "adopt",
    )
    client = login(personas.member_b)
    register = client.get(reverse("decision-detail", args=[decision.number])).content.decode()
    assert criteria.get_absolute_url() in register  # the decision links to what it changed
    page = client.get(criteria.get_absolute_url()).content.decode()
    assert reverse("decision-detail", args=[decision.number]) in page  # and that links back
    event = AuditEvent.objects.get(event_type="criteria.adopted")
    assert event.new == {"decision": decision.number}


def test_a_forum_without_the_competence_cannot_take_the_decision(
    criteria: CriteriaSet, personas: Personas, council: Forum
) -> None:
    case = _proposing(criteria, "vurderingskriterier")
    with pytest.raises(ValidationError) as refused:  # the Council recommends; only the Steering Group adopts
        services.treatment_add(actor=personas.secretariat, case=case, kind="vedtak", forum=council)
    assert "Prioriteringsrådet" in str(refused.value)
    criteria.refresh_from_db()
    assert not criteria.is_adopted


def test_the_competence_is_checked_again_when_deciding(
    criteria: CriteriaSet, personas: Personas, held: Meeting, treatment: Treatment
) -> None:
    """A mandate that changed between planning and meeting decides under the mandate in force then."""
    item = services.agenda_add(actor=personas.secretariat, meeting=held, treatment=treatment)
    anchor_all(treatment, personas)
    attend(held, personas, a="present", pr_vlfk="present", pr_sd="present")
    mandate = held.forum.mandate.current
    data = {f: getattr(mandate, f) for f in MandateVersion.CONTENT_FIELDS}
    data["competences"] = [c for c in data["competences"] if not c.startswith("innstilling:")]
    data["change_reason"] = "Rådet innstiller ikke lenger"
    draft = gov.mandate_draft(actor=personas.secretariat, forum=held.forum, data=data)
    decide(draft, subject="mandat")
    with pytest.raises(ValidationError) as refused:
        services.decision_record(actor=personas.secretariat, item=item, text="Innstilt", mode="consensus")
    assert "kind" in refused.value.error_dict


def test_no_decision_before_the_meeting_begins(treatment: Treatment, meeting: Meeting, personas: Personas) -> None:
    item = services.agenda_add(actor=personas.secretariat, meeting=meeting, treatment=treatment)
    anchor_all(treatment, personas)
    attend(meeting, personas, a="present", pr_vlfk="present", pr_sd="present")
    with pytest.raises(ValidationError) as refused:
        services.decision_record(actor=personas.secretariat, item=item, text="Innstilt", mode="consensus")
    assert "meeting" in refused.value.error_dict


def test_anchoring_refused_by_the_councils_mandate(treatment: Treatment, held: Meeting, personas: Personas) -> None:
    item = services.agenda_add(actor=personas.secretariat, meeting=held, treatment=treatment)
    attend(held, personas, a="present", pr_vlfk="present", pr_sd="present")
    services.anchoring_record(
        actor=personas.secretariat, treatment=treatment, party=personas.member_a.party, status="ja"
    )
    with pytest.raises(ValidationError) as refused:
        services.decision_record(actor=personas.secretariat, item=item, text="Innstilt", mode="consensus")
    message = " ".join(refused.value.message_dict["anchoring"])
    assert "SVV" in message or "Statens vegvesen" in message or "SD" in message
    assert "Bergen" not in message


def test_anchoring_noted_in_the_minutes_under_the_steering_groups_mandate(personas: Personas) -> None:
    forum = Forum.objects.get(slug="styringsgruppen")
    assert forum.mandate.current.anchoring_rule == "note"
    case = services.case_open(
        actor=personas.secretariat, title="Avvik i Bybanen til Åsane", subject="avvik", officer=personas.secretariat
    )
    clerk = User.objects.get(username="sg-sekretaer")
    start = timezone.now().replace(microsecond=0) - dt.timedelta(hours=1)
    meeting = services.meeting_schedule(
        actor=clerk, forum=forum, starts_at=start, ends_at=start + dt.timedelta(hours=1), place="Fylkeshuset"
    )
    t = services.treatment_add(actor=clerk, case=case, kind="vedtak", forum=forum)
    services.paper_save(actor=clerk, paper=t.paper, data=PAPER, finalise=True)
    item = services.agenda_add(actor=clerk, meeting=meeting, treatment=t)
    people = services.participants(meeting)
    services.attendance_record(actor=clerk, meeting=meeting, statuses={m.person_id: "present" for m in people})
    services.anchoring_record(actor=clerk, treatment=t, party=people[0].party, status="nei")
    decision = services.decision_record(actor=clerk, item=item, text="Vedtatt.", mode="consensus")
    assert len(decision.unanchored) == 3  # "not anchored" is no anchoring either
    minutes = services.minutes_text(meeting)
    assert "Ikke forankret i egen organisasjon da vedtaket ble fattet" in minutes
    assert all(name in minutes for name in decision.unanchored)


def test_a_target_that_cannot_be_applied_stops_the_decision(personas: Personas) -> None:
    forum = Forum.objects.get(slug="kommunikasjonsnettverket")
    data = {f: getattr(forum.mandate.current, f) for f in MandateVersion.CONTENT_FIELDS}
    data.update(authority="", change_reason="Myndigheten beskrives på nytt")  # required to agree, not to draft
    incomplete = gov.mandate_draft(actor=personas.secretariat, forum=forum, data=data)
    with pytest.raises(ValidationError) as refused:
        decide(incomplete, subject="mandat")
    assert "targets" in refused.value.error_dict
    assert forum.mandate.current != incomplete


def test_the_proposal_link_opens_a_case_with_the_target(criteria: CriteriaSet, personas: Personas) -> None:
    client = login(personas.secretariat)
    page = client.get(criteria.get_absolute_url()).content.decode()
    link = reverse("case-list") + f"?target=assessment.criteriaset:{criteria.pk}&amp;subject=vurderingskriterier"
    assert link in page
    form = client.get(link.replace("&amp;", "&")).content.decode()
    assert str(criteria) in form
    response = client.post(
        reverse("case-list"),
        {
            "title": "Vurderingskriterier 2027",
            "subject": "vurderingskriterier",
            "officer": personas.secretariat.pk,
            "target": f"assessment.criteriaset:{criteria.pk}",
        },
    )
    assert response.status_code == 302
    case = Case.objects.get(title="Vurderingskriterier 2027")
    assert case.targets.get().target_id == str(criteria.pk)
    forged = client.post(
        reverse("case-list"),
        {"title": "x", "subject": "annet", "officer": personas.secretariat.pk, "target": "auth.user:1"},
    )
    assert forged.status_code == 422  # only records a decision can change
