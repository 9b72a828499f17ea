"""Every input checked at the edge, never a 500: the inputs that once broke pages for everyone, and the ones
that were stored although invalid (issue: "Production-ready and hard to break")."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from byvekst.cases.models import Meeting
from byvekst.governance.models import Forum
from byvekst.governance.services import api_token_create
from byvekst.projects.excel import export_xlsx, projects_import
from byvekst.projects.models import Attachment, Project
from tests.conftest import Personas, complete_data, login


@pytest.fixture
def api(personas: Personas, checklist: Any) -> Client:
    token = api_token_create(actor=None, user=personas.secretariat, name="edges")[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def sheet(**over: Any) -> dict[str, Any]:
    data = {**complete_data(), "title": "Kollektivfelt", "owner": "bergen", "area_code": "sentrum", **over}
    return json.loads(json.dumps(data, default=str))


def fields(answer: Any) -> set[str]:
    return {d["field"] for d in answer.json()["detail"]}


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"cost_p50": 1e15, "cost_profile": [1e15]}, "cost_p50"),
        ({"car_trips_per_day": 10**20}, "car_trips_per_day"),
        ({"price_year": 9999}, "price_year"),
        ({"earliest_start": 1}, "earliest_start"),
        ({"phase": "hacked"}, "phase"),
        ({"area_code": ""}, "area_code"),
        ({"area_code": "alle"}, "area_code"),
        ({"title": "x" * 100_000}, "title"),
        ({"programme_area_code": "drift"}, "programme_area_code"),
        ({"cost_p85": "NaN"}, "cost_p85"),
    ],
)
def test_invalid_sheets_are_refused_with_the_field_named(api: Client, over: dict[str, Any], field: str) -> None:
    answer = api.post("/api/projects", sheet(**over), "application/json")
    assert answer.status_code == 422, answer.content
    assert field in fields(answer)
    assert not Project.objects.exists()


def test_a_stored_sheet_never_breaks_the_lists(api: Client, personas: Personas) -> None:
    assert api.post("/api/projects", sheet(), "application/json").status_code == 201
    browser = login(personas.member_a)
    for url in ("/prosjekter/", "/prosjekter/kart/", "/prosjekter/?format=xlsx", "/prosjekter/ny/"):
        assert browser.get(url).status_code == 200, url
    assert api.get("/api/projects").status_code == 200


def test_bad_filters_are_ignored(personas: Personas) -> None:
    browser = login(personas.member_a)
    assert browser.get("/prosjekter/?cost_min=abc&cost_max=1e999&page=xyz&sort=%27").status_code == 200


def test_nul_bytes_and_oversized_bodies(api: Client) -> None:
    nul = api.post("/api/projects", json.dumps(sheet(title="a\u0000b")), "application/json")
    assert nul.status_code == 400 and "NUL" in nul.json()["detail"][0]["message"]
    big = api.post("/api/projects", json.dumps(sheet(description="x" * 3_000_000)), "application/json")
    assert big.status_code == 413
    boundary = api.generic("POST", "/api/projects", b"x", content_type="multipart/form-data")
    assert boundary.status_code == 400


def test_nul_in_a_form_is_refused_without_a_server_error(personas: Personas) -> None:
    from byvekst.cases.models import Case

    before = Case.objects.count()
    browser = login(personas.secretariat)
    data = {"title": "a\x00b", "subject": "annet", "officer": personas.secretariat.pk}
    assert browser.post("/saker/", data).status_code == 422  # multipart: the form names the field
    assert browser.post("/saker/", "title=a%00b", "application/x-www-form-urlencoded").status_code == 400
    assert Case.objects.count() == before


@pytest.mark.parametrize("year", ["0001", "9999"])
def test_meeting_dates_outside_the_range(api: Client, year: str) -> None:
    answer = api.post(
        "/api/meetings",
        {
            "forum": "prioriteringsradet",
            "starts_at": f"{year}-01-01T10:00",
            "ends_at": f"{year}-01-01T12:00",
            "place": "x",
        },
        "application/json",
    )
    assert answer.status_code == 422 and "starts_at" in fields(answer)


def test_a_video_link_must_be_http(api: Client, personas: Personas) -> None:
    answer = api.post(
        "/api/meetings",
        {
            "forum": "prioriteringsradet",
            "starts_at": "2027-01-01T10:00",
            "ends_at": "2027-01-01T12:00",
            "video_link": "javascript:alert(1)",
        },
        "application/json",
    )
    assert answer.status_code == 422 and "video_link" in fields(answer)
    Meeting.objects.create(
        forum=Forum.objects.get(slug="prioriteringsradet"),
        year=2027,
        number=9,
        starts_at="2027-01-01T10:00Z",
        ends_at="2027-01-01T12:00Z",
        video_link="javascript:alert(1)",  # as if stored before the rule existed
    )
    page = login(personas.member_a).get(f"/moter/{Meeting.objects.get(number=9).pk}/").content.decode()
    assert "javascript:" not in page


@pytest.mark.parametrize("seed", [-1, 2**40])
def test_run_seeds_are_bounded(api: Client, scenario: Any, seed: int) -> None:
    answer = api.post(f"/api/scenarios/{scenario.pk}/runs", {"seed": seed}, "application/json")
    assert answer.status_code == 422 and "seed" in fields(answer)


def test_forced_starts_must_be_in_the_period(api: Client, scenario: Any) -> None:
    answer = api.post(f"/api/scenarios/{scenario.pk}/runs", {"fixed": {"A": 2040}}, "application/json")
    assert answer.status_code == 422 and "fixed" in fields(answer)


def test_judgement_and_score_posts_with_nonsense(personas: Personas, project: Project) -> None:
    from byvekst.assessment.demo import load_demo_criteria

    load_demo_criteria()
    browser = login(personas.secretariat)
    ahp = browser.post("/kriterier/1/vekter/bergen/", {"nullvekst|reiser": "1e400"})
    assert ahp.status_code == 422
    score = browser.post(f"/prosjekter/{project.code}/vurdering/", {"criterion": "abc", "value": "1"})
    assert score.status_code == 404
    swing = browser.post("/kriterier/1/vekter/bergen/swing/", {"nullvekst": "inf"})
    assert swing.status_code == 422


def upload(browser: Client, project: Project, name: str, content: bytes) -> Any:
    return browser.post(
        f"/prosjekter/{project.code}/vedlegg/",
        {"title": "Vedlegg", "file": _file(name, content), "legal_basis": ""},
        follow=True,
    )


def _file(name: str, content: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_attachments_are_checked_on_content_and_size(personas: Personas, project: Project, settings: Any) -> None:
    browser = login(personas.member_a)
    refused = upload(browser, project, "side.html", b"<!doctype html><script>alert(1)</script>")
    assert "ikke godtatt" in refused.content.decode() and not Attachment.objects.exists()
    disguised = upload(browser, project, "rapport.pdf", b"<html><script>alert(1)</script></html>")
    assert not Attachment.objects.exists() and "ikke godtatt" in disguised.content.decode()
    settings.BYVEKST_UPLOAD_MAX_MB = 1
    big = browser.post(
        f"/prosjekter/{project.code}/vedlegg/",
        {"title": "Stor", "file": _file("stor.pdf", b"%PDF-" + b"0" * 3 * 1024 * 1024), "legal_basis": ""},
    )
    assert big.status_code == 413 and not Attachment.objects.exists()
    ok = upload(browser, project, "notat.pdf", b"%PDF-1.7\n%notat\n")
    assert ok.status_code == 200 and Attachment.objects.count() == 1
    download = browser.get(f"/vedlegg/{Attachment.objects.get().pk}/")
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment")


def test_a_zip_bomb_is_refused_before_parsing(personas: Personas) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<row>" + b" " * (200 * 1024 * 1024) + b"</row>")
    assert len(buf.getvalue()) < 2 * 1024 * 1024
    report = projects_import(actor=personas.secretariat, content=buf.getvalue())
    assert report.errors and "pakkes ut" in str(report.errors[0])


def test_an_import_over_the_row_limit_is_refused(personas: Personas, checklist: Any, settings: Any) -> None:
    settings.BYVEKST_IMPORT_MAX_ROWS = 10
    template = load_workbook(io.BytesIO(export_xlsx([], template=True)))
    sheet_ = template["Prosjekter"]
    for i in range(12):
        sheet_.append(["", f"Tiltak {i}", "", "", "Bergen", "sentrum"])
    out = io.BytesIO()
    template.save(out)
    report = projects_import(actor=personas.secretariat, content=out.getvalue())
    assert report.errors and "10" in str(report.errors[0]) and not Project.objects.exists()


def test_exports_write_formulas_as_text(personas: Personas, project: Project) -> None:
    Project.objects.filter(pk=project.pk).update(title='=HYPERLINK("http://evil.example","klikk")')
    content = login(personas.member_a).get("/prosjekter/?format=xlsx").content
    cell = load_workbook(io.BytesIO(content))["Prosjekter"]["C2"]  # the title
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s"


@pytest.mark.parametrize("body", ["[]", '[{"seed": 1}]', "7", '"x"', "null"])
def test_a_body_that_is_not_an_object_is_refused(api: Client, scenario: Any, body: str) -> None:
    answer = api.post(f"/api/scenarios/{scenario.pk}/runs", body, "application/json")
    assert answer.status_code == 400 and answer.json()["detail"][0]["field"] == "__body__"
    assert not scenario.runs.exists()  # not read as an empty object with its defaults
