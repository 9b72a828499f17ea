"""The demo's follow-up, made through the services people use: each programme project's group leader reports the
previous and the current period; one project's cost forecast runs over and the deviation goes to the Council as
a case; a milestone slips on another; the secretariat orders deliverables from the programme's decision; the
Steering Group agrees an order template, and an order made with it is answered with an attachment and closed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from byvekst.cases.models import Decision
from byvekst.cases.scripted import Item, hold_meeting, open_case
from byvekst.documents.pdf import to_pdf
from byvekst.documents.spec import Document, Heading, Paragraph
from byvekst.followup import selectors, services
from byvekst.followup.models import Order, OrderTemplateVersion, StatusReport
from byvekst.followup.revision import revision_start
from byvekst.governance.models import Forum, Party, User
from byvekst.governance.selectors import group_leaders
from byvekst.portfolio.services import work_once
from byvekst.projects.models import Project

GREEN = {f"light_{d}": "green" for d in ("progress", "economy", "uncertainty", "goals")}


def _figures(entry: dict[str, Any], year: int, step: int) -> dict[str, Any]:
    """Plausible figures for a project ``step`` periods into the programme: under way (planning and land
    acquisition paid for) when its start is at most a year away."""
    cost = Decimal(str(entry["cost_p50"])).quantize(Decimal("0.1"))
    started = entry["start"] <= year + 1
    done = Decimal("0.03") * step if started else Decimal(0)
    budget = (cost / 4).quantize(Decimal("0.1")) if started else Decimal(0)
    planned = dt.date(entry["start"], 3, 1)
    return {
        "phase": "prosjektering" if started else "regulering",
        "percent_complete": int(done * 100),
        "milestones": [
            {"name": "Byggestart", "planned": planned, "forecast": planned},
            {
                "name": "Ferdigstillelse",
                "planned": planned.replace(year=planned.year + 2),
                "forecast": planned.replace(year=planned.year + 2),
            },
        ],
        "granted_to_date": (cost * done * Decimal("1.2")).quantize(Decimal("0.1")),
        "spent_to_date": (cost * done).quantize(Decimal("0.1")),
        "budget_this_year": budget,
        "spent_this_year": (budget * Decimal("0.3") * step).quantize(Decimal("0.1")) if started else Decimal(0),
        "forecast_p50": cost,
        "forecast_p85": (cost * Decimal("1.15")).quantize(Decimal("0.1")),
        "goals_note": "Effekten måles etter åpning (reisevaneundersøkelse og tellepunkt)." if started else "",
        **GREEN,
    }


def _reporter(project: Project) -> User:
    leader = group_leaders(project.area_code).first()
    return leader.person if leader else User.objects.get(username="sekretariat")


@transaction.atomic
def load_demo_followup() -> None:
    """Idempotent: runs only when no status report exists and a programme is adopted."""
    version = selectors.adopted_version()
    if version is None or StatusReport.objects.exists():
        return
    secretariat = User.objects.get(username="sekretariat")
    per_year = selectors.rules_in_force().periods_per_year
    now = selectors.current_period(per_year)
    before = selectors.previous_period(*now, per_year)
    entries = sorted(version.selection, key=lambda s: (s["start"], -s["cost_p50"]))
    projects = {p.code: p for p in Project.objects.filter(code__in=[s["code"] for s in entries])}
    overrun, slipping = entries[0]["code"], entries[1]["code"] if len(entries) > 1 else ""
    for step, (year, period) in enumerate((before, now), start=1):
        for entry in entries:
            project = projects[entry["code"]]
            data = _figures(entry, year, step)
            if step == 2 and project.code == overrun:
                data["forecast_p50"] = (data["forecast_p50"] * Decimal("1.18")).quantize(Decimal("0.1"))
                data["forecast_p85"] = (data["forecast_p50"] * Decimal("1.15")).quantize(Decimal("0.1"))
                data["light_economy"] = "yellow"
                data["comment_economy"] = "Anbudene for hovedentreprisen kom inn 18 % over kalkylen."
            if step == 2 and project.code == slipping:
                first = data["milestones"][0]
                first["forecast"] = first["planned"] + dt.timedelta(days=150)
                data["light_progress"] = "yellow"
                data["comment_progress"] = "Grunnerverv tar lengre tid enn planlagt."
            services.report_submit(actor=_reporter(project), project=project, year=year, period=period, data=data)
    deviation = projects[overrun].deviations.get(rule="cost")
    services.deviation_explain(
        actor=_reporter(projects[overrun]),
        deviation=deviation,
        explanation="Markedet for anleggsarbeid er stramt; alle tre tilbud lå over kalkylen.",
        measure="Dekke merkostnaden ved å utsette et mindre prosjekt i samme område ett år.",
    )
    services.deviation_to_case(actor=secretariat, deviation=deviation, officer=secretariat)
    _orders(secretariat, version.decision)
    if version.run is not None:
        revision_start(
            actor=secretariat,
            frame=version.run.scenario.frame,
            name="Omprioritering etter avvik på " + projects[overrun].code,
            reason="Avvik: " + deviation.describe(),
        )
        work_once()


def _orders(secretariat: User, decision: Decision | None) -> None:
    today = timezone.localdate()
    reference = "" if decision else "Handlingsprogram 2027–2030"
    services.order_create(
        actor=secretariat,
        title="Fremdriftsplan for prosjektene i handlingsprogrammet",
        deliverable="En plan per prosjekt med milepæler for 2027 og ansvarlig prosjektleder.",
        due=today + dt.timedelta(days=30),
        report_form=Order.Form.MEMO,
        to_party=Party.objects.get(slug="bergen"),
        decision=decision,
        reference=reference,
    )
    late = services.order_create(
        actor=secretariat,
        title="Oppdatert kostnadsanslag for kollektivtiltakene",
        deliverable="Anslag i 2026-kroner med P50 og P85.",
        due=today - dt.timedelta(days=5),
        report_form=Order.Form.PAPER,
        to_forum=Forum.objects.get(slug="arbeidsgruppe-vest"),
        decision=decision,
        reference=reference,
    )
    services.order_acknowledge(actor=User.objects.get(username="leder.vest"), order=late)
    _template_and_answered_order(secretariat)


TEMPLATE: dict[str, Any] = {
    "name": "Utredning",
    "report_form": Order.Form.PAPER,
    "instructions": "Et saksgrunnlag som beskriver bakgrunnen, alternativene med kostnad (P50 og P85) og virkning "
    "for nullvekstmålet, og en anbefaling.",
    "sections": ["Bakgrunn", "Alternativer med kostnad og virkning", "Anbefaling"],
}


def _template_and_answered_order(secretariat: User) -> None:
    """The secretariat drafts the order template «Utredning»; the Steering Group agrees it in a meeting held a
    week ago; an order made with it is answered by Askøy with a memo attached, and closed."""
    version = services.order_template_draft(actor=secretariat, **TEMPLATE)
    clerk = secretariat
    held = timezone.now() - dt.timedelta(days=7)
    case = open_case(clerk, "Bestillingsmal for utredninger", "mandat", [version], held - dt.timedelta(days=14))
    hold_meeting(
        actor=clerk,
        forum=Forum.objects.get(kind=Forum.Kind.STEERING, ended_on__isnull=True),
        starts_at=held,
        items=[Item(case, "vedtak", "Styringsgruppen slutter seg til bestillingsmalen for utredninger.")],
    )
    version = OrderTemplateVersion.objects.get(pk=version.pk)
    order = services.order_create(
        actor=secretariat,
        title="Utredning av innfartsparkering ved Kleppestø",
        deliverable="Et saksgrunnlag etter malen for utredninger.",
        due=timezone.localdate() + dt.timedelta(days=10),
        report_form="",
        to_party=Party.objects.get(slug="askoy"),
        reference="Styringsgruppen, referat fra siste møte",
        template=version,
    )
    memo = to_pdf(
        Document(
            "Innfartsparkering ved Kleppestø",
            "Svar på bestilling " + order.number,
            [block for heading, text in _MEMO for block in (Heading(heading, 2), Paragraph(text))],
        )
    )
    services.order_report(
        actor=User.objects.get(username="planlegger.askoy"),
        order=order,
        text="\n\n".join(f"{h}:\n{t}" for h, t in _MEMO),
        files=[SimpleUploadedFile("innfartsparkering-kleppesto.pdf", memo)],
    )
    services.order_close(actor=secretariat, order=order, note="Tas med i rulleringen av handlingsprogrammet.")


_MEMO = [
    (
        "Bakgrunn",
        "Pendlere fra Askøy kjører i dag til Bergen sentrum; et innfartsanlegg ved Kleppestø kan flytte "
        "turer til buss.",
    ),
    (
        "Alternativer med kostnad og virkning",
        "A: 150 plasser, 38 MNOK (P85 46). B: 300 plasser, 64 MNOK (P85 80). "
        "Anslått 250–450 færre bilturer per døgn over Askøybroen.",
    ),
    ("Anbefaling", "Alternativ A, med mulighet for utvidelse."),
]
