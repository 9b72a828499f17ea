"""Shared fixtures: the Miljøløftet configuration and the personas of the permission matrix."""

from __future__ import annotations

import datetime as dt
import importlib
import re
import subprocess
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from byvekst.governance import services
from byvekst.governance.configuration import load_configuration
from byvekst.governance.models import Forum, Membership, Party, User
from byvekst.projects import services as project_services
from byvekst.projects.demo import CHECKLIST
from byvekst.projects.models import ChecklistItem, Project
from tests.factories import UserFactory

PASSWORD = "test-password-123"
START = dt.date(2026, 10, 1)


@dataclass
class Personas:
    secretariat: User
    member_a: User
    member_b: User
    observer: User
    outsider: User
    anonymous: Any

    def all(self) -> dict[str, Any]:
        return dict(self.__dict__)


def found(on: dt.datetime | None = None) -> None:
    """The configuration's forums constituted as the demo does it: a Steering Group of three parties' leaders
    meets and agrees every mandate and the configuration (``cases.founding``)."""
    from django.utils import timezone

    from byvekst.cases.scripted import found_organisation

    clerk = UserFactory(username="sg-sekretaer", is_secretariat=True)
    steering = Forum.objects.get(slug="styringsgruppen")
    for slug, role in (("sd", "leder"), ("bergen", "medlem"), ("vlfk", "medlem")):
        party = Party.objects.get(slug=slug)
        person = UserFactory(username=f"sg-{slug}", party=party)
        services.membership_create(actor=clerk, person=person, forum=steering, party=party, role=role, start=START)
    found_organisation(actor=clerk, starts_at=on or timezone.now() - dt.timedelta(days=1))


@pytest.fixture
def config(db: Any) -> None:
    load_configuration()
    found()


@pytest.fixture
def forum(config: None) -> Forum:
    return Forum.objects.get(slug="prioriteringsradet")


@pytest.fixture
def personas(config: None) -> Personas:
    parties = {p.slug: p for p in Party.objects.all()}
    forums = {f.slug: f for f in Forum.objects.all()}
    secretariat = UserFactory(username="sek", is_secretariat=True)
    member_a = UserFactory(username="a", party=parties["bergen"])
    member_b = UserFactory(username="b", party=parties["askoy"])
    observer = UserFactory(username="obs", party=parties["kdd"])
    outsider = UserFactory(username="out")
    R = Membership.Role
    for person, slug, role in [
        (secretariat, "samordningsfunksjonen", R.LEADER),
        (member_a, "prioriteringsradet", R.MEMBER),
        (member_a, "arbeidsgruppe-sentrum", R.MEMBER),
        (member_b, "arbeidsgruppe-vest", R.MEMBER),
        (observer, "prioriteringsradet", R.OBSERVER),
    ]:
        services.membership_create(
            actor=secretariat, person=person, forum=forums[slug], party=person.party, role=role, start=START
        )
    return Personas(secretariat, member_a, member_b, observer, outsider, AnonymousUser())


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True, scope="session")
def _flush_lifts_the_audit_triggers_on_sqlite() -> None:
    """Transactional tests end with a flush, which on SQLite DELETEs every row; the audit triggers refuse that
    (as they should for anyone else), so the test flush lifts them and puts them back."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        return  # PostgreSQL's flush is a TRUNCATE by the owner, which the row triggers do not see
    from django.db.backends.sqlite3.operations import DatabaseOperations

    triggers = importlib.import_module("byvekst.audit.migrations.0005_sqlite_triggers")
    original = DatabaseOperations.sql_flush

    def sql_flush(self: Any, style: Any, tables: Any, **kwargs: Any) -> list[str]:
        statements = original(self, style, tables, **kwargs)
        if "audit_auditevent" in tables:
            return [*triggers.SQLITE_DOWN, *statements, *triggers.SQLITE_UP]
        return list(statements)

    DatabaseOperations.sql_flush = sql_flush  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _anchor_file_per_test(settings: Any, tmp_path: Any) -> None:
    settings.BYVEKST_AUDIT_ANCHOR_FILE = str(tmp_path / "audit-anchors.jsonl")


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache, and without the rankings a process holds: the database starts empty
    too, and ids are reused between tests."""
    from django.core.cache import cache

    from byvekst.core.held import clear_all

    cache.clear()
    clear_all()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def checklist(db: Any) -> list[ChecklistItem]:
    return [
        ChecklistItem.objects.create(text=t, programme_area_code=p, mandatory=m, order=i)
        for i, (t, p, m) in enumerate(CHECKLIST[:3])
    ]


@pytest.fixture
def leader(personas: Personas) -> User:
    """Leader of Arbeidsgruppe Bergen sentrum, from Bergen."""
    user = UserFactory(username="leder", party=Party.objects.get(slug="bergen"))
    services.membership_create(
        actor=personas.secretariat,
        person=user,
        forum=Forum.objects.get(slug="arbeidsgruppe-sentrum"),
        party=user.party,
        role="leder",
        start=dt.date(2026, 10, 1),
    )
    return user


@pytest.fixture
def coordinator(personas: Personas) -> User:
    """A member of the coordination function who is not in the secretariat."""
    user = UserFactory(username="koord", party=Party.objects.get(slug="vlfk"))
    services.membership_create(
        actor=personas.secretariat,
        person=user,
        forum=Forum.objects.get(slug="samordningsfunksjonen"),
        party=user.party,
        role="medlem",
        start=dt.date(2026, 10, 1),
    )
    return user


MATRIX_PERSONAS = ["secretariat", "member_a", "member_b", "observer", "outsider", "anonymous", "leader", "coordinator"]
MATRIX_LOGGED_IN = set(MATRIX_PERSONAS) - {"anonymous"}


def matrix_cases(matrix: dict[str, list[tuple[str, set[str]]]]) -> list[tuple[str, str, set[str]]]:
    """(action, object key, who may) for ``pytest.mark.parametrize`` over a permission matrix."""
    return [(action, key, allowed) for action, rows in matrix.items() for key, allowed in rows]


@pytest.fixture
def everyone(personas: Personas, leader: User, coordinator: User) -> dict[str, Any]:
    """The personas of the permission matrices, with the working group's leader and a coordination member."""
    return {**personas.all(), "leader": leader, "coordinator": coordinator}


def allowed_for(everyone: dict[str, Any], action: str, obj: Any) -> set[str]:
    from byvekst.core.policy import can

    return {name for name in MATRIX_PERSONAS if can(everyone[name], action, obj)}


def complete_data(**over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "description": "Kollektivfelt i begge retninger.",
        "need": "Bussene står i kø.",
        "programme_area_code": "kollektiv",
        "focus_area_codes": ["kollektiv"],
        "phase": "regulering",
        "cost_p10": Decimal("90"),
        "cost_p50": Decimal("100"),
        "cost_p85": Decimal("125"),
        "price_year": 2026,
        "cost_profile": ["40", "60"],
        "funding": {"bompenger": "70", "kommunal": "30"},
        "earliest_start": 2027,
        "latest_start": 2028,
    }
    data.update(over)
    return data


@pytest.fixture
def project(personas: Personas, checklist: list[ChecklistItem]) -> Project:
    return project_services.project_create(
        actor=personas.member_a,
        owner=Party.objects.get(slug="bergen"),
        area_code="sentrum",
        title="Kollektivfelt Nygårdsgaten",
        data=complete_data(),
    )


def full_data(**over: Any) -> dict[str, Any]:
    """Every field of a sheet filled in, for the round trips (Excel export → import, API GET → PUT)."""
    return complete_data(
        external_id="Fv. 5030 hp 1 m 200",
        road_owner="Vestland fylkeskommune",
        operator="Bergen kommune",
        municipality="Bergen",
        district="Bergenhus",
        location={"type": "Point", "coordinates": [5.3251, 60.3895]},
        car_trips_per_day=-300,
        vehicle_km_per_day=-1200,
        walk_trips_per_day=40,
        cycle_trips_per_day=120,
        pt_trips_per_day=500,
        effect_method="Transportmodell RTM, 2026",
        net_benefit=Decimal("35.5"),
        public_cost=Decimal("95"),
        other_municipalities=["Askøy"],
        other_areas=["vest"],
        region_wide=True,
        measure_kind="investering",
        requested=Decimal("110"),
        granted=Decimal("100"),
        granted_before=Decimal("12.5"),
        remaining_after=Decimal("40"),
        completion_year=2030,
        quantity=Decimal("1.2"),
        quantity_unit="km",
        impacts={
            "trafikksikkerhet": {"grade": 2, "justification": "Færre konflikter"},
            "bykvalitet": {"grade": -1, "justification": "Bredere gate"},
        },
        exclusive_group="nygardsgaten",
        capacity_person_months=Decimal("3.5"),
        **over,
    )


def answer_checklist(project: Project, user: User, value: str = "ja") -> None:
    project_services.checklist_save(
        actor=user, project=project, answers={a.item_id: (value, "") for a in project.checklist.all()}
    )


def approved_sheet(personas: Personas, code: str, area: str, cost: int, value: int, **kw: Any) -> Project:
    """A quality-assured one-year project of Bergen's, funded by toll money, with the given cost and value."""
    data = {
        "cost_p10": Decimal(cost) * Decimal("0.9"),
        "cost_p50": Decimal(cost),
        "cost_p85": Decimal(cost) * Decimal("1.2"),
        "cost_profile": [str(cost)],
        "funding": {"bompenger": "100"},
        "earliest_start": 2027,
        "latest_start": 2028,
        "net_benefit": Decimal(value),
        "focus_area_codes": ["kollektiv"],
        **kw,
    }
    project = project_services.project_create(
        actor=personas.secretariat,
        owner=Party.objects.get(slug="bergen"),
        area_code=area,
        title=f"Tiltak {code}",
        data=data,
        code=code,
    )
    Project.objects.filter(pk=project.pk).update(status="kvalitetssikret")
    return Project.objects.get(pk=project.pk)


@pytest.fixture
def scenario(personas: Personas) -> Any:
    """Four quality-assured one-year projects in two areas, frames of 10 MNOK a year for 2027–2028."""
    from byvekst.portfolio import services as portfolio

    frame = portfolio.frame_create(
        actor=personas.secretariat,
        name="HP 2027–2028",
        first_year=2027,
        years=2,
        amounts={"bompenger": [10, 10]},
        carry_over=False,
    )
    projects = [
        approved_sheet(personas, "A", "sentrum", 6, 20),
        approved_sheet(personas, "B", "sentrum", 5, 12),
        approved_sheet(personas, "C", "vest", 5, 9),
        approved_sheet(personas, "D", "vest", 12, 50),
    ]
    return portfolio.scenario_create(actor=personas.secretariat, name="Test", frame=frame, projects=projects)


def treat(case: Any, *, forum: str, kind: str, text: str = "Vedtatt.", clerk: str = "sg-sekretaer") -> Any:
    """Have the forum treat the case in a meeting held an hour ago (cases.scripted); returns the decision."""
    from django.utils import timezone

    from byvekst.cases.scripted import Item, hold_meeting

    when = timezone.now().replace(microsecond=0) - dt.timedelta(hours=1)
    _meeting, decisions = hold_meeting(
        actor=User.objects.get(username=clerk),
        forum=Forum.objects.get(slug=forum),
        starts_at=when,
        items=[Item(case, kind, text)],
    )
    return decisions[0]


def decide(*targets: Any, subject: str, forum: str = "styringsgruppen", kind: str = "vedtak") -> Any:
    """Put records forward in a new case and have the forum decide it (:func:`treat`): the way a mandate,
    criteria, frames or a configuration is adopted. Returns the decision."""
    from django.utils import timezone

    from byvekst.cases.scripted import open_case

    clerk = User.objects.get(username="sg-sekretaer")
    case = open_case(clerk, f"Sak om {targets[0]}", subject, list(targets), timezone.now())
    return treat(case, forum=forum, kind=kind)


@dataclass(frozen=True)
class Printed:
    """A Word file as LibreOffice prints it: the text of its pages laid out (pdftotext -layout) and the page size
    in millimetres. The document tests read what a person opening the file in LibreOffice would see."""

    text: str
    pages: int
    size_mm: tuple[int, int]
    pdf: Path

    @property
    def flat(self) -> str:
        """The text with every run of white space as one space (a title may wrap over two lines)."""
        return " ".join(self.text.replace("\xa0", " ").split())


def printed(docx: bytes, folder: Path) -> Printed:
    source = folder / "document.docx"
    source.write_bytes(docx)
    profile = folder / "lo-profile"  # one LibreOffice profile per test, so parallel workers do not collide
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pdf = folder / "document.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    width, height = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups()  # type: ignore[union-attr]
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return Printed(text, pages, (round(float(width) * 25.4 / 72), round(float(height) * 25.4 / 72)), pdf)
