"""The project sheet as a document (Word and PDF share it), built from a snapshot — plain data, no ORM."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from byvekst.documents.spec import Document, Facts, Heading, Paragraph, Table
from byvekst.projects.models import FUNDING_SOURCES, IMPACT_THEMES, MeasureKind, Phase, SheetStatus


def _v(value: Any, unit: str = "") -> str:
    """A snapshot value as the reader writes it: numbers grouped with the locale's decimal sign, then the unit."""
    if value in (None, "", [], {}):
        return "–"
    if isinstance(value, int):  # years and counts as they are: 2027, not 2 027
        return f"{value} {unit}".strip()
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        amount = None
    if amount is not None and amount.is_finite() and not isinstance(value, bool):
        value = number_format(amount.normalize() + 0, use_l10n=True, force_grouping=True)
    return f"{value} {unit}".strip()


def sheet_document(snap: dict[str, Any], *, status: str, version: int | None, names: dict[str, str]) -> Document:
    """``names`` maps configuration codes (areas, programme and focus areas) to their names."""
    funding = dict(FUNDING_SOURCES)
    themes = dict(IMPACT_THEMES)
    built = snap.get("measure_kind", MeasureKind.INVESTMENT) == MeasureKind.INVESTMENT  # the fields that fit it
    blocks: list[Any] = [
        Heading(_("Description")),
        Facts(
            [
                (_("Description and scope"), _v(snap.get("description"))),
                (_("Need and the problem it solves"), _v(snap.get("need"))),
            ]
        ),
        Heading(_("Responsibility and place")),
        Facts(
            [
                (_("Owner (byggherre)"), _v(snap.get("owner"))),
                (_("The owner's own id"), _v(snap.get("external_id"))),
                *(
                    [
                        (_("Road owner after completion"), _v(snap.get("road_owner"))),
                        (_("Operation responsible after completion"), _v(snap.get("operator"))),
                    ]
                    if built
                    else []
                ),
                (_("Municipality / district"), f"{_v(snap.get('municipality'))} / {_v(snap.get('district'))}"),
                (_("Other municipalities"), ", ".join(snap.get("other_municipalities") or []) or "–"),
                (_("Other areas"), ", ".join(names.get(a, a) for a in snap.get("other_areas") or []) or "–"),
                (_("Region-wide"), _("yes") if snap.get("region_wide") else _("no")),
                (_("Kind of measure"), str(dict(MeasureKind.choices).get(str(snap.get("measure_kind")), "–"))),
                (_("Geographic area"), names.get(str(snap.get("area_code") or ""), _v(snap.get("area_code")))),
                (_("Programme area"), names.get(str(snap.get("programme_area_code") or ""), "–")),
                (_("Focus areas"), ", ".join(names.get(c, c) for c in snap.get("focus_area_codes") or []) or "–"),
                (_("Phase"), str(dict(Phase.choices).get(str(snap.get("phase")), "–"))),
            ]
        ),
        Heading(_("Cost")),
        Facts(
            [
                (
                    "P10 / P50 / P85",
                    f"{_v(snap.get('cost_p10'))} / {_v(snap.get('cost_p50'))} / "
                    f"{_v(snap.get('cost_p85'))} MNOK ({_('price basis')} {_v(snap.get('price_year'))})",
                ),
                (_("Yearly profile (P50)"), "; ".join(_v(x) for x in snap.get("cost_profile") or []) or "–"),
                (
                    _("Requested / granted in the period"),
                    f"{_v(snap.get('requested'), 'MNOK')} / {_v(snap.get('granted'), 'MNOK')}",
                ),
                (
                    _("Granted before the period / remaining need after it"),
                    f"{_v(snap.get('granted_before'), 'MNOK')} / {_v(snap.get('remaining_after'), 'MNOK')}",
                ),
                (_("Start window"), f"{_v(snap.get('earliest_start'))}–{_v(snap.get('latest_start'))}"),
                *(
                    [
                        (_("Completion year"), _v(snap.get("completion_year"))),
                        (_("Quantity"), _v(snap.get("quantity"), str(snap.get("quantity_unit") or ""))),
                    ]
                    if built
                    else []
                ),
                (_("Capacity need"), _v(snap.get("capacity_person_months"), _("person-months per year"))),
            ]
        ),
        Table(
            [_("Funding source"), _("Share (%)")],
            [[str(funding.get(k, k)), _v(v)] for k, v in (snap.get("funding") or {}).items()],
        ),
        Heading(_("Effects")),
        Facts(
            [
                (_("Change in car trips per day"), _v(snap.get("car_trips_per_day"))),
                (_("Change in vehicle-km per day"), _v(snap.get("vehicle_km_per_day"))),
                (
                    _("New walking / cycling / public-transport trips per day"),
                    f"{_v(snap.get('walk_trips_per_day'))} / {_v(snap.get('cycle_trips_per_day'))} / "
                    f"{_v(snap.get('pt_trips_per_day'))}",
                ),
                (_("Method and source"), _v(snap.get("effect_method"))),
                (_("Net benefit / NNB"), f"{_v(snap.get('net_benefit'), 'MNOK')} / {_v(snap.get('nnb'))}"),
            ]
        ),
        Table(
            [_("Impact"), _("Grade (−4…+4)"), _("Justification")],
            [
                [
                    str(themes.get(k, k)),
                    f"{e.get('grade'):+d}" if e.get("grade") is not None else "–",
                    e.get("justification", ""),
                ]
                for k, e in (snap.get("impacts") or {}).items()
            ],
        ),
        Heading(_("Risks")),
        Table(
            [_("Risk"), _("Probability"), _("Consequence"), _("Mitigation"), _("Owner")],
            [
                [r["description"], str(r["probability"]), str(r["consequence"]), r["mitigation"], r["responsible"]]
                for r in snap.get("risks") or []
            ],
        ),
        Heading(_("Dependencies")),
        Paragraph(", ".join(snap.get("requires") or []) or "–"),
    ]
    subtitle = f"{dict(SheetStatus.choices).get(status, status)}" + (f" – {_('version')} {version}" if version else "")
    return Document(title=f"{snap.get('code')} {snap.get('title')}", subtitle=str(subtitle), blocks=blocks)
