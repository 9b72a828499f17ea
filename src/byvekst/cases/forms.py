from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from byvekst.cases.models import CasePaper, Decision, Treatment
from byvekst.core.widgets import QuickModelMultipleChoiceField
from byvekst.governance.models import CaseKind, Forum, Subject, User
from byvekst.projects.models import Project


class CaseForm(forms.Form):
    title = forms.CharField(label=_("subject"), max_length=300)
    subject = forms.ChoiceField(label=_("kind of matter"), choices=Subject.choices)
    officer = forms.ModelChoiceField(label=_("case officer"), queryset=User.objects.filter(is_active=True))
    projects = QuickModelMultipleChoiceField(
        label=_("projects"), queryset=Project.objects.order_by("code"), required=False, label_columns=("code", "title")
    )
    target = forms.CharField(required=False, widget=forms.HiddenInput, max_length=100)

    def clean_target(self) -> list[tuple[str, str]]:
        """``app_label.model:id`` of what the case proposes to change (from "Put forward for decision")."""
        value = self.cleaned_data.get("target") or ""
        if not value:
            return []
        kind, _sep, pk = value.partition(":")
        if not kind or not pk.isdigit():
            raise forms.ValidationError(_("What the case should decide on is not clear; start again from it."))
        return [(kind, pk)]


class OutcomeForm(forms.Form):
    outcome_status = forms.ChoiceField(label=_("outcome"), choices=Treatment.Outcome.choices)
    outcome_date = forms.DateField(label=_("treated on"))
    reference = forms.CharField(label=_("their reference"), max_length=100, required=False)
    link = forms.URLField(label=_("link to their decision"), required=False, assume_scheme="https")


class AmendmentForm(forms.Form):
    reason = forms.CharField(label=_("reason for the correction"), widget=forms.Textarea(attrs={"rows": 2}))
    text = forms.CharField(label=_("the correction"), widget=forms.Textarea(attrs={"rows": 3}))


class TreatmentForm(forms.Form):
    forum = forms.ModelChoiceField(
        label=_("forum"), queryset=Forum.objects.filter(ended_on__isnull=True), required=False
    )
    outside_body = forms.CharField(
        label=_("or an outside body"),
        required=False,
        help_text=_("For local political treatment, e.g. Bystyret i Bergen."),
    )
    kind = forms.ChoiceField(label=_("expected conclusion"), choices=CaseKind.choices)


class PaperForm(forms.ModelForm):
    class Meta:
        model = CasePaper
        fields = list(CasePaper.FIELDS)
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in CasePaper.FIELDS if f != "mandate_basis"}


class MeetingForm(forms.Form):
    forum = forms.ModelChoiceField(label=_("forum"), queryset=Forum.objects.filter(ended_on__isnull=True))
    starts_at = forms.DateTimeField(label=_("starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ends_at = forms.DateTimeField(label=_("ends"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    place = forms.CharField(label=_("place"), required=False)
    video_link = forms.URLField(label=_("video link"), required=False, assume_scheme="https")


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("decision text"), widget=forms.Textarea(attrs={"rows": 3}))
    mode = forms.ChoiceField(label=_("how it was reached"), choices=Decision.Mode.choices)
    responsible = forms.CharField(label=_("follow-up responsible"), required=False)
    due = forms.DateField(label=_("due"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
