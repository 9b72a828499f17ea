from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from byvekst.cases.models import Case
from byvekst.governance.models import ConfigVersion, Forum, MandateVersion, Membership
from tests.conftest import Personas, decide, login
from tests.factories import UserFactory


def test_public_page_shows_parties_forums_and_public_mandates(config: None, client: Client) -> None:
    html = client.get(reverse("public")).content.decode()
    for text in (
        "Bergen kommune",
        "Øygarden kommune",
        "Prioriteringsrådet",
        "Administrativ koordineringsgruppe",
        "Samordningsfunksjonen",
    ):
        assert text in html
    assert html.count("mandat") >= 8 or html.count("mandate") >= 8


def test_pages_need_login(config: None, client: Client) -> None:
    for name, args in [
        ("organisation", []),
        ("forum-detail", ["prioriteringsradet"]),
        ("my-forums", []),
        ("implementation-status", []),
        ("audit-log", []),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302 and "/logg-inn/" in response["Location"]


def test_forum_page_separates_members_and_observers(personas: Personas, forum: Forum) -> None:
    html = login(personas.member_b).get(forum.get_absolute_url()).content.decode()
    members, observers = html.split('id="members"')[1].split('id="observers"')
    assert str(personas.member_a) in members and str(personas.observer) not in members
    assert str(personas.observer) in observers


def test_observer_sees_no_edit_controls(personas: Personas, forum: Forum) -> None:
    client = login(personas.observer)
    for url in [forum.get_absolute_url(), forum.mandate.current.get_absolute_url(), reverse("organisation")]:
        html = client.get(url).content.decode()
        assert "membership-form" not in html and "mandat/ny" not in html and "rediger" not in html


def test_secretariat_adds_membership_and_bad_input_keeps_values(personas: Personas, forum: Forum) -> None:
    client = login(personas.secretariat)
    url = reverse("membership-new", args=[forum.slug])
    # The observer cannot also be a member: the error names the role field and the form keeps the input.
    response = client.post(url, {"person": personas.observer.pk, "role": "medlem", "start": "2026-12-01"})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="id_role-error"' in html or "id_role" in html
    assert 'value="2026-12-01"' in html
    person = UserFactory()
    response = client.post(url, {"person": person.pk, "role": "medlem", "start": "2026-12-01"})
    assert response.status_code == 302
    assert Membership.objects.filter(person=person, forum=forum, role="medlem").exists()


def test_htmx_membership_error_returns_the_partial(personas: Personas, forum: Forum) -> None:
    client = login(personas.secretariat)
    response = client.post(
        reverse("membership-new", args=[forum.slug]),
        {"person": personas.observer.pk, "role": "leder", "start": "bad"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 422 and html.lstrip().startswith('<div id="membership-form">')
    assert "<html" not in html


def test_outsider_cannot_add_membership(personas: Personas, forum: Forum) -> None:
    response = login(personas.outsider).post(reverse("membership-new", args=[forum.slug]), {})
    assert response.status_code == 403


def test_mandate_draft_edit_agree_and_compare(personas: Personas, forum: Forum) -> None:
    client = login(personas.secretariat)
    response = client.post(reverse("mandate-new", args=[forum.slug]))
    draft = MandateVersion.objects.filter(mandate__forum=forum, status="draft").get()
    assert response["Location"] == reverse("mandate-edit", args=[draft.pk])
    data = {f: getattr(draft, f) for f in MandateVersion.CONTENT_FIELDS if getattr(draft, f) is not None}
    data["purpose"] = ""
    data["is_public"] = "on"
    response = client.post(reverse("mandate-edit", args=[draft.pk]), data)
    assert response.status_code == 422 and "id_purpose" in response.content.decode()
    assert draft.responsibilities.splitlines()[0] in response.content.decode()  # nothing typed is lost
    data["purpose"] = "Nytt formål"
    assert client.post(reverse("mandate-edit", args=[draft.pk]), data).status_code == 302
    page = client.get(draft.get_absolute_url()).content.decode()
    target = f"governance.mandateversion:{draft.pk}"
    assert f"?target={target}&amp;subject=mandat" in page  # put forward for decision: no "record as agreed"
    form = client.get(reverse("case-list"), {"target": target, "subject": "mandat"})
    assert form.context["form"].initial["title"] == str(draft)
    opened = client.post(
        reverse("case-list"),
        {"title": str(draft), "subject": "mandat", "officer": personas.secretariat.pk, "target": target},
    )
    case = Case.objects.get(targets__target_id=str(draft.pk))
    assert opened["Location"] == case.get_absolute_url()
    decision = decide(draft, subject="mandat")
    forum.mandate.refresh_from_db()
    assert decision.number in client.get(MandateVersion.objects.get(pk=draft.pk).get_absolute_url()).content.decode()
    assert forum.mandate.current_id == draft.pk
    old = MandateVersion.objects.get(mandate__forum=forum, number=1)
    html = client.get(reverse("mandate-compare", args=[old.pk, draft.pk])).content.decode()
    assert "<ins>Nytt formål</ins>" in html and "<del>" in html


def test_draft_is_hidden_from_outsiders(personas: Personas, forum: Forum) -> None:
    from byvekst.governance import services

    draft = services.mandate_draft(actor=personas.secretariat, forum=forum)
    assert login(personas.outsider).get(draft.get_absolute_url()).status_code == 404
    assert Client().get(draft.get_absolute_url()).status_code == 404
    assert login(personas.observer).get(draft.get_absolute_url()).status_code == 200


def test_onboarding_tick_by_htmx(personas: Personas) -> None:
    task = Membership.objects.get(person=personas.member_b).onboarding.first()
    response = login(personas.member_b).post(
        reverse("onboarding-tick", args=[task.pk]), {"done": "1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and f'id="task-{task.pk}"' in response.content.decode()
    assert login(personas.member_a).post(reverse("onboarding-tick", args=[task.pk]), {"done": "0"}).status_code == 403


def test_language_switch_to_english(config: None, client: Client) -> None:
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("public")}, follow=True)
    assert 'lang="en"' in response.content.decode()
    assert "Miljøløftet today" in response.content.decode()


def test_norwegian_is_default(config: None, client: Client) -> None:
    html = client.get(reverse("public")).content.decode()
    assert 'lang="nb"' in html and "Miljøløftet i dag" in html


@pytest.mark.parametrize("extra", [0, 25])
def test_organisation_page_queries_do_not_grow(
    personas: Personas, extra: int, django_assert_max_num_queries: Any
) -> None:
    forum = Forum.objects.get(slug="styringsgruppen")
    for _ in range(extra):
        Membership.objects.create(person=UserFactory(), forum=forum, role="medlem", start=dt.date(2026, 10, 1))
    client = login(personas.secretariat)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("organisation")).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(forum.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(10):
        assert Client().get(reverse("public")).status_code == 200


def test_organisation_shows_the_adopted_configuration(personas: Personas) -> None:
    html = login(personas.member_b).get(reverse("organisation")).content.decode()
    adopted_by = ConfigVersion.objects.get(status="adopted").decision_number
    assert adopted_by.startswith("SG-") and f"/vedtak/{adopted_by}/" in html
    assert "Øygarden, Askøy" in html and "Innfartsparkering" in html
    assert "Areal og knutepunktutvikling" in html
