"""The portfolio report for a reporting period: the programme's lights, spend and forecast against the frames by
funding source, slipping milestones and open deviations — on the page, as Word/PDF/Excel in the house style, and
as a case paper for the Prioritisation Council."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from byvekst.cases import services as cases
from byvekst.cases.models import Case
from byvekst.documents.excel import to_xlsx
from byvekst.documents.spec import Document, Facts, Heading, Paragraph, Table, number
from byvekst.followup import selectors
from byvekst.followup.models import Deviation, Light, StatusReport, period_label
from byvekst.followup.rules import months_between
from byvekst.governance.models import CaseKind, Forum, Subject, User
from byvekst.portfolio.models import ProgrammeVersion
from byvekst.projects.models import FUNDING_SOURCES


@dataclass(frozen=True)
class PeriodReport:
    version: ProgrammeVersion
    year: int
    period: int
    label: str
    rows: list[tuple[dict[str, Any], StatusReport | None]]
    sources: list[dict[str, Any]]  # per funding source: frame, budget, spent, adopted, forecast (this year / total)
    slipping: list[dict[str, Any]]
    deviations: list[Deviation]

    @property
    def missing(self) -> list[dict[str, Any]]:
        return [entry for entry, report in self.rows if report is None]


def _share(entry: dict[str, Any], source: str) -> Decimal:
    return Decimal(str((entry.get("funding") or {}).get(source, 0))) / 100


def period_report(year: int, period: int) -> PeriodReport | None:
    version = selectors.adopted_version()
    if version is None:
        return None
    per_year = selectors.rules_in_force().periods_per_year
    latest = selectors.latest_reports([s["code"] for s in version.selection], year, period)
    rows = [(s, latest.get(s["code"])) for s in version.selection]
    frame = version.run.scenario.frame if version.run else None
    totals: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for entry, report in rows:
        for source in entry.get("funding") or {}:
            share = _share(entry, source)
            t = totals[source]
            t["adopted"] += Decimal(str(entry["cost_p50"])) * share
            if report is not None:
                t["budget"] += report.budget_this_year * share
                t["spent"] += report.spent_this_year * share
                t["forecast"] += report.forecast_p50 * share
    names = {k: str(v) for k, v in FUNDING_SOURCES}
    sources = []
    for source, t in sorted(totals.items()):
        yearly = frame.amounts.get(source) if frame else None
        index = year - frame.first_year if frame else -1
        limit = yearly[index] if yearly and 0 <= index < len(yearly) else None
        sources.append({"source": source, "name": names.get(source, source), "frame": limit, **t})
    slipping = [
        {
            "code": entry["code"],
            "title": entry["title"],
            "name": m["name"],
            "planned": m["planned"],
            "forecast": m["forecast"],
            "months": n,
        }
        for entry, report in rows
        if report is not None
        for m in report.milestones
        for n in [months_between(dt.date.fromisoformat(m["planned"]), dt.date.fromisoformat(m["forecast"]))]
        if n > 0
    ]
    return PeriodReport(
        version=version,
        year=year,
        period=period,
        label=period_label(year, period, per_year),
        rows=rows,
        sources=sources,
        slipping=slipping,
        deviations=list(selectors.deviations().exclude(status=Deviation.Status.CLOSED).order_by("project__code")),
    )


def _light(value: str) -> str:
    return str(Light(value).label)


def _project_rows(r: PeriodReport) -> list[list[str]]:
    return [
        [
            entry["code"],
            entry["title"],
            number(entry["cost_p50"]),
            number(report.forecast_p50) if report else "–",
            number(report.spent_to_date) if report else "–",
            *([_light(light) for _d, _l, light, _c in report.lights()] if report else [_("Not reported")] + ["–"] * 3),
        ]
        for entry, report in r.rows
    ]


def _source_rows(r: PeriodReport) -> list[list[str]]:
    return [
        [
            s["name"],
            number(s["frame"]) if s["frame"] is not None else "–",
            number(s["budget"]),
            number(s["spent"]),
            number(s["adopted"]),
            number(s["forecast"]),
        ]
        for s in r.sources
    ]


PROJECT_HEADS = (
    gettext_lazy("Id"),
    gettext_lazy("Project"),
    gettext_lazy("Adopted (MNOK)"),
    gettext_lazy("Forecast (MNOK)"),
    gettext_lazy("Spent (MNOK)"),
)
SOURCE_HEADS = (
    gettext_lazy("Source"),
    gettext_lazy("Frame this year"),
    gettext_lazy("Budgeted this year"),
    gettext_lazy("Spent this year"),
    gettext_lazy("Adopted cost"),
    gettext_lazy("Forecast"),
)


def _heads(names: tuple[Any, ...]) -> list[str]:
    return [str(n) for n in names]


def _lights_heads() -> list[str]:
    return [_("Progress"), _("Economy"), _("Uncertainty"), _("Goal achievement")]


def period_document(r: PeriodReport) -> Document:
    return Document(
        title=_("Status report for the action programme, %(p)s") % {"p": r.label},
        subtitle=str(r.version),
        blocks=[
            Facts(
                [
                    (_("Reported against"), str(r.version)),
                    (_("Reports received"), f"{len(r.rows) - len(r.missing)} / {len(r.rows)}"),
                    (_("Open deviations"), str(len(r.deviations))),
                ]
            ),
            Heading(_("Projects")),
            Table([*_heads(PROJECT_HEADS), *_lights_heads()], _project_rows(r)),
            Heading(_("Economy by funding source, %(y)s (MNOK)") % {"y": r.year}),
            Table(_heads(SOURCE_HEADS), _source_rows(r)),
            Heading(_("Milestones slipping")),
            Table(
                [_("Id"), _("Milestone"), _("Planned"), _("Forecast"), _("Months late")],
                [[m["code"], m["name"], m["planned"], m["forecast"], str(m["months"])] for m in r.slipping],
            )
            if r.slipping
            else Paragraph(_("No milestone is forecast later than planned.")),
            Heading(_("Open deviations")),
            Table(
                [_("Id"), _("Rule"), _("What the report shows"), _("Status")],
                [[d.project.code, d.get_rule_display(), d.describe(), d.get_status_display()] for d in r.deviations],
            )
            if r.deviations
            else Paragraph(_("No open deviations.")),
        ],
    )


def period_xlsx(r: PeriodReport) -> bytes:
    return to_xlsx(
        [
            (
                _("Projects"),
                [*_heads(PROJECT_HEADS), *_lights_heads()],
                [
                    [
                        entry["code"],
                        entry["title"],
                        float(entry["cost_p50"]),
                        float(report.forecast_p50) if report else None,
                        float(report.spent_to_date) if report else None,
                        *([_light(light) for _d, _l, light, _c in report.lights()] if report else [_("Not reported")]),
                    ]
                    for entry, report in r.rows
                ],
            ),
            (
                _("Sources"),
                _heads(SOURCE_HEADS),
                [
                    [s["name"], s["frame"], *(float(s[k]) for k in ("budget", "spent", "adopted", "forecast"))]
                    for s in r.sources
                ],
            ),
            (
                _("Deviations"),
                [_("Id"), _("Rule"), _("What the report shows"), _("Status")],
                [[d.project.code, d.get_rule_display(), d.describe(), d.get_status_display()] for d in r.deviations],
            ),
        ]
    )


@transaction.atomic
def period_case(*, actor: Any, r: PeriodReport, officer: User) -> Case:
    """An information case to the Prioritisation Council with the paper drafted from the period's report."""
    council = Forum.objects.get(kind=Forum.Kind.COUNCIL, ended_on__isnull=True)
    title = _("Status report for the action programme, %(p)s") % {"p": r.label}
    case = cases.case_open(actor=actor, title=title, subject=Subject.ACTION_PROGRAMME, officer=officer)
    treatment = cases.treatment_add(actor=actor, case=case, kind=CaseKind.ORIENTERING, forum=council)
    reds = sum(1 for _e, report in r.rows if report is not None and report.worst == Light.RED)
    forecast = sum((s["forecast"] for s in r.sources), Decimal(0))
    adopted = sum((s["adopted"] for s in r.sources), Decimal(0))
    cases.paper_save(
        actor=actor,
        paper=treatment.paper,
        data={
            "why": _("The projects of %(v)s have reported for %(p)s; the Council follows the programme up.")
            % {"v": r.version, "p": r.label},
            "mandate_basis": _("The Prioritisation Council's mandate: follow-up of the action programme"),
            "draft_conclusion": _("The Prioritisation Council takes the status report for %(p)s into account.")
            % {"p": r.label},
            "background": _(
                "%(got)s of %(all)s projects have reported; %(red)s have a red light. The forecast for the reported "
                "projects is %(f)s MNOK against %(a)s MNOK adopted for the whole programme."
            )
            % {
                "got": len(r.rows) - len(r.missing),
                "all": len(r.rows),
                "red": reds,
                "f": number(forecast),
                "a": number(adopted),
            },
            "assessment": "",
            "consequences": "; ".join(f"{d.project.code}: {d.describe()}" for d in r.deviations)
            or _("No open deviations."),
            "further_handling": _("Deviations that need a decision come to the Council as cases of their own."),
        },
    )
    return case
