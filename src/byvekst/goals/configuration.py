"""The indicator set Miljøløftet follows (FACTS.md §2): the byindeks as the main indicator, the travel survey's
mode shares, public-transport boardings, cycle counts and road-traffic emissions. Loaded once; the secretariat
changes the set in the admin."""

from __future__ import annotations

from byvekst.goals.models import Indicator

INDICATORS = [
    (
        "byindeks",
        "Byindeks (lette kjøretøy)",
        "indeks",
        "Statens vegvesen, trafikkregistreringspunkt",
        2018,
        "Ingen vekst i personbiltrafikken (tre-årig glidende snitt ≤ referanseåret)",
        "lower",
        "yearly_index",
        True,
    ),
    (
        "rvu-bilandel",
        "Bilandel (RVU)",
        "%",
        "Reisevaneundersøkelsen (RVU)",
        2018,
        "Lavere andel bilreiser",
        "lower",
        "level",
        False,
    ),
    (
        "rvu-kollektivandel",
        "Kollektivandel (RVU)",
        "%",
        "Reisevaneundersøkelsen (RVU)",
        2018,
        "Høyere andel kollektivreiser",
        "higher",
        "level",
        False,
    ),
    (
        "rvu-sykkelandel",
        "Sykkelandel (RVU)",
        "%",
        "Reisevaneundersøkelsen (RVU)",
        2018,
        "Høyere andel sykkelreiser",
        "higher",
        "level",
        False,
    ),
    (
        "rvu-gangandel",
        "Gangandel (RVU)",
        "%",
        "Reisevaneundersøkelsen (RVU)",
        2018,
        "Høyere andel gangreiser",
        "higher",
        "level",
        False,
    ),
    (
        "pastigninger",
        "Påstigninger kollektivtrafikk",
        "mill. per år",
        "Skyss",
        2018,
        "Flere påstigninger",
        "higher",
        "level",
        False,
    ),
    (
        "sykkelindeks",
        "Sykkelindeks",
        "indeks",
        "Statens vegvesen, sykkeltellepunkt",
        2018,
        "Mer sykkeltrafikk",
        "higher",
        "level",
        False,
    ),
    (
        "klimagass-veg",
        "Klimagassutslipp fra vegtrafikk",
        "1000 tonn CO₂-ekv.",
        "Miljødirektoratet",
        2018,
        "Lavere utslipp",
        "lower",
        "level",
        False,
    ),
]


# Which criteria of the value model and which focus areas aim at each indicator (the link from prioritisation to
# the goal, issue 13): the zero-growth criterion at the byindeks and the car share, the criterion for new
# sustainable trips at the mode shares and counts, the climate criterion at the emissions.
LINKS = {
    "byindeks": (["nullvekst"], ["kollektiv", "gange-sykkel", "innfartsparkering"]),
    "rvu-bilandel": (["nullvekst"], ["kollektiv", "gange-sykkel", "innfartsparkering"]),
    "rvu-kollektivandel": (["reiser"], ["kollektiv"]),
    "rvu-sykkelandel": (["reiser"], ["gange-sykkel"]),
    "rvu-gangandel": (["reiser"], ["gange-sykkel"]),
    "pastigninger": (["reiser"], ["kollektiv", "innfartsparkering"]),
    "sykkelindeks": (["reiser"], ["gange-sykkel"]),
    "klimagass-veg": (["klima"], ["teknologi"]),
}


def load_indicators() -> None:
    for order, (code, name, unit, source, ref, target, direction, kind, main) in enumerate(INDICATORS):
        Indicator.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "unit": unit,
                "source": source,
                "reference_year": ref,
                "target": target,
                "direction": direction,
                "kind": kind,
                "is_main": main,
                "order": order,
                "criteria": LINKS.get(code, ([], []))[0],
                "focus_areas": LINKS.get(code, ([], []))[1],
            },
        )
