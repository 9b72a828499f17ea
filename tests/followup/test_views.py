"""The follow-up pages in Norwegian: a group leader reports (decimal commas), a broken rule shows as a deviation,
the coordination function makes it a case; bad input keeps what was typed; lists stay flat in queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from byvekst.followup import services
from byvekst.followup.models import Deviation, Order, StatusReport
from byvekst.governance.models import Party, User
from byvekst.portfolio.models import ProgrammeVersion
from byvekst.projects.models import Project
from tests.conftest import Personas, approved_sheet, login
from tests.followup.conftest import now_period


def form(**over: str) -> dict[str, str]:
    data = {
        "phase": "regulering",
        "percent_complete": "35",
        "granted_to_date": "40",
        "spent_to_date": "22,5",
        "budget_this_year": "25",
        "spent_this_year": "12,25",
        "forecast_p50": "118,5",
        "forecast_p85": "130",
        "ms_0_name": "Reguleringsplan vedtatt",
        "ms_0_planned": "2027-04-01",
        "ms_0_forecast": "2027-05-01",
        **{f"light_{d}": "green" for d in ("progress", "uncertainty", "goals")},
        "light_economy": "yellow",
        "comment_economy": "Anbudene kom inn over kalkylen.",
    }
    data.update(over)
    return data


def test_a_group_leader_reports_an_overrun_and_the_deviation_becomes_a_case(
    programme: ProgrammeVersion, personas: Personas, leader: User
) -> None:
    year, period = now_period()
    client = login(leader)
    page = client.get("/oppfolging/")
    assert page.status_code == 200 and "Ikke rapportert" in page.content.decode()
    sheet = client.get("/prosjekter/A/statusrapport/")
    assert "Send rapporten" in sheet.content.decode()
    sent = client.post(f"/prosjekter/A/statusrapport/?at={year}-{period}", form(), follow=True)
    text = sent.content.decode()
    report = StatusReport.objects.get()
    assert sent.redirect_chain[-1][0] == f"/oppfolging/rapporter/{report.pk}/"
    assert report.spent_this_year == report.spent_this_year.__class__("12.25") and report.forecast_p50 == 118.5
    assert "Avvik åpnet" in text and "Prognosen er 118,5 MNOK mot 100,0 MNOK vedtatt" in text
    deviation = Deviation.objects.get()
    # The leader explains; only the coordination function makes the case.
    explained = client.post(
        f"/oppfolging/avvik/{deviation.pk}/",
        {"action": "explain", "explanation": "Høye anbud.", "measure": "Redusere omfanget."},
    )
    assert explained.status_code == 302
    assert client.post(f"/oppfolging/avvik/{deviation.pk}/", {"action": "case"}).status_code == 403
    made = login(personas.secretariat).post(f"/oppfolging/avvik/{deviation.pk}/", {"action": "case"})
    deviation.refresh_from_db()
    assert deviation.case is not None and made.url == deviation.case.get_absolute_url()
    overview = client.get("/oppfolging/").content.decode()
    assert "Gult" in overview and "118,5" in overview
    sheet_page = client.get("/prosjekter/A/").content.decode()
    assert "Siste statusrapport" in sheet_page and "prognose 118,5 MNOK mot 100,0 MNOK vedtatt" in sheet_page


def test_bad_input_is_named_in_norwegian_and_kept(programme: ProgrammeVersion, leader: User) -> None:
    client = login(leader)
    answer = client.post(
        "/prosjekter/A/statusrapport/",
        form(spent_to_date="mye", comment_economy="", forecast_p85="100", ms_0_forecast="", percent_complete="120"),
    )
    text = answer.content.decode()
    assert answer.status_code == 422 and not StatusReport.objects.exists()
    assert "Oppgi et tall." in text
    assert "Høyst 100" in text or "mindre enn eller lik 100" in text
    assert 'value="mye"' in text and 'value="Reguleringsplan vedtatt"' in text
    fixed = client.post("/prosjekter/A/statusrapport/", form(comment_economy="", ms_0_forecast=""))
    fixed_text = fixed.content.decode()
    assert fixed.status_code == 422
    assert "Gult eller rødt lys trenger en kommentar." in fixed_text and "Oppgi datoen." in fixed_text


def test_who_may_not_report_is_refused(programme: ProgrammeVersion, personas: Personas) -> None:
    assert login(personas.member_b).post("/prosjekter/A/statusrapport/", form()).status_code == 403
    assert "Send rapporten" not in login(personas.member_a).get("/prosjekter/A/statusrapport/").content.decode()
    assert login(personas.outsider).get("/oppfolging/").status_code == 200
    from django.test import Client

    assert Client().get("/oppfolging/").status_code == 302


def test_orders_are_answered_by_the_recipient(personas: Personas) -> None:
    client = login(personas.secretariat)
    bad = client.post(
        "/oppfolging/bestillinger/", {"title": "Plan", "deliverable": "x", "due": "", "report_form": "memo"}
    )
    assert bad.status_code == 422 and 'value="Plan"' in bad.content.decode()
    assert "Velg én mottaker" in bad.content.decode()
    made = client.post(
        "/oppfolging/bestillinger/",
        {
            "title": "Fremdriftsplan",
            "deliverable": "Plan med milepæler",
            "due": "2020-01-01",
            "report_form": "memo",
            "to_party": Party.objects.get(slug="bergen").pk,
            "reference": "Sak 2026/1",
        },
    )
    order = Order.objects.get()
    assert made.url == f"/oppfolging/bestillinger/{order.pk}/"
    member = login(personas.member_a)
    assert "forfalt" in member.get("/oppfolging/bestillinger/").content.decode()
    assert member.post(f"/oppfolging/bestillinger/{order.pk}/", {"action": "acknowledge"}).status_code == 302
    assert member.post(f"/oppfolging/bestillinger/{order.pk}/", {"action": "report", "report": ""}).status_code == 422
    member.post(f"/oppfolging/bestillinger/{order.pk}/", {"action": "report", "report": "Vedlagt."})
    assert (
        member.post(f"/oppfolging/bestillinger/{order.pk}/", {"action": "close", "closing_note": "x"}).status_code
        == 403
    )
    order.refresh_from_db()
    assert order.status == "reported" and order.report == "Vedlagt."
    assert (
        login(personas.member_b).post(f"/oppfolging/bestillinger/{order.pk}/", {"action": "acknowledge"}).status_code
        == 403
    )


@pytest.mark.parametrize("extra", [2, 12])
def test_follow_up_pages_are_flat_in_queries(
    extra: int, programme: ProgrammeVersion, personas: Personas, django_assert_max_num_queries: Any
) -> None:
    """The overview, the deviation register and the order register at two sizes answer in the same bound."""
    year, period = now_period()
    codes = []
    for i in range(extra):
        code = f"X{i}"
        approved_sheet(personas, code, "sentrum", 10, 1)
        codes.append({"code": code, "start": 2027, "title": code, "owner": "Bergen", "cost_p50": 10.0})
    ProgrammeVersion.objects.filter(pk=programme.pk).update(selection=programme.selection + codes)
    for code in ["A", *[c["code"] for c in codes]]:
        services.report_submit(
            actor=personas.secretariat,
            project=Project.objects.get(code=code),
            year=year,
            period=period,
            data={
                **form(),
                "milestones": [],
                "forecast_p50": "200",
                "forecast_p85": "250",
                "light_economy": "red",
                "comment_economy": "Over.",
            },
        )
        services.order_create(
            actor=personas.secretariat,
            title=code,
            deliverable="x",
            due=dt.date(2027, 1, 1),
            report_form="memo",
            to_party=Party.objects.get(slug="bergen"),
            reference="Sak",
        )
    client = login(personas.secretariat)
    for url in ("/oppfolging/", "/oppfolging/avvik/", "/oppfolging/bestillinger/", "/prosjekter/A/statusrapport/"):
        with django_assert_max_num_queries(30):
            assert client.get(url).status_code == 200


def test_the_report_form_scores_the_sheets_risks_again(
    programme: ProgrammeVersion, personas: Personas, leader: User
) -> None:
    from byvekst.projects import services as project_services

    risk = project_services.risk_add(
        actor=personas.secretariat,
        project=Project.objects.get(code="A"),
        data={"description": "Grunnforhold", "probability": 2, "consequence": 3},
    )
    client = login(leader)
    page = client.get("/prosjekter/A/statusrapport/").content.decode()
    assert "Grunnforhold" in page and f'name="risk_{risk.pk}_probability"' in page
    assert '<option value="2" selected>2</option>' in page  # today's score to start from
    bad = client.post("/prosjekter/A/statusrapport/", form(**{f"risk_{risk.pk}_probability": "9"}))
    assert bad.status_code == 422 and "Velg et gyldig valg" in bad.content.decode()
    sent = client.post(
        "/prosjekter/A/statusrapport/",
        form(**{f"risk_{risk.pk}_probability": "4", f"risk_{risk.pk}_consequence": "5"}),
        follow=True,
    )
    risk.refresh_from_db()
    assert (risk.probability, risk.consequence) == (4, 5)
    assert "før denne rapporten 2 og 3" in sent.content.decode()
