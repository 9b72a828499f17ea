"""The reference portfolio (tests/data/reference_portfolio.json: public figures where there are any, the rest marked
as assumed) brought in as a new user would: the Excel template filled in and imported through the API, frames as
the sources give them, a scenario and a run; the result keeps every limit, each "why out" is checked by a solve,
and the page reads in Norwegian without codes."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from byvekst.engine.format import instance_to_dict, parse_instance, result_from_dict
from byvekst.engine.reasons import Reason
from byvekst.portfolio import services
from byvekst.projects.excel import columns, export_xlsx
from byvekst.projects.models import Project
from tests.conftest import Personas, login
from tests.engine.checker import check
from tests.engine.test_why import check_every_out
from tests.overview.test_words import visible
from tests.sweep import RAW

DATA = json.loads((Path(__file__).parent.parent / "data" / "reference_portfolio.json").read_text(encoding="utf-8"))


def reference_workbook() -> bytes:
    """The template as the portal gives it, filled in with the reference projects."""
    wb = load_workbook(io.BytesIO(export_xlsx([], template=True)))
    keys = [c.key for c in columns()]
    for project in DATA["projects"]:
        wb["Prosjekter"].append([project.get(k) for k in keys])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _post(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def test_the_reference_portfolio_through_excel_the_api_and_a_run(personas: Personas, checklist: Any) -> None:
    client = login(personas.secretariat)
    content = reference_workbook()
    imported = client.post("/api/projects/import", {"file": SimpleUploadedFile("hp.xlsx", content)})
    assert imported.status_code == 200, imported.json()["errors"][:3]
    assert len(imported.json()["created"]) == len(DATA["projects"])
    again = client.post("/api/projects/import", {"file": SimpleUploadedFile("hp.xlsx", content)})
    assert again.json()["created"] == [] and len(again.json()["unchanged"]) == len(DATA["projects"])
    by_own_id = {p.external_id: p for p in Project.objects.all()}
    bt5 = client.get(f"/api/projects/{by_own_id['BT5-forb'].code}").json()
    assert bt5["remaining_after"] == "5600.00" and bt5["quantity_unit"] == "km"
    assert by_own_id["TAKST-2026"].measure_kind == "drift" and by_own_id["TAKST-2026"].region_wide
    assert by_own_id["SSV-RN"].earliest_start == 2018  # under construction since before the agreement
    Project.objects.update(status="kvalitetssikret")  # the coordination function's approval, as in its own tests

    f = DATA["frames"]
    frames = _post(client, "/api/frames", {"name": "HP 2026–2029", **{k: f[k] for k in f if k != "assumed"}})
    assert frames.status_code == 201, frames.content
    scenario = _post(
        client,
        "/api/scenarios",
        {"name": "Referanse", "frames": frames.json()["number"], "projects": [p.code for p in by_own_id.values()]},
    )
    assert scenario.status_code == 201, scenario.content
    queued = _post(client, f"/api/scenarios/{scenario.json()['id']}/runs", {})
    services.work_once()
    run = client.get(f"/api/runs/{queued.json()['id']}").json()
    assert run["status"] == "done" and run["result"]["status"] == "optimal", run

    doc = client.get(f"/api/scenarios/{scenario.json()['id']}/instance").json()
    assert doc["budget_totals"] == {"bompenger": 2400.0, "statlig_programomrade": 900.0}
    assert doc["budget"]["bompenger"] == [None] * 4 and doc["yearly_totals"] == [900.0, 900.0, 950.0, 950.0]
    check(doc, run["result"])  # every frame, total, rule and dependency kept, by a checker of its own
    inst = parse_instance(doc)
    result = result_from_dict(run["result"])
    chosen = result.starts
    assert {by_own_id[k].code for k in ("SSV-RN", "TAKST-2026")} <= set(chosen)  # under way: always in
    assert by_own_id["BOM-RED"].code not in chosen  # negative net benefit
    why = {pid: Reason.from_dict(r) for pid, r in run["analysis"]["why"].items()}
    out = [pid for pid, r in why.items() if r.code == "out.breaks"]
    assert out, why  # the frames bind: some projects are left out for them
    assert check_every_out(parse_instance(instance_to_dict(inst)), why, chosen) == len(out)

    page = login(personas.member_a).get(f"/portefolje/kjoring/{run['id']}/").content.decode()
    text = visible(page)
    assert not RAW.findall(text), RAW.findall(text)[:5]
    assert "Kort fortalt" in text and "kandidatprosjekter er med i porteføljen" in text
    for pid in out:  # each left-out project's reason names real limits in words
        row = re.search(rf'<tr id="out-{pid}">(.*?)</tr>', page, re.S)
        assert row and ("rammen for" in row.group(1) or "totalen" in row.group(1)), pid
