from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from byvekst.assessment.models import WeightSet
from byvekst.core.labels import codes_by_label
from byvekst.core.limits import decimal_or_none, money_error
from byvekst.core.widgets import QuickCheckboxes, QuickModelMultipleChoiceField
from byvekst.governance.models import Party
from byvekst.portfolio.models import FrameVersion, Scenario
from byvekst.projects.models import FUNDING_SOURCES, Project, SheetStatus


def owner_amounts(text: str) -> dict[str, float]:
    """Lines of "Owner: number" (owner by short name) → {short name: number}; the error names the line."""
    owners = {p.short_name.lower(): p.short_name for p in Party.objects.filter(active=True)}
    out: dict[str, float] = {}
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, _sep, value = line.partition(":")
        if name.strip().lower() not in owners:
            raise forms.ValidationError(_("Line %(n)s: unknown owner “%(o)s”.") % {"n": n, "o": name.strip()})
        number = decimal_or_none(value)
        if number is None or money_error(number):
            raise forms.ValidationError(_("Line %(n)s: give a number after the colon.") % {"n": n})
        out[owners[name.strip().lower()]] = float(number)
    return out


EARMARK = re.compile(r"^\s*(?P<owner>[^:(]+?)\s*(?:\((?P<source>[^)]*)\))?\s*:\s*(?P<amount>.*)$")


def earmarks(text: str) -> list[dict[str, Any]]:
    """Lines of "Owner: amount" (over all sources) or "Owner (source): amount" (one source's money, e.g.
    "Askøy (programområdetiltak): 119") → allocations; the error names the line."""
    owners = {p.short_name.lower(): p.short_name for p in Party.objects.filter(active=True)}
    sources = codes_by_label(FUNDING_SOURCES, after_colon=True)
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = EARMARK.match(line)
        owner = match.group("owner").strip().lower() if match else ""
        if owner not in owners:
            raise forms.ValidationError(_("Line %(n)s: unknown owner “%(o)s”.") % {"n": n, "o": owner or line})
        source = (match.group("source") or "").strip().lower() if match else ""
        if source and source not in sources:
            raise forms.ValidationError(_("Line %(n)s: unknown funding source “%(s)s”.") % {"n": n, "s": source})
        number = decimal_or_none(match.group("amount") if match else "")
        if number is None or money_error(number):
            raise forms.ValidationError(_("Line %(n)s: give a number after the colon.") % {"n": n})
        out.append(
            {
                "dimension": "owner",
                "value": owners[owner],
                "max_total": float(number),
                **({"source": sources[source]} if source else {}),
            }
        )
    return out


LABEL = ("code", "title")  # how a project is named in a picker (``str(project)``)


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
    projects = QuickModelMultipleChoiceField(
        label=_("candidates"), queryset=Project.objects.order_by("code"), widget=QuickCheckboxes, label_columns=LABEL
    )
    mandatory = QuickModelMultipleChoiceField(
        label=_("mandatory (ongoing and committed)"),
        queryset=Project.objects.order_by("code"),
        required=False,
        label_columns=LABEL,
        help_text=_("Projects in construction are always mandatory."),
    )
    excluded = QuickModelMultipleChoiceField(
        label=_("forced out"), queryset=Project.objects.order_by("code"), required=False, label_columns=LABEL
    )
    min_share = forms.DecimalField(
        label=_("minimum share per geographic area (%)"), required=False, min_value=0, max_value=50
    )
    min_share_focus = forms.DecimalField(
        label=_("minimum share per focus area (%)"), required=False, min_value=0, max_value=50
    )
    owner_capacity = forms.CharField(
        label=_("owner capacity (person-months per year)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One owner per line, e.g. “Bergen: 40”. Each sheet states its capacity need; the rule keeps "
            "every owner's yearly load within its capacity."
        ),
    )

    def clean_owner_capacity(self) -> dict[str, float]:
        return owner_amounts(self.cleaned_data.get("owner_capacity") or "")

    def balance_rules(self, areas: list[str], focus_areas: list[str]) -> list[dict[str, Any]]:
        d = self.cleaned_data
        rules = []
        for dimension, values, share in (
            ("area", areas, d.get("min_share")),
            ("focus_area", focus_areas, d.get("min_share_focus")),
        ):
            if share:
                rules += [{"dimension": dimension, "value": v, "min_share": float(share) / 100} for v in values]
        return rules

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault(
                "projects", list(Project.objects.filter(status=SheetStatus.APPROVED).values_list("pk", flat=True))
            )
            self.initial.setdefault("frame", FrameVersion.objects.first())
            self.initial.setdefault("weight_set", WeightSet.objects.filter(party__isnull=True).first())


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Instance file (byvekst.portfolio/1, JSON)"))


class FrameForm(forms.Form):
    """A new version of the budget frames: one line of yearly amounts per funding source."""

    name = forms.CharField(label=_("name"), max_length=200, initial="Økonomiske rammer HP 2028–2031")
    first_year = forms.IntegerField(label=_("first year"), min_value=2019, max_value=2040, initial=2028)
    years = forms.IntegerField(label=_("number of years"), min_value=1, max_value=12, initial=4)
    price_basis = forms.CharField(label=_("price basis"), max_length=40, initial="2026-kroner")
    carry_over = forms.BooleanField(label=_("unspent money carries over"), required=False, initial=True)
    earmarked = forms.CharField(
        label=_("earmarked frames for the whole period (MNOK)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One owner per line, e.g. “Askøy: 119” (over all sources) or “Askøy (programområdetiltak): 119” (one "
            "source's money): the owner's projects may spend at most this."
        ),
    )

    def clean_earmarked(self) -> list[dict[str, Any]]:
        return earmarks(self.cleaned_data.get("earmarked") or "")

    year_totals = forms.CharField(
        label=_("total per year over all sources"),
        required=False,
        help_text=_("Optional: MNOK per year for all sources together, separated by semicolons."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in FUNDING_SOURCES:
            self.fields[f"amounts_{key}"] = forms.CharField(
                label=label,
                required=False,
                help_text=_(
                    "MNOK per year, separated by semicolons, e.g. 520; 540; 560; 580; “–” for a year "
                    "without a frame of its own."
                ),
            )
            self.fields[f"total_{key}"] = forms.CharField(
                label=_("%(source)s: total over the period") % {"source": label},
                required=False,
                help_text=_("Optional: MNOK for the whole period, when the source gives a total."),
            )

    def _row(self, name: str, years: int | None) -> list[float | None] | None:
        """A semicolon list of amounts (a dash for a year without its own frame), or None when empty."""
        text = (self.cleaned_data.get(name) or "").strip()
        if not text:
            return None
        parts = [x.strip() for x in text.replace(" ", "").split(";") if x.strip()]
        numbers = [None if x in ("–", "-") else decimal_or_none(x) for x in parts]
        if any(x is not None and money_error(x) for x in numbers) or any(
            x is None and p not in ("–", "-") for x, p in zip(numbers, parts, strict=True)
        ):
            self.add_error(name, _("Write amounts in MNOK separated by semicolons."))
            return None
        if years and len(numbers) != years:
            self.add_error(name, _("Give one amount for each of the %(n)s years.") % {"n": years})
        return [None if x is None else float(x) for x in numbers]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        amounts: dict[str, list[float | None]] = {}
        totals: dict[str, float] = {}
        for key, _label in FUNDING_SOURCES:
            row = self._row(f"amounts_{key}", data.get("years"))
            if row is not None:
                amounts[key] = row
            total = (data.get(f"total_{key}") or "").strip()
            if total:
                number = decimal_or_none(total.replace(" ", ""))
                if number is None or money_error(number):
                    self.add_error(f"total_{key}", _("Write an amount in MNOK."))
                else:
                    totals[key] = float(number)
        if not amounts and not totals and not self.errors:
            self.add_error(None, _("Give the frames of at least one funding source."))
        data["amounts"], data["totals"] = amounts, totals
        data["year_totals"] = self._row("year_totals", data.get("years"))
        return data
