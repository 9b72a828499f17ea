"""Build a scenario, run it, read why a project is out, force it in and see the cost, and propose the optimum as
the action programme. The programme then passes as one case: the proposal is changed with a reason, the Council
recommends it in a held meeting, the Steering Group decides it in a held meeting, bystyret and fylkestinget
approve it — and only then is it adopted and on the public page with its decision numbers."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from byvekst.governance.models import User
from byvekst.portfolio import services
from byvekst.portfolio.models import ActionProgramme, Run
from byvekst.projects.models import Project
from tests.conftest import Personas, approved_sheet
from tests.e2e.conftest import conclude, hold_meeting, log_in, write_paper


def _wait_for_run(page: Page) -> None:
    services.work_once()  # the worker, as `byvekst worker` runs it; the page polls and shows the result
    page.get_by_role("link", name="Vis resultatet").click()


def _anchor(page: Page, case_url: str, party: str) -> None:
    page.goto(case_url)
    page.get_by_label(f"Forankring for {party}").select_option(label="Forankret")
    page.get_by_role("button", name=f"Registrer {party}").click()


def _outcome(page: Page, programme_url: str, body: str, reference: str) -> None:
    page.goto(programme_url)
    page.get_by_text(f"Registrer utfallet i {body}").click()
    form = page.locator("details", has_text=f"Registrer utfallet i {body}")
    form.get_by_label("utfall").select_option(label="Godkjent")
    form.get_by_label("behandlet").fill("2026-11-20")
    form.get_by_label("deres referanse").fill(reference)
    form.get_by_label("lenke til deres vedtak").fill("https://www.bergen.kommune.no/politikk")
    form.get_by_role("button", name="Registrer").click()
    expect(page.get_by_text(f"Utfallet i {body} er registrert.")).to_be_visible()


def test_scenario_to_public_programme(page: Page, personas: Personas) -> None:
    services.frame_create(
        actor=personas.secretariat,
        name="HP 2027–2028",
        first_year=2027,
        years=2,
        amounts={"bompenger": [10, 10]},
        carry_over=False,
    )
    for code, cost, value in (("A", 6, 20), ("B", 5, 12), ("C", 5, 9), ("D", 12, 50), ("E", 5, 2)):
        approved_sheet(personas, code, "sentrum", cost, value, location={"type": "Point", "coordinates": [5.32, 60.39]})
    log_in(page, personas.secretariat.username)
    page.goto("/portefolje/")
    page.get_by_text("Bygg et scenario").click()
    page.get_by_label("Navn", exact=True).fill("Alternativ A")
    page.get_by_role("button", name="Opprett scenario").click()
    page.get_by_role("button", name="Kjør optimeringen").click()
    expect(page.locator("#progress")).to_be_visible()
    _wait_for_run(page)
    expect(page.locator("#out-D")).to_contain_text("bryte rammen for Bompenger i 2028 (mangler 8,0 MNOK)")
    chart = page.locator("section[aria-labelledby=vfm-h]")
    chart.scroll_into_view_if_needed()  # the chart of every candidate is loaded when the reader comes to it
    expect(chart.locator("[data-chart=value-cost-chart] svg").first).to_be_visible()
    expect(chart.get_by_text("Tallene bak figuren")).to_be_visible()
    page.locator("#out-E").get_by_role("combobox").select_option("2028")
    page.locator("#out-E").get_by_role("button", name="Tving inn").click()
    _wait_for_run(page)
    expect(page.get_by_text("De manuelle justeringene koster")).to_be_visible()
    base = Run.objects.order_by("pk").first()
    assert base is not None
    expect(page.get_by_text(f"Siden kjøring {base.pk}: inn: E")).to_be_visible()  # what changed, in the summary
    page.goto(Run.objects.order_by("pk").first().get_absolute_url())  # back to the optimum
    page.get_by_role("button", name="Foreslå som handlingsprogram").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Handlingsprogram")
    programme_url = page.url
    page.get_by_label("Endring for C").select_option("out")
    page.get_by_label("Begrunnelse for endringene").fill("C tas ut til neste revisjon.")
    page.get_by_role("button", name="Lag en ny versjon av forslaget").click()
    expect(page.get_by_text("Tatt ut: C Tiltak C")).to_be_visible()
    case_url = page.get_by_role("link", name="Sak 2026/").get_attribute("href") or ""

    # Prioriteringsrådet: paper, anchoring (its mandate refuses a decision without), meeting, recommendation.
    write_paper(page, case_url, "Rådet innstiller handlingsprogrammet til Styringsgruppen.")
    _anchor(page, case_url, "Bergen")
    hold_meeting(page, "Prioriteringsrådet", [personas.member_a])
    recommendation = conclude(page)
    assert recommendation.startswith("PR-")
    page.goto(programme_url)
    expect(page.locator(".passage")).to_contain_text(f"vedtak {recommendation}")
    expect(page.locator("main .badge").first).to_contain_text("Innstilling")

    # Styringsgruppen: its paper, meeting and decision.
    write_paper(page, case_url, "Styringsgruppen vedtar handlingsprogrammet.")
    steering = [User.objects.get(username=u) for u in ("sg-sd", "sg-bergen", "sg-vlfk")]
    hold_meeting(page, "Styringsgruppen", steering)
    decision = conclude(page)
    assert decision.startswith("SG-")
    page.goto(programme_url)
    expect(page.locator("main .badge").first).to_contain_text("Vedtak")
    assert Project.objects.get(code="A").status == "kvalitetssikret"  # not adopted before the local bodies

    # Bystyret and fylkestinget: their outcomes are recorded; the second makes the programme adopted.
    _outcome(page, programme_url, "Bystyret i Bergen", "2026/4411")
    expect(page.locator("main .badge").first).to_contain_text("Vedtak")
    _outcome(page, programme_url, "Fylkestinget i Vestland", "FT-2026-88")
    expect(page.locator("main .badge").first).to_contain_text("Vedtatt")
    assert ActionProgramme.objects.get().stage == "adopted"
    assert Project.objects.get(code="A").status == "i_handlingsprogram"
    assert Project.objects.get(code="C").status == "ikke_prioritert"

    page.get_by_role("button", name="Logg ut").click()
    page.goto("/offentlig/")
    programmes = page.locator("section[aria-labelledby=hp-h]")
    expect(programmes).to_contain_text(f"vedtak {recommendation}")
    expect(programmes).to_contain_text(f"vedtak {decision}")
    programmes.get_by_role("link", name="Handlingsprogram").click()
    expect(page.locator("table").first).to_contain_text("Tiltak A")
    expect(page.locator("table").first).not_to_contain_text("Tiltak C")
