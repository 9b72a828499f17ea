from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from byvekst.cases.models import Decision
from byvekst.followup.models import DIMENSION_LABELS, DIMENSIONS, Light, Order, OrderTemplateVersion
from byvekst.followup.services import MAX_TEXT, order_problems
from byvekst.governance.models import Forum, Party, User
from byvekst.portfolio.models import FrameVersion
from byvekst.projects.models import Phase

MILESTONE_ROWS = 6
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _money(label: Any, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=required, localize=True, max_digits=12, decimal_places=2)


def _text(label: Any, required: bool = False, rows: int = 2) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": rows})
    )


class ReportForm(forms.Form):
    """A status report; milestones are rows ``ms_<i>_name``, ``ms_<i>_planned``, ``ms_<i>_forecast``."""

    phase = forms.ChoiceField(label=_("phase and plan status"), choices=Phase.choices)
    percent_complete = forms.IntegerField(label=_("per cent complete"), min_value=0, max_value=100)
    granted_to_date = _money(_("granted to date (MNOK)"))
    spent_to_date = _money(_("spent to date (MNOK)"))
    budget_this_year = _money(_("this year's budget (MNOK)"))
    spent_this_year = _money(_("spent this year (MNOK)"))
    forecast_p50 = _money(_("forecast at completion, P50 (MNOK)"))
    forecast_p85 = _money(_("forecast at completion, P85 (MNOK)"), required=False)
    new_risks = _text(_("new risks"))
    goals_note = _text(_("goal achievement: expected effects and early measurements"))
    correction = _text(_("what this version corrects"))

    def __init__(self, *args: Any, risks: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.risks = list(risks or [])
        scale = [(str(i), str(i)) for i in range(1, 6)]
        for r in self.risks:  # the sheet's risks, scored again in this report
            for field, label in (("probability", _("probability (1–5)")), ("consequence", _("consequence (1–5)"))):
                self.fields[f"risk_{r.pk}_{field}"] = forms.TypedChoiceField(
                    label=label, choices=scale, coerce=int, initial=getattr(r, field)
                )
        for d in DIMENSIONS:
            self.fields[f"light_{d}"] = forms.ChoiceField(
                label=DIMENSION_LABELS[d], choices=Light.choices, widget=forms.RadioSelect
            )
            self.fields[f"comment_{d}"] = _text(_("comment (needed on yellow and red)"))
        for i in range(MILESTONE_ROWS):
            self.fields[f"ms_{i}_name"] = forms.CharField(label=_("milestone"), required=False, max_length=200)
            self.fields[f"ms_{i}_planned"] = forms.DateField(label=_("planned"), required=False, widget=DATE)
            self.fields[f"ms_{i}_forecast"] = forms.DateField(label=_("forecast"), required=False, widget=DATE)

    def milestone_rows(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (self[f"ms_{i}_name"], self[f"ms_{i}_planned"], self[f"ms_{i}_forecast"]) for i in range(MILESTONE_ROWS)
        ]

    def light_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"light_{d}"], self[f"comment_{d}"]) for d in DIMENSIONS]

    def risk_rows(self) -> list[tuple[Any, forms.BoundField, forms.BoundField]]:
        return [(r, self[f"risk_{r.pk}_probability"], self[f"risk_{r.pk}_consequence"]) for r in self.risks]

    def data_for_service(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith(("ms_", "risk_"))}
        data["risks"] = [
            {
                "id": r.pk,
                "probability": self.cleaned_data[f"risk_{r.pk}_probability"],
                "consequence": self.cleaned_data[f"risk_{r.pk}_consequence"],
            }
            for r in self.risks
        ]
        data["milestones"] = [
            {
                "name": self.cleaned_data.get(f"ms_{i}_name") or "",
                "planned": self.cleaned_data.get(f"ms_{i}_planned"),
                "forecast": self.cleaned_data.get(f"ms_{i}_forecast"),
            }
            for i in range(MILESTONE_ROWS)
        ]
        return data

    @staticmethod
    def initial_from(report: Any) -> dict[str, Any]:
        """The last report's figures as the starting point of the next (what changed is then typed over)."""
        if report is None:
            return {}
        initial = {
            name: getattr(report, name)
            for name in (
                "phase",
                "percent_complete",
                "granted_to_date",
                "spent_to_date",
                "budget_this_year",
                "spent_this_year",
                "forecast_p50",
                "forecast_p85",
                "goals_note",
                *(f"light_{d}" for d in DIMENSIONS),
                *(f"comment_{d}" for d in DIMENSIONS),
            )
        }
        for i, m in enumerate(report.milestones[:MILESTONE_ROWS]):
            initial.update(
                {f"ms_{i}_name": m["name"], f"ms_{i}_planned": m["planned"], f"ms_{i}_forecast": m["forecast"]}
            )
        return initial


class ExplainForm(forms.Form):
    explanation = _text(_("the owner's explanation"), required=True, rows=3)
    measure = _text(_("proposed measure"), required=True, rows=3)


class CloseForm(forms.Form):
    note = _text(_("closing note"), required=True)


class OrderForm(forms.Form):
    title = forms.CharField(label=_("what is ordered"), max_length=300)
    deliverable = _text(_("deliverable"), required=True, rows=3)
    due = forms.DateField(label=_("due"), widget=DATE)
    template = forms.ModelChoiceField(
        label=_("order template"),
        queryset=OrderTemplateVersion.objects.filter(status=OrderTemplateVersion.Status.AGREED)
        .filter(template__current=models.F("pk"))
        .select_related("template"),
        required=False,
        help_text=_("An agreed template sets the form of the report back and its headings."),
    )
    report_form = forms.ChoiceField(
        label=_("form of the report back"), choices=[("", "–"), *Order.Form.choices], required=False
    )
    to_party = forms.ModelChoiceField(label=_("to a party"), queryset=Party.objects.filter(active=True), required=False)
    to_forum = forms.ModelChoiceField(
        label=_("or to a forum"), queryset=Forum.objects.filter(ended_on__isnull=True), required=False
    )
    to_person = forms.ModelChoiceField(
        label=_("or to a person"), queryset=User.objects.filter(is_active=True).order_by("first_name"), required=False
    )
    decision = forms.ModelChoiceField(
        label=_("from the decision"),
        queryset=Decision.objects.order_by("-decided_on", "-seq"),
        required=False,
        to_field_name="number",
    )
    reference = forms.CharField(label=_("or a reference"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        problems = order_problems(
            to_party=data.get("to_party"),
            to_forum=data.get("to_forum"),
            to_person=data.get("to_person"),
            decision=data.get("decision"),
            reference=data.get("reference") or "",
            due=data.get("due"),
        )
        if not data.get("template") and not data.get("report_form"):
            problems["report_form"] = str(_("Choose the form of the report back, or an order template."))
        for field, message in problems.items():
            if field not in self.errors:
                self.add_error(field, message)
        return data


class RevisionForm(forms.Form):
    frame = forms.ModelChoiceField(
        label=_("frames for the revised programme"),
        queryset=FrameVersion.objects.order_by("-first_year", "-number"),
        help_text=_("For the annual revision, frames whose period starts a year later."),
    )
    name = forms.CharField(label=_("name of the revision scenario"), max_length=200)
    reason = _text(_("why the programme is revised"), required=True, rows=2)


class MultipleFiles(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several files in one field (Django's documented pattern): the cleaned value is a list."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFiles())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(FilesField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class OrderReportForm(forms.Form):
    report = _text(_("report back"), required=True, rows=8)
    attachments = FilesField(
        label=_("attachments"), required=False, help_text=_("PDF, Word, Excel, images and the like; several at once.")
    )

    def __init__(self, *args: Any, order: Order | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        version = order.template_version if order else None
        if version and version.sections and not self.is_bound:  # the template's headings, to answer under
            self.initial["report"] = "\n\n".join(f"{heading}:\n" for heading in version.sections)


class OrderCloseForm(forms.Form):
    closing_note = _text(_("closing note"))
    decision = forms.ModelChoiceField(
        label=_("or closed by the decision"),
        queryset=Decision.objects.order_by("-decided_on", "-seq"),
        required=False,
        to_field_name="number",
        help_text=_("The decision that answers the order, if it is answered by a new decision."),
    )


class OrderTemplateForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=120, help_text=_("The same name makes a new version."))
    report_form = forms.ChoiceField(label=_("form of the report back"), choices=Order.Form.choices)
    instructions = _text(_("what the report back must contain"), required=True, rows=4)
    sections = forms.CharField(
        label=_("headings of the report back"),
        required=False,
        max_length=4500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line."),
    )

    def clean_sections(self) -> list[str]:
        return [line.strip() for line in (self.cleaned_data.get("sections") or "").splitlines() if line.strip()]
