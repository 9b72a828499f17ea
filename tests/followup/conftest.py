"""An adopted action programme of two of Bergen sentrum's projects, and a report that keeps every rule."""

from __future__ import annotations

from typing import Any

import pytest

from byvekst.followup.selectors import current_period, rules_in_force
from byvekst.portfolio.models import ActionProgramme, ProgrammeVersion
from byvekst.projects.models import Project
from tests.conftest import Personas, approved_sheet


@pytest.fixture
def programme(personas: Personas) -> ProgrammeVersion:
    """Adopted with A (100 MNOK, start 2027) and B (40 MNOK, start 2028). Made directly: the passage through the
    forums is tested in tests/portfolio; here only its result matters."""
    a = approved_sheet(personas, "A", "sentrum", 100, 20)
    b = approved_sheet(personas, "B", "sentrum", 40, 12)
    Project.objects.filter(pk__in=[a.pk, b.pk]).update(status="i_handlingsprogram")
    adopted = ActionProgramme.objects.create(name="HP 2027–2030", first_year=2027, last_year=2030, stage="adopted")
    return ProgrammeVersion.objects.create(
        programme=adopted,
        number=1,
        stage="adopted",
        selection=[
            {"code": "A", "start": 2027, "title": a.title, "owner": "Bergen", "area": "sentrum", "cost_p50": 100.0},
            {"code": "B", "start": 2028, "title": b.title, "owner": "Bergen", "area": "sentrum", "cost_p50": 40.0},
        ],
    )


def green(**over: Any) -> dict[str, Any]:
    """A report inside every rule: on budget, on time, all green."""
    data: dict[str, Any] = {
        "phase": "regulering",
        "percent_complete": 20,
        "milestones": [{"name": "Regulering vedtatt", "planned": "2027-05-01", "forecast": "2027-06-15"}],
        "granted_to_date": "30",
        "spent_to_date": "12.5",
        "budget_this_year": "20",
        "spent_this_year": "8",
        "forecast_p50": "105",
        "forecast_p85": "120",
        "new_risks": "",
        "goals_note": "",
        **{f"light_{d}": "green" for d in ("progress", "economy", "uncertainty", "goals")},
    }
    data.update(over)
    return data


def now_period() -> tuple[int, int]:
    return current_period(rules_in_force().periods_per_year)
