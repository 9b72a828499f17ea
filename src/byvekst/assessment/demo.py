"""Demo criteria: a set adopted by the Steering Group, AHP judgements from four parties, the aggregate, and
scores for the assessed demo projects (judgement scores taken from each sheet's impact grades)."""

from __future__ import annotations

from django.db import transaction

from byvekst.assessment import services
from byvekst.assessment.models import CriteriaSet
from byvekst.assessment.selectors import assessed_projects
from byvekst.governance.models import Party, User

CONSEQUENCE = {
    "4": "Svært stor positiv virkning for hele området",
    "2": "Middels positiv virkning",
    "0": "Ingen vesentlig virkning",
    "-2": "Middels negativ virkning",
    "-4": "Svært stor negativ virkning",
}
CRITERIA = [
    {
        "code": "nullvekst",
        "name": "Bidrag til nullvekstmålet",
        "kind": "computed",
        "source_field": "car_trips_reduced",
        "reference": 1000.0,
        "description": "Færre bilturer per døgn; 1 000 færre bilturer gir 10 poeng.",
    },
    {
        "code": "reiser",
        "name": "Nye reiser med kollektiv, sykkel og gange",
        "kind": "computed",
        "source_field": "sustainable_trips",
        "reference": 2000.0,
        "description": "Nye turer per døgn; 2 000 nye turer gir 10 poeng.",
    },
    {
        "code": "nytte",
        "name": "Samfunnsøkonomisk netto nytte",
        "kind": "computed",
        "source_field": "net_benefit",
        "reference": 500.0,
        "description": "Netto nåverdi etter V712; 500 MNOK gir 10 poeng.",
    },
    {
        "code": "trafikksikkerhet",
        "name": "Trafikksikkerhet",
        "kind": "judgement",
        "scale_min": -4,
        "scale_max": 4,
        "levels": CONSEQUENCE,
        "description": "Vurdert etter konsekvensvifte, −4 til +4.",
    },
    {
        "code": "klima",
        "name": "Klima og miljø",
        "kind": "judgement",
        "scale_min": -4,
        "scale_max": 4,
        "levels": CONSEQUENCE,
        "description": "Vurdert etter konsekvensvifte, −4 til +4.",
    },
]
# Pairwise judgements per party over (nullvekst, reiser, nytte, trafikksikkerhet, klima), upper triangle.
JUDGEMENTS = {
    "bergen": [3, 2, 5, 3, 1, 3, 2, 3, 1, 1 / 2],
    "vlfk": [1, 3, 3, 2, 3, 3, 2, 1, 1 / 2, 1 / 2],
    "sd": [2, 1 / 2, 3, 3, 1 / 3, 2, 2, 5, 5, 1],
    "askoy": [1, 2, 1 / 3, 2, 2, 1 / 3, 1, 1 / 5, 1 / 2, 3],
    "alver": [1, 2, 1 / 2, 2, 3, 1, 2, 1 / 3, 1, 2],
    "bjornafjorden": [2, 2, 1 / 2, 2, 1, 1 / 3, 1, 1 / 3, 1, 2],
    "oygarden": [1, 3, 1 / 2, 1, 2, 1 / 2, 1, 1 / 3, 1 / 2, 2],
}
# Each party's weights are entered by its member of Prioriteringsrådet (governance.demo).
ENTERED_BY = {
    "bergen": "radsmedlem",
    "vlfk": "direktor.vlfk",
    "sd": "direktor.svv",
    "askoy": "direktor.askoy",
    "alver": "direktor.alver",
    "bjornafjorden": "direktor.bjornafjorden",
    "oygarden": "direktor.oygarden",
}


@transaction.atomic
def load_demo_criteria() -> CriteriaSet | None:
    """The criteria set as the secretariat drafts it (the Steering Group adopts it in a meeting: overview.demo)."""
    if CriteriaSet.objects.exists():
        return None
    actor = User.objects.filter(username="sekretariat").first()
    return services.criteria_set_create(actor=actor, name="Vurderingskriterier 2027", criteria=CRITERIA)


@transaction.atomic
def load_demo_weights_and_scores(cs: CriteriaSet) -> None:
    """Each council party's AHP judgements (entered by its member), the aggregate, and the judgement scores of
    the assessed sheets (proposed from each sheet's impact grades and reviewed), through the services."""
    actor = User.objects.get(username="sekretariat")
    codes = [c["code"] for c in CRITERIA]
    pairs = [(a, b) for i, a in enumerate(codes) for b in codes[i + 1 :]]
    for slug, values in JUDGEMENTS.items():
        services.weights_ahp(
            actor=User.objects.filter(username=ENTERED_BY[slug]).first() or actor,
            criteria_set=cs,
            party=Party.objects.get(slug=slug),
            judgements={f"{a}|{b}": v for (a, b), v in zip(pairs, values, strict=True)},
        )
    services.weights_aggregate(actor=actor, criteria_set=cs)
    criteria = {c.code: c for c in cs.criteria.all()}
    grades = {"trafikksikkerhet": "trafikksikkerhet", "klima": "klima_miljo"}
    for p in assessed_projects():
        for code, theme in grades.items():
            if theme in (p.impacts or {}):
                score = services.score_propose(
                    actor=actor,
                    project=p,
                    criterion=criteria[code],
                    value=int(p.impacts[theme]["grade"]),
                    justification=p.impacts[theme].get("justification") or "Fra prosjektarket.",
                )
                services.score_review(actor=actor, score=score)
