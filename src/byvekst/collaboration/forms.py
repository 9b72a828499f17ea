from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from byvekst.collaboration.models import Level
from byvekst.collaboration.services import MAX_TEXT
from byvekst.governance.models import Forum, Party


def _text(label: Any, required: bool = True, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": rows})
    )


class DisagreementForm(forms.Form):
    title = forms.CharField(label=_("what the disagreement is about"), max_length=300)
    subject = forms.CharField(
        label=_("case number or project id"),
        max_length=20,
        help_text=_("A case (2026/14) or a project sheet (BS-2027-001)."),
    )
    level = forms.TypedChoiceField(
        label=_("the level that should resolve it first"),
        choices=Level.choices,
        coerce=int,
        initial=Level.WORKING_GROUP,
    )
    party = forms.ModelChoiceField(label=_("your party"), queryset=Party.objects.none())
    position = _text(_("your party's position"))

    def __init__(self, *args: object, parties: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["party"].queryset = parties  # type: ignore[attr-defined]


class PositionForm(forms.Form):
    party = forms.ModelChoiceField(label=_("party"), queryset=Party.objects.none())
    text = _text(_("position"))

    def __init__(self, *args: object, parties: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["party"].queryset = parties  # type: ignore[attr-defined]


class ResolveForm(forms.Form):
    outcome = _text(_("outcome"))
    reservation = _text(_("reservation that remains (party and what)"), required=False, rows=2)


LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ThemeDayForm(forms.Form):
    topic = forms.CharField(label=_("topic"), max_length=300)
    focus_area_code = forms.ChoiceField(label=_("focus area"), required=False)
    starts_at = forms.DateTimeField(label=_("starts"), widget=LOCAL)
    ends_at = forms.DateTimeField(label=_("ends"), widget=LOCAL)
    place = forms.CharField(label=_("place"), max_length=200)
    organiser_party = forms.ModelChoiceField(
        label=_("organising party"), queryset=Party.objects.filter(active=True), required=False
    )
    forums = forms.ModelMultipleChoiceField(
        label=_("invited forums"),
        queryset=Forum.objects.filter(ended_on__isnull=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    parties = forms.ModelMultipleChoiceField(
        label=_("invited parties"),
        queryset=Party.objects.filter(active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, focus_areas: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["focus_area_code"].choices = [("", "–"), *(focus_areas or [])]  # type: ignore[attr-defined]


class HoldForm(forms.Form):
    outcome = _text(_("outcome note"))
    material = _text(_("material (links and notes)"), required=False, rows=2)
