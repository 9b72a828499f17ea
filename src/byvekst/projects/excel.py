"""The Excel round trip: a template laid out as planners fill it in, the list export, and the import.

The import checks every cell first and reports each problem as ``Prosjekter!K5 (P50): ...``; if any cell is
wrong nothing is imported. Rows with a project id update that project (when its sheet is still editable);
rows without one create a project. Re-importing the same file changes nothing. The import is one audited
action (``projects.imported``) listing what it created and changed.
"""

from __future__ import annotations

import io
import itertools
import json
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from byvekst.audit.services import appending, record
from byvekst.core.labels import codes_by_label
from byvekst.documents.excel import to_xlsx
from byvekst.governance.models import Party
from byvekst.governance.selectors import config_codes_cached, config_entries, current_config
from byvekst.projects import services
from byvekst.projects.models import FUNDING_SOURCES, IMPACT_THEMES, MeasureKind, Phase, Project
from byvekst.projects.services import SHEET_FIELDS, snapshot
from byvekst.projects.validation import check_rules

SHEET_KEYS = frozenset(SHEET_FIELDS)

SHEET = "Prosjekter"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str  # text | number | int | profile | list | code
    required: bool = False


@cache
def columns() -> list[Column]:
    """The template's columns: every field of the sheet (risks and the checklist are answered on the sheet page).
    Headers are in bokmål, with source and theme names, never codes."""
    with translation.override("nb"):
        funding = [Column(f"funding_{k}", f"Finansiering: {label} (%)", "number") for k, label in FUNDING_SOURCES]
        impacts = [
            column
            for k, label in IMPACT_THEMES
            for column in (
                Column(f"impact_{k}", f"Virkning: {label} (−4 til +4)", "grade"),
                Column(f"impact_{k}_why", f"Begrunnelse: {label}", "text"),
            )
        ]
    return [
        Column("code", "Prosjekt-ID (tom for nytt)", "text"),
        Column("external_id", "Eierens egen ID", "text"),
        Column("title", "Tittel", "text", True),
        Column("description", "Beskrivelse og omfang", "text"),
        Column("need", "Behov / problem", "text"),
        Column("owner", "Eier (part, kortnavn)", "code", True),
        Column("road_owner", "Vegeier etter ferdigstilling", "text"),
        Column("operator", "Driftsansvarlig etter ferdigstilling", "text"),
        Column("municipality", "Kommune", "text"),
        Column("other_municipalities", "Andre kommuner (komma)", "names"),
        Column("region_wide", "Hele byområdet (ja/nei)", "yesno"),
        Column("district", "Bydel", "text"),
        Column("area_code", "Geografisk område", "code", True),
        Column("other_areas", "Andre geografiske områder (komma)", "list"),
        Column("location", "Plassering (GeoJSON, lengde/bredde)", "geojson"),
        Column("programme_area_code", "Programområde", "code"),
        Column("focus_area_codes", "Satsingsområder (komma)", "list"),
        Column("phase", "Fase", "code"),
        Column("measure_kind", "Type tiltak", "code"),
        Column("cost_p10", "P10 (MNOK)", "number"),
        Column("cost_p50", "P50 (MNOK)", "number"),
        Column("cost_p85", "P85 (MNOK)", "number"),
        Column("price_year", "Prisår", "int"),
        Column("cost_profile", "Kostnadsprofil per år (MNOK; semikolon)", "profile"),
        Column("requested", "Søkt i perioden (MNOK)", "number"),
        Column("granted", "Bevilget i perioden (MNOK)", "number"),
        Column("granted_before", "Bevilget før perioden (MNOK)", "number"),
        Column("remaining_after", "Restbehov etter perioden (MNOK)", "number"),
        *funding,
        Column("earliest_start", "Tidligste start", "int"),
        Column("latest_start", "Seneste start", "int"),
        Column("completion_year", "Ferdig (år)", "int"),
        Column("quantity", "Mengde", "number"),
        Column("quantity_unit", "Enhet for mengde (km, holdeplasser …)", "text"),
        Column("car_trips_per_day", "Endring bilturer per døgn", "int"),
        Column("vehicle_km_per_day", "Endring kjøretøykm per døgn", "int"),
        Column("walk_trips_per_day", "Nye gangturer per døgn", "int"),
        Column("cycle_trips_per_day", "Nye sykkelturer per døgn", "int"),
        Column("pt_trips_per_day", "Nye kollektivturer per døgn", "int"),
        Column("effect_method", "Metode og kilde for virkningene", "text"),
        Column("net_benefit", "Netto nytte (MNOK)", "number"),
        Column("public_cost", "Offentlig kostnad i analysen (MNOK)", "number"),
        *impacts,
        Column("requires", "Avhenger av (prosjekt-ID, komma)", "ids"),
        Column("exclusive_group", "Alternativgruppe", "text"),
        Column("capacity_person_months", "Kapasitetsbehov (månedsverk per år)", "number"),
    ]


def _codes() -> dict[str, dict[str, str]]:
    """Accepted values per coded column: code or name (case-insensitive) -> stored value."""
    cfg = config_entries(current_config())

    def both(items: Any) -> dict[str, str]:
        return {**{i.code.lower(): i.code for i in items}, **{i.name.lower(): i.code for i in items}}

    parties = Party.objects.filter(active=True)
    return {
        "owner": {
            **{p.short_name.lower(): p.slug for p in parties},
            **{p.name.lower(): p.slug for p in parties},
            **{p.slug: p.slug for p in parties},
        },
        "area_code": both(cfg["areas"]),
        "other_areas": both(cfg["areas"]),
        "programme_area_code": both(cfg["programme_areas"]),
        "focus_area_codes": both(cfg["focus_areas"]),
        "phase": codes_by_label(Phase.choices),
        "measure_kind": codes_by_label(MeasureKind.choices),
    }


def _names(project: Project, key: str, names: dict[str, dict[str, str]]) -> Any:
    """A coded cell as the reader sees it: the configuration's name or the fixed list's label, in bokmål."""
    if key in ("area_code", "programme_area_code"):
        code = getattr(project, key)
        return names[key].get(code, code) or None
    if key in ("focus_area_codes", "other_areas"):
        return ", ".join(names[key].get(c, c) for c in getattr(project, key)) or None
    with translation.override("nb"):
        return str(dict((Phase if key == "phase" else MeasureKind).choices)[getattr(project, key)])


def _row_of(project: Project, names: dict[str, dict[str, str]]) -> list[Any]:
    row: list[Any] = []
    for col in columns():
        if col.key in ("area_code", "other_areas", "programme_area_code", "focus_area_codes", "phase", "measure_kind"):
            row.append(_names(project, col.key, names))
        elif col.key == "owner":
            row.append(project.owner.short_name)
        elif col.key == "cost_profile":
            row.append("; ".join(str(x) for x in project.cost_profile))
        elif col.key == "other_municipalities":
            row.append(", ".join(project.other_municipalities) or None)
        elif col.key == "region_wide":
            row.append("ja" if project.region_wide else "nei")
        elif col.key == "location":
            row.append(json.dumps(project.location) if project.location else None)
        elif col.key == "requires":
            row.append(", ".join(sorted(p.code for p in project.requires.all())) or None)
        elif col.key.startswith("funding_"):
            share = project.funding.get(col.key.removeprefix("funding_"))
            row.append(float(share) if share is not None else None)
        elif col.key.startswith("impact_"):
            theme, why = col.key.removeprefix("impact_").removesuffix("_why"), col.key.endswith("_why")
            entry = (project.impacts or {}).get(theme) or {}
            row.append((entry.get("justification") or None) if why else entry.get("grade"))
        else:
            v = getattr(project, col.key)
            row.append(float(v) if isinstance(v, Decimal) else v)
    return row


def export_xlsx(projects: list[Project], *, template: bool = False) -> bytes:
    headers = [c.header for c in columns()]
    cfg = config_entries(current_config())
    names = {
        key: {e.code: e.name for e in cfg[kind]}
        for key, kind in (
            ("area_code", "areas"),
            ("programme_area_code", "programme_areas"),
            ("focus_area_codes", "focus_areas"),
            ("other_areas", "areas"),
        )
    }
    rows = [] if template else [_row_of(p, names) for p in projects]
    codes = _codes()
    notes = {
        "Slik fyller du ut": "Én rad per prosjekt. La Prosjekt-ID stå tom for nye prosjekter; behold den for å "
        "oppdatere et eksisterende. Beløp i MNOK med prisåret i kolonnen Prisår.",
        "Kostnadsprofil": "Beløp per år fra oppstart, skilt med semikolon; summen skal være lik P50.",
        "Finansiering": "Andeler i prosent per kilde; summen skal være 100.",
        "Satsingsområder": "Minst ett, skilt med komma: " + ", ".join(sorted(set(codes["focus_area_codes"].values()))),
        "Områder": ", ".join(sorted(set(codes["area_code"].values()))),
        "Programområder": ", ".join(sorted(set(codes["programme_area_code"].values()))),
        "Eiere": ", ".join(sorted({p.short_name for p in Party.objects.filter(active=True)})),
        "Faser": ", ".join(Phase.values),
    }
    return to_xlsx([(SHEET, headers, rows)], notes)


@dataclass(frozen=True)
class CellError:
    row: int
    column: int
    header: str
    message: str
    sheet: str = SHEET

    def __str__(self) -> str:
        if self.row == 0:  # about the file as a whole
            return self.message
        return f"{self.sheet}!{get_column_letter(self.column)}{self.row} ({self.header}): {self.message}"


def _cell(col: Column, value: Any, codes: dict[str, dict[str, str]]) -> Any:
    """Convert one cell; raise ValueError with a message for the user."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if col.required:
            raise ValueError(_("is required"))
        return {"list": [], "profile": [], "text": "", "ids": [], "code": "", "names": [], "yesno": False}.get(col.kind)
    if col.kind == "text":
        return str(value).strip()
    if col.kind == "geojson":
        try:
            return json.loads(str(value))
        except json.JSONDecodeError as exc:
            raise ValueError(_("not valid GeoJSON: %(e)s") % {"e": exc.msg}) from exc
    if col.kind == "names":
        return [p.strip() for p in str(value).split(",") if p.strip()]
    if col.kind == "yesno":
        answer = str(value).strip().lower()
        if answer not in ("ja", "nei", "yes", "no", "true", "false", "1", "0"):
            raise ValueError(_("answer ja or nei"))
        return answer in ("ja", "yes", "true", "1")
    if col.kind == "ids":
        return sorted({p.strip().upper() for p in str(value).split(",") if p.strip()})
    if col.kind == "grade":
        try:
            grade = int(str(value).replace("−", "-").replace("+", "").strip())
        except ValueError as exc:
            raise ValueError(_("give a whole number from −4 to +4")) from exc
        if not -4 <= grade <= 4:
            raise ValueError(_("give a whole number from −4 to +4"))
        return grade
    if col.kind == "number":
        try:
            return Decimal(str(value).replace(",", ".").strip())
        except InvalidOperation as exc:
            raise ValueError(_("“%(v)s” is not a number") % {"v": value}) from exc
    if col.kind == "int":
        try:
            f = float(str(value).replace(",", "."))
        except ValueError as exc:
            raise ValueError(_("“%(v)s” is not a whole number") % {"v": value}) from exc
        if f != int(f):
            raise ValueError(_("“%(v)s” is not a whole number") % {"v": value})
        return int(f)
    if col.kind == "profile":
        out = []
        for part in str(value).replace(",", ".").split(";"):
            if part.strip():
                try:
                    out.append(str(Decimal(part.strip())))
                except InvalidOperation as exc:
                    raise ValueError(_("“%(v)s” is not a number") % {"v": part.strip()}) from exc
        return out
    accepted = codes[col.key]
    if col.kind == "list":
        items = [p.strip() for p in str(value).split(",") if p.strip()]
        unknown = [i for i in items if i.lower() not in accepted]
        if unknown:
            raise ValueError(_("unknown value “%(v)s”") % {"v": unknown[0]})
        return [accepted[i.lower()] for i in items]
    key = str(value).strip().lower()
    if key not in accepted:
        raise ValueError(_("unknown value “%(v)s”") % {"v": value})
    return accepted[key]


def unzipped_size_error(content: bytes) -> str | None:
    """An .xlsx is a zip: refuse one that would unpack to more than the limit before any XML is parsed (a small
    file can hold gigabytes of repeated XML)."""
    limit = int(settings.BYVEKST_IMPORT_MAX_UNZIPPED_MB) * 1024 * 1024
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        return _("The file is not an Excel workbook (.xlsx).")
    if len(entries) > 10_000 or sum(e.file_size for e in entries) > limit:
        return _("The workbook unpacks to more than %(mb)s MB; it cannot be a filled-in template.") % {
            "mb": settings.BYVEKST_IMPORT_MAX_UNZIPPED_MB
        }
    return None


def parse_xlsx(content: bytes) -> tuple[list[tuple[int, dict[str, Any]]], list[CellError]]:
    """(row number, data) for every filled row, and every cell error found. Linear in the rows: each row is
    checked once, with the configuration read once."""
    guard = unzipped_size_error(content)
    if guard:
        return [], [CellError(0, 1, "", guard)]
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        return [], [CellError(0, 1, "", _("The file is not an Excel workbook (.xlsx): %(e)s") % {"e": exc})]
    if SHEET not in wb.sheetnames:
        return [], [CellError(0, 1, "", _("The workbook has no sheet named “%(s)s”.") % {"s": SHEET})]
    ws = wb[SHEET]
    max_rows = int(settings.BYVEKST_IMPORT_MAX_ROWS)
    rows = list(itertools.islice(ws.iter_rows(values_only=True), max_rows + 2))
    if len(rows) > max_rows + 1:
        message = _("The file has more than %(n)s project rows; split it into several files.") % {"n": max_rows}
        return [], [CellError(0, 1, "", message)]
    if not rows or [str(h or "").strip() for h in rows[0][: len(columns())]] != [c.header for c in columns()]:
        return [], [CellError(1, 1, "", _("The header row does not match the template; download it again."))]
    with config_codes_cached():
        return _parse_rows(rows)


def _parse_rows(rows: list[tuple[Any, ...]]) -> tuple[list[tuple[int, dict[str, Any]]], list[CellError]]:
    codes = _codes()
    parsed: list[tuple[int, dict[str, Any]]] = []
    errors: list[CellError] = []
    index = {c.key: i for i, c in enumerate(columns(), start=1)}
    for r, values in enumerate(rows[1:], start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        data: dict[str, Any] = {}
        row_ok = True
        for i, col in enumerate(columns()):
            try:
                data[col.key] = _cell(col, values[i] if i < len(values) else None, codes)
            except ValueError as exc:
                errors.append(CellError(r, i + 1, col.header, str(exc)))
                row_ok = False
        if not row_ok:
            continue
        data["funding"] = {
            k: str(data.pop(f"funding_{k}"))
            for k, _l in FUNDING_SOURCES
            if data.get(f"funding_{k}") not in (None, Decimal(0))
        }
        for k, _l in FUNDING_SOURCES:
            data.pop(f"funding_{k}", None)
        for coded in ("phase", "measure_kind"):
            if not data.get(coded):
                data.pop(coded, None)  # not given: a new sheet gets the default, an existing one keeps its own
        data["impacts"] = {
            k: {"grade": grade, "justification": data.pop(f"impact_{k}_why") or ""}
            for k, _l in IMPACT_THEMES
            if (grade := data.pop(f"impact_{k}")) is not None
        }
        for k, _l in IMPACT_THEMES:
            data.pop(f"impact_{k}_why", None)
        for key, message in check_rules(data).items():
            column = index.get("funding_bompenger" if key == "funding" else key, 1)
            errors.append(CellError(r, column, columns()[column - 1].header, message))
        parsed.append((r, data))
    errors += _match_external_ids(parsed, index)
    errors += _resolve_requires(parsed, index)
    codes_seen: dict[str, int] = {}
    for r, data in parsed:
        code = data.get("code")
        if code:
            if code in codes_seen:
                errors.append(
                    CellError(
                        r, 1, columns()[0].header, _("the same project id is on row %(r)s") % {"r": codes_seen[code]}
                    )
                )
            codes_seen[code] = r
    existing = dict(Project.objects.filter(code__in=list(codes_seen)).values_list("code", "status"))
    for code, r in codes_seen.items():
        if code not in existing:
            errors.append(CellError(r, 1, columns()[0].header, _("no project has the id %(c)s") % {"c": code}))
        elif existing[code] not in ("utkast", "returnert"):
            errors.append(
                CellError(
                    r, 1, columns()[0].header, _("%(c)s is submitted and cannot be changed by import") % {"c": code}
                )
            )
    return parsed, errors


def _match_external_ids(parsed: list[tuple[int, dict[str, Any]]], index: dict[str, int]) -> list[CellError]:
    """A row without a project id but with the owner's own id updates the owner's sheet with that id: the same
    file imported twice makes no duplicates. One query for the whole file."""
    column = index["external_id"]
    header = columns()[column - 1].header
    wanted = {data["external_id"] for _r, data in parsed if data.get("external_id")}
    known = {
        (owner, ext): code
        for owner, ext, code in Project.objects.filter(external_id__in=wanted).values_list(
            "owner__slug", "external_id", "code"
        )
    }
    errors: list[CellError] = []
    seen: dict[tuple[str, str], int] = {}
    for r, data in parsed:
        key = (str(data.get("owner")), str(data.get("external_id") or ""))
        if not key[1]:
            continue
        if key in seen:
            errors.append(CellError(r, column, header, _("the same own id is on row %(r)s") % {"r": seen[key]}))
        seen[key] = r
        if not data.get("code") and key in known:
            data["code"] = known[key]
    return errors


def _resolve_requires(parsed: list[tuple[int, dict[str, Any]]], index: dict[str, int]) -> list[CellError]:
    """Dependencies name existing projects; the rows get the projects themselves, read in one query."""
    column = index["requires"]
    header = columns()[column - 1].header
    named = {code for _r, data in parsed for code in data.get("requires") or []}
    found = {p.code: p for p in Project.objects.filter(code__in=named)}
    errors = []
    for r, data in parsed:
        missing = [c for c in data.get("requires") or [] if c not in found]
        if missing:
            errors.append(CellError(r, column, header, _("no project has the id %(c)s") % {"c": missing[0]}))
        data["requires"] = [found[c] for c in data.get("requires") or [] if c in found]
    return errors


@dataclass(frozen=True)
class ImportReport:
    created: list[str]
    updated: list[str]
    unchanged: list[str]
    errors: list[CellError]


@transaction.atomic
def projects_import(*, actor: Any, content: bytes) -> ImportReport:
    """Import a filled-in template: everything or, when any cell is wrong, nothing. Each row goes through the
    same services as the form (one audit record per sheet); the import as a whole is one more record. New sheets
    are made together (``projects_create``) and the audit chain is appended in one locked batch."""
    rows, errors = parse_xlsx(content)
    if errors:
        return ImportReport([], [], [], errors)
    parties = {p.slug: p for p in Party.objects.all()}
    new: list[services.NewSheet] = []
    updated, unchanged = [], []
    with config_codes_cached(), appending():
        for _r, data in rows:
            code = data.pop("code")
            owner = parties[data.pop("owner")]
            fields = {k: v for k, v in data.items() if k in SHEET_KEYS or k == "requires"}
            if code:
                project = Project.objects.get(code=code)
                before = snapshot(project)
                if {**before, **_plain_fields(fields), "owner": owner.name} == before:
                    unchanged.append(code)
                    continue
                services.project_update(
                    actor=actor,
                    project=project,
                    data={**fields, "owner_id": owner.pk},
                    lock_version=project.lock_version,
                )
                updated.append(code)
            else:
                new.append(services.NewSheet(owner, fields.pop("area_code"), fields.pop("title"), fields))
        created = [p.code for p in services.projects_create(actor=actor, sheets=new)] if new else []
        if created or updated:
            record(
                actor=actor,
                event_type="projects.imported",
                object_type="projects.import",
                object_id="-",
                object_repr=_("Excel import"),
                new={"created": created, "updated": updated},
            )
    return ImportReport(created, updated, unchanged, [])


def _plain_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Imported values in the snapshot's form, to tell an unchanged row from a changed one."""
    return {k: sorted(p.code for p in v) if k == "requires" else services.plain(v) for k, v in fields.items()}
