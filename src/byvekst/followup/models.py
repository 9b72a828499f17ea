"""Follow-up after adoption: status reports per project and period (frozen snapshots, a correction is a new
version), deviations found in them by the reporting rules, and orders (bestillinger) from decisions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from byvekst.cases.models import Case, Decision
from byvekst.core.models import FrozenWhen, WriteOnce
from byvekst.governance.models import Forum, Party
from byvekst.portfolio.models import ProgrammeVersion
from byvekst.projects.models import Phase, Project


class ReportingRules(models.Model):
    """When a status report opens a deviation, and how often projects report. The newest row is in force; a
    change is a new row (kept in the admin, every save in the audit trail)."""

    periods_per_year = models.PositiveSmallIntegerField(
        _("reporting periods per year"), default=3, help_text=_("3: tertials; 4: quarters; 2: half-years.")
    )
    cost_percent = models.DecimalField(
        _("cost overrun that opens a deviation (%)"), max_digits=5, decimal_places=1, default=Decimal("10")
    )
    cost_mnok = models.DecimalField(
        _("or cost overrun that opens a deviation (MNOK)"), max_digits=8, decimal_places=1, default=Decimal("20")
    )
    slip_months = models.PositiveSmallIntegerField(_("milestone slip that opens a deviation (months)"), default=3)
    red_light = models.BooleanField(_("a red light opens a deviation"), default=True)
    spend_ahead = models.BooleanField(_("spending over this year's budget opens a deviation"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("reporting rules")
        verbose_name_plural = _("reporting rules")

    def __str__(self) -> str:
        return str(_("Reporting rules of %(d)s") % {"d": timezone.localtime(self.created_at).date()})


class Light(models.TextChoices):
    GREEN = "green", _("Green")
    YELLOW = "yellow", _("Yellow")
    RED = "red", _("Red")


DIMENSIONS = ("progress", "economy", "uncertainty", "goals")
DIMENSION_LABELS = {
    "progress": _("progress"),
    "economy": _("economy"),
    "uncertainty": _("uncertainty"),
    "goals": _("goal achievement"),
}


class StatusReport(WriteOnce):
    """One project's report for one period, against the adopted programme version in force when it was sent."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="status_reports")
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.PositiveSmallIntegerField(_("period"))
    version = models.PositiveSmallIntegerField(default=1)
    per_year = models.PositiveSmallIntegerField(default=3)  # the reporting rules' periods when it was sent
    programme_version = models.ForeignKey(
        ProgrammeVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("reported against")
    )
    adopted_cost = models.DecimalField(_("adopted cost (MNOK)"), max_digits=12, decimal_places=2)
    adopted_start = models.PositiveSmallIntegerField(_("adopted start"))
    phase = models.CharField(_("phase and plan status"), max_length=20, choices=Phase.choices)
    percent_complete = models.PositiveSmallIntegerField(_("per cent complete"))
    milestones = models.JSONField(_("milestones"), default=list, blank=True)  # [{name, planned, forecast}]
    granted_to_date = models.DecimalField(_("granted to date (MNOK)"), max_digits=12, decimal_places=2)
    spent_to_date = models.DecimalField(_("spent to date (MNOK)"), max_digits=12, decimal_places=2)
    budget_this_year = models.DecimalField(_("this year's budget (MNOK)"), max_digits=12, decimal_places=2)
    spent_this_year = models.DecimalField(_("spent this year (MNOK)"), max_digits=12, decimal_places=2)
    forecast_p50 = models.DecimalField(_("forecast at completion, P50 (MNOK)"), max_digits=12, decimal_places=2)
    forecast_p85 = models.DecimalField(
        _("forecast at completion, P85 (MNOK)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    risks = models.JSONField(_("risks"), default=list, blank=True)  # the sheet's risks when the report was sent
    new_risks = models.TextField(_("new risks"), blank=True)
    goals_note = models.TextField(_("goal achievement: expected effects and early measurements"), blank=True)
    light_progress = models.CharField(_("progress"), max_length=6, choices=Light.choices)
    light_economy = models.CharField(_("economy"), max_length=6, choices=Light.choices)
    light_uncertainty = models.CharField(_("uncertainty"), max_length=6, choices=Light.choices)
    light_goals = models.CharField(_("goal achievement"), max_length=6, choices=Light.choices)
    comment_progress = models.TextField(_("comment on progress"), blank=True)
    comment_economy = models.TextField(_("comment on economy"), blank=True)
    comment_uncertainty = models.TextField(_("comment on uncertainty"), blank=True)
    comment_goals = models.TextField(_("comment on goal achievement"), blank=True)
    correction = models.TextField(_("what this version corrects"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "-year", "-period", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year", "period", "version"], name="one_report_version")
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.period_label}" + (f" v{self.version}" if self.version > 1 else "")

    def get_absolute_url(self) -> str:
        return reverse("report-detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        return period_label(self.year, self.period, self.per_year)

    @property
    def change(self) -> Decimal:
        """The forecast (P50) against the adopted cost, in MNOK."""
        return self.forecast_p50 - self.adopted_cost

    def lights(self) -> list[tuple[str, str, str, str]]:
        """(dimension, label, light, comment) for each dimension."""
        return [
            (
                d,
                str(DIMENSION_LABELS[d]),
                getattr(self, f"light_{d}"),
                getattr(self, f"comment_{d}"),
            )
            for d in DIMENSIONS
        ]

    @property
    def worst(self) -> str:
        order = [Light.GREEN, Light.YELLOW, Light.RED]
        return str(max((getattr(self, f"light_{d}") for d in DIMENSIONS), key=order.index))


def period_label(year: int, period: int, per_year: int = 3) -> str:
    names = {3: pgettext_lazy("period", "T"), 4: pgettext_lazy("period", "Q"), 2: pgettext_lazy("period", "H")}
    return f"{names.get(per_year, 'P')}{period} {year}"


class Deviation(models.Model):
    """A deviation found in a status report by a reporting rule; at most one open per project and rule."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_TREATMENT = "in_treatment", _("In treatment")
        DECIDED = "decided", _("Decided")
        CLOSED = "closed", _("Closed")

    class Rule(models.TextChoices):
        COST = "cost", _("Cost forecast over the adopted cost")
        MILESTONE = "milestone", _("Milestone slipping")
        RED = "red", _("Red light")
        SPEND = "spend", _("Spending over this year's budget")

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="deviations")
    rule = models.CharField(_("rule"), max_length=10, choices=Rule.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    report = models.ForeignKey(StatusReport, on_delete=models.PROTECT, related_name="deviations_opened")
    last_report = models.ForeignKey(StatusReport, on_delete=models.PROTECT, related_name="+")
    facts = models.JSONField(default=dict)
    explanation = models.TextField(_("the owner's explanation"), blank=True)
    measure = models.TextField(_("proposed measure"), blank=True)
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT, related_name="deviations")
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("closing note"), blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "rule"], condition=~Q(status="closed"), name="one_open_deviation_per_rule"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project.code}: {self.get_rule_display()}"

    def get_absolute_url(self) -> str:
        return reverse("deviation-detail", args=[self.pk])

    def describe(self) -> str:
        """What the rule found, in the reader's language, with the numbers."""
        from byvekst.followup.rules import describe

        return describe(self.rule, self.facts)


class Order(models.Model):
    """A bestilling: what is ordered, from whom, by when and in which form the answer comes back."""

    class Status(models.TextChoices):
        SENT = "sent", pgettext_lazy("order", "Sent")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        REPORTED = "reported", _("Reported back")
        CLOSED = "closed", pgettext_lazy("order", "Closed")

    class Form(models.TextChoices):
        MEMO = "memo", _("A short memo")
        PAPER = "paper", _("A case paper")
        STATUS = "status", _("A status report")
        PRESENTATION = "presentation", _("A presentation in the forum")

    year = models.PositiveSmallIntegerField()
    seq = models.PositiveIntegerField()
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="orders", verbose_name=_("decision")
    )
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    title = models.CharField(_("what is ordered"), max_length=300)
    deliverable = models.TextField(_("deliverable"))
    due = models.DateField(_("due"))
    report_form = models.CharField(_("form of the report back"), max_length=12, choices=Form.choices)
    to_party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("to a party")
    )
    to_forum = models.ForeignKey(
        Forum, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("to a forum")
    )
    to_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
        verbose_name=_("to a person"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SENT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    report = models.TextField(_("report back"), blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    closing_note = models.TextField(_("closing note"), blank=True)
    closing_decision = models.ForeignKey(
        Decision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("closed by decision"),
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    template_version = models.ForeignKey(
        "OrderTemplateVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
        verbose_name=_("order template"),
    )

    class Meta:
        ordering = ["due", "pk"]
        constraints = [models.UniqueConstraint(fields=["year", "seq"], name="order_number")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("order-detail", args=[self.pk])

    @property
    def number(self) -> str:
        return f"B{self.year}/{self.seq}"

    @property
    def recipient(self) -> Any:
        return self.to_person or self.to_forum or self.to_party

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Past due and not yet answered (reported back or closed)."""
        return self.status in (self.Status.SENT, self.Status.ACKNOWLEDGED) and self.due < (
            today or timezone.localdate()
        )


def order_attachment_path(instance: OrderAttachment, filename: str) -> str:
    return f"orders/{instance.order.year}-{instance.order.seq}/{filename}"


class OrderAttachment(models.Model):
    """A file sent with the report back on an order."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=order_attachment_path)
    content_type = models.CharField(max_length=120, default="application/octet-stream")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title


class OrderTemplate(models.Model):
    """An agreed form for one kind of order (an investigation, a status memo): what the report back contains and
    in which form. Versions are never overwritten; ``current`` is the agreed version in force, as for a forum's
    mandate."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    current = models.ForeignKey(
        "OrderTemplateVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrderTemplateVersion(FrozenWhen):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AGREED = "agreed", _("Agreed")

    template = models.ForeignKey(OrderTemplate, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    report_form = models.CharField(_("form of the report back"), max_length=12, choices=Order.Form.choices)
    instructions = models.TextField(_("what the report back must contain"))
    sections = models.JSONField(_("headings of the report back"), default=list, blank=True)
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("agreed by")
    )
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    FROZEN_STATUSES = ("agreed",)

    class Meta:
        ordering = ["template", "-number"]
        constraints = [models.UniqueConstraint(fields=["template", "number"], name="order_template_version_number")]

    def __str__(self) -> str:
        return f"{self.template.name} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("order-templates") + f"#mal-{self.pk}"

    @property
    def is_agreed(self) -> bool:
        return self.status == self.Status.AGREED
