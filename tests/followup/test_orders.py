"""Orders beyond the basics (issue 12): agreed order templates in versions (agreed by a decision, like a mandate),
attachments with the report back (checked before anything is kept), and an order closed by a new decision."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from byvekst.core.models import FrozenError
from byvekst.followup import services
from byvekst.followup.models import Order, OrderAttachment, OrderTemplateVersion
from byvekst.governance.models import Party
from tests.conftest import Personas, decide, login, treat

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def a_decision(title: str) -> Any:
    """A decision of the Steering Group on a case of its own (an order's origin, or the answer to one)."""
    from byvekst.cases.scripted import open_case
    from byvekst.governance.models import User

    case = open_case(User.objects.get(username="sg-sekretaer"), title, "handlingsprogram", [], timezone.now())
    return treat(case, forum="styringsgruppen", kind="vedtak")


def draft(personas: Personas, **over: Any) -> OrderTemplateVersion:
    data = {
        "name": "Utredning",
        "report_form": "paper",
        "instructions": "Bakgrunn, alternativer, kostnad og anbefaling.",
        "sections": ["Bakgrunn", "Alternativer", "Anbefaling"],
        **over,
    }
    return services.order_template_draft(actor=personas.secretariat, **data)


def order(personas: Personas, **over: Any) -> Order:
    data: dict[str, Any] = {
        "title": "Utred kollektivfelt",
        "deliverable": "Et saksgrunnlag",
        "due": timezone.localdate(),
        "report_form": "memo",
        "to_party": Party.objects.get(slug="bergen"),
        "reference": "Brev 2027/3",
        **over,
    }
    return services.order_create(actor=personas.secretariat, **data)


def test_a_template_is_used_once_a_decision_agrees_it_and_then_never_changes(personas: Personas) -> None:
    first = draft(personas)
    with pytest.raises(ValidationError) as not_yet:
        order(personas, template=first)
    assert "template" in not_yet.value.message_dict
    decision = decide(first, subject="mandat")
    first.refresh_from_db()
    assert first.is_agreed and first.decision == decision and first.template.current == first
    made = order(personas, template=first)
    assert made.report_form == "paper" and made.template_version == first  # the template sets the form
    first.instructions = "Noe annet"
    with pytest.raises(FrozenError):
        first.save()

    second = draft(personas, report_form="memo", sections=[" Kort svar ", ""])
    assert second.number == 2 and second.sections == ["Kort svar"] and not second.is_agreed
    with pytest.raises(ValidationError):
        order(personas, template=second)  # a draft, not in force
    decide(second, subject="mandat")
    with pytest.raises(ValidationError):
        order(personas, template=first)  # agreed once, but no longer the version in force
    assert Order.objects.get(pk=made.pk).template_version == first  # an order keeps the version it was made with


def test_a_template_draft_says_what_is_missing(personas: Personas) -> None:
    with pytest.raises(ValidationError) as bad:
        draft(personas, name=" ", report_form="fax", instructions="", sections=["x" * 201])
    assert set(bad.value.message_dict) == {"name", "report_form", "instructions", "sections"}


def test_the_report_back_with_attachments_keeps_nothing_when_a_file_is_refused(
    personas: Personas, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    made = order(personas)
    page = SimpleUploadedFile("notat.html", b"<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError) as refused:
        services.order_report(
            actor=personas.member_a, order=made, text="Svar", files=[SimpleUploadedFile("svar.pdf", PDF), page]
        )
    assert "file" in refused.value.message_dict
    made.refresh_from_db()
    assert made.status == "sent" and not made.report and not OrderAttachment.objects.exists()

    services.order_report(actor=personas.member_a, order=made, text="Svar", files=[SimpleUploadedFile("svar.pdf", PDF)])
    assert made.status == "reported" and [a.title for a in made.attachments.all()] == ["svar.pdf"]
    client = login(personas.member_b)  # every signed-in person reads the orders
    download = client.get(reverse("order-attachment", args=[made.pk, made.attachments.get().pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    assert client.get(reverse("order-attachment", args=[made.pk + 1, made.attachments.get().pk])).status_code == 404


def test_an_order_is_closed_by_the_decision_that_answers_it(personas: Personas) -> None:
    origin = a_decision("Bestilling av utredning")
    made = order(personas, decision=origin, reference="")
    with pytest.raises(ValidationError) as empty:
        services.order_close(actor=personas.secretariat, order=made, note="  ")
    assert "closing_note" in empty.value.message_dict
    with pytest.raises(ValidationError) as same:
        services.order_close(actor=personas.secretariat, order=made, note="", decision=origin)
    assert "decision" in same.value.message_dict
    answer = a_decision("Svar på bestillingen")
    services.order_close(actor=personas.secretariat, order=made, note="", decision=answer)
    made.refresh_from_db()
    assert made.status == "closed" and made.closing_decision == answer


def test_the_pages_draft_a_template_report_with_files_and_close_by_decision(
    personas: Personas, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    secretariat = login(personas.secretariat)
    bad = secretariat.post(reverse("order-templates"), {"name": "Notat", "report_form": "memo", "instructions": ""})
    assert bad.status_code == 422 and 'value="Notat"' in bad.content.decode()  # nothing typed is lost
    made = secretariat.post(
        reverse("order-templates"),
        {"name": "Notat", "report_form": "memo", "instructions": "Kort svar.", "sections": "Svar\nVidere arbeid"},
    )
    version = OrderTemplateVersion.objects.get()
    assert made.status_code == 302 and version.sections == ["Svar", "Videre arbeid"]
    listing = secretariat.get(reverse("order-templates")).content.decode()
    assert "Legg fram til vedtak" in listing and "followup.ordertemplateversion" in listing
    assert login(personas.member_a).post(reverse("order-templates"), {"name": "X"}).status_code == 403
    decide(version, subject="mandat")

    sent = secretariat.post(
        reverse("order-list"),
        {
            "title": "Notat om parkering",
            "deliverable": "Et kort notat",
            "due": timezone.localdate().isoformat(),
            "template": version.pk,
            "to_party": Party.objects.get(slug="bergen").pk,
            "reference": "Brev 2027/4",
        },
    )
    made_order = Order.objects.get(title="Notat om parkering")
    assert sent.status_code == 302 and made_order.report_form == "memo"
    recipient = login(personas.member_a)
    page = recipient.get(made_order.get_absolute_url()).content.decode()
    assert "Kort svar." in page and "\nSvar:\n\n\nVidere arbeid:\n</textarea>" in page  # headings to answer under
    assert "Bestilling B" in page
    answered = recipient.post(
        made_order.get_absolute_url(),
        {
            "action": "report",
            "report": "Svar: ja",
            "attachments": [SimpleUploadedFile("notat.pdf", PDF), SimpleUploadedFile("tall.pdf", PDF)],
        },
    )
    assert answered.status_code == 302 and made_order.attachments.count() == 2
    answer = a_decision("Svar på bestillingen")
    closed = secretariat.post(made_order.get_absolute_url(), {"action": "close", "decision": answer.number})
    assert closed.status_code == 302
    page = secretariat.get(made_order.get_absolute_url()).content.decode()
    assert answer.number in page and "notat.pdf" in page


def test_the_api_drafts_templates_orders_with_them_and_closes_by_decision(
    personas: Personas, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = login(personas.secretariat)
    drafted = client.post(
        "/api/order-templates",
        json.dumps({"name": "Utredning", "report_form": "paper", "instructions": "Alt", "sections": ["A", "B"]}),
        "application/json",
    )
    assert drafted.status_code == 201 and drafted.json()["number"] == 1 and not drafted.json()["in_force"]
    decide(OrderTemplateVersion.objects.get(), subject="mandat")
    listed = client.get("/api/order-templates").json()
    assert listed[0]["name"] == "Utredning" and listed[0]["versions"][0]["in_force"]
    body = {
        "title": "Utred",
        "deliverable": "Saksgrunnlag",
        "due": timezone.localdate().isoformat(),
        "template": drafted.json()["id"],
        "to_party": "bergen",
        "reference": "Brev",
    }
    made = client.post("/api/orders", json.dumps(body), "application/json")
    assert made.status_code == 201 and made.json()["report_form"] == "paper"
    assert made.json()["template"] == "Utredning v1"
    url = f"/api/orders/{made.json()['id']}"
    disguised = SimpleUploadedFile("svar.pdf", b"<html><script>alert(1)</script></html>")
    bad = client.post(f"{url}/report-with-files", {"report": "Svar", "files": [disguised]})
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "file"
    assert client.get(url).json()["status"] == "sent"
    sent = client.post(f"{url}/report-with-files", {"report": "Svar", "files": [SimpleUploadedFile("svar.pdf", PDF)]})
    assert sent.status_code == 200 and sent.json()["attachments"][0]["title"] == "svar.pdf"
    answer = a_decision("Svar på bestillingen")
    closed = client.post(f"{url}/close", json.dumps({"decision": answer.number}), "application/json")
    assert closed.status_code == 200 and closed.json()["closing_decision"] == answer.number
