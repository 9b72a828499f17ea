"""Pages of the case flow: a closed meeting is read-only and takes corrections; observers read and comment on
their forum's papers; those outside the forum do not; outside bodies' outcomes are recorded from the case."""

from __future__ import annotations

import io
from pathlib import Path

from django.urls import reverse
from docx import Document as Docx

from byvekst.cases.models import Meeting, Treatment
from byvekst.governance.models import OutsideBody
from tests.conftest import Personas, login, printed


def test_a_closed_meeting_page_is_read_only_and_takes_a_correction(
    closed: Meeting, personas: Personas, tmp_path: Path
) -> None:
    client = login(personas.secretariat)
    page = client.get(closed.get_absolute_url()).content.decode()
    assert f'name="att-{personas.member_a.pk}"' not in page and "Registrer konklusjonen" not in page
    assert "Rett den godkjente protokollen" in page
    action = reverse("meeting-action", args=[closed.pk, "attendance"])
    after = client.post(action, {f"att-{personas.member_a.pk}": "absent"}, follow=True).content.decode()
    assert "Protokollen for dette møtet er godkjent" in after
    assert closed.attendance.get(person=personas.member_a).status == "present"
    amend = reverse("meeting-action", args=[closed.pk, "amend"])
    missing = client.post(amend, {"reason": "", "text": "Rettelse"}, follow=True).content.decode()
    assert not closed.amendments.exists() and "begrunnelse" in missing.lower()
    client.post(amend, {"reason": "Feil sted", "text": "Møtet var i Fylkeshuset."})
    page = client.get(closed.get_absolute_url()).content.decode()
    assert "Rettelser til den godkjente protokollen" in page and "Møtet var i Fylkeshuset." in page
    minutes = client.get(reverse("meeting-document", args=[closed.pk, "protokoll", "docx"]))
    document = Docx(io.BytesIO(minutes.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Møtet var i Fylkeshuset." in text and "Feil sted" in text
    tables = {t.rows[0].cells[0].text: t for t in document.tables}
    assert "Til stede" in text and "Navn" in tables
    present = [[c.text for c in r.cells] for t in document.tables for r in t.rows[1:]]
    assert [str(personas.member_a), "Bergen", "Medlem"] in present  # who attended, for which party, in what role
    page = printed(minutes.content, tmp_path)  # as LibreOffice prints it
    assert page.size_mm == (210, 297) and "Til stede" in page.text and str(personas.member_a) in page.flat


def test_draft_minutes_are_for_the_forum(treatment: Treatment, held: Meeting, personas: Personas) -> None:
    from byvekst.cases import services

    services.meeting_close(actor=personas.secretariat, meeting=held)
    url = reverse("meeting-document", args=[held.pk, "protokoll", "pdf"])
    assert login(personas.observer).get(url).status_code == 200  # an observer in the Council
    assert login(personas.member_b).get(url).status_code == 404
    assert "Protokollen er et utkast" in login(personas.member_b).get(held.get_absolute_url()).content.decode()


def test_observers_read_and_comment_outsiders_do_not(treatment: Treatment, personas: Personas) -> None:
    url = reverse("paper-comment", args=[treatment.pk])
    assert login(personas.member_b).post(url, {"text": "Askøy mener"}).status_code == 403
    login(personas.observer).post(url, {"text": "KDD ber om tall for 2030."})
    assert treatment.comments.get().author == personas.observer
    observer_page = login(personas.observer).get(treatment.case.get_absolute_url()).content.decode()
    assert "Les saksframlegget" in observer_page and "KDD ber om tall for 2030." in observer_page
    outsider_page = login(personas.member_b).get(treatment.case.get_absolute_url()).content.decode()
    assert "Les saksframlegget" not in outsider_page and "KDD ber om tall" not in outsider_page


def test_outcome_form_for_an_outside_body(treatment: Treatment, personas: Personas) -> None:
    from byvekst.cases import services

    body = OutsideBody.objects.get(slug="fylkestinget-vestland")
    outside = services.treatment_add(actor=personas.secretariat, case=treatment.case, kind="vedtak", body=body)
    url = reverse("treatment-outcome", args=[outside.pk])
    client = login(personas.secretariat)
    bad = client.post(url, {"outcome_status": "approved", "outcome_date": "", "link": "ftp://x"}, follow=True)
    assert "behandlet" in bad.content.decode().lower()
    outside.refresh_from_db()
    assert not outside.outcome_status
    client.post(url, {"outcome_status": "rejected", "outcome_date": "2026-11-12", "reference": "FT-88"})
    outside.refresh_from_db()
    assert (outside.outcome_status, outside.reference, outside.status) == ("rejected", "FT-88", "treated")
    assert login(personas.member_a).post(url, {"outcome_status": "approved"}).status_code == 403
