from __future__ import annotations

import datetime as dt

from django.urls import reverse

from byvekst.governance import services
from byvekst.governance.models import Forum, Membership, OnboardingTask
from byvekst.overview.status import implementation_status
from tests.conftest import Personas, login
from tests.factories import UserFactory


def _lines() -> dict[str, object]:
    return {line.key: line for line in implementation_status()}


def _staff_all_forums(personas: Personas) -> None:
    for forum in Forum.objects.filter(ended_on__isnull=True):
        for role in ("leder", "medlem"):
            if not Membership.objects.filter(forum=forum, role=role).exists():
                services.membership_create(
                    actor=personas.secretariat,
                    person=UserFactory(),
                    forum=forum,
                    party=None,
                    role=role,
                    start=dt.date(2026, 10, 1),
                )


def test_fresh_configuration_lacks_people(config: None) -> None:
    lines = _lines()
    assert lines["mandates"].state == "done"
    assert lines["leaders"].state == "missing" and len(lines["leaders"].missing) == 8
    assert lines["participants"].state == "missing"
    assert lines["separation"].state == "done"
    assert lines["criteria"].state == "missing" and lines["first_meeting"].state == "missing"
    assert lines["case_history"].state == "missing"
    for key in ("routines", "theme_days"):
        assert lines[key].state == "not_measurable"


def test_lines_turn_done_when_people_are_appointed(personas: Personas) -> None:
    _staff_all_forums(personas)
    lines = _lines()
    assert lines["leaders"].state == "done" and lines["participants"].state == "done"
    assert lines["onboarding"].state == "done"


def test_missing_mandate_is_named_with_a_link(personas: Personas) -> None:
    forum = services.forum_create(
        actor=personas.secretariat,
        data={"slug": "temadager", "name": "Temadagsgruppen", "code": "TD", "kind": "nettverk"},
    )
    line = _lines()["mandates"]
    assert line.state == "missing" and ("Temadagsgruppen", forum.get_absolute_url()) in line.missing


def test_mandate_without_observer_rights_breaks_separation(personas: Personas) -> None:
    forum = Forum.objects.get(slug="kommunikasjonsnettverket")
    data = {f: getattr(forum.mandate.current, f) for f in forum.mandate.current.CONTENT_FIELDS}
    data["observer_rights"] = ""
    version = services.mandate_draft(actor=personas.secretariat, forum=forum, data=data)
    forum.mandate.current = version  # pointer moved behind the service's back, as a broken import would
    forum.mandate.save()
    line = _lines()["separation"]
    assert line.state == "missing" and line.missing[0][0] == "Kommunikasjonsnettverket"


def test_onboarding_missing_when_a_member_lacks_the_checklist(personas: Personas) -> None:
    _staff_all_forums(personas)
    OnboardingTask.objects.filter(membership__person=personas.member_b).delete()
    line = _lines()["onboarding"]
    assert line.state == "missing" and line.missing[0][0] == "Arbeidsgruppe Vest"


def test_status_page_renders(personas: Personas) -> None:
    html = login(personas.member_a).get(reverse("implementation-status")).content.decode()
    assert 'id="status-mandates"' in html and 'id="status-theme_days"' in html


def test_configuration_versions_draft_edit_adopt(personas: Personas) -> None:
    from byvekst.governance.models import ConfigVersion
    from byvekst.governance.selectors import config_entries, current_config

    client = login(personas.secretariat)
    url = reverse("configuration")
    client.post(url, {"action": "draft"})
    draft = ConfigVersion.objects.get(status="draft")
    assert config_entries(draft)["areas"].count() == 4  # copied from the version in force
    areas = "nordost: Nordøst\nsor: Sør\nvest: Vest\nsentrum: Bergen sentrum\nvest: Igjen"
    bad = client.post(
        url,
        {
            "action": "entries",
            "config": draft.pk,
            "areas": areas,
            "focus_areas": "kollektiv: Kollektivtrafikk",
            "programme_areas": "gst: GST",
        },
    )
    assert bad.status_code == 422 and "Bergen sentrum" in bad.content.decode()  # the typed lines are kept
    client.post(
        url,
        {
            "action": "entries",
            "config": draft.pk,
            "areas": areas.rsplit("\n", 1)[0] + "\nos: Os sentrum",
            "focus_areas": "kollektiv: Kollektivtrafikk\ngange-sykkel: Gange og sykkel",
            "programme_areas": "gst: Gange, sykkel og trafikksikkerhet",
        },
    )
    assert list(config_entries(draft)["areas"].values_list("code", flat=True)) == [
        "nordost",
        "sor",
        "vest",
        "sentrum",
        "os",
    ]
    client.post(url, {"action": "adopt", "config": draft.pk, "decision_ref": "SG-2027-11"})
    assert current_config() == ConfigVersion.objects.get(pk=draft.pk)
    refused = client.post(
        url,
        {"action": "entries", "config": draft.pk, "areas": "x: y", "focus_areas": "a: b", "programme_areas": "c: d"},
    )
    assert refused.status_code == 422
    assert login(personas.member_a).post(url, {"action": "draft"}).status_code == 403
