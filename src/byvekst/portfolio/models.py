"""Budget frames, scenarios, optimisation runs (a database-backed queue with progress) and the action
programme in versions from proposal to adoption."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from byvekst.assessment.models import CriteriaSet, WeightSet
from byvekst.cases.models import Case, Decision, Treatment
from byvekst.core.jobs import Job
from byvekst.core.models import FrozenWhen, WriteOnce
from byvekst.projects.models import Project


class FrameVersion(FrozenWhen):
    """Budget frames per funding source and year for one programme period (MNOK, in ``price_basis``)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", _("Adopted")

    number = models.PositiveIntegerField(unique=True)
    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    price_basis = models.CharField(_("price basis"), max_length=40, default="2026-kroner")
    first_year = models.PositiveSmallIntegerField(_("first year"))
    years = models.PositiveSmallIntegerField(_("number of years"), default=4)
    amounts = models.JSONField(_("frames per source and year"), default=dict)  # a null year: no frame of its own
    totals = models.JSONField(_("totals per source over the period"), default=dict, blank=True)
    year_totals = models.JSONField(_("totals per year over all sources"), null=True, blank=True)
    allocations = models.JSONField(_("earmarked frames"), default=list, blank=True)
    carry_over = models.BooleanField(_("unspent money carries over"), default=True)
    discount_rate = models.FloatField(_("discount rate"), default=0.04)
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("adopted by")
    )

    FROZEN_STATUSES = ("adopted",)

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"{self.name} (v{self.number})"

    def get_absolute_url(self) -> str:
        return reverse("portfolio") + f"#frames-{self.number}"

    @property
    def year_list(self) -> list[int]:
        return list(range(self.first_year, self.first_year + self.years))

    @property
    def price_year(self) -> int | None:
        """The year of the frames' price level, read from the price basis ("2026-kroner" → 2026)."""
        digits = "".join(ch for ch in self.price_basis[:4] if ch.isdigit())
        return int(digits) if len(digits) == 4 else None

    @property
    def total(self) -> float:
        """The money of the period: per source its total, or the sum of its yearly frames; no more than the
        yearly totals over all sources allow."""
        sources = set(self.amounts) | set(self.totals)
        per_source = sum(
            float(self.totals[s])
            if s in self.totals
            else float(sum(x for x in self.amounts.get(s, []) if x is not None))
            for s in sources
        )
        if self.year_totals:
            return min(per_source, float(sum(x for x in self.year_totals if x is not None)))
        return per_source


class Scenario(models.Model):
    class CostBasis(models.TextChoices):
        P50 = "p50", _("P50 (expected cost)")
        P85 = "p85", _("P85 (cost frame)")

    name = models.CharField(_("name"), max_length=200)
    frame = models.ForeignKey(
        FrameVersion, on_delete=models.PROTECT, related_name="scenarios", verbose_name=_("frames")
    )
    cost_basis = models.CharField(_("cost basis"), max_length=3, choices=CostBasis.choices, default=CostBasis.P50)
    criteria_set = models.ForeignKey(CriteriaSet, null=True, blank=True, on_delete=models.PROTECT)
    weight_set = models.ForeignKey(
        WeightSet, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("value model (weights)")
    )
    projects = models.ManyToManyField(Project, related_name="scenarios", verbose_name=_("candidates"))
    mandatory = models.JSONField(_("mandatory projects"), default=list, blank=True)
    excluded = models.JSONField(_("projects forced out"), default=list, blank=True)
    balance = models.JSONField(_("balance rules"), default=list, blank=True)
    capacity = models.JSONField(_("capacity per owner and year"), default=list, blank=True)
    owner_capacity = models.JSONField(_("owner capacity (person-months per year)"), default=dict, blank=True)
    # A revision of an adopted programme: {"programme": pk, "version": pk, "overrides": {code: {"start", "fixed",
    # "cost_profile", "cost_p85_profile"}}} — projects under way fixed at their remaining cost (followup.revision).
    revision = models.JSONField(_("revision of an adopted programme"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("scenario-detail", args=[self.pk])


class Run(Job):
    """One optimisation of a scenario; queued, picked up by ``byvekst worker``, stored unchanged when done."""

    Status = Job.Status

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="runs")
    seed = models.PositiveIntegerField(default=2027)
    fixed = models.JSONField(_("manual adjustments"), default=dict, blank=True)  # code -> start year or None
    base_run = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="adjusted")
    instance = models.JSONField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True)
    analysis = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return _("%(scenario)s – run %(n)s") % {"scenario": self.scenario, "n": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("run-detail", args=[self.pk])


class ActionProgramme(models.Model):
    class Stage(models.TextChoices):
        PROPOSAL = "proposal", _("Proposal (coordination function)")
        RECOMMENDATION = "recommendation", _("Recommendation (Prioritisation Council)")
        DECISION = "decision", _("Decision (Steering Group)")
        ADOPTED = "adopted", _("Adopted after local political treatment")

    name = models.CharField(_("name"), max_length=200)
    first_year = models.PositiveSmallIntegerField()
    last_year = models.PositiveSmallIntegerField()
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.PROPOSAL)
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT, related_name="programmes")
    replaces = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    is_public = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-first_year", "-created_at"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programme-detail", args=[self.pk])

    def get_stage_display_full(self) -> str:
        return str(self.Stage(self.stage).label)


class ProgrammeVersion(WriteOnce):
    """A frozen version of the programme's selection; any change makes a new one, with its reason."""

    programme = models.ForeignKey(ActionProgramme, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    stage = models.CharField(max_length=16, choices=ActionProgramme.Stage.choices)
    run = models.ForeignKey(Run, null=True, blank=True, on_delete=models.SET_NULL)
    selection = models.JSONField()  # [{"code", "start", "cost_p50", "title", ...}]
    reason = models.TextField(blank=True)
    treatment = models.ForeignKey(
        Treatment, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("made by")
    )
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "-number"]
        constraints = [models.UniqueConstraint(fields=["programme", "number"], name="programme_version_number")]

    def __str__(self) -> str:
        return f"{self.programme} v{self.number}"
