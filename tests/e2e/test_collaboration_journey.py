"""Working together in the browser, in Norwegian: a party registers a disagreement on a sheet in its working
group, the time box runs out and it escalates by itself, is lifted to the Council, and the Council's leader
resolves it with a reservation; the home page lists each person's work."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from playwright.sync_api import Page, expect

from byvekst.collaboration import services
from byvekst.collaboration.models import Disagreement
from byvekst.governance import services as governance
from byvekst.governance.models import Forum, Party, User
from byvekst.projects.models import Project
from tests.conftest import START, Personas
from tests.e2e.conftest import log_in
from tests.factories import UserFactory


def test_disagreement_up_the_ladder(page: Page, project: Project, personas: Personas, leader: User) -> None:
    chair = UserFactory(username="pr-leder", party=Party.objects.get(slug="sd"))
    governance.membership_create(
        actor=personas.secretariat,
        person=chair,
        forum=Forum.objects.get(slug="prioriteringsradet"),
        party=chair.party,
        role="leder",
        start=START,
    )
    log_in(page, personas.member_a.username)
    page.get_by_role("link", name="Samarbeid").click()
    page.get_by_label("Hva uenigheten gjelder").fill("Traséval for sykkelveien")
    page.get_by_label("Saksnummer eller prosjekt-ID").fill(project.code)
    page.get_by_label("Nivået som først skal forsøke å løse den").select_option(label="Arbeidsgruppe")
    page.get_by_label("Din part", exact=True).select_option(label="Bergen kommune")
    page.get_by_label("Din parts standpunkt").fill("Traseen bør gå langs sjøen.")
    page.get_by_role("button", name="Registrer", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Arbeidsgruppe Bergen sentrum")
    page.get_by_role("button", name="Logg ut").click()

    log_in(page, leader.username)  # the working group's leader sees it among their tasks
    expect(page.locator("#tasks-h + ul")).to_contain_text("Løs uenigheten: Traséval for sykkelveien")
    page.get_by_role("button", name="Logg ut").click()

    d = Disagreement.objects.get()
    services.escalate_overdue(now=timezone.now() + dt.timedelta(days=15))  # the daily job, two weeks on
    log_in(page, personas.member_a.username)
    page.goto(d.get_absolute_url())
    expect(page.locator("main")).to_contain_text("Samordningsfunksjonen")
    expect(page.locator("main")).to_contain_text("tidsfristen gikk ut")
    page.get_by_role("button", name="Løft den til neste nivå nå").click()
    expect(page.locator(".messages")).to_contain_text("Prioriteringsrådet")
    page.get_by_role("button", name="Logg ut").click()

    log_in(page, chair.username)
    expect(page.locator("#tasks-h + ul")).to_contain_text("Løs uenigheten")
    page.get_by_role("link", name="Traséval for sykkelveien").first.click()
    page.get_by_label("Utfall").fill("Traseen går langs sjøen.")
    page.get_by_label("Forbehold som står ved lag (part og hva)").fill("Statens vegvesen: kostnaden")
    page.get_by_role("button", name="Registrer løsningen").click()
    expect(page.locator("main")).to_contain_text("Løst")
    d.refresh_from_db()
    assert d.status == "resolved" and d.level == 3 and d.reservation == "Statens vegvesen: kostnaden"
