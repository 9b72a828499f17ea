"""Writes of the follow-up. Each use case one function; each records its audit event in the same transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from byvekst.audit.services import record
from byvekst.cases import services as cases
from byvekst.cases.models import Case, Decision
from byvekst.core.decisions import DecisionRef, put_in_force
from byvekst.core.files import accepted_upload
from byvekst.core.http import validated
from byvekst.core.limits import MAX_MNOK, date_error, decimal_or_none, money_error
from byvekst.core.models import next_number
from byvekst.followup import selectors
from byvekst.followup.models import (
    DIMENSIONS,
    Deviation,
    Light,
    Order,
    OrderAttachment,
    OrderTemplate,
    OrderTemplateVersion,
    StatusReport,
    period_label,
)
from byvekst.followup.rules import findings
from byvekst.governance.models import CaseKind, Forum, Party, Subject, User
from byvekst.projects import services as project_services
from byvekst.projects.models import Phase, Project

MAX_MILESTONES = 20
MONEY = ("granted_to_date", "spent_to_date", "budget_this_year", "spent_this_year", "forecast_p50")
TEXTS = ("new_risks", "goals_note", *(f"comment_{d}" for d in DIMENSIONS))
MAX_TEXT = 5000
CENT = Decimal("0.01")


def _milestones(raw: Any, errors: dict[str, str]) -> list[dict[str, Any]]:
    """[{name, planned, forecast}] with dates parsed; rows without a name are dropped."""
    if not isinstance(raw, list) or len(raw) > MAX_MILESTONES:
        errors["milestones"] = _("At most %(n)s milestones.") % {"n": MAX_MILESTONES}
        return []
    rows = []
    for i, m in enumerate(raw):
        name = str((m or {}).get("name") or "").strip()
        if not name:
            continue
        if len(name) > 200:
            errors[f"milestones.{i}.name"] = _("At most %(n)s characters.") % {"n": 200}
        row: dict[str, Any] = {"name": name[:200]}
        for key in ("planned", "forecast"):
            value, where = m.get(key), f"milestones.{i}.{key}"
            if isinstance(value, str) and value:
                try:
                    value = dt.date.fromisoformat(value)
                except ValueError:
                    errors[where] = _("Write a date as YYYY-MM-DD.")
                    value = None
            if not isinstance(value, dt.date):
                errors.setdefault(where, _("Give the date."))
                value = None
            elif date_error(value):
                errors[where] = str(date_error(value))
                value = None
            row[key] = value
        rows.append(row)
    return rows


def _cents(raw: Any) -> Decimal | None:
    number = decimal_or_none(raw)
    return number.quantize(CENT) if number is not None and abs(number) <= MAX_MNOK else number


def validate(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The report's figures as stored (money to the øre, dates parsed) and field -> message for what is wrong."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    for key in MONEY:
        problem = money_error(data.get(key))
        if problem:
            errors[key] = problem
        values[key] = _cents(data.get(key))
    p85 = data.get("forecast_p85")
    if p85 not in (None, ""):
        problem = money_error(p85)
        if problem:
            errors["forecast_p85"] = problem
        values["forecast_p85"] = _cents(p85)
        if not problem and values["forecast_p50"] is not None and values["forecast_p85"] < values["forecast_p50"]:
            errors["forecast_p85"] = _("P85 cannot be lower than P50.")
    else:
        values["forecast_p85"] = None
    if data.get("phase") not in Phase.values:
        errors["phase"] = _("Choose the phase.")
    values["phase"] = data.get("phase")
    try:
        values["percent_complete"] = int(data.get("percent_complete"))  # type: ignore[arg-type]
        if not 0 <= values["percent_complete"] <= 100:
            raise ValueError
    except (TypeError, ValueError):
        errors["percent_complete"] = _("Write a whole number from 0 to 100.")
    for key in TEXTS:
        values[key] = str(data.get(key) or "").strip()
        if len(values[key]) > MAX_TEXT:
            errors[key] = _("At most %(n)s characters.") % {"n": MAX_TEXT}
    for d in DIMENSIONS:
        light = data.get(f"light_{d}")
        values[f"light_{d}"] = light
        if light not in Light.values:
            errors[f"light_{d}"] = _("Choose a light.")
        elif light != Light.GREEN and not values[f"comment_{d}"]:
            errors[f"comment_{d}"] = _("A yellow or red light needs a comment.")
    values["milestones"] = _milestones(data.get("milestones") or [], errors)
    values["risk_scores"] = _risk_scores(data.get("risks") or [], errors)
    return values, errors


def _risk_scores(rows: Any, errors: dict[str, str]) -> dict[int, tuple[int, int]]:
    """{risk id: (probability, consequence)} from the report's updated risk scores, each 1–5."""
    out: dict[int, tuple[int, int]] = {}
    if not isinstance(rows, list) or len(rows) > 100:
        errors["risks"] = _("The risks could not be read.")
        return out
    for row in rows:
        try:
            pk, p, c = int(row["id"]), int(row["probability"]), int(row["consequence"])
        except (KeyError, TypeError, ValueError):
            errors["risks"] = _("The risks could not be read.")
            continue
        for field, value in (("probability", p), ("consequence", c)):
            if not 1 <= value <= 5:
                errors[f"risk_{pk}_{field}"] = _("Choose a value from 1 to 5.")
        out[pk] = (p, c)
    return out


@transaction.atomic
def report_submit(
    *, actor: Any, project: Project, year: int, period: int, data: dict[str, Any], correction: str = ""
) -> StatusReport:
    """Send a project's status report for a period. A report is frozen once sent; sending again for the same
    period makes a new version, which must say what it corrects. The reporting rules then open (or update) a
    deviation for each rule the figures break."""
    rules = selectors.rules_in_force()
    version_in_force = selectors.adopted_version()
    entry = selectors.adopted_entry(version_in_force, project.code)
    values, errors = validate(data)
    if entry is None:
        errors["project"] = _("%(code)s is not in the adopted action programme, so it does not report.") % {
            "code": project.code
        }
    if not 1 <= period <= rules.periods_per_year or date_error(dt.date(max(1, min(year, 9999)), 1, 1)):
        errors["period"] = _("Choose a reporting period.")
    Project.objects.select_for_update().filter(pk=project.pk).first()  # one new version at a time
    version = (
        StatusReport.objects.filter(project=project, year=year, period=period).aggregate(m=Max("version"))["m"] or 0
    ) + 1
    correction = correction.strip()
    if version > 1 and not correction:
        errors["correction"] = _("This period is already reported: say what the new version corrects.")
    if len(correction) > MAX_TEXT:
        errors["correction"] = _("At most %(n)s characters.") % {"n": MAX_TEXT}
    risks = {r.pk: r for r in project.risks.all()}
    for pk in set(values["risk_scores"]) - set(risks):
        errors["risks"] = _("Risk %(id)s is not one of this project's risks.") % {"id": pk}
    if errors:
        raise ValidationError(errors)
    assert entry is not None and version_in_force is not None
    before = {pk: (r.probability, r.consequence) for pk, r in risks.items()}
    for pk, (p, c) in values.pop("risk_scores").items():
        project_services.risk_rescore(
            actor=actor,
            risk=risks[pk],
            probability=p,
            consequence=c,
            reason=_("status report %(p)s") % {"p": period_label(year, period, rules.periods_per_year)},
        )
    report = StatusReport(
        project=project,
        year=year,
        period=period,
        version=version,
        per_year=rules.periods_per_year,
        programme_version=version_in_force,
        adopted_cost=Decimal(str(entry["cost_p50"])).quantize(CENT),
        adopted_start=entry["start"],
        risks=[
            {
                "description": r.description,
                "probability": r.probability,
                "consequence": r.consequence,
                **({"before": list(before[r.pk])} if before[r.pk] != (r.probability, r.consequence) else {}),
            }
            for r in sorted(risks.values(), key=lambda r: (-r.probability * r.consequence, r.pk))
        ],
        correction=correction,
        submitted_by=actor,
        **{k: v for k, v in values.items() if k != "milestones"},
        milestones=[
            {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in m.items()} for m in values["milestones"]
        ],
    )
    validated(report)
    report.save()
    record(
        actor=actor,
        event_type="report.submitted",
        obj=project,
        new={
            "period": report.period_label,
            "version": version,
            "forecast_p50": report.forecast_p50,
            **{f"light_{d}": getattr(report, f"light_{d}") for d in DIMENSIONS},
        },
    )
    figures = {
        "adopted_cost": report.adopted_cost,
        "forecast_p50": report.forecast_p50,
        "milestones": values["milestones"],
        "lights": {d: getattr(report, f"light_{d}") for d in DIMENSIONS},
        "spent_this_year": report.spent_this_year,
        "budget_this_year": report.budget_this_year,
    }
    for rule, facts in findings(figures, selectors.thresholds(rules)).items():
        _note_deviation(actor, report, rule, facts)
    return report


def _note_deviation(actor: Any, report: StatusReport, rule: str, facts: dict[str, Any]) -> Deviation:
    """Open a deviation for the rule, or bring the open one up to date with the newest report."""
    existing = (
        Deviation.objects.select_for_update()
        .filter(project=report.project, rule=rule)
        .exclude(status=Deviation.Status.CLOSED)
        .first()
    )
    if existing is not None:
        old = existing.describe()
        existing.last_report, existing.facts = report, facts
        existing.save(update_fields=["last_report", "facts"])
        record(
            actor=actor,
            event_type="deviation.updated",
            obj=report.project,
            old={"what": old},
            new={"deviation": existing.pk, "period": report.period_label, "what": existing.describe()},
        )
        return existing
    deviation = Deviation.objects.create(
        project=report.project, rule=rule, report=report, last_report=report, facts=facts
    )
    record(
        actor=actor,
        event_type="deviation.opened",
        obj=report.project,
        new={"rule": rule, "deviation": deviation.pk, "what": deviation.describe()},
    )
    return deviation


def _open(deviation: Deviation) -> None:
    if deviation.status == Deviation.Status.CLOSED:
        raise ValidationError({"status": _("The deviation is closed.")})


@transaction.atomic
def deviation_explain(*, actor: Any, deviation: Deviation, explanation: str, measure: str) -> Deviation:
    """The owner's explanation and proposed measure (the case paper is drafted from them)."""
    _open(deviation)
    errors = {}
    for key, value in (("explanation", explanation), ("measure", measure)):
        if not value.strip():
            errors[key] = _("Fill in this field.")
        elif len(value) > MAX_TEXT:
            errors[key] = _("At most %(n)s characters.") % {"n": MAX_TEXT}
    if errors:
        raise ValidationError(errors)
    old = {"explanation": deviation.explanation, "measure": deviation.measure}
    deviation.explanation, deviation.measure = explanation.strip(), measure.strip()
    deviation.save(update_fields=["explanation", "measure"])
    record(
        actor=actor,
        event_type="deviation.explained",
        obj=deviation.project,
        old=old,
        new={"explanation": deviation.explanation, "measure": deviation.measure},
    )
    return deviation


def draft_paper(deviation: Deviation) -> dict[str, str]:
    """The case paper for the Council, drafted from the deviation, the report and the owner's explanation."""
    report, project = deviation.last_report, deviation.project
    return {
        "why": _(
            "The status report for %(period)s shows a deviation from the adopted action programme: %(what)s "
            "The Prioritisation Council handles deviations under its mandate."
        )
        % {"period": report.period_label, "what": deviation.describe()},
        "mandate_basis": _("The Prioritisation Council's mandate: handling of deviations"),
        "draft_conclusion": _(
            "The Prioritisation Council takes the deviation on %(project)s into account and decides the measure "
            "proposed by the owner: %(measure)s"
        )
        % {"project": f"{project.code} {project.title}", "measure": deviation.measure or "…"},
        "background": _(
            "Adopted cost %(adopted)s MNOK, start %(start)s. Forecast at completion %(forecast)s MNOK (P50). "
            "Spent to date %(spent)s MNOK. The owner explains: %(explanation)s"
        )
        % {
            "adopted": report.adopted_cost,
            "start": report.adopted_start,
            "forecast": report.forecast_p50,
            "spent": report.spent_to_date,
            "explanation": deviation.explanation or "…",
        },
        "assessment": "",
        "consequences": _(
            "A change of %(change)s MNOK against the adopted cost must be met within the frames; a revision run "
            "shows what it means for the rest of the programme."
        )
        % {"change": report.change},
        "further_handling": _(
            "The decision is followed up in the next status report; a change to the programme goes to the "
            "Steering Group."
        ),
    }


@transaction.atomic
def deviation_to_case(*, actor: Any, deviation: Deviation, officer: User) -> Case:
    """Make the deviation a case to the Prioritisation Council, with the case paper drafted; a decision on the
    case marks the deviation decided (``followup.effects``)."""
    if deviation.status != Deviation.Status.OPEN:
        raise ValidationError({"status": _("Only an open deviation becomes a case.")})
    council = Forum.objects.filter(kind=Forum.Kind.COUNCIL, ended_on__isnull=True).first()
    if council is None:
        raise ValidationError({"forum": _("There is no Prioritisation Council to send the case to.")})
    case = cases.case_open(
        actor=actor,
        title=_("Deviation: %(project)s – %(rule)s")
        % {"project": deviation.project.title, "rule": deviation.get_rule_display()},
        subject=Subject.DEVIATIONS,
        officer=officer,
        projects=[deviation.project],
        targets=[("followup.deviation", str(deviation.pk))],
    )
    treatment = cases.treatment_add(actor=actor, case=case, kind=CaseKind.VEDTAK, forum=council)
    cases.paper_save(actor=actor, paper=treatment.paper, data=draft_paper(deviation))
    deviation.status, deviation.case = Deviation.Status.IN_TREATMENT, case
    deviation.save(update_fields=["status", "case"])
    record(
        actor=actor,
        event_type="deviation.to_case",
        obj=deviation.project,
        new={"deviation": deviation.pk, "case": case.number},
    )
    return case


def deviation_decide(actor: Any, ref: DecisionRef, deviation: Deviation) -> str:
    """Applied by a decision on the deviation's case (``followup.effects``)."""
    deviation.status = Deviation.Status.DECIDED
    deviation.decision = Decision.objects.get(number=ref.number)
    deviation.save(update_fields=["status", "decision"])
    record(
        actor=actor,
        event_type="deviation.decided",
        obj=deviation.project,
        new={"deviation": deviation.pk, "decision": ref.number},
    )
    return deviation.get_absolute_url()


@transaction.atomic
def deviation_close(*, actor: Any, deviation: Deviation, note: str) -> Deviation:
    _open(deviation)
    if not note.strip():
        raise ValidationError({"note": _("Say why the deviation is closed.")})
    if len(note) > MAX_TEXT:
        raise ValidationError({"note": _("At most %(n)s characters.") % {"n": MAX_TEXT}})
    deviation.status, deviation.note, deviation.closed_at = Deviation.Status.CLOSED, note.strip(), timezone.now()
    deviation.save(update_fields=["status", "note", "closed_at"])
    record(
        actor=actor,
        event_type="deviation.closed",
        obj=deviation.project,
        new={"deviation": deviation.pk, "note": deviation.note},
    )
    return deviation


def order_problems(
    *,
    to_party: Party | None,
    to_forum: Forum | None,
    to_person: User | None,
    decision: Decision | None,
    reference: str,
    due: dt.date | None,
) -> dict[str, str]:
    """What is wrong with an order's recipient, origin and due date (field -> message); the form asks too."""
    errors: dict[str, str] = {}
    if sum(x is not None for x in (to_party, to_forum, to_person)) != 1:
        errors["to_party"] = _("Choose one recipient: a party, a forum or a person.")
    if decision is None and not reference.strip():
        errors["reference"] = _("Choose the decision the order comes from, or give a reference.")
    if due is None:
        errors["due"] = _("Give the due date.")
    elif date_error(due):
        errors["due"] = str(date_error(due))
    return errors


@transaction.atomic
def order_create(
    *,
    actor: Any,
    title: str,
    deliverable: str,
    due: dt.date | None,
    report_form: str,
    to_party: Party | None = None,
    to_forum: Forum | None = None,
    to_person: User | None = None,
    decision: Decision | None = None,
    reference: str = "",
    template: OrderTemplateVersion | None = None,
) -> Order:
    """Order a deliverable from a party, a forum or a person, from a decision or with a reference; with an agreed
    order template, the report back takes the template's form."""
    errors = order_problems(
        to_party=to_party, to_forum=to_forum, to_person=to_person, decision=decision, reference=reference, due=due
    )
    in_force = OrderTemplate.objects.filter(current=template).exists() if template is not None else True
    if not in_force:  # the version agreed and in force now, read from the database
        errors["template"] = _("Only the agreed version in force of an order template can be used.")
    if errors:
        raise ValidationError(errors)
    if template is not None:
        report_form = template.report_form
    assert due is not None
    year = timezone.localdate().year
    order = Order(
        year=year,
        seq=next_number(f"order:{year}"),
        decision=decision,
        reference=reference.strip(),
        title=title.strip(),
        deliverable=deliverable.strip(),
        due=due,
        report_form=report_form,
        to_party=to_party,
        to_forum=to_forum,
        to_person=to_person,
        template_version=template,
        created_by=actor,
    )
    validated(order)
    order.save()
    record(
        actor=actor,
        event_type="order.created",
        obj=order,
        new={
            "title": order.title,
            "to": str(order.recipient),
            "due": due,
            "decision": decision.number if decision else "",
            **({"template": str(template)} if template else {}),
        },
    )
    return order


def _move(actor: Any, order: Order, allowed: tuple[str, ...], status: str, event: str, **fields: Any) -> Order:
    if order.status not in allowed:
        raise ValidationError({"status": _("The order is %(s)s.") % {"s": order.get_status_display().lower()}})
    old = {"status": order.status}
    order.status = status
    for key, value in fields.items():
        setattr(order, key, value)
    order.save(update_fields=["status", *fields])
    said = {k: v for k, v in fields.items() if not k.endswith("_at")}  # the event has its own time
    record(actor=actor, event_type=event, obj=order, old=old, new={"status": status, **said})
    return order


@transaction.atomic
def order_acknowledge(*, actor: Any, order: Order) -> Order:
    return _move(
        actor,
        order,
        (Order.Status.SENT,),
        Order.Status.ACKNOWLEDGED,
        "order.acknowledged",
        acknowledged_at=timezone.now(),
    )


MAX_ATTACHMENTS = 10  # files with one report back


@transaction.atomic
def order_report(*, actor: Any, order: Order, text: str, files: list[Any] | None = None) -> Order:
    """The recipient reports back, with files if the answer has them; every file is checked before anything is
    kept, so a refused file loses nothing and keeps nothing."""
    if not text.strip():
        raise ValidationError({"report": _("Write the report back.")})
    if len(text) > MAX_TEXT:
        raise ValidationError({"report": _("At most %(n)s characters.") % {"n": MAX_TEXT}})
    files = files or []
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError({"file": _("At most %(n)s files with one report back.") % {"n": MAX_ATTACHMENTS}})
    kinds = [accepted_upload(f) for f in files]
    order = _move(
        actor,
        order,
        (Order.Status.SENT, Order.Status.ACKNOWLEDGED),
        Order.Status.REPORTED,
        "order.reported",
        report=text.strip(),
        reported_at=timezone.now(),
    )
    for file, kind in zip(files, kinds, strict=True):
        attachment = OrderAttachment.objects.create(
            order=order, title=file.name[:200], file=file, content_type=kind, uploaded_by=actor
        )
        record(actor=actor, event_type="order.attachment_added", obj=order, new={"title": attachment.title})
    return order


@transaction.atomic
def order_close(*, actor: Any, order: Order, note: str, decision: Decision | None = None) -> Order:
    """Close the order with a note, or with the new decision that answers it (a note beside it is optional)."""
    if not note.strip() and decision is None:
        raise ValidationError(
            {"closing_note": _("Say how the order is closed, or choose the decision that closes it.")}
        )
    if len(note) > MAX_TEXT:
        raise ValidationError({"closing_note": _("At most %(n)s characters.") % {"n": MAX_TEXT}})
    if decision is not None and order.decision_id == decision.pk:
        raise ValidationError({"decision": _("The order comes from this decision; choose the one that answers it.")})
    order = _move(
        actor,
        order,
        (Order.Status.SENT, Order.Status.ACKNOWLEDGED, Order.Status.REPORTED),
        Order.Status.CLOSED,
        "order.closed",
        closing_note=note.strip(),
        closed_at=timezone.now(),
    )
    if decision is not None:
        order.closing_decision = decision
        order.save(update_fields=["closing_decision"])
        record(actor=actor, event_type="order.closed_by_decision", obj=order, new={"decision": decision.number})
    return order


@transaction.atomic
def order_template_draft(
    *, actor: Any, name: str, report_form: str, instructions: str, sections: list[str]
) -> OrderTemplateVersion:
    """A draft of an order template: the first version of a new template, or the next version of one in use.
    It is used in orders once a decision has agreed it (``cases.effects``)."""
    errors: dict[str, str] = {}
    name, instructions = name.strip(), instructions.strip()
    sections = [s.strip() for s in sections if s.strip()]
    if not name:
        errors["name"] = _("Give the template a name.")
    elif len(name) > 120:
        errors["name"] = _("At most %(n)s characters.") % {"n": 120}
    if report_form not in Order.Form.values:
        errors["report_form"] = _("Choose the form of the report back.")
    if not instructions:
        errors["instructions"] = _("Say what the report back must contain.")
    elif len(instructions) > MAX_TEXT:
        errors["instructions"] = _("At most %(n)s characters.") % {"n": MAX_TEXT}
    if len(sections) > 20 or any(len(s) > 200 for s in sections):
        errors["sections"] = _("At most 20 headings of at most 200 characters each.")
    if errors:
        raise ValidationError(errors)
    template, _created = OrderTemplate.objects.select_for_update().get_or_create(name=name)
    number = (template.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = OrderTemplateVersion.objects.create(
        template=template,
        number=number,
        report_form=report_form,
        instructions=instructions,
        sections=sections,
        created_by=actor,
    )
    record(
        actor=actor,
        event_type="ordertemplate.drafted",
        obj=version,
        new={"name": name, "number": number, "report_form": report_form, "sections": sections},
    )
    return version


def order_template_agree(actor: Any, decision: DecisionRef, version: OrderTemplateVersion) -> str:
    """The decision agrees a draft: it becomes the version in force and never changes again."""
    version = OrderTemplateVersion.objects.select_for_update().select_related("template").get(pk=version.pk)
    if version.is_agreed:
        raise ValidationError({"status": _("This version is already agreed.")})
    version.status = OrderTemplateVersion.Status.AGREED
    version.agreed_on = decision.date
    version.decision = Decision.objects.get(number=decision.number)
    version.save()
    put_in_force(
        actor=actor, version=version, owner=version.template, event_type="ordertemplate.agreed", decision=decision
    )
    return version.get_absolute_url()
