from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from byvekst.assessment.models import WeightSet
from byvekst.portfolio.models import FrameVersion, Scenario
from byvekst.projects.models import Project, SheetStatus


class ScenarioForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=200)
    frame = forms.ModelChoiceField(label=_("frames"), queryset=FrameVersion.objects.all())
    weight_set = forms.ModelChoiceField(
        label=_("value model (weights)"),
        queryset=WeightSet.objects.select_related("party", "criteria_set"),
        required=False,
        help_text=_("Empty: monetised net benefit is the value."),
    )
    cost_basis = forms.ChoiceField(label=_("cost basis"), choices=Scenario.CostBasis.choices)
    projects = forms.ModelMultipleChoiceField(
        label=_("candidates"), queryset=Project.objects.order_by("code"), widget=forms.CheckboxSelectMultiple
    )
    excluded = forms.ModelMultipleChoiceField(
        label=_("forced out"), queryset=Project.objects.order_by("code"), required=False
    )
    min_share = forms.DecimalField(
        label=_("minimum share per geographic area (%)"), required=False, min_value=0, max_value=50
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("projects", list(Project.objects.filter(status=SheetStatus.APPROVED)))
            self.initial.setdefault("frame", FrameVersion.objects.first())
            self.initial.setdefault("weight_set", WeightSet.objects.filter(party__isnull=True).first())


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Instance file (byvekst.portfolio/1, JSON)"))
