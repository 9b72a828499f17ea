"""Demo people and logins for the Miljøløftet configuration. Only `byvekst demo` calls this.

One login per persona of the permission matrix (ARCHITECTURE.md): secretariat, a member of party A (Bergen),
a member of party B (Askøy), an observer, an outsider; plus a council member and a steering-group member so
that every forum has people. All demo users carry ``is_demo=True`` and share one printed password.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from byvekst.governance import services
from byvekst.governance.configuration import START
from byvekst.governance.models import Forum, Membership, Party, User

DEMO_PASSWORD = "byvekst-demo-2027"


@dataclass(frozen=True)
class Person:
    username: str
    first: str
    last: str
    party: str | None
    title: str
    persona: str = ""
    secretariat: bool = False


PEOPLE = [
    Person("sekretariat", "Siri", "Sekretær", None, "Sekretariatsleder", "Sekretariatet", True),
    Person("planlegger.bergen", "Bjørn", "Berg", "bergen", "Arealplanlegger", "Medlem, part A (Bergen)"),
    Person("planlegger.askoy", "Astrid", "Askvik", "askoy", "Trafikkplanlegger", "Medlem, part B (Askøy)"),
    Person("observator", "Olav", "Observant", "kdd", "Seniorrådgiver, Statsforvalteren", "Observatør"),
    Person("utenforstaende", "Ulrikke", "Utenfor", None, "Innlogget uten verv", "Utenforstående"),
    Person("radsmedlem", "Rita", "Rådhus", "bergen", "Kommunaldirektør", "Medlem av Prioriteringsrådet"),
    Person("styringsgruppe", "Stein", "Styre", "sd", "Vegdirektør", "Leder av Styringsgruppen"),
    Person("leder.vest", "Vidar", "Vestre", "oygarden", "Kommunalsjef", ""),
    Person("leder.nordost", "Nina", "Nordås", "alver", "Plansjef", ""),
    Person("leder.sor", "Sondre", "Sørvik", "bjornafjorden", "Plansjef", ""),
    Person("leder.sentrum", "Silje", "Sentrum", "bergen", "Avdelingsdirektør", ""),
    Person("direktor.vlfk", "Vera", "Fylke", "vlfk", "Fylkesdirektør mobilitet", ""),
    Person("direktor.svv", "Sverre", "Veg", "sd", "Avdelingsdirektør, Statens vegvesen", ""),
    Person("direktor.askoy", "Aslak", "Aske", "askoy", "Kommunedirektør", ""),
    Person("direktor.alver", "Anne", "Alvheim", "alver", "Kommunedirektør", ""),
    Person("direktor.bjornafjorden", "Bjarte", "Fjordheim", "bjornafjorden", "Kommunedirektør", ""),
    Person("direktor.oygarden", "Øystein", "Garde", "oygarden", "Kommunedirektør", ""),
    Person("byradsleder", "Berit", "Byrådet", "bergen", "Byrådsleder i Bergen", ""),
    Person("fylkesordforer", "Frode", "Fylkesmo", "vlfk", "Fylkesordfører", ""),
    Person("statsforvalter", "Sølvi", "Statsvik", "kdd", "Statsforvalter i Vestland", ""),
    Person("ordforer.alver", "Aud", "Ordal", "alver", "Ordfører", ""),
    Person("ordforer.askoy", "Arne", "Ordøy", "askoy", "Ordfører", ""),
    Person("ordforer.bjornafjorden", "Bodil", "Ordfjord", "bjornafjorden", "Ordfører", ""),
    Person("ordforer.oygarden", "Olaug", "Ordgard", "oygarden", "Ordfører", ""),
]

R = Membership.Role
MEMBERSHIPS = [
    ("sekretariat", "samordningsfunksjonen", R.LEADER),
    ("sekretariat", "prioriteringsradet", R.SECRETARY),
    ("sekretariat", "styringsgruppen", R.SECRETARY),
    ("sekretariat", "kommunikasjonsnettverket", R.LEADER),
    ("styringsgruppe", "styringsgruppen", R.LEADER),
    ("byradsleder", "styringsgruppen", R.MEMBER),
    ("fylkesordforer", "styringsgruppen", R.MEMBER),
    ("statsforvalter", "styringsgruppen", R.MEMBER),
    ("ordforer.alver", "styringsgruppen", R.MEMBER),
    ("ordforer.askoy", "styringsgruppen", R.MEMBER),
    ("ordforer.bjornafjorden", "styringsgruppen", R.MEMBER),
    ("ordforer.oygarden", "styringsgruppen", R.MEMBER),
    ("radsmedlem", "prioriteringsradet", R.LEADER),
    ("direktor.vlfk", "prioriteringsradet", R.MEMBER),
    ("direktor.svv", "prioriteringsradet", R.MEMBER),
    ("direktor.askoy", "prioriteringsradet", R.MEMBER),
    ("direktor.alver", "prioriteringsradet", R.MEMBER),
    ("direktor.bjornafjorden", "prioriteringsradet", R.MEMBER),
    ("direktor.oygarden", "prioriteringsradet", R.MEMBER),
    ("observator", "prioriteringsradet", R.OBSERVER),
    ("observator", "styringsgruppen", R.OBSERVER),
    ("leder.vest", "arbeidsgruppe-vest", R.LEADER),
    ("leder.nordost", "arbeidsgruppe-nordost", R.LEADER),
    ("leder.sor", "arbeidsgruppe-sor", R.LEADER),
    ("leder.sentrum", "arbeidsgruppe-sentrum", R.LEADER),
    ("leder.vest", "samordningsfunksjonen", R.MEMBER),
    ("leder.nordost", "samordningsfunksjonen", R.MEMBER),
    ("leder.sor", "samordningsfunksjonen", R.MEMBER),
    ("leder.sentrum", "samordningsfunksjonen", R.MEMBER),
    ("planlegger.bergen", "arbeidsgruppe-sentrum", R.MEMBER),
    ("planlegger.askoy", "arbeidsgruppe-vest", R.MEMBER),
    ("observator", "arbeidsgruppe-vest", R.OBSERVER),
]


@transaction.atomic
def load_demo_people() -> list[Person]:
    """Create the missing demo people and memberships; return the personas that have a login to print."""
    parties = {p.slug: p for p in Party.objects.all()}
    users: dict[str, User] = {}
    for person in PEOPLE:
        user = User.objects.filter(username=person.username).first()
        if user is None:
            user = User(
                username=person.username,
                first_name=person.first,
                last_name=person.last,
                party=parties.get(person.party or ""),
                job_title=person.title,
                is_secretariat=person.secretariat,
                is_demo=True,
                email=f"{person.username}@demo.byvekst.no",
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        users[person.username] = user
    forums = {f.slug: f for f in Forum.objects.all()}
    existing = set(Membership.objects.values_list("person__username", "forum__slug"))
    secretariat = users["sekretariat"]
    for username, slug, role in MEMBERSHIPS:
        if (username, slug) in existing:
            continue
        user = users[username]
        services.membership_create(
            actor=secretariat, person=user, forum=forums[slug], party=user.party, role=role, start=START
        )
    return [p for p in PEOPLE if p.persona]
