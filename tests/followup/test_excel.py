"""Status reports for many projects through Excel: download, fill in, upload; errors by cell and nothing
partial; the same workbook twice changes nothing; a changed period needs its correction said."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from byvekst.followup.excel import HEADERS
from byvekst.followup.models import StatusReport
from byvekst.governance.models import User
from byvekst.portfolio.models import ProgrammeVersion
from tests.conftest import Personas, login
from tests.followup.conftest import now_period

FILLED = {
    "Fase": "Regulering",
    "Prosent ferdig": 30,
    "Bevilget hittil (MNOK)": 40,
    "Brukt hittil (MNOK)": "22,5",
    "Årets budsjett (MNOK)": 25,
    "Brukt i år (MNOK)": 12,
    "Prognose P50 (MNOK)": 101,
    "Prognose P85 (MNOK)": 120,
    "Lys fremdrift": "Grønt",
    "Lys økonomi": "grønt",
    "Lys usikkerhet": "Grønt",
    "Lys måloppnåelse": "Green",
}


def _workbook(client: Any, at: str, **rows: dict[str, Any]) -> bytes:
    book = load_workbook(io.BytesIO(client.get("/oppfolging/statusrapporter.xlsx", {"at": at}).content))
    sheet = book["Statusrapporter"]
    for r in range(2, sheet.max_row + 1):
        code = sheet.cell(row=r, column=1).value
        for header, value in rows.get(code, {}).items():
            sheet.cell(row=r, column=HEADERS.index(header) + 1, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client: Any, at: str, content: bytes) -> Any:
    return client.post(
        f"/oppfolging/statusrapporter.xlsx?at={at}", {"file": SimpleUploadedFile("r.xlsx", content)}, follow=True
    )


def test_an_owner_reports_many_projects_in_one_workbook(programme: ProgrammeVersion, leader: User) -> None:
    year, period = now_period()
    at = f"{year}-{period}"
    client = login(leader)
    empty = load_workbook(io.BytesIO(client.get("/oppfolging/statusrapporter.xlsx", {"at": at}).content))
    assert [c.value for c in empty["Statusrapporter"]["A"]][1:] == ["A", "B"]
    wrong = _workbook(
        client,
        at,
        A=FILLED,
        B={**FILLED, "Prognose P50 (MNOK)": "mye", "Lys økonomi": "Gult", "Fase": "Ukjent"},
    )
    refused = _upload(client, at, wrong)
    text = refused.content.decode()
    assert refused.status_code == 422 and not StatusReport.objects.exists()
    assert "Statusrapporter!I3 (Prognose P50 (MNOK))" in text
    assert "Statusrapporter!N3 (Kommentar økonomi)" in text and "Statusrapporter!C3 (Fase)" in text
    right = _workbook(client, at, A=FILLED, B={**FILLED, "Lys økonomi": "Gult", "Kommentar økonomi": "Anbud."})
    sent = _upload(client, at, right)
    assert "Rapporter sendt: A, B" in sent.content.decode()
    assert StatusReport.objects.get(project__code="A").spent_to_date == 22.5
    again = _upload(client, at, right)
    assert "Uendret: A, B" in again.content.decode() and StatusReport.objects.count() == 2
    changed = _workbook(client, at, A={"Prognose P50 (MNOK)": 104})
    needs = _upload(client, at, changed)
    assert needs.status_code == 422 and "Statusrapporter!U2 (Hva en ny versjon retter)" in needs.content.decode()
    corrected = _workbook(client, at, A={"Prognose P50 (MNOK)": 104, "Hva en ny versjon retter": "Ny kalkyle"})
    _upload(client, at, corrected)
    assert StatusReport.objects.filter(project__code="A").count() == 2


def test_only_those_who_report_may_upload(programme: ProgrammeVersion, personas: Personas, leader: User) -> None:
    year, period = now_period()
    at = f"{year}-{period}"
    content = _workbook(login(leader), at, A=FILLED)
    assert _upload(login(personas.member_b), at, content).status_code == 403
    broken = _upload(login(leader), at, b"not a workbook")
    assert broken.status_code == 422 and "ikke en Excel-arbeidsbok" in broken.content.decode()
