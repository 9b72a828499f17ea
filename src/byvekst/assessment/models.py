"""Evaluation criteria (vurderingskriterier) in versions adopted by the Steering Group, weights per party,
and scores per project. The maths is in :mod:`byvekst.engine.mcda`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from byvekst.core.models import FrozenWhen
from byvekst.governance.models import Party
from byvekst.projects.models import Project

# Sheet quantities a computed criterion can read; the sign makes "more is better" (fewer car trips is good).
SOURCE_FIELDS = [
    ("car_trips_reduced", _("Fewer car trips per day (zero-growth contribution)")),
    ("vehicle_km_reduced", _("Fewer vehicle-km per day")),
    ("sustainable_trips", _("New walking, cycling and public-transport trips per day")),
    ("net_benefit", _("Net benefit (MNOK)")),
]


class CriteriaSet(FrozenWhen):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", _("Adopted")

    number = models.PositiveIntegerField(unique=True)
    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    adopted_on = models.DateField(null=True, blank=True)
    decision_number = models.CharField(_("adopted by decision"), max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    FROZEN_STATUSES = ("adopted",)

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"{self.name} (v{self.number})"

    def get_absolute_url(self) -> str:
        return reverse("criteria-set", args=[self.number])

    @property
    def is_adopted(self) -> bool:
        return self.status == self.Status.ADOPTED


class Criterion(models.Model):
    class Kind(models.TextChoices):
        JUDGEMENT = "judgement", _("Judgement")
        COMPUTED = "computed", _("Computed from the sheet")

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField(max_length=40)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    scale_min = models.IntegerField(_("worst level"), default=-4)
    scale_max = models.IntegerField(_("best level"), default=4)
    levels = models.JSONField(_("text per level"), default=dict, blank=True)
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    source_field = models.CharField(_("source on the sheet"), max_length=30, choices=SOURCE_FIELDS, blank=True)
    reference = models.FloatField(_("quantity worth 10 points"), default=1.0)
    missing = models.CharField(
        _("a project without data"),
        max_length=8,
        choices=[("zero", _("counts as no effect")), ("mean", _("gets the average of the projects with data"))],
        default="zero",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["criteria_set", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["criteria_set", "code"], name="criterion_code_per_set")]

    def __str__(self) -> str:
        return self.name


class WeightSet(models.Model):
    """One party's weights for a criteria set, or the aggregate (party empty)."""

    class Method(models.TextChoices):
        DIRECT = "direct", _("Direct")
        SWING = "swing", _("SWING")
        AHP = "ahp", _("AHP pairwise comparison")
        AGGREGATE = "aggregate", _("Aggregate (geometric mean of the parties' AHP judgements)")

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="weight_sets")
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.PROTECT)
    method = models.CharField(max_length=10, choices=Method.choices)
    inputs = models.JSONField(default=dict)
    weights = models.JSONField(default=dict)
    consistency_ratio = models.FloatField(null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["criteria_set", "party__order"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "party"], name="one_weight_set_per_party"),
            models.UniqueConstraint(
                fields=["criteria_set"], condition=models.Q(party__isnull=True), name="one_aggregate_per_set"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criteria_set}: {self.label}"

    @property
    def label(self) -> str:
        return self.party.short_name if self.party else str(_("Aggregate"))


class Score(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed by the working group")
        REVIEWED = "reviewed", _("Reviewed by coordination")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.IntegerField(_("score"))
    justification = models.TextField(_("justification"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)  # part of the rankings' fingerprint

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "criterion"], name="one_score_per_criterion")]

    def __str__(self) -> str:
        return f"{self.project.code} {self.criterion.code}={self.value}"


class RankingSnapshot(models.Model):
    """The rankings of a criteria set under each of its weight sets, with the stability of their tops, computed
    once and kept while their inputs stay the same (``fingerprint``; see :mod:`byvekst.assessment.rankings`).
    Derived data: it can be deleted at any time and is computed again on the next reading."""

    criteria_set = models.OneToOneField(CriteriaSet, on_delete=models.CASCADE, related_name="ranking_snapshot")
    fingerprint = models.CharField(max_length=64)
    data = models.JSONField()
    computed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.criteria_set}: {self.fingerprint[:12]}"
