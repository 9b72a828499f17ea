"""The action programme as Word/PDF (tables by programme area, year and source) and as Excel; plain data in."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.utils.translation import gettext as _

from byvekst.documents.excel import to_xlsx
from byvekst.documents.spec import Document, Facts, Heading, Paragraph, Table, number
from byvekst.portfolio.models import ProgrammeVersion
from byvekst.projects.models import FUNDING_SOURCES


def _yearly(selection: list[dict[str, Any]], years: list[int]) -> dict[str, list[float]]:
    """Cost per project per programme year (P50 profile from its start)."""
    out = {}
    for s in selection:
        row = [0.0] * len(years)
        for k, c in enumerate(s.get("profile") or []):
            year = s["start"] + k
            if year in years:
                row[years.index(year)] += float(c)
        out[s["code"]] = row
    return out


def _source_names() -> dict[str, str]:
    return {k: str(v) for k, v in FUNDING_SOURCES}


def programme_tables(version: ProgrammeVersion, names: dict[str, str]) -> dict[str, Any]:
    p = version.programme
    years = list(range(p.first_year, p.last_year + 1))
    yearly = _yearly(version.selection, years)
    by_area: dict[str, list[float]] = defaultdict(lambda: [0.0] * len(years))
    by_source: dict[str, list[float]] = defaultdict(lambda: [0.0] * len(years))
    for s in version.selection:
        area = names.get(s.get("programme_area") or "", s.get("programme_area") or "–")
        for t, c in enumerate(yearly[s["code"]]):
            by_area[area][t] += c
            for source, share in (s.get("funding") or {}).items():
                by_source[source][t] += c * float(share) / 100
    return {"years": years, "yearly": yearly, "by_area": dict(by_area), "by_source": dict(by_source)}


def programme_document(version: ProgrammeVersion, names: dict[str, str]) -> Document:
    t = programme_tables(version, names)
    sources = _source_names()
    years = t["years"]
    head = [str(y) for y in years] + [_("Total")]
    projects = [
        [
            s["code"],
            s["title"],
            s["owner"],
            str(s["start"]),
            *[number(x) for x in t["yearly"][s["code"]]],
            number(sum(t["yearly"][s["code"]])),
        ]
        for s in version.selection
    ]
    return Document(
        title=f"{version.programme.name}",
        subtitle=f"{version.get_stage_display()} – {_('version')} {version.number}",
        blocks=[
            Facts(
                [
                    (_("Period"), f"{years[0]}–{years[-1]}"),
                    (_("Projects"), str(len(version.selection))),
                    (_("Reason / decision"), version.reason or "–"),
                ]
            ),
            Heading(_("By programme area (MNOK)")),
            Table(
                [_("Programme area"), *head],
                [[a, *[number(x) for x in v], number(sum(v))] for a, v in t["by_area"].items()],
            ),
            Heading(_("By funding source (MNOK)")),
            Table(
                [_("Source"), *head],
                [[sources.get(s, s), *[number(x) for x in v], number(sum(v))] for s, v in t["by_source"].items()],
            ),
            Heading(_("Projects")),
            Table([_("Id"), _("Title"), _("Owner"), _("Start"), *head], projects),
            Paragraph(_("Amounts are P50 cost in the price basis of the frames.")),
        ],
    )


def programme_xlsx(version: ProgrammeVersion, names: dict[str, str]) -> bytes:
    t = programme_tables(version, names)
    sources = _source_names()
    years = [str(y) for y in t["years"]]
    return to_xlsx(
        [
            (
                "Prosjekter",
                ["ID", "Tittel", "Eier", "Område", "Start", *years],
                [
                    [
                        s["code"],
                        s["title"],
                        s["owner"],
                        names.get(s["area"], s["area"]),
                        s["start"],
                        *t["yearly"][s["code"]],
                    ]
                    for s in version.selection
                ],
            ),
            ("Programområder", ["Programområde", *years], [[a, *v] for a, v in t["by_area"].items()]),
            ("Kilder", ["Kilde", *years], [[sources.get(s, s), *v] for s, v in t["by_source"].items()]),
        ]
    )
