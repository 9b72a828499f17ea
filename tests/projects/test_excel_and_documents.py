from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document as Docx
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from byvekst.audit.models import AuditEvent
from byvekst.governance.models import Party
from byvekst.projects import services
from byvekst.projects.excel import columns, export_xlsx, projects_import
from byvekst.projects.models import Project
from tests.conftest import Personas, full_data, login, printed

HEAD = [c.header for c in columns()]


def at(key: str, row: int) -> str:
    """The cell of a column (by its key) in a row: ``at("cost_p50", 2)`` is the P50 of the first project."""
    return f"{get_column_letter([c.key for c in columns()].index(key) + 1)}{row}"


def workbook(rows: list[dict[str, Any]]) -> bytes:
    wb = load_workbook(io.BytesIO(export_xlsx([], template=True)))
    ws = wb["Prosjekter"]
    keys = [c.key for c in columns()]
    for row in rows:
        ws.append([row.get(k) for k in keys])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def good_row(**over: Any) -> dict[str, Any]:
    row = {
        "title": "Fortau Strandgaten",
        "owner": "Bergen",
        "area_code": "Bergen sentrum",
        "programme_area_code": "gst",
        "focus_area_codes": "Gange og sykkel",
        "phase": "prosjektering",
        "cost_p10": 9,
        "cost_p50": 10,
        "cost_p85": 12.5,
        "price_year": 2026,
        "cost_profile": "4; 6",
        "funding_bompenger": 60,
        "funding_kommunal": 40,
        "earliest_start": 2027,
        "latest_start": 2028,
    }
    row.update(over)
    return row


def test_template_has_the_header_and_a_guide(config: None) -> None:
    wb = load_workbook(io.BytesIO(export_xlsx([], template=True)))
    assert [c.value for c in wb["Prosjekter"][1]] == HEAD
    assert "Veiledning" in wb.sheetnames


def test_import_creates_then_reimport_is_idempotent(personas: Personas) -> None:
    content = workbook([good_row(), good_row(title="Sykkelfelt Bryggen", area_code="sentrum")])
    report = projects_import(actor=personas.secretariat, content=content)
    assert report.errors == [] and len(report.created) == 2
    events = AuditEvent.objects.filter(event_type="projects.imported").count()
    assert events == 1
    # Export what is stored now and import it again: same projects by id, nothing changes.
    again = export_xlsx(list(Project.objects.filter(code__in=report.created).select_related("owner")))
    report2 = projects_import(actor=personas.secretariat, content=again)
    assert report2.errors == [] and report2.created == [] and report2.updated == []
    assert sorted(report2.unchanged) == sorted(report.created)
    assert AuditEvent.objects.filter(event_type="projects.imported").count() == events
    # A changed cell updates that project by its id.
    wb = load_workbook(io.BytesIO(again))
    wb["Prosjekter"][at("cost_p50", 2)] = 11
    wb["Prosjekter"][at("cost_profile", 2)] = "5; 6"
    buf = io.BytesIO()
    wb.save(buf)
    report3 = projects_import(actor=personas.secretariat, content=buf.getvalue())
    assert len(report3.updated) == 1 and Project.objects.get(code=report3.updated[0]).cost_p50 == 11


def test_errors_are_reported_by_cell_and_nothing_is_imported(personas: Personas) -> None:
    content = workbook(
        [
            good_row(),
            good_row(cost_p50="ti", area_code="Månen"),
            good_row(funding_bompenger=50),
            good_row(focus_area_codes="Golf"),
        ]
    )
    report = projects_import(actor=personas.secretariat, content=content)
    text = [str(e) for e in report.errors]
    assert f"Prosjekter!{at('cost_p50', 3)} (P50 (MNOK)): «ti» er ikke et tall" in text
    assert f"Prosjekter!{at('area_code', 3)} (Geografisk område): ukjent verdi «Månen»" in text
    assert any(t.startswith(f"Prosjekter!{at('funding_bompenger', 4)} ") and "90" in t for t in text)  # 90 %
    assert any(t.startswith(f"Prosjekter!{at('focus_area_codes', 5)} ") for t in text)
    assert not Project.objects.exists()


def test_not_a_workbook(personas: Personas) -> None:
    report = projects_import(actor=personas.secretariat, content=b"hello")
    assert report.errors and str(report.errors[0]).startswith("Filen er ikke en Excel-arbeidsbok")


def test_import_page_shows_errors_and_is_secretariat_only(personas: Personas) -> None:
    upload = SimpleUploadedFile("p.xlsx", workbook([good_row(cost_p50="ti")]))
    response = login(personas.secretariat).post(reverse("project-import"), {"file": upload})
    assert response.status_code == 422 and f"Prosjekter!{at('cost_p50', 2)}" in response.content.decode()
    assert login(personas.member_a).get(reverse("project-import")).status_code == 403


def test_word_pdf_and_excel_exports_read_back(project: Project, personas: Personas, tmp_path: Path) -> None:
    client = login(personas.member_a)  # Bergen: the draft is theirs
    docx = client.get(reverse("project-export", args=[project.code, "docx"]))
    text = "\n".join(p.text for p in Docx(io.BytesIO(docx.content)).paragraphs)
    assert project.title in text
    tables = Docx(io.BytesIO(docx.content)).tables
    assert any("100 / 125" in c.text for t in tables for r in t.rows for c in r.cells)
    pdf = client.get(reverse("project-export", args=[project.code, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    xlsx = client.get(reverse("project-list"), {"format": "xlsx"})
    ws = load_workbook(io.BytesIO(xlsx.content))["Prosjekter"]
    assert ws["A2"].value == project.code and ws[at("cost_p50", 2)].value == 100
    page = printed(docx.content, tmp_path)  # as LibreOffice prints it
    assert page.size_mm == (210, 297) and project.title in page.flat and "100 / 125" in page.flat
    assert "cost_p50" not in page.text and "None" not in page.text


def test_restricted_attachment_hidden_in_html_and_api(
    project: Project, personas: Personas, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = login(personas.member_a)
    url = reverse("project-attachment-add", args=[project.code])
    client.post(url, {"title": "Kart", "file": SimpleUploadedFile("kart.txt", b"kart")})
    response = client.post(
        url, {"title": "Anbudsgrunnlag", "restricted": "on", "file": SimpleUploadedFile("anbud.txt", b"hemmelig")}
    )
    assert project.attachments.count() == 1  # no legal basis: refused
    client.post(
        url,
        {
            "title": "Anbudsgrunnlag",
            "restricted": "on",
            "legal_basis": "offl-23",
            "file": SimpleUploadedFile("anbud.txt", b"hemmelig"),
        },
    )
    restricted = project.attachments.get(restricted=True)
    assert "Anbudsgrunnlag" in client.get(project.get_absolute_url()).content.decode()
    Project.objects.filter(pk=project.pk).update(status="innsendt")  # submitted: everyone signed in reads the sheet
    outsider = login(personas.member_b)  # Askøy, not the owner, not in coordination
    assert "Anbudsgrunnlag" not in outsider.get(project.get_absolute_url()).content.decode()
    assert outsider.get(reverse("attachment-download", args=[restricted.pk])).status_code == 404
    titles = [a["title"] for a in outsider.get(f"/api/projects/{project.code}/attachments").json()]
    assert titles == ["Kart"]
    assert [a["title"] for a in client.get(f"/api/projects/{project.code}/attachments").json()] == [
        "Kart",
        "Anbudsgrunnlag",
    ]
    assert response.status_code == 422  # the refusal named the field and kept what was typed
    assert 'value="Anbudsgrunnlag"' in response.content.decode()


def test_export_then_import_is_the_identity_for_every_field(personas: Personas, checklist: Any) -> None:
    bergen = Party.objects.get(slug="bergen")
    other = services.project_create(actor=personas.secretariat, owner=bergen, area_code="sentrum", title="Annet")
    project = services.project_create(
        actor=personas.secretariat,
        owner=bergen,
        area_code="sentrum",
        title="Kollektivfelt Nygårdsgaten",
        data=full_data(requires=[other]),
    )
    before = services.snapshot(project)
    assert all(before[k] not in (None, "", [], {}) for k in services.SHEET_FIELDS), before  # every field filled
    content = export_xlsx(list(Project.objects.prefetch_related("requires")))
    sheet = load_workbook(io.BytesIO(content))["Prosjekter"]
    row = next(r for r in range(2, 4) if sheet[at("code", r)].value == project.code)
    assert sheet[at("area_code", row)].value == "Bergen sentrum"  # names for the reader, not codes
    assert sheet[at("focus_area_codes", row)].value == "Kollektivtrafikk"
    assert sheet[at("programme_area_code", row)].value == "Kollektiv"
    assert sheet[at("measure_kind", row)].value == "Investering"
    report = projects_import(actor=personas.secretariat, content=content)
    assert not report.errors and sorted(report.unchanged) == sorted([project.code, other.code])
    assert services.snapshot(Project.objects.get(pk=project.pk)) == before
    # Without the project ids, the owner's own id finds the sheet: the same rows twice make no duplicates.
    wb = load_workbook(io.BytesIO(content))
    for row in wb["Prosjekter"].iter_rows(min_row=2):
        row[0].value = None
    buf = io.BytesIO()
    wb.save(buf)
    again = projects_import(actor=personas.secretariat, content=buf.getvalue())
    assert not again.errors and project.code in again.unchanged and Project.objects.count() == 3


def test_the_excel_import_through_the_api(personas: Personas) -> None:
    client = login(personas.secretariat)
    bad = SimpleUploadedFile("p.xlsx", workbook([good_row(cost_p50="ti")]))
    refused = client.post("/api/projects/import", {"file": bad})
    assert refused.status_code == 422 and not Project.objects.exists()
    (error,) = refused.json()["errors"]
    assert error["cell"].startswith(f"Prosjekter!{at('cost_p50', 2)}") and error["row"] == 2
    good = workbook([good_row(external_id="K-1"), good_row(title="Sykkelfelt", external_id="K-2")])
    made = client.post("/api/projects/import", {"file": SimpleUploadedFile("p.xlsx", good)})
    assert made.status_code == 200 and len(made.json()["created"]) == 2
    again = client.post("/api/projects/import", {"file": SimpleUploadedFile("p.xlsx", good)})
    assert again.json()["created"] == [] and len(again.json()["unchanged"]) == 2  # matched on the own ids
    assert (
        login(personas.member_a).post("/api/projects/import", {"file": SimpleUploadedFile("p.xlsx", good)}).status_code
        == 403
    )
