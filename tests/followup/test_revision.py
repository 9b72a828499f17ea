"""Re-prioritisation on a hand-made programme: what is under way is kept at its remaining cost with its start
fixed, the rest is re-optimised, and the run says what changes against the programme in force."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from byvekst.followup import services
from byvekst.followup.revision import override, revision_start
from byvekst.portfolio import services as portfolio
from byvekst.portfolio.adapter import scenario_to_instance
from byvekst.portfolio.models import ActionProgramme, ProgrammeVersion, Run
from byvekst.portfolio.summary import revision_changes
from byvekst.projects.models import Project
from tests.conftest import Personas, approved_sheet, login
from tests.followup.conftest import green, now_period


def test_override_keeps_what_is_under_way_at_its_remaining_cost(personas: Personas) -> None:
    sheet = approved_sheet(personas, "R", "sentrum", 90, 1, cost_profile=["30", "30", "30"])
    fresh = override(sheet, adopted_start=2027, first_year=2028, report=None, this_year=2026)
    assert fresh == {
        "fixed": False,
        "start": 2027,
        "cost_profile": [30.0, 30.0, 30.0],
        "cost_p85_profile": [36.0, 36.0, 36.0],
    }
    started = override(sheet, adopted_start=2026, first_year=2028, report=None, this_year=2026)
    assert started["fixed"] and started["start"] == 2028
    assert started["cost_profile"] == [90.0]  # two of three years have passed: the whole P50 in the last one


@pytest.fixture
def frames(personas: Personas) -> object:
    """The rolled period 2028–2029: 100 MNOK of toll money in 2028, 30 in 2029, no carry-over."""
    return portfolio.frame_create(
        actor=personas.secretariat,
        name="HP 2028–2029",
        first_year=2028,
        years=2,
        amounts={"bompenger": [100, 30]},
        carry_over=False,
    )


def test_the_revision_keeps_a_and_re_optimises_b_against_c(
    programme: ProgrammeVersion, frames: object, personas: Personas
) -> None:
    approved_sheet(personas, "C", "vest", 30, 15, latest_start=2029)
    year, period = now_period()
    for code, figures in (
        ("A", green(spent_to_date="30", forecast_p50="120", forecast_p85="130")),
        ("B", green(spent_to_date="0", granted_to_date="0", forecast_p50="50", forecast_p85="60")),
    ):
        services.report_submit(
            actor=personas.secretariat, project=Project.objects.get(code=code), year=year, period=period, data=figures
        )
    with pytest.raises(ValidationError) as e:
        revision_start(actor=personas.secretariat, frame=frames, name="Rullering", reason=" ")  # type: ignore[arg-type]
    assert "reason" in e.value.message_dict
    run = revision_start(actor=personas.secretariat, frame=frames, name="Rullering 2028", reason="Årlig rullering")  # type: ignore[arg-type]
    doc, _notes = scenario_to_instance(run.scenario)
    a = next(p for p in doc["projects"] if p["id"] == "A")
    assert (a["status"], a["earliest_start"], a["latest_start"], a["cost_profile"]) == ("mandatory", 2028, 2028, [90.0])
    b = next(p for p in doc["projects"] if p["id"] == "B")
    assert (b["status"], b["cost_profile"]) == ("candidate", [50.0])
    portfolio.work_once()
    run = Run.objects.get(pk=run.pk)
    assert run.status == "done" and {s["id"]: s["start"] for s in run.result["selected"]} == {"A": 2028, "C": 2029}
    rows = [
        {
            "id": d["id"],
            "p": None,
            "start": {s["id"]: s["start"] for s in run.result["selected"]}.get(d["id"]),
            "why": "",
            "cost": sum(d["cost_profile"]),
        }
        for d in run.instance["projects"]
    ]
    changes = revision_changes(run, rows)
    assert changes is not None and changes.version == programme
    assert [r["id"] for r in changes.under_way] == ["A"]
    assert [r["id"] for r in changes.added] == ["C"] and [r["id"] for r in changes.removed] == ["B"]
    assert changes.added_cost == 30.0 and changes.removed_cost == 50.0 and not changes.moved
    page = login(personas.secretariat).get(run.get_absolute_url()).content.decode()
    assert "Kommer inn" in page and "Går ut" in page and "Beholdes fordi de er i gang" in page
    # Proposed, the revision is a new programme that names the one it replaces; adopted, it is the one in force.
    revised = portfolio.programme_propose(
        actor=personas.secretariat, run=run, name="HP 2028–2029", officer=personas.secretariat
    )
    assert revised.replaces == programme.programme
    compare = login(personas.member_a).get(f"/handlingsprogram/{revised.pk}/mot-forrige/").content.decode()
    assert "Lagt til" in compare and "C" in compare


def test_there_is_nothing_to_revise_without_an_adopted_programme(frames: object, personas: Personas) -> None:
    assert not ActionProgramme.objects.exists()
    with pytest.raises(ValidationError) as e:
        revision_start(actor=personas.secretariat, frame=frames, name="x", reason="y")  # type: ignore[arg-type]
    assert "programme" in e.value.message_dict


def test_the_revision_page(programme: ProgrammeVersion, frames: object, personas: Personas) -> None:
    client = login(personas.secretariat)
    assert "Start revisjonskjøringen" in client.get("/oppfolging/revisjon/").content.decode()
    bad = client.post("/oppfolging/revisjon/", {"frame": "", "name": "Rullering", "reason": ""})
    assert bad.status_code == 422 and 'value="Rullering"' in bad.content.decode()
    made = client.post("/oppfolging/revisjon/", {"frame": frames.pk, "name": "Rullering", "reason": "Årlig"})  # type: ignore[attr-defined]
    assert made.status_code == 302 and made.url.startswith("/portefolje/kjoring/")
    assert login(personas.member_a).get("/oppfolging/revisjon/").status_code == 403
