from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django import forms
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from byvekst.governance.models import Party
from byvekst.governance.selectors import config_entries, current_config
from byvekst.projects.models import (
    FUNDING_SOURCES,
    IMPACT_THEMES,
    Attachment,
    ChecklistAnswer,
    Project,
    Risk,
    commentable_fields,
)
from byvekst.projects.validation import check_rules, triangular_percentiles

GRADES = [("", "–")] + [(str(g), f"{g:+d}" if g else "0") for g in range(-4, 5)]
BASE_FIELDS = [
    "title",
    "external_id",
    "description",
    "need",
    "owner",
    "road_owner",
    "operator",
    "municipality",
    "region_wide",
    "district",
    "area_code",
    "other_areas",
    "programme_area_code",
    "phase",
    "measure_kind",
    "cost_p10",
    "cost_p50",
    "cost_p85",
    "price_year",
    "requested",
    "granted",
    "granted_before",
    "remaining_after",
    "earliest_start",
    "latest_start",
    "completion_year",
    "quantity",
    "quantity_unit",
    "car_trips_per_day",
    "vehicle_km_per_day",
    "walk_trips_per_day",
    "cycle_trips_per_day",
    "pt_trips_per_day",
    "effect_method",
    "net_benefit",
    "public_cost",
    "exclusive_group",
    "capacity_person_months",
    "requires",
]


def _choices(kind: str) -> list[tuple[str, str]]:
    entries = config_entries(current_config())[kind]
    return [(e.code, e.name) for e in entries]


def parse_profile(text: str) -> list[str]:
    """'10; 25,5; 5' or '10 25.5 5' → ['10', '25.5', '5'] (decimal comma allowed)."""
    parts = [p for p in text.replace(";", " ").replace("\n", " ").split() if p]
    out = []
    for p in parts:
        try:
            out.append(str(Decimal(p.replace(",", "."))))
        except InvalidOperation as exc:
            raise forms.ValidationError(_t("“%(value)s” is not a number.") % {"value": p}) from exc
    return out


class SheetForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)
    area_code = forms.ChoiceField(label=_("geographic area"))
    programme_area_code = forms.ChoiceField(label=_("programme area"), required=False)
    focus_area_codes = forms.MultipleChoiceField(
        label=_("focus areas"), required=False, widget=forms.CheckboxSelectMultiple
    )
    other_areas = forms.MultipleChoiceField(
        label=_("other geographic areas it lies in"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The main area above decides the balance rules; these are recorded for the map and reports."),
    )
    cost_profile_text = forms.CharField(
        label=_("yearly cost profile (MNOK, P50)"),
        required=False,
        help_text=_("One amount per year from the start, e.g. 10; 25; 5."),
    )
    cost_min = forms.DecimalField(
        label=_("minimum cost"),
        required=False,
        help_text=_("Optional: give minimum / most likely / maximum instead, and P10/P50/P85 are derived."),
    )
    cost_likely = forms.DecimalField(label=_("most likely cost"), required=False)
    cost_max = forms.DecimalField(label=_("maximum cost"), required=False)
    other_municipalities_text = forms.CharField(
        label=_("other municipalities it lies in"),
        required=False,
        help_text=_("Separated by commas, e.g. Askøy, Øygarden."),
    )
    location_text = forms.CharField(
        label=_("location (GeoJSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Click the map to set a point, or paste GeoJSON."),
    )

    class Meta:
        model = Project
        fields = BASE_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "need": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, owners: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["area_code"]).choices = _choices("areas")
        cast(forms.ChoiceField, self.fields["programme_area_code"]).choices = [("", "–"), *_choices("programme_areas")]
        cast(forms.ChoiceField, self.fields["focus_area_codes"]).choices = _choices("focus_areas")
        cast(forms.ChoiceField, self.fields["other_areas"]).choices = _choices("areas")
        owner = cast(forms.ModelChoiceField, self.fields["owner"])
        owner.queryset = owners if owners is not None else Party.objects.filter(active=True)
        if self.instance.pk:
            # The owner of an existing sheet changes only by the secretariat's own step, with a reason.
            owner.disabled = True
            owner.help_text = _("The secretariat changes the owner of a sheet.")
        requires = cast(forms.ModelMultipleChoiceField, self.fields["requires"])
        requires.queryset = Project.objects.exclude(pk=self.instance.pk).order_by("code")
        requires.required = False
        for key, label in FUNDING_SOURCES:
            self.fields[f"funding_{key}"] = forms.DecimalField(
                label=label, required=False, min_value=0, max_value=100, help_text="%"
            )
        for key, label in IMPACT_THEMES:
            self.fields[f"impact_{key}"] = forms.ChoiceField(label=label, choices=GRADES, required=False)
            self.fields[f"impact_{key}_why"] = forms.CharField(label=_("justification"), required=False)
        inst = self.instance
        if inst.pk and not self.is_bound:
            self.initial.update(
                {
                    "lock_version": inst.lock_version,
                    "focus_area_codes": inst.focus_area_codes,
                    "cost_profile_text": "; ".join(str(x) for x in inst.cost_profile),
                    "other_municipalities_text": ", ".join(inst.other_municipalities or []),
                    "other_areas": inst.other_areas,
                    "location_text": json.dumps(inst.location, ensure_ascii=False) if inst.location else "",
                }
            )
            for key, share in (inst.funding or {}).items():
                self.initial[f"funding_{key}"] = share
            for key, entry in (inst.impacts or {}).items():
                self.initial[f"impact_{key}"] = "" if entry.get("grade") is None else str(entry["grade"])
                self.initial[f"impact_{key}_why"] = entry.get("justification", "")
        elif not self.is_bound:
            self.initial.setdefault("lock_version", 0)

    def funding_fields(self) -> list[forms.BoundField]:
        return [self[f"funding_{k}"] for k, _l in FUNDING_SOURCES]

    def impact_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"impact_{k}"], self[f"impact_{k}_why"]) for k, _l in IMPACT_THEMES]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            data["cost_profile"] = parse_profile(data.get("cost_profile_text") or "")
        except forms.ValidationError as e:
            self.add_error("cost_profile_text", e)
        low, likely, high = data.get("cost_min"), data.get("cost_likely"), data.get("cost_max")
        if any(v is not None for v in (low, likely, high)):
            if low is None or likely is None or high is None:
                self.add_error("cost_min", _t("Give all three of minimum, most likely and maximum, or none."))
            else:
                try:
                    p10, p50, p85 = triangular_percentiles(float(low), float(likely), float(high))
                except ValueError:
                    self.add_error("cost_likely", _t("Need minimum ≤ most likely ≤ maximum, minimum below maximum."))
                else:
                    for name, v in (("cost_p10", p10), ("cost_p50", p50), ("cost_p85", p85)):
                        if data.get(name) is None:
                            data[name] = Decimal(str(round(v, 2)))
        text = (data.get("location_text") or "").strip()
        data["location"] = None
        if text:
            try:
                data["location"] = json.loads(text)
            except json.JSONDecodeError as exc:
                self.add_error("location_text", _t("Not valid JSON: %(error)s.") % {"error": exc.msg})
        data["funding"] = {
            k: str(data[f"funding_{k}"])
            for k, _l in FUNDING_SOURCES
            if data.get(f"funding_{k}") not in (None, Decimal(0))
        }
        data["impacts"] = {
            k: {"grade": int(data[f"impact_{k}"]), "justification": data.get(f"impact_{k}_why", "")}
            for k, _l in IMPACT_THEMES
            if data.get(f"impact_{k}") not in (None, "")
        }
        field_map = {
            "cost_profile": "cost_profile_text",
            "location": "location_text",
            "funding": "funding_bompenger",
            "other_municipalities": "other_municipalities_text",
        }
        for key, message in check_rules(data).items():
            target = field_map.get(key, key)
            if target.startswith("impact_") or target in self.fields:
                if target not in self.errors:
                    self.add_error(target, message)
            else:
                self.add_error(None, message)
        return data

    def sheet_data(self) -> dict[str, Any]:
        """The cleaned form as the service's ``data`` (model field names)."""
        d = self.cleaned_data
        data = {name: d.get(name) for name in BASE_FIELDS if name not in ("owner", "requires")}
        data["owner_id"] = d["owner"].pk
        data["requires"] = list(d.get("requires") or [])
        data.update(
            cost_profile=d["cost_profile"],
            funding=d["funding"],
            impacts=d["impacts"],
            location=d["location"],
            focus_area_codes=list(d.get("focus_area_codes") or []),
            other_municipalities=[
                m.strip() for m in (d.get("other_municipalities_text") or "").split(",") if m.strip()
            ],
            region_wide=bool(d.get("region_wide")),
            other_areas=list(d.get("other_areas") or []),
        )
        for name in ("cost_p10", "cost_p50", "cost_p85"):
            data[name] = d.get(name)
        return data


class RiskForm(forms.ModelForm):
    class Meta:
        model = Risk
        fields = ["description", "probability", "consequence", "mitigation", "responsible"]
        widgets = {
            "probability": forms.Select(choices=[(i, i) for i in range(1, 6)]),
            "consequence": forms.Select(choices=[(i, i) for i in range(1, 6)]),
        }


class CommentForm(forms.Form):
    field = forms.ChoiceField(label=_("field"))
    text = forms.CharField(label=_("comment"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["field"]).choices = commentable_fields()


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("answer"), widget=forms.Textarea(attrs={"rows": 2}))


class ChecklistForm(forms.Form):
    """The whole checklist of a sheet in one form: an answer (none until the user chooses) and a comment per item."""

    def __init__(self, answers: list[ChecklistAnswer], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        for a in answers:
            self.fields[f"answer-{a.item_id}"] = forms.ChoiceField(
                label=a.item.text,
                choices=[("", _("– not answered –")), *ChecklistAnswer.Answer.choices],
                required=False,
                initial=a.answer,
            )
            self.fields[f"comment-{a.item_id}"] = forms.CharField(
                label=_("Comment on: %(item)s") % {"item": a.item.text},
                required=False,
                max_length=300,
                initial=a.comment,
            )
            self.rows.append((a, self[f"answer-{a.item_id}"], self[f"comment-{a.item_id}"]))

    def answers(self) -> dict[int, tuple[str, str]]:
        return {
            a.item_id: (self.cleaned_data[f"answer-{a.item_id}"], self.cleaned_data[f"comment-{a.item_id}"])
            for a, _answer, _comment in self.rows
        }


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["title", "file", "restricted", "legal_basis"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("restricted") and not data.get("legal_basis"):
            self.add_error("legal_basis", _t("A restricted attachment needs its legal basis."))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))


class OwnerForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("new owner"), queryset=Party.objects.filter(active=True))
    reason = forms.CharField(label=_("reason"), max_length=500)
