"""The demo: the Miljøløftet configuration and a history made the way the organisation makes it, through the
same services people use in the portal (``byvekst demo``; refused in production).

1. The configuration with draft mandates; demo people and their memberships.
2. The Steering Group's constituting meeting (1 October 2026): every mandate agreed, the configuration adopted.
3. 44 project sheets; the criteria set and the budget frames drafted by the secretariat.
4. The Steering Group's meeting of 29 October 2026 adopts the criteria and the frames; each council party enters
   its weights; the sheets are scored; a scenario is optimised.
5. A deviation case decided by Prioriteringsrådet (with a reservation), sent on to the Steering Group.
6. The action programme's passage: proposal, the Council's recommendation, the Steering Group's decision, the
   city council's and the county council's approval, adopted.
7. Follow-up: status reports for two periods; a cost overrun whose deviation goes to the Council as a case; a
   slipping milestone; orders from the programme's decision (one overdue); a revision run after the deviation.
8. Two disagreements: one on a sheet that went up from its working group when the time box ran out, one on
   the deviation case in the Council.
9. The zero-growth indicators with their history (sourced values and marked demo values) and the 2024
   byindeks computed from synthetic registration-point counts; benefit plans on programme projects.

Idempotent: each step runs only when what it makes is missing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from byvekst.assessment.demo import load_demo_criteria, load_demo_weights_and_scores
from byvekst.assessment.models import CriteriaSet
from byvekst.cases.demo import load_demo_coming_meetings, load_demo_deviation
from byvekst.cases.models import Case, Decision
from byvekst.cases.scripted import Item, found_organisation, hold_meeting, open_case
from byvekst.collaboration.demo import load_demo_disagreements, load_demo_theme_days
from byvekst.followup.demo import load_demo_followup
from byvekst.goals.demo import load_demo_benefit_plans, load_demo_indicators
from byvekst.governance.configuration import load_configuration
from byvekst.governance.demo import load_demo_people
from byvekst.governance.models import CaseKind, Forum, Subject, User
from byvekst.portfolio.demo import load_demo_frames, load_demo_programme, load_demo_run
from byvekst.portfolio.models import ActionProgramme, Run
from byvekst.projects.demo import load_demo_projects

FOUNDED = dt.datetime(2026, 10, 1, 10, 0)
CRITERIA_AND_FRAMES = dt.datetime(2026, 10, 29, 10, 0)


def _local(moment: dt.datetime) -> dt.datetime:
    return timezone.make_aware(moment)


def _days_ago(days: int, hour: int) -> dt.datetime:
    return (timezone.localtime() - dt.timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


def load_demo() -> dict[str, Any]:
    load_configuration()
    personas = load_demo_people()
    secretariat = User.objects.get(username="sekretariat")
    if not Decision.objects.exists():
        found_organisation(actor=secretariat, starts_at=_local(FOUNDED))
    created = load_demo_projects()
    cs = load_demo_criteria()
    frame = load_demo_frames()
    if cs is not None and frame is not None:
        items = [
            Item(
                open_case(secretariat, "Vurderingskriterier 2027", Subject.CRITERIA, [cs], _local(CRITERIA_AND_FRAMES)),
                CaseKind.VEDTAK,
                "Styringsgruppen vedtar vurderingskriteriene for handlingsprogram 2027–2030.",
            ),
            Item(
                open_case(secretariat, str(frame), Subject.BUDGET_FRAMES, [frame], _local(CRITERIA_AND_FRAMES)),
                CaseKind.VEDTAK,
                "Styringsgruppen vedtar de økonomiske rammene for handlingsprogram 2027–2030.",
            ),
        ]
        steering = Forum.objects.get(kind=Forum.Kind.STEERING, ended_on__isnull=True)
        hold_meeting(actor=secretariat, forum=steering, starts_at=_local(CRITERIA_AND_FRAMES), items=items)
        cs = CriteriaSet.objects.get(pk=cs.pk)
        load_demo_weights_and_scores(cs)
        frame.refresh_from_db()
        run = load_demo_run(frame)
        if not Case.objects.filter(subject=Subject.DEVIATIONS).exists():
            load_demo_deviation(_days_ago(20, 9))
        if not ActionProgramme.objects.exists() and run.status == Run.Status.DONE:
            load_demo_programme(run, council_at=_days_ago(12, 9), steering_at=_days_ago(8, 13))
        load_demo_coming_meetings()
        load_demo_followup()
        load_demo_disagreements()
        load_demo_theme_days()
        load_demo_indicators()
        load_demo_benefit_plans()
    return {"personas": personas, "projects": created}
