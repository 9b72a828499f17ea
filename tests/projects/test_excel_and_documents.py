from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document as Docx
from openpyxl import load_workbook

from byvekst.audit.models import AuditEvent
from byvekst.projects.excel import COLUMNS, export_xlsx, projects_import
from byvekst.projects.models import Project
from tests.conftest import Personas, login, printed

HEAD = [c.header for c in COLUMNS]


def workbook(rows: list[dict[str, Any]]) -> bytes:
    wb = load_workbook(io.BytesIO(export_xlsx([], template=True)))
    ws = wb["Prosjekter"]
    keys = [c.key for c in COLUMNS]
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
    wb["Prosjekter"]["K2"] = 11  # P50
    wb["Prosjekter"]["N2"] = "5; 6"
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
    assert "Prosjekter!K3 (P50 (MNOK)): «ti» er ikke et tall" in text
    assert "Prosjekter!F3 (Geografisk område): ukjent verdi «Månen»" in text
    assert any(t.startswith("Prosjekter!O4 ") and "90" in t for t in text)  # funding sums to 90 %
    assert any(t.startswith("Prosjekter!H5 ") for t in text)
    assert not Project.objects.exists()


def test_not_a_workbook(personas: Personas) -> None:
    report = projects_import(actor=personas.secretariat, content=b"hello")
    assert report.errors and str(report.errors[0]).startswith("Filen er ikke en Excel-arbeidsbok")


def test_import_page_shows_errors_and_is_secretariat_only(personas: Personas) -> None:
    upload = SimpleUploadedFile("p.xlsx", workbook([good_row(cost_p50="ti")]))
    response = login(personas.secretariat).post(reverse("project-import"), {"file": upload})
    assert response.status_code == 422 and "Prosjekter!K2" in response.content.decode()
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
    assert ws["A2"].value == project.code and ws["K2"].value == 100
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
