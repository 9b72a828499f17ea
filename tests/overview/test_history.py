"""The history in words shows what happened to everyone who may see the history, but the recorded values only to
those who may read the thing itself: a draft sheet's text, a case paper and the comments on it
(docs/decisions/0010-who-reads-what.md). The page stays within its query budget at two sizes."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from byvekst.cases import services as cases
from byvekst.cases.models import Treatment
from byvekst.governance.models import Forum
from byvekst.projects import services as projects
from byvekst.projects.models import Project
from tests.cases.conftest import PAPER
from tests.conftest import Personas, complete_data, login


def _history(user: Any, query: str = "") -> str:
    return login(user).get(reverse("audit-log"), {"q": query} if query else {}).content.decode()


def test_a_draft_sheets_values_are_for_those_who_read_the_draft(project: Project, personas: Personas) -> None:
    assert "Bussene står i kø." in _history(personas.member_a, project.title)  # Bergen: their own draft
    other = _history(personas.member_b, project.title)  # Askøy in Arbeidsgruppe Vest
    assert "Ark opprettet" in other and "Bussene står i kø." not in other
    from byvekst.projects.models import SheetStatus

    Project.objects.filter(pk=project.pk).update(status=SheetStatus.SUBMITTED)  # submitted: read by all
    assert "Bussene står i kø." in _history(personas.member_b, project.title)


def test_a_case_papers_text_and_comments_are_for_its_readers(personas: Personas) -> None:
    case = cases.case_open(
        actor=personas.secretariat, title="Innstilling om rammer", subject="rammer", officer=personas.secretariat
    )
    council = Forum.objects.get(slug="prioriteringsradet")
    treatment: Treatment = cases.treatment_add(actor=personas.secretariat, case=case, kind="innstilling", forum=council)
    cases.paper_save(actor=personas.secretariat, paper=treatment.paper, data=PAPER, finalise=True)
    cases.paper_comment(actor=personas.observer, treatment=treatment, text="KDD vil se tallene for 2030.")
    for reader in (personas.observer, personas.member_a, personas.secretariat):  # the Council, the secretariat
        page = _history(reader, case.title)
        assert PAPER["why"] in page and "KDD vil se tallene for 2030." in page
    for outsider in (personas.member_b, personas.outsider):  # in no forum that treats the case
        page = _history(outsider, case.title)
        assert "Saksframlegg lagret" in page and PAPER["why"] not in page and "tallene for 2030" not in page
        case_page = login(outsider).get(case.get_absolute_url()).content.decode()
        assert PAPER["why"] not in case_page and "tallene for 2030" not in case_page


@pytest.mark.parametrize("sheets", [5, 40])
def test_history_page_queries_are_bounded(sheets: int, personas: Personas, django_assert_max_num_queries: Any) -> None:
    from byvekst.governance.models import Party

    for i in range(sheets):
        projects.project_create(
            actor=personas.secretariat,
            owner=Party.objects.get(slug="bergen"),
            area_code="vest",
            title=f"Sykkelvei {i}",
            data=complete_data(),
        )
    client = login(personas.member_b)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("audit-log")).status_code == 200


def test_every_recorded_change_of_the_demo_reads_in_words(db: Any, settings: Any, tmp_path: Any) -> None:
    """Each key the services record has a label (a model field's or one of KEY_LABELS), and no value shows as a
    raw code: the demo's whole history, made through the services, is the sample."""
    import io
    import re

    from django.core.management import call_command
    from django.utils import translation

    from byvekst.audit.models import AuditEvent
    from byvekst.core.events import HIDDEN_KEYS, KEY_LABELS, _field_labels, value_text

    settings.MEDIA_ROOT = tmp_path
    call_command("demo", stdout=io.StringIO())
    unlabelled, raw = set(), set()
    with translation.override("nb"):
        for event in AuditEvent.objects.all():
            for recorded in (event.old, event.new):
                for key, value in (recorded if isinstance(recorded, dict) else {}).items():
                    if key in HIDDEN_KEYS or str(key).isdigit():
                        continue
                    named = key in KEY_LABELS or _field_labels().get(key, key.replace("_", " ")) != key.replace(
                        "_", " "
                    )
                    if not named:  # the reader would see the key itself
                        unlabelled.add(key)
                    raw |= set(re.findall(r"\b[a-z]+_[a-z_]+\b", value_text(value, key)))
    assert not unlabelled, " ".join(sorted(unlabelled))
    assert not raw, raw
