"""Database ↔ engine: a scenario becomes a ``byvekst.portfolio/1`` document, and a document becomes a scenario.

Value model: with a weight set, each project's value is its criteria value (``assessment.selectors``); without
one, its monetised net benefit. Prerequisites that are not candidates in the scenario are treated as already
done or funded elsewhere and left out of ``requires``. Projects whose start window ends before the programme
period are left out, with a note. Projects in construction are mandatory (ongoing and committed).
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from byvekst.assessment.selectors import value_table
from byvekst.audit.services import record
from byvekst.engine.format import FORMAT, FormatError, parse_instance
from byvekst.portfolio.models import FrameVersion, Scenario
from byvekst.projects.models import Phase, PriceIndex, Project

THIN = 0.5  # a value resting on less than half of the weight is thin


def project_values(scenario: Scenario, projects: list[Project], notes: list[str]) -> dict[str, float]:
    """Each candidate's value, and a note when values rest on thin data (less than half of the weight on criteria
    with data for the project) — the run page shows it above the result."""
    if scenario.weight_set is not None and scenario.criteria_set is not None:
        rows = value_table(scenario.criteria_set, scenario.weight_set.weights, projects)
        thin = sorted(r.project.code for r in rows if r.coverage < THIN)
        if thin:
            notes.append(
                _(
                    "Thin data: for %(n)s of %(m)s candidates less than half of the weight rests on criteria with "
                    "data (%(list)s). Their values are uncertain; see the data coverage on the ranking page."
                )
                % {"n": len(thin), "m": len(rows), "list": ", ".join(thin[:12]) + (" …" if len(thin) > 12 else "")}
            )
        return {r.project.code: round(r.value, 4) for r in rows}
    missing = sorted(p.code for p in projects if p.net_benefit is None)
    if missing:
        notes.append(
            _("No net benefit on %(n)s sheets (%(list)s): their value counts as 0.")
            % {"n": len(missing), "list": ", ".join(missing[:12]) + (" …" if len(missing) > 12 else "")}
        )
    return {p.code: float(p.net_benefit or 0) for p in projects}


def _profile(p: Project, scale: Decimal) -> list[float]:
    return [round(float(Decimal(str(x)) * scale), 4) for x in p.cost_profile]


def _capacity_from_sheets(
    scenario: Scenario, projects: list[Project], years: list[int], notes: list[str]
) -> list[dict[str, Any]]:
    """Owner capacity in person-months a year, turned into a yearly spend limit with the owner's own ratio of
    cost to work on its sheets: rate = Σ P50 / Σ (capacity need × years of work), MNOK per person-month."""
    rules = []
    for owner, limit in (scenario.owner_capacity or {}).items():
        mine = [p for p in projects if p.owner.short_name == owner and p.capacity_person_months and p.cost_p50]
        work = sum(float(p.capacity_person_months or 0) * max(len(p.cost_profile), 1) for p in mine)
        if not work:
            notes.append(_("%(o)s: no sheet states a capacity need, so its capacity rule is left out.") % {"o": owner})
            continue
        rate = sum(float(p.cost_p50 or 0) for p in mine) / work
        rules += [{"owner": owner, "year": y, "max_spend": round(limit * rate, 4)} for y in years]
    return rules


def price_factors(frame: FrameVersion, projects: list[Project], notes: list[str]) -> dict[str, Decimal]:
    """Each sheet's factor from its own price year to the frames' price year, by the newest price index; 1 (and a
    note) where the index lacks a year, so that nothing is converted silently."""
    index = PriceIndex.objects.first()
    target = frame.price_year
    factors: dict[str, Decimal] = {}
    unknown = []
    for p in projects:
        if p.price_year is None or target is None or p.price_year == target:
            factors[p.code] = Decimal(1)
            continue
        factor = index.factor(p.price_year, target) if index else None
        if factor is None:
            unknown.append(p.code)
            factors[p.code] = Decimal(1)
        else:
            factors[p.code] = Decimal(str(round(factor, 6)))
    converted = sum(1 for f in factors.values() if f != 1)
    if converted and index is not None:
        notes.append(
            _("Amounts of %(n)s sheets converted to %(y)s-kroner with %(index)s.")
            % {"n": converted, "y": target, "index": index}
        )
    if unknown:
        notes.append(
            _("No price index for the price year of %(list)s: their amounts are used as given.")
            % {"list": ", ".join(unknown[:12]) + (" …" if len(unknown) > 12 else "")}
        )
    return factors


def _revised(doc: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """A project as a revision sees it: its remaining cost (from the newest status report, in the frames' kroner),
    and, when under way, its start fixed and a place in the portfolio kept."""
    doc = {**doc, "cost_profile": override["cost_profile"], "cost_p85_profile": override["cost_p85_profile"]}
    if override.get("fixed"):
        doc.update(earliest_start=override["start"], latest_start=override["start"], status="mandatory")
    return doc


def scenario_to_instance(scenario: Scenario) -> tuple[dict[str, Any], list[str]]:
    """(the instance document, notes about projects left out or adjusted)."""
    frame = scenario.frame
    years = frame.year_list
    projects = list(scenario.projects.select_related("owner").prefetch_related("requires"))
    notes: list[str] = []
    prices = price_factors(frame, projects, notes)
    values = project_values(scenario, projects, notes)
    codes = {p.code for p in projects}
    overrides = (scenario.revision or {}).get("overrides", {})
    docs = []
    for p in projects:
        if not p.cost_profile or not p.cost_p50 or not p.funding or p.earliest_start is None or p.latest_start is None:
            notes.append(
                _("%(code)s is left out: its sheet lacks cost, profile, funding or start window.") % {"code": p.code}
            )
            continue
        if p.latest_start < years[0] and not overrides.get(p.code, {}).get("fixed"):
            notes.append(
                _("%(code)s is left out: its latest start %(y)s is before the period.")
                % {"code": p.code, "y": p.latest_start}
            )
            continue
        p85_scale = (p.cost_p85 / p.cost_p50) if p.cost_p85 else Decimal(1)
        status = "candidate"
        if p.code in scenario.excluded:
            status = "excluded"
        elif p.code in scenario.mandatory or p.phase == Phase.CONSTRUCTION:
            status = "mandatory"
        funding = {k: float(Decimal(str(v)) / 100) for k, v in p.funding.items() if Decimal(str(v))}
        total = sum(funding.values())
        funding = {k: v / total for k, v in funding.items()}
        doc = {
            "id": p.code,
            "name": p.title,
            "owner": p.owner.short_name,
            "area": p.area_code,
            "focus_area": (p.focus_area_codes or ["–"])[0],
            "cost_profile": _profile(p, prices[p.code]),
            "cost_p85_profile": _profile(p, p85_scale * prices[p.code]),
            "funding": funding,
            "value": values.get(p.code, 0.0),
            "earliest_start": max(p.earliest_start, years[0]),
            "latest_start": p.latest_start,
            "status": status,
            "requires": sorted(r.code for r in p.requires.all() if r.code in codes),
            **({"exclusive_group": p.exclusive_group} if p.exclusive_group else {}),
        }
        docs.append(_revised(doc, overrides[p.code]) if p.code in overrides else doc)
    sources = sorted(frame.amounts)
    used = {s for d in docs for s in d["funding"]} | {a["source"] for a in frame.allocations if a.get("source")}
    for s in sorted(used - set(sources)):
        notes.append(_("Funding source %(s)s has no frame; it gets a frame of 0.") % {"s": s})
        sources.append(s)
    doc = {
        "format": FORMAT,
        "name": scenario.name,
        "currency_unit": "MNOK",
        "price_basis": frame.price_basis,
        "years": years,
        "funding_sources": sources,
        "budget": {
            s: [None if x is None else float(x) for x in frame.amounts.get(s, [0] * len(years))] for s in sources
        },
        **({"budget_totals": {s: float(v) for s, v in frame.totals.items()}} if frame.totals else {}),
        **({"yearly_totals": frame.year_totals} if frame.year_totals else {}),
        "carry_over": frame.carry_over,
        "discount_rate": frame.discount_rate,
        "cost_basis": scenario.cost_basis,
        "projects": docs,
        "balance": scenario.balance,
        "capacity": scenario.capacity + _capacity_from_sheets(scenario, projects, years, notes),
        "allocations": frame.allocations,
    }
    parse_instance(doc)  # the database must never produce an invalid instance; fail loudly if it does
    return doc, notes


@transaction.atomic
def scenario_from_instance(*, actor: Any, doc: Any, name: str = "") -> Scenario:
    """Create a draft frame and a scenario from an uploaded instance. Project ids must exist here."""
    try:
        inst = parse_instance(doc)
    except FormatError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    found = {p.code: p for p in Project.objects.filter(code__in=[p.id for p in inst.projects])}
    missing = [p.id for p in inst.projects if p.id not in found]
    if missing:
        raise ValidationError({"file": _("Unknown project ids: %(ids)s.") % {"ids": ", ".join(missing[:10])}})
    number = (FrameVersion.objects.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    frame = FrameVersion.objects.create(
        number=number,
        name=f"{inst.name or 'Import'} – rammer",
        price_basis=inst.price_basis or "2026-kroner",
        first_year=inst.years[0],
        years=len(inst.years),
        amounts={k: [None if math.isinf(x) else x for x in v] for k, v in inst.budget.items()},
        totals=dict(inst.budget_totals),
        year_totals=[None if math.isinf(x) else x for x in inst.yearly_totals] if inst.yearly_totals else None,
        allocations=[{k: v for k, v in a.__dict__.items() if v is not None} for a in inst.allocations],
        carry_over=inst.carry_over,
        discount_rate=inst.discount_rate,
    )
    scenario = Scenario.objects.create(
        name=name or inst.name or "Import",
        frame=frame,
        cost_basis=inst.cost_basis,
        created_by=actor,
        mandatory=[p.id for p in inst.projects if p.status == "mandatory"],
        excluded=[p.id for p in inst.projects if p.status == "excluded"],
        balance=[{k: v for k, v in b.__dict__.items() if v is not None} for b in inst.balance],
        capacity=[dict(c.__dict__) for c in inst.capacity],
    )
    scenario.projects.set(found.values())
    record(
        actor=actor,
        event_type="scenario.imported",
        obj=scenario,
        new={"frame": frame.number, "projects": len(found), "name": scenario.name},
    )
    return scenario
