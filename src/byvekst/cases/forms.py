from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from byvekst.cases.models import CasePaper, Decision
from byvekst.governance.models import CaseKind, Forum, Subject, User
from byvekst.projects.models import Project


class CaseForm(forms.Form):
    title = forms.CharField(label=_("subject"), max_length=300)
    subject = forms.ChoiceField(label=_("kind of matter"), choices=Subject.choices)
    officer = forms.ModelChoiceField(label=_("case officer"), queryset=User.objects.filter(is_active=True))
    projects = forms.ModelMultipleChoiceField(
        label=_("projects"), queryset=Project.objects.order_by("code"), required=False
    )


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
