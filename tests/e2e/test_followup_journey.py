"""Follow-up in the browser, in Norwegian: a group leader reports a cost overrun, the deviation appears and is
explained, the secretariat makes it a case to the Council with a drafted paper, starts a revision run from it,
and proposes the revised programme, which names the one it replaces; the Council recommends it in a held
meeting, which makes the revised programme's next version."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from byvekst.followup.models import Deviation
from byvekst.governance.models import User
from byvekst.portfolio import services as portfolio
from byvekst.portfolio.models import ActionProgramme, ProgrammeVersion
from tests.conftest import Personas
from tests.e2e.conftest import conclude, hold_meeting, log_in, write_paper
from tests.followup.conftest import programme  # noqa: F401 - the adopted programme of A and B

REPORT = {
    "Prosent ferdig": "35",
    "Bevilget hittil (MNOK)": "40",
    "Brukt hittil (MNOK)": "22,5",
    "Årets budsjett (MNOK)": "25",
    "Brukt i år (MNOK)": "12,5",
    "Prognose ved ferdigstillelse, P50 (MNOK)": "135,5",
    "Prognose ved ferdigstillelse, P85 (MNOK)": "150",
}


@pytest.mark.usefixtures("programme")
def test_overrun_to_case_to_revision(page: Page, personas: Personas, leader: User) -> None:
    adopted = ProgrammeVersion.objects.get()
    portfolio.frame_create(
        actor=personas.secretariat, name="HP 2028–2029", first_year=2028, years=2, amounts={"bompenger": [200, 100]}
    )
    log_in(page, leader.username)
    page.get_by_role("link", name="Oppfølging").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Oppfølging")
    page.get_by_role("link", name="A", exact=True).click()
    page.get_by_label("Fase og planstatus").select_option("regulering")
    for label, value in REPORT.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_label("Milepæl 1").fill("Byggestart")
    page.get_by_label("Planlagt 1").fill("2027-03-01")
    page.get_by_label("Prognose 1").fill("2027-04-01")
    for dimension in ("Fremdrift", "Usikkerhet", "Måloppnåelse"):
        page.get_by_role("group", name=dimension).get_by_label("Grønt").check()
    page.get_by_role("group", name="Økonomi").get_by_label("Rødt").check()
    page.get_by_role("button", name="Send rapporten").click()
    expect(page.locator(".error-summary")).to_contain_text("Gult eller rødt lys trenger en kommentar")
    expect(page.get_by_label("Brukt hittil (MNOK)", exact=True)).to_have_value("22,5")  # nothing typed is lost
    page.locator("#id_comment_economy").fill("Anbudene kom inn 35 % over kalkylen.")
    for dimension in ("Fremdrift", "Usikkerhet", "Måloppnåelse"):
        page.get_by_role("group", name=dimension).get_by_label("Grønt").check()
    page.get_by_role("group", name="Økonomi").get_by_label("Rødt").check()
    page.get_by_role("button", name="Send rapporten").click()
    expect(page.locator(".messages")).to_contain_text("Avvik åpnet: Prognosen er 135,5 MNOK mot 100,0 MNOK vedtatt")
    page.get_by_role("link", name="Kostnadsprognose over vedtatt kostnad").click()
    page.get_by_label("Eierens forklaring").fill("Stramt anleggsmarked.")
    page.get_by_label("Foreslått tiltak").fill("Utsette B ett år.")
    page.get_by_role("button", name="Lagre forklaringen").click()
    expect(page.locator(".messages")).to_contain_text("Forklaringen er lagret")
    page.get_by_role("button", name="Logg ut").click()

    log_in(page, personas.secretariat.username)
    deviation = Deviation.objects.get(rule="cost")
    page.goto(deviation.get_absolute_url())
    page.get_by_role("button", name="Gjør det til en sak").click()
    expect(page.locator("main")).to_contain_text("Prioriteringsrådet")
    expect(page.locator(".messages")).to_contain_text("med utkast til saksframlegg")
    page.goto(deviation.get_absolute_url())
    expect(page.locator("main")).to_contain_text("Til behandling")
    page.get_by_role("link", name="Start en revisjonskjøring med dette avviket").click()
    expect(page.get_by_label("Hvorfor programmet revideres")).to_have_value(
        "Avvik på A: Prognosen er 135,5 MNOK mot 100,0 MNOK vedtatt: 35,5 MNOK mer (35,5 %)."
    )
    page.get_by_label("Rammer for det reviderte programmet").select_option(label="HP 2028–2029 (v1)")
    page.get_by_role("button", name="Start revisjonskjøringen").click()
    portfolio.work_once()  # the worker process's job
    page.reload()
    expect(page.locator("main")).to_contain_text("Endringer mot HP 2027–2030 v1 (gjeldende)")
    expect(page.locator("main")).to_contain_text("Beholdes fordi de er i gang")
    page.get_by_role("button", name="Foreslå som handlingsprogram").click()
    expect(page.locator("main")).to_contain_text("Erstatter")
    revised = ActionProgramme.objects.exclude(pk=adopted.programme_id).get()
    assert revised.replaces_id == adopted.programme_id and revised.case is not None
    programme_url = page.url
    case_url = page.get_by_role("link", name="Sak 2026/").first.get_attribute("href") or ""
    page.get_by_role("link", name="Hva revisjonen endrer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("sammenlignet med HP 2027–2030 v1")

    # The Council decides the re-prioritisation: the paper, Bergen's anchoring, a held meeting, its recommendation,
    # which makes the revised programme's next version.
    write_paper(page, case_url, "Rådet innstiller det reviderte handlingsprogrammet til Styringsgruppen.")
    page.goto(case_url)
    page.get_by_label("Forankring for Bergen").select_option(label="Forankret")
    page.get_by_role("button", name="Registrer Bergen").click()
    hold_meeting(page, "Prioriteringsrådet", [personas.member_a])
    recommendation = conclude(page)
    assert recommendation.startswith("PR-")
    page.goto(programme_url)
    expect(page.locator(".passage")).to_contain_text(f"vedtak {recommendation}")
    expect(page.locator("main .badge").first).to_contain_text("Innstilling")
    revised.refresh_from_db()
    assert revised.stage == "recommendation" and revised.versions.count() == 2
