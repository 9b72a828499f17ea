"""Disagreements in the case documents: a decision taken while a disagreement on its case was still open says so
in the minutes, and a case paper lists the disagreements on its case."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from byvekst.cases.documents import PAPER_SECTIONS
from byvekst.cases.models import AgendaItem, Decision, Treatment
from byvekst.cases.services import MINUTES_NOTES
from byvekst.collaboration.models import Disagreement
from byvekst.documents.spec import Block, Heading, Table


def open_disagreements(item: AgendaItem, decision: Decision | None) -> list[str]:
    if decision is None:
        return []
    at = decision.created_at
    still_open = Disagreement.objects.filter(case_id=item.treatment.case_id, created_at__lte=at).filter(
        Q(resolved_at__isnull=True) | Q(resolved_at__gt=at)
    )
    return [
        _("Decided while a disagreement was open: %(title)s (at %(level)s).")
        % {"title": d.title, "level": d.get_level_display().lower()}
        for d in still_open.order_by("pk")
    ]


def paper_section(treatment: Treatment) -> list[Block]:
    found = list(Disagreement.objects.filter(case_id=treatment.case_id).select_related("forum").order_by("pk"))
    if not found:
        return []
    return [
        Heading(_("Disagreements on the case")),
        Table(
            [_("Disagreement"), _("Where it sits"), _("Status"), _("Positions")],
            [
                [
                    d.title,
                    d.forum.name,
                    d.get_status_display(),
                    "; ".join(f"{p.party.short_name}: {p.text}" for p in d.positions.select_related("party")),
                ]
                for d in found
            ],
        ),
    ]


MINUTES_NOTES.append(open_disagreements)
PAPER_SECTIONS.append(paper_section)
