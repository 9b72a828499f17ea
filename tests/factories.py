from __future__ import annotations

import datetime as dt

import factory

from byvekst.governance.models import Forum, Party, User


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"part-{n}")
    name = factory.Sequence(lambda n: f"Part {n} kommune")
    short_name = factory.Sequence(lambda n: f"P{n}")
    kind = Party.Kind.MUNICIPALITY


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Faker("first_name", locale="no_NO")
    last_name = factory.Faker("last_name", locale="no_NO")
    password = factory.django.Password("test-password-123")


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum

    slug = factory.Sequence(lambda n: f"forum-{n}")
    name = factory.Sequence(lambda n: f"Forum {n}")
    code = factory.Sequence(lambda n: f"F{n}")
    kind = Forum.Kind.WORKING_GROUP
    started_on = dt.date(2026, 10, 1)
