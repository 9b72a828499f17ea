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
            },
        )
