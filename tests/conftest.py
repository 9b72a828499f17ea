"""Shared fixtures: the Miljøløftet configuration and the personas of the permission matrix."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from byvekst.governance import services
from byvekst.governance.configuration import load_configuration
from byvekst.governance.models import Forum, Membership, Party, User
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


@pytest.fixture
def config(db: Any) -> None:
    load_configuration()


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


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
