from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from byvekst.governance.models import CaseKind, MandateVersion, Membership, Party, Subject, User


def competence_choices() -> list[tuple[str, str]]:
    return [(f"{k.value}:{s.value}", f"{k.label} – {s.label}") for s in Subject for k in CaseKind]


class MandateVersionForm(forms.ModelForm):
    competences = forms.MultipleChoiceField(
        label=_("decision competence"),
        choices=competence_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    member_parties = forms.MultipleChoiceField(
        label=_("parties that must have a voting member"),
        choices=lambda: [(p.slug, p.name) for p in Party.objects.filter(active=True)],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = MandateVersion
        fields = list(MandateVersion.CONTENT_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in (
                "purpose",
                "responsibilities",
                "authority",
                "composition",
                "member_rights",
                "observer_rights",
                "change_reason",
            )
        }


class MembershipForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("person"), queryset=User.objects.filter(is_active=True).order_by("last_name")
    )
    party = forms.ModelChoiceField(
        label=_("party represented"), queryset=Party.objects.filter(active=True), required=False
    )
    role = forms.ChoiceField(label=_("role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER)
    start = forms.DateField(label=_("from"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("to"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end date is before the start date."))
        return data
