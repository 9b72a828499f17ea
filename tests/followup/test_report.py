"""The portfolio report for a period: figures by funding source from the reports' funding split, slipping
milestones, open deviations; Word as LibreOffice prints it, Excel, and the case paper for the Council."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from byvekst.cases.models import Case
from byvekst.followup import services
from byvekst.followup.report import period_report
from byvekst.portfolio.models import ProgrammeVersion
from byvekst.projects.models import Project
from tests.conftest import Personas, login, printed
from tests.followup.conftest import green, now_period


def _report_a(personas: Personas) -> None:
    year, period = now_period()
    services.report_submit(
        actor=personas.secretariat,
        project=Project.objects.get(code="A"),
        year=year,
        period=period,
        data=green(
            forecast_p50="130",
            forecast_p85="150",
            budget_this_year="20",
            spent_this_year="8",
            milestones=[{"name": "Byggestart", "planned": "2027-03-01", "forecast": "2027-05-02"}],
        ),
    )


def test_the_period_report_adds_up_by_source(programme: ProgrammeVersion, personas: Personas) -> None:
    selection = [
        {**programme.selection[0], "funding": {"bompenger": "60", "statlig": "40"}},
        {**programme.selection[1], "funding": {"bompenger": "100"}},
    ]
    ProgrammeVersion.objects.filter(pk=programme.pk).update(selection=selection)
    _report_a(personas)
    r = period_report(*now_period())
    assert r is not None and [e["code"] for e in r.missing] == ["B"]
    by = {s["source"]: s for s in r.sources}
    assert by["bompenger"]["adopted"] == Decimal("100")  # 60 % of A's 100 and all of B's 40
    assert by["bompenger"]["forecast"] == Decimal("78") and by["statlig"]["forecast"] == Decimal("52")
    assert by["bompenger"]["spent"] == Decimal("4.8") and by["statlig"]["budget"] == Decimal("8")
    assert by["bompenger"]["frame"] is None  # the fixture's programme has no run, so no frames
    assert [(m["code"], m["months"]) for m in r.slipping] == [("A", 2)]
    assert [d.rule for d in r.deviations] == ["cost"]


def test_the_period_report_prints_and_becomes_a_case(
    programme: ProgrammeVersion, personas: Personas, tmp_path: Path
) -> None:
    _report_a(personas)
    year, period = now_period()
    client = login(personas.member_a)
    word = client.get("/oppfolging/", {"at": f"{year}-{period}", "format": "docx"})
    assert word["Content-Disposition"] == f'attachment; filename="statusrapport-{year}-{period}.docx"'
    page = printed(word.content, tmp_path)
    assert page.size_mm in ((210, 297), (297, 210))
    assert "Statusrapport for handlingsprogrammet" in page.flat and "Ikke rapportert" in page.flat
    assert "130,0" in page.flat and "Byggestart" in page.flat and "Prognosen er 130,0 MNOK" in page.flat
    excel = client.get("/oppfolging/", {"at": f"{year}-{period}", "format": "xlsx"})
    book = load_workbook(io.BytesIO(excel.content))
    assert book.sheetnames == ["Prosjekter", "Kilder", "Avvik"]
    assert [c.value for c in book["Prosjekter"][2]][:4] == ["A", "Tiltak A", 100.0, 130.0]
    assert client.post(f"/oppfolging/?at={year}-{period}").status_code == 403
    made = login(personas.secretariat).post(f"/oppfolging/?at={year}-{period}")
    case = Case.objects.get(subject="handlingsprogram")
    assert made.url == case.get_absolute_url()
    paper = case.treatments.get().paper
    assert "1 av 2 prosjekter har rapportert" in paper.background and "A: Prognosen er" in paper.consequences
