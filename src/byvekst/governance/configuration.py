"""The Miljøløftet configuration: parties, areas, focus and programme areas, forums and their mandates.

Sources: ../shared/domain/FACTS.md §1 (parties of the 2020 agreement, satsingsområder, programme areas of
HP 2022–25, the 2018 organisation) and the consultancy's proposal (../shared/seed). The split of the
geographic areas is our own assumption (FACTS §1.5, marked I); the outlines are rough sketches for the map.
Loading is idempotent: what exists (by slug/code) is left alone, so running it twice duplicates nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from byvekst.governance import services
from byvekst.governance.models import (
    Area,
    ConfigVersion,
    FocusArea,
    Forum,
    OnboardingItem,
    OutsideBody,
    Party,
    ProgrammeArea,
)

PARTIES = [
    ("sd", "Samferdselsdepartementet", "SD", "stat", "Statens vegvesen og Jernbanedirektoratet"),
    ("kdd", "Kommunal- og distriktsdepartementet", "KDD", "stat", "Statsforvalteren i Vestland"),
    ("vlfk", "Vestland fylkeskommune", "VLFK", "fylkeskommune", "Skyss"),
    ("bergen", "Bergen kommune", "Bergen", "kommune", ""),
    ("alver", "Alver kommune", "Alver", "kommune", ""),
    ("askoy", "Askøy kommune", "Askøy", "kommune", ""),
    ("bjornafjorden", "Bjørnafjorden kommune", "Bjørnafjorden", "kommune", ""),
    ("oygarden", "Øygarden kommune", "Øygarden", "kommune", ""),
]


def _box(west: float, south: float, east: float, north: float) -> dict[str, Any]:
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


AREAS = [
    ("nordost", "Nordøst", "Alver", "Åsane, Arna", _box(5.30, 60.42, 5.62, 60.75)),
    ("sor", "Sør", "Bjørnafjorden", "Fana, Ytrebygda", _box(5.20, 60.12, 5.55, 60.36)),
    ("vest", "Vest", "Øygarden, Askøy", "Fyllingsdalen, Laksevåg", _box(4.90, 60.30, 5.30, 60.62)),
    ("sentrum", "Bergen sentrum", "Bergen", "Bergenhus, Årstad", _box(5.30, 60.36, 5.37, 60.42)),
]
FOCUS_AREAS = [
    ("gange-sykkel", "Gange og sykkel"),
    ("kollektiv", "Kollektivtrafikk"),
    ("innfartsparkering", "Innfartsparkering"),
    ("teknologi", "Miljøvennlig teknologi og innovasjon"),
]
PROGRAMME_AREAS = [
    ("gst", "Gange, sykkel og trafikksikkerhet"),
    ("kollektiv", "Kollektiv"),
    ("areal", "Areal og knutepunktutvikling"),
    ("samarbeid", "Samarbeid"),
]

ONBOARDING = [
    "Har lest mandatet for arbeidsgruppen og forventet tidsbruk",
    "Har fått tilgang til Byvekst og arbeidsgruppens arbeidsrom",
    "Har møtt arbeidsgruppens leder og sekretariatet",
    "Kjenner satsingsområdene og vurderingskriteriene",
    "Har gått gjennom sjekklisten og malen for prosjektark",
    "Kjenner rutinen for forankring i egen organisasjon",
]

VEDTAK, INNSTILLING, DROFTING, ORIENTERING = "vedtak", "innstilling", "drofting", "orientering"
ALL_SUBJECTS = [
    "handlingsprogram",
    "vurderingskriterier",
    "satsingsomrader",
    "rammer",
    "prosjektark",
    "avvik",
    "mandat",
    "annet",
]


def _comp(kind: str, *subjects: str) -> list[str]:
    return [f"{kind}:{s}" for s in subjects]


NEW_FORUMS: list[dict[str, Any]] = [
    {
        "slug": "styringsgruppen",
        "name": "Styringsgruppen",
        "code": "SG",
        "kind": "styringsgruppe",
        "order": 1,
        "description": "Partenes øverste ledere. Vedtar handlingsprogram, vurderingskriterier og satsingsområder "
        "før lokalpolitisk behandling.",
        "mandate": {
            "purpose": "Styre Miljøløftet mot nullvekstmålet innenfor byvekstavtalen 2019–2029.",
            "responsibilities": "Vedta handlingsprogrammet etter innstilling fra Prioriteringsrådet.\n"
            "Fastsette vurderingskriterier, satsingsområder og økonomiske rammer.\nAvgjøre saker der partene "
            "er uenige etter behandling i Prioriteringsrådet.",
            "authority": "Vedtak på vegne av partene innenfor avtalen; lokalpolitisk behandling etter vedtak.",
            "competences": _comp(
                VEDTAK, "handlingsprogram", "vurderingskriterier", "satsingsomrader", "rammer", "mandat", "avvik"
            )
            + _comp(DROFTING, *ALL_SUBJECTS)
            + _comp(ORIENTERING, *ALL_SUBJECTS),
            "composition": "Vegdirektøren (leder), byrådsleder i Bergen, fylkesordfører, jernbanedirektør, "
            "statsforvalter og ordførerne i Alver, Askøy, Bjørnafjorden og Øygarden. Sekretariatet er sekretær.",
            "meeting_frequency": "4–6 møter i året",
            "time_expectation": "Om lag 2 timer per møte med forberedelse",
            "member_rights": "Fremme forslag, stemme og fatte vedtak.",
            "observer_rights": "Lese sakspapirer og kommentere; ikke stemme eller telle med i beslutningsdyktighet.",
            "quorum_rule": "two_thirds",
            "anchoring_rule": "note",
            "member_parties": ["sd", "kdd", "vlfk", "bergen", "alver", "askoy", "bjornafjorden", "oygarden"],
        },
    },
    {
        "slug": "prioriteringsradet",
        "name": "Prioriteringsrådet",
        "code": "PR",
        "kind": "prioriteringsrad",
        "order": 2,
        "reports_to": "styringsgruppen",
        "description": "Partenes administrative ledere. Prioriterer og balanserer porteføljen og innstiller "
        "handlingsprogrammet til Styringsgruppen.",
        "mandate": {
            "purpose": "Reell porteføljestyring: vekte prosjekter mot hverandre og mot kriteriene Styringsgruppen "
            "har satt.",
            "responsibilities": "Innstille handlingsprogrammet på vegne av linjeorganisasjonene.\nPrioritere og "
            "balansere etter usikkerhet, effekt og økonomiske rammer.\nVurdere kapasitet til gjennomføring og "
            "omprioritere etter prosjektstatus.\nBehandle avvik og gi råd om gjennomføring.",
            "authority": "Innstilling til Styringsgruppen; vedtak om håndtering av avvik innenfor vedtatt "
            "handlingsprogram.",
            "competences": _comp(INNSTILLING, "handlingsprogram", "vurderingskriterier", "rammer", "satsingsomrader")
            + _comp(VEDTAK, "avvik")
            + _comp(DROFTING, *ALL_SUBJECTS)
            + _comp(ORIENTERING, *ALL_SUBJECTS),
            "composition": "Én administrativ leder fra hver part; Statsforvalteren i Vestland (KDD) deltar som "
            "observatør. Sekretariatsleder er sekretær. Observatører uten stemmerett kan møte.",
            "meeting_frequency": "Månedlig, utenom juli",
            "time_expectation": "Om lag 4 timer i måneden",
            "member_rights": "Stemme, innstille, reservere seg på vegne av sin part.",
            "observer_rights": "Lese og kommentere; aldri stemme, innstille eller telle med i beslutningsdyktighet.",
            "quorum_rule": "majority",
            # The Council recommends on behalf of the line organisations: each party's anchoring comes first.
            "anchoring_rule": "refuse",
            "member_parties": ["sd", "vlfk", "bergen", "alver", "askoy", "bjornafjorden", "oygarden"],
        },
    },
    {
        "slug": "samordningsfunksjonen",
        "name": "Samordningsfunksjonen",
        "code": "SF",
        "kind": "samordning",
        "order": 3,
        "reports_to": "prioriteringsradet",
        "led_by_secretariat": True,
        "description": "Ledet av sekretariatet, med arbeidsgruppelederne og de største prosjekteierne. "
        "Kvalitetssikrer prosjektark og foreslår handlingsprogram.",
        "mandate": {
            "purpose": "Samordne og vurdere prosjektark på tvers av fag og geografi.",
            "responsibilities": "Kvalitetssikre prosjektark mot sjekklisten.\nSamordne pågående arbeid i "
            "handlingsprogrammet.\nForeslå handlingsprogram til Prioriteringsrådet.",
            "authority": "Godkjenne prosjektark som kvalitetssikret; foreslå handlingsprogram.",
            "competences": _comp(VEDTAK, "prosjektark")
            + _comp(INNSTILLING, "handlingsprogram")
            + _comp(DROFTING, *ALL_SUBJECTS)
            + _comp(ORIENTERING, *ALL_SUBJECTS),
            "composition": "Sekretariatet (leder), lederne for de fire geografiske arbeidsgruppene og "
            "representanter for de største prosjekteierne.",
            "meeting_frequency": "Annenhver uke",
            "time_expectation": "Om lag 6 timer i måneden",
            "member_rights": "Drøfte, kommentere og godkjenne prosjektark.",
            "observer_rights": "Lese og kommentere.",
            "quorum_rule": "majority",
        },
    },
]

for code, name, _m, _d, _o in AREAS:
    NEW_FORUMS.append(
        {
            "slug": f"arbeidsgruppe-{code}",
            "name": f"Arbeidsgruppe {name}",
            "code": f"AG{code[:2].upper()}",
            "kind": "arbeidsgruppe",
            "area_code": code,
            "order": 10 + len(NEW_FORUMS),
            "reports_to": "samordningsfunksjonen",
            "description": f"Geografisk arbeidsgruppe for {name}: forstår behovet og fremmer gjennomførbare "
            "prosjekter.",
            "mandate": {
                "purpose": f"Helhetlig planlegging for område {name}; forstå behovet for prosjekter ut fra "
                "satsingsområdene.",
                "responsibilities": "Skrive prosjektark og vurdere kostnad, samfunnsnytte og risiko etter fastsatt "
                "standard.\nSikre faglig og geografisk forankring.\nBruke sjekklisten for prosjektark.",
                "authority": "Ingen beslutningsmyndighet; fremmer prosjekter til Samordningsfunksjonen.",
                "competences": _comp(INNSTILLING, "prosjektark")
                + _comp(DROFTING, "prosjektark", "annet")
                + _comp(ORIENTERING, *ALL_SUBJECTS),
                "composition": "Planleggere fra partene med ansvar i området; leder utpekt av Samordningsfunksjonen.",
                "meeting_frequency": "Hver måned",
                "time_expectation": "Om lag 8 timer i måneden",
                "member_rights": "Skrive og fremme prosjektark.",
                "observer_rights": "Lese og kommentere.",
                "quorum_rule": "majority",
            },
        }
    )

NEW_FORUMS.append(
    {
        "slug": "kommunikasjonsnettverket",
        "name": "Kommunikasjonsnettverket",
        "code": "KN",
        "kind": "nettverk",
        "order": 30,
        "reports_to": "samordningsfunksjonen",
        "led_by_secretariat": True,
        "description": "Nettverk knyttet til sekretariatet for ekstern kommunikasjon.",
        "mandate": {
            "purpose": "Vise dagens Miljøløftet med de nye partene i ekstern kommunikasjon.",
            "responsibilities": "Samordne kommunikasjon mellom partene.",
            "authority": "Ingen beslutningsmyndighet.",
            "competences": _comp(DROFTING, "annet") + _comp(ORIENTERING, *ALL_SUBJECTS),
            "composition": "Kommunikasjonsrådgivere fra partene; sekretariatet leder.",
            "meeting_frequency": "Kvartalsvis",
            "time_expectation": "Om lag 2 timer i kvartalet",
            "member_rights": "Drøfte og foreslå.",
            "observer_rights": "Lese og kommentere.",
            "quorum_rule": "majority",
        },
    }
)

# Bodies outside Miljøløftet that treat its cases. The action programme counts as adopted when the required
# ones have approved it (FACTS §1.4: "lokalpolitisk vedtak før sommeren"; bystyret "slutter seg til", and the
# county council decides too). The other municipalities are informed; the ministry follows through the budget.
OUTSIDE_BODIES = [
    ("bystyret-bergen", "Bystyret i Bergen", "bergen", True),
    ("fylkestinget-vestland", "Fylkestinget i Vestland", "vlfk", True),
    ("kommunestyret-alver", "Kommunestyret i Alver", "alver", False),
    ("kommunestyret-askoy", "Kommunestyret i Askøy", "askoy", False),
    ("kommunestyret-bjornafjorden", "Kommunestyret i Bjørnafjorden", "bjornafjorden", False),
    ("kommunestyret-oygarden", "Kommunestyret i Øygarden", "oygarden", False),
    ("samferdselsdepartementet", "Samferdselsdepartementet", "sd", False),
]

OLD_FORUMS = [
    (
        "administrativ-koordineringsgruppe",
        "Administrativ koordineringsgruppe",
        "AK",
        "prioriteringsrad",
        "prioriteringsradet",
    ),
    ("arbeidsutvalget", "Arbeidsutvalget", "AU", "samordning", "samordningsfunksjonen"),
    ("faggruppe-gange-sykkel", "Faggruppe gang- og sykkel", "FGS", "arbeidsgruppe", "samordningsfunksjonen"),
    ("faggruppe-trafikksikkerhet", "Faggruppe trafikksikkerhet", "FTS", "arbeidsgruppe", "samordningsfunksjonen"),
    ("faggruppe-kollektiv", "Faggruppe kollektiv", "FKO", "arbeidsgruppe", "samordningsfunksjonen"),
    ("faggruppe-sentrum", "Faggruppe sentrum", "FSE", "arbeidsgruppe", "arbeidsgruppe-sentrum"),
    ("faggruppe-kommunikasjon", "Faggruppe kommunikasjon", "FKM", "nettverk", "kommunikasjonsnettverket"),
]

START = dt.date(2026, 10, 1)
ENDED = dt.date(2026, 9, 30)


@transaction.atomic
def load_configuration(actor: Any = None) -> None:
    """Create whatever of the Miljøløftet configuration is missing: parties, outside bodies, the first
    configuration and the forums with their first mandates — as drafts. The Steering Group agrees the mandates
    and adopts the configuration in its constituting meeting (``cases.founding``)."""
    for order, (slug, name, short, kind, includes) in enumerate(PARTIES):
        Party.objects.get_or_create(
            slug=slug, defaults={"name": name, "short_name": short, "kind": kind, "includes": includes, "order": order}
        )
    if not ConfigVersion.objects.exists():
        config = ConfigVersion.objects.create(number=1, note="Konfigurasjon fra byvekstavtalen 2019–2029")
        for order, (code, name, muni, districts, outline) in enumerate(AREAS):
            Area.objects.create(
                config=config,
                code=code,
                name=name,
                municipalities=muni,
                districts=districts,
                outline=outline,
                order=order,
            )
        for order, (code, name) in enumerate(FOCUS_AREAS):
            FocusArea.objects.create(config=config, code=code, name=name, order=order)
        for order, (code, name) in enumerate(PROGRAMME_AREAS):
            ProgrammeArea.objects.create(config=config, code=code, name=name, order=order)
    parties = {p.slug: p for p in Party.objects.all()}
    for order, (slug, name, party, required) in enumerate(OUTSIDE_BODIES):
        OutsideBody.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "party": parties[party], "required_for_programme": required, "order": order},
        )
    for order, text in enumerate(ONBOARDING):
        OnboardingItem.objects.get_or_create(text=text, defaults={"order": order})

    for spec in NEW_FORUMS:
        if Forum.objects.filter(slug=spec["slug"]).exists():
            continue
        data = {k: v for k, v in spec.items() if k not in {"mandate", "reports_to"}}
        data["reports_to"] = Forum.objects.filter(slug=spec.get("reports_to", "")).first()
        data["started_on"] = START
        forum = services.forum_create(actor=actor, data=data)
        services.mandate_draft(actor=actor, forum=forum, data=dict(spec["mandate"]))
    for order, (slug, name, code, kind, successor) in enumerate(OLD_FORUMS):
        if Forum.objects.filter(slug=slug).exists():
            continue
        services.forum_create(
            actor=actor,
            data={
                "slug": slug,
                "name": name,
                "code": code,
                "kind": kind,
                "order": 50 + order,
                "started_on": dt.date(2018, 5, 1),
                "ended_on": ENDED,
                "replaced_by": Forum.objects.get(slug=successor),
                "description": "Erstattet ved omorganiseringen av Miljøløftet.",
            },
        )
