"""Status reports, deviations and orders through their services: frozen versions, the rules opening (and not
doubling) deviations, a deviation's way through the Council, and orders with their overdue marking."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from byvekst.audit.models import AuditEvent
from byvekst.core.models import FrozenError
from byvekst.followup import services
from byvekst.followup.models import Deviation, Order, ReportingRules, StatusReport
from byvekst.governance.models import Forum, Party
from byvekst.portfolio.models import ProgrammeVersion
from byvekst.projects.models import Project
from tests.conftest import Personas, treat
from tests.followup.conftest import green, now_period


def submit(personas: Personas, code: str = "A", correction: str = "", **over: object) -> StatusReport:
    year, period = now_period()
    return services.report_submit(
        actor=personas.secretariat,
        project=Project.objects.get(code=code),
        year=year,
        period=period,
        data=green(**over),
        correction=correction,
    )


def test_a_report_inside_the_rules_opens_nothing_and_is_frozen(programme: ProgrammeVersion, personas: Personas) -> None:
    report = submit(personas)
    assert report.version == 1 and report.programme_version == programme
    assert report.adopted_cost == Decimal("100.00") and report.adopted_start == 2027
    assert report.change == Decimal("5.00") and report.worst == "green"
    assert report.milestones == [{"name": "Regulering vedtatt", "planned": "2027-05-01", "forecast": "2027-06-15"}]
    assert not Deviation.objects.exists()
    assert AuditEvent.objects.filter(event_type="report.submitted", object_id=str(report.project_id)).count() == 1
    report.percent_complete = 90
    with pytest.raises(FrozenError):
        report.save()


def test_a_correction_is_a_new_version_that_says_what_it_corrects(
    programme: ProgrammeVersion, personas: Personas
) -> None:
    submit(personas)
    with pytest.raises(ValidationError) as e:
        submit(personas, percent_complete=25)
    assert set(e.value.message_dict) == {"correction"}
    second = submit(personas, correction="Feil i forbruk hittil", spent_to_date="14")
    assert second.version == 2 and StatusReport.objects.count() == 2


def test_bad_figures_are_named_by_field(programme: ProgrammeVersion, personas: Personas) -> None:
    with pytest.raises(ValidationError) as e:
        submit(
            personas,
            percent_complete=140,
            spent_to_date="-1",
            forecast_p85="90",
            light_economy="yellow",
            light_goals="purple",
            milestones=[{"name": "Byggestart", "planned": "2027-13-01", "forecast": ""}],
        )
    assert set(e.value.message_dict) == {
        "percent_complete",
        "spent_to_date",
        "forecast_p85",
        "comment_economy",
        "light_goals",
        "milestones.0.planned",
        "milestones.0.forecast",
    }
    assert not StatusReport.objects.exists()


def test_only_projects_in_the_adopted_programme_report(programme: ProgrammeVersion, personas: Personas) -> None:
    from tests.conftest import approved_sheet

    approved_sheet(personas, "C", "vest", 10, 5)
    with pytest.raises(ValidationError) as e:
        submit(personas, code="C")
    assert "project" in e.value.message_dict


def test_a_report_that_breaks_rules_opens_one_deviation_per_rule(
    programme: ProgrammeVersion, personas: Personas
) -> None:
    ReportingRules.objects.create(cost_percent=Decimal("10"), cost_mnok=Decimal("50"), slip_months=2)
    report = submit(
        personas,
        forecast_p50="125",
        forecast_p85="140",
        light_economy="red",
        comment_economy="Anbudene kom inn høyt.",
        milestones=[{"name": "Byggestart", "planned": "2027-03-01", "forecast": "2027-09-01"}],
    )
    opened = {d.rule: d for d in report.deviations_opened.all()}
    assert set(opened) == {"cost", "red", "milestone"}
    assert opened["cost"].facts == {"adopted": "100.00", "forecast": "125.00", "over": "25.00", "percent": "25.0"}
    assert AuditEvent.objects.filter(event_type="deviation.opened").count() == 3
    # The next report that still breaks the rule updates the open deviation instead of opening another.
    later = submit(personas, correction="Ny prognose", forecast_p50="130", forecast_p85="150")
    cost = Deviation.objects.get(rule="cost")
    assert Deviation.objects.filter(rule="cost").count() == 1
    assert cost.report == report and cost.last_report == later and cost.facts["forecast"] == "130.00"
    assert AuditEvent.objects.filter(event_type="deviation.updated").count() == 1  # the cost; the light is green again
    services.deviation_close(actor=personas.secretariat, deviation=cost, note="Dekket av reserven.")
    again = submit(personas, correction="Enda en", forecast_p50="131", forecast_p85="150")
    assert Deviation.objects.filter(rule="cost").count() == 2
    assert Deviation.objects.get(rule="cost", status="open").report == again


def test_a_deviation_goes_to_the_council_and_its_decision_marks_it_decided(
    programme: ProgrammeVersion, personas: Personas
) -> None:
    submit(personas, forecast_p50="140", forecast_p85="160")
    deviation = Deviation.objects.get(rule="cost")
    with pytest.raises(ValidationError):
        services.deviation_explain(actor=personas.secretariat, deviation=deviation, explanation=" ", measure="x")
    services.deviation_explain(
        actor=personas.secretariat,
        deviation=deviation,
        explanation="Grunnforholdene var dårligere enn antatt.",
        measure="Utsette delstrekning 2 til 2029.",
    )
    case = services.deviation_to_case(actor=personas.secretariat, deviation=deviation, officer=personas.secretariat)
    deviation.refresh_from_db()
    assert deviation.status == "in_treatment" and deviation.case == case and case.subject == "avvik"
    treatment = case.treatments.get()
    assert treatment.forum == Forum.objects.get(slug="prioriteringsradet") and treatment.kind == "vedtak"
    paper = treatment.paper
    assert deviation.describe() in paper.why
    assert "Utsette delstrekning 2 til 2029." in paper.draft_conclusion
    assert "Grunnforholdene" in paper.background and paper.finalised_at is None
    with pytest.raises(ValidationError):
        services.deviation_to_case(actor=personas.secretariat, deviation=deviation, officer=personas.secretariat)
    decision = treat(case, forum="prioriteringsradet", kind="vedtak", text="Delstrekning 2 utsettes til 2029.")
    deviation.refresh_from_db()
    assert deviation.status == "decided" and deviation.decision == decision
    assert [e.action for e in decision.effects.all()] == ["decide"]


def test_orders_from_a_decision_with_overdue_marking(personas: Personas) -> None:
    bergen = Party.objects.get(slug="bergen")
    with pytest.raises(ValidationError) as e:
        services.order_create(actor=personas.secretariat, title="Plan", deliverable="x", due=None, report_form="memo")
    assert set(e.value.message_dict) == {"to_party", "reference", "due"}
    today = timezone.localdate()
    order = services.order_create(
        actor=personas.secretariat,
        title="Fremdriftsplan for Bybanen til Åsane",
        deliverable="En plan med milepæler",
        due=today - dt.timedelta(days=1),
        report_form="memo",
        to_party=bergen,
        reference="SG-sak 2026/12",
    )
    assert (
        order.number == f"B{today.year}/1" and order.is_overdue() and not order.is_overdue(today - dt.timedelta(days=1))
    )
    services.order_acknowledge(actor=personas.member_a, order=order)
    assert order.status == "acknowledged" and order.is_overdue()
    with pytest.raises(ValidationError):
        services.order_acknowledge(actor=personas.member_a, order=order)
    services.order_report(actor=personas.member_a, order=order, text="Planen er vedlagt saken.")
    assert order.status == "reported" and not order.is_overdue()
    services.order_close(actor=personas.secretariat, order=order, note="Tatt til orientering.")
    assert Order.objects.get().status == "closed"
    assert [e.event_type for e in AuditEvent.objects.filter(object_type="followup.order").order_by("seq")] == [
        "order.created",
        "order.acknowledged",
        "order.reported",
        "order.closed",
    ]


def test_a_report_scores_the_sheets_risks_again(programme: ProgrammeVersion, personas: Personas) -> None:
    from byvekst.projects import services as project_services

    a = Project.objects.get(code="A")
    ground = project_services.risk_add(
        actor=personas.secretariat, project=a, data={"description": "Grunnforhold", "probability": 2, "consequence": 3}
    )
    market = project_services.risk_add(
        actor=personas.secretariat, project=a, data={"description": "Marked", "probability": 3, "consequence": 3}
    )
    with pytest.raises(ValidationError) as bad:
        submit(personas, risks=[{"id": ground.pk, "probability": 6, "consequence": 3}, {"id": 999999, "x": 1}])
    assert {f"risk_{ground.pk}_probability", "risks"} <= set(bad.value.message_dict)
    ground.refresh_from_db()
    assert ground.probability == 2  # nothing changed by a refused report

    report = submit(
        personas,
        risks=[
            {"id": ground.pk, "probability": 4, "consequence": 4},
            {"id": market.pk, "probability": 3, "consequence": 3},
        ],
    )
    ground.refresh_from_db()
    assert (ground.probability, ground.consequence) == (4, 4)  # the sheet follows the report
    assert report.risks[0] == {"description": "Grunnforhold", "probability": 4, "consequence": 4, "before": [2, 3]}
    assert report.risks[1] == {"description": "Marked", "probability": 3, "consequence": 3}  # unchanged: no "before"
    rescored = AuditEvent.objects.filter(event_type="project.risk_rescored")
    assert rescored.count() == 1 and rescored.get().new["probability"] == 4
