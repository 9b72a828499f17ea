"""Status reports for many projects at once: a workbook with one row per programme project (filled in from the
last report), and its import — every cell checked first, nothing saved unless every row is right, and a row
that says what the period's report already says is left alone (the import can be run twice)."""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from byvekst.audit.services import appending
from byvekst.core.labels import codes_by_label
from byvekst.core.limits import decimal_or_none
from byvekst.documents.excel import to_xlsx
from byvekst.followup import selectors, services
from byvekst.followup.models import Light, StatusReport
from byvekst.projects.excel import CellError, unzipped_size_error
from byvekst.projects.models import Phase, Project

SHEET = "Statusrapporter"
MONEY = ("granted_to_date", "spent_to_date", "budget_this_year", "spent_this_year", "forecast_p50", "forecast_p85")
# (key, header); the headers are the template's, in bokmål like the sheet template.
COLUMNS: list[tuple[str, str]] = [
    ("code", "Prosjekt-ID"),
    ("title", "Tittel (leses ikke)"),
    ("phase", "Fase"),
    ("percent_complete", "Prosent ferdig"),
    ("granted_to_date", "Bevilget hittil (MNOK)"),
    ("spent_to_date", "Brukt hittil (MNOK)"),
    ("budget_this_year", "Årets budsjett (MNOK)"),
    ("spent_this_year", "Brukt i år (MNOK)"),
    ("forecast_p50", "Prognose P50 (MNOK)"),
    ("forecast_p85", "Prognose P85 (MNOK)"),
    ("light_progress", "Lys fremdrift"),
    ("comment_progress", "Kommentar fremdrift"),
    ("light_economy", "Lys økonomi"),
    ("comment_economy", "Kommentar økonomi"),
    ("light_uncertainty", "Lys usikkerhet"),
    ("comment_uncertainty", "Kommentar usikkerhet"),
    ("light_goals", "Lys måloppnåelse"),
    ("comment_goals", "Kommentar måloppnåelse"),
    ("new_risks", "Nye risikoer"),
    ("goals_note", "Måloppnåelse"),
    ("correction", "Hva en ny versjon retter"),
]
HEADERS = [h for _k, h in COLUMNS]
COMPARED = [k for k, _h in COLUMNS if k not in ("code", "title", "correction")]


def _cell_out(report: StatusReport | None, key: str) -> Any:
    if report is None:
        return None
    value = getattr(report, key)
    if key == "phase":
        return str(Phase(value).label)
    if key.startswith("light_"):
        return str(Light(value).label)
    return float(value) if isinstance(value, Decimal) else value


def template_xlsx(codes: list[str], year: int, period: int) -> bytes:
    """One row per project in ``codes``: the period's report if sent, else the last one, to type over."""
    version = selectors.adopted_version()
    titles = {s["code"]: s["title"] for s in (version.selection if version else [])}
    newest: dict[str, StatusReport] = {}
    for r in selectors.reports().filter(project__code__in=codes).order_by("-year", "-period", "-version"):
        newest.setdefault(r.project.code, r)
    rows = [
        [code, titles.get(code, ""), *[_cell_out(newest.get(code), k) for k, _h in COLUMNS[2:-1]], None]
        for code in codes
    ]
    notes = {
        "Periode": f"{year}-{period}",
        "Faser": ", ".join(str(label) for _c, label in Phase.choices),
        "Lys": ", ".join(str(label) for _c, label in Light.choices),
    }
    return to_xlsx([(SHEET, HEADERS, rows)], notes)


@dataclass(frozen=True)
class ReportImport:
    sent: list[str]
    unchanged: list[str]
    errors: list[CellError]


def _error(row: int, key: str, message: str) -> CellError:
    column = next(i for i, (k, _h) in enumerate(COLUMNS, start=1) if k == key)
    return CellError(row, column, COLUMNS[column - 1][1], message, sheet=SHEET)


def _read(content: bytes) -> tuple[list[tuple[int, dict[str, Any]]], list[CellError]]:
    guard = unzipped_size_error(content)
    if guard:
        return [], [CellError(0, 1, "", guard, sheet=SHEET)]
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        return [], [CellError(0, 1, "", _("The file is not an Excel workbook (.xlsx): %(e)s") % {"e": exc})]
    if SHEET not in wb.sheetnames:
        return [], [CellError(0, 1, "", _("The workbook has no sheet named “%(s)s”.") % {"s": SHEET})]
    limit = int(settings.BYVEKST_IMPORT_MAX_ROWS)
    rows = list(itertools.islice(wb[SHEET].iter_rows(values_only=True), limit + 2))
    if len(rows) > limit + 1:
        return [], [CellError(0, 1, "", _("The file has more than %(n)s rows; split it.") % {"n": limit})]
    if not rows or [str(h or "").strip() for h in rows[0][: len(HEADERS)]] != HEADERS:
        return [], [CellError(1, 1, "", _("The header row does not match the template; download it again."), SHEET)]
    return [
        (r, {k: (values[i] if i < len(values) else None) for i, (k, _h) in enumerate(COLUMNS)})
        for r, values in enumerate(rows[1:], start=2)
        if any(v is not None and str(v).strip() for v in values)
    ], []


def _convert(row: int, raw: dict[str, Any], errors: list[CellError]) -> dict[str, Any]:
    """Labels to codes and numbers as typed; the service checks the rest (and names the same columns)."""
    phases, lights = codes_by_label(Phase.choices), codes_by_label(Light.choices)
    data: dict[str, Any] = {}
    for key, value in raw.items():
        text = "" if value is None else str(value).strip()
        if key == "phase":
            data[key] = phases.get(text.lower(), text)
        elif key.startswith("light_"):
            data[key] = lights.get(text.lower(), text)
        elif key in MONEY:
            number = decimal_or_none(value)
            if text and number is None:
                errors.append(_error(row, key, _("“%(v)s” is not a number") % {"v": text}))
            data[key] = text if number is None else number
        elif key == "percent_complete":
            data[key] = int(value) if isinstance(value, int | float) and float(value).is_integer() else text
        else:
            data[key] = text
    return data


def _same(report: StatusReport, data: dict[str, Any]) -> bool:
    def norm(key: str, value: Any) -> Any:
        if key in MONEY:
            number = decimal_or_none(value)
            return None if number is None else number.quantize(services.CENT)
        return value if value not in (None, "") else ""

    return all(norm(k, getattr(report, k)) == norm(k, data.get(k)) for k in COMPARED)


@transaction.atomic
def reports_import(*, actor: Any, content: bytes, year: int, period: int, allowed: set[str]) -> ReportImport:
    """Import a filled-in workbook for a period. ``allowed``: the project ids the person may report."""
    rows, errors = _read(content)
    if errors:
        return ReportImport([], [], errors)
    projects = {p.code: p for p in Project.objects.filter(code__in=[str(d["code"] or "").strip() for _r, d in rows])}
    latest = selectors.latest_reports(list(projects), year, period)
    newest: dict[str, StatusReport] = {}
    for r in selectors.reports().filter(project__code__in=list(projects)).order_by("-year", "-period", "-version"):
        newest.setdefault(r.project.code, r)
    todo: list[tuple[Project, dict[str, Any], str]] = []
    unchanged: list[str] = []
    seen: set[str] = set()
    for row, raw in rows:
        code = str(raw["code"] or "").strip()
        if code not in projects:
            errors.append(_error(row, "code", _("unknown project id “%(v)s”") % {"v": code}))
            continue
        if code not in allowed:
            errors.append(_error(row, "code", _("you do not report for %(v)s") % {"v": code}))
            continue
        if code in seen:
            errors.append(_error(row, "code", _("%(v)s appears twice") % {"v": code}))
            continue
        seen.add(code)
        data = _convert(row, raw, errors)
        done = latest.get(code)
        if done is not None and _same(done, data):
            unchanged.append(code)
            continue
        _values, problems = services.validate(data)
        if done is not None and not data["correction"]:
            problems["correction"] = _("This period is already reported: say what the new version corrects.")
        for key, message in problems.items():
            column = "code" if key == "project" else key
            if any(k == column for k, _h in COLUMNS):
                errors.append(_error(row, column, message))
        previous = newest.get(code)
        data["milestones"] = previous.milestones if previous else []
        todo.append((projects[code], data, data.pop("correction")))
    if errors:
        return ReportImport([], [], errors)
    with appending():
        for project, data, correction in todo:
            services.report_submit(
                actor=actor, project=project, year=year, period=period, data=data, correction=correction
            )
    return ReportImport([p.code for p, _d, _c in todo], unchanged, [])
