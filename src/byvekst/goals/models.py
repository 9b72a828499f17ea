"""Goal achievement (issue 13): the zero-growth indicators, their values per year (and month), and the byindeks
computed from registration-point counts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Indicator(models.Model):
    class Direction(models.TextChoices):
        LOWER = "lower", _("Lower is better")
        HIGHER = "higher", _("Higher is better")

    class Kind(models.TextChoices):
        LEVEL = "level", _("A level (a share, a number)")
        YEARLY_INDEX = "yearly_index", _("A yearly index against the year before (the byindeks)")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40)
    source = models.CharField(_("source"), max_length=300)
    reference_year = models.PositiveSmallIntegerField(_("reference year"))
    target = models.CharField(_("target"), max_length=300)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices, default=Kind.LEVEL)
    is_main = models.BooleanField(_("the main indicator"), default=False)
    order = models.PositiveSmallIntegerField(default=0)
    criteria = models.JSONField(
        _("criteria that aim at it"),
        default=list,
        blank=True,
        help_text=_(
            'Codes of criteria in the value model whose score this indicator should follow, e.g. ["nullvekst"].'
        ),
    )
    focus_areas = models.JSONField(
        _("focus areas that aim at it"),
        default=list,
        blank=True,
        help_text=_('Codes of focus areas whose projects should move it, e.g. ["kollektiv"].'),
    )

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("indicator-detail", args=[self.code])


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    value = models.FloatField(_("value"))
    low = models.FloatField(_("lower bound (95 %)"), null=True, blank=True)
    high = models.FloatField(_("upper bound (95 %)"), null=True, blank=True)
    coverage = models.FloatField(_("coverage"), null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)  # the byindeks: each point's index and weight
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["indicator", "year", "month"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year", "month"], name="one_value_per_period"),
            models.UniqueConstraint(
                fields=["indicator", "year"], condition=models.Q(month__isnull=True), name="one_value_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}{f'-{self.month:02d}' if self.month else ''}: {self.value}"


class BenefitPlan(models.Model):
    """How a project's expected benefit is followed (gevinstrealiseringsplan): what is measured, from which
    baseline to which target by when, how and by whom."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="benefit_plans", verbose_name=_("project")
    )
    indicator = models.ForeignKey(
        Indicator,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="benefit_plans",
        verbose_name=_("indicator it contributes to"),
    )
    measure = models.CharField(_("what is measured"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40)
    baseline = models.FloatField(_("baseline"))
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"))
    target = models.FloatField(_("target"))
    target_year = models.PositiveSmallIntegerField(_("target year"))
    method = models.CharField(_("how and when it is measured"), max_length=300)
    responsible = models.CharField(_("responsible"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project__code", "pk"]

    def __str__(self) -> str:
        return f"{self.project.code}: {self.measure}"

    @property
    def expected(self) -> float:
        return self.target - self.baseline


class Realisation(models.Model):
    class Source(models.TextChoices):
        STATUS_REPORT = "status_report", _("Status report")
        MEASUREMENT = "measurement", _("Measurement")
        AFTER_EVALUATION = "after_evaluation", _("After-evaluation")

    plan = models.ForeignKey(BenefitPlan, on_delete=models.CASCADE, related_name="realisations")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.FloatField(_("measured value"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "year", "pk"]

    def __str__(self) -> str:
        return f"{self.plan}: {self.year} {self.value}"
