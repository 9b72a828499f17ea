from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from byvekst.goals.models import Indicator, Realisation


class PlanForm(forms.Form):
    measure = forms.CharField(label=_("what is measured"), max_length=200)
    unit = forms.CharField(label=_("unit"), max_length=40)
    indicator = forms.ModelChoiceField(
        label=_("indicator it contributes to"), queryset=Indicator.objects.all(), required=False
    )
    baseline = forms.FloatField(label=_("baseline"), localize=True)
    baseline_year = forms.IntegerField(label=_("baseline year"))
    target = forms.FloatField(label=_("target"), localize=True)
    target_year = forms.IntegerField(label=_("target year"))
    method = forms.CharField(label=_("how and when it is measured"), max_length=300)
    responsible = forms.CharField(label=_("responsible"), max_length=200)


class RealisationForm(forms.Form):
    year = forms.IntegerField(label=_("year"))
    value = forms.FloatField(label=_("measured value"), localize=True)
    source = forms.ChoiceField(label=_("source"), choices=Realisation.Source.choices)
    note = forms.CharField(label=_("note"), max_length=300, required=False)
