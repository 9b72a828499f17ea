"""Working together (issue 14): the disagreement ladder — a disagreement on a case or a sheet, each party's
position, a level with a time box that escalates by itself, and the resolution with any reservation; joint
theme days with invitations, registration and attendance."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from byvekst.cases.models import Case
from byvekst.governance.models import Forum, Party
from byvekst.projects.models import Project


class Level(models.IntegerChoices):
    """The ladder, lowest first: the forum kinds that can resolve a disagreement."""

    WORKING_GROUP = 1, _("Working group")
    COORDINATION = 2, _("Coordination function")
    COUNCIL = 3, _("Prioritisation Council")
    STEERING = 4, _("Steering Group")


LEVEL_KIND = {
    Level.WORKING_GROUP: Forum.Kind.WORKING_GROUP,
    Level.COORDINATION: Forum.Kind.COORDINATION,
    Level.COUNCIL: Forum.Kind.COUNCIL,
    Level.STEERING: Forum.Kind.STEERING,
}


class LadderRules(models.Model):
    """How long a disagreement may stay at each level before it escalates. The newest row is in force."""

    days_working_group = models.PositiveSmallIntegerField(_("days in the working group"), default=14)
    days_coordination = models.PositiveSmallIntegerField(_("days in the coordination function"), default=14)
    days_council = models.PositiveSmallIntegerField(_("days in the Prioritisation Council"), default=21)
    days_steering = models.PositiveSmallIntegerField(_("days in the Steering Group"), default=30)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("time boxes of the disagreement ladder")
        verbose_name_plural = _("time boxes of the disagreement ladder")

    def __str__(self) -> str:
        return str(_("Time boxes of %(d)s") % {"d": self.created_at.date() if self.created_at else "–"})

    def box(self, level: int) -> dt.timedelta:
        days = {
            Level.WORKING_GROUP: self.days_working_group,
            Level.COORDINATION: self.days_coordination,
            Level.COUNCIL: self.days_council,
            Level.STEERING: self.days_steering,
        }[Level(level)]
        return dt.timedelta(days=days)


class Disagreement(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    title = models.CharField(_("what the disagreement is about"), max_length=300)
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="disagreements", verbose_name=_("case")
    )
    project = models.ForeignKey(
        Project,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disagreements",
        verbose_name=_("project sheet"),
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    forum = models.ForeignKey(Forum, on_delete=models.PROTECT, related_name="+", verbose_name=_("forum"))
    level_since = models.DateTimeField(_("at this level since"))
    due = models.DateTimeField(_("escalates on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    outcome = models.TextField(_("outcome"), blank=True)
    reservation = models.TextField(_("reservation that remains"), blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["status", "-level", "level_since"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("disagreement-detail", args=[self.pk])

    @property
    def subject(self) -> Case | Project | None:
        return self.case or self.project


class Position(models.Model):
    """One party's position in a disagreement (changed in place; the history keeps every version)."""

    disagreement = models.ForeignKey(Disagreement, on_delete=models.CASCADE, related_name="positions")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, verbose_name=_("party"))
    text = models.TextField(_("position"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["disagreement", "party__name"]
        constraints = [models.UniqueConstraint(fields=["disagreement", "party"], name="one_position_per_party")]

    def __str__(self) -> str:
        return f"{self.party}: {self.text[:40]}"


class Step(models.Model):
    """The disagreement's way up the ladder: where it went, when and why (registered, escalated, lifted)."""

    class Reason(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        TIME_BOX = "time_box", _("The time box ran out")
        LIFTED = "lifted", _("Lifted by a party")

    disagreement = models.ForeignKey(Disagreement, on_delete=models.CASCADE, related_name="steps")
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    forum = models.ForeignKey(Forum, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    at = models.DateTimeField()

    class Meta:
        ordering = ["disagreement", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.disagreement}: {self.get_level_display()}"


class ThemeDay(models.Model):
    """A joint professional or theme day (fag- og temadag) in the plan, and what came of it."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")

    topic = models.CharField(_("topic"), max_length=300)
    focus_area_code = models.SlugField(_("focus area"), max_length=40, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("organiser")
    )
    organiser_party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("organising party")
    )
    invited_forums = models.ManyToManyField(Forum, blank=True, related_name="+", verbose_name=_("invited forums"))
    invited_parties = models.ManyToManyField(Party, blank=True, related_name="+", verbose_name=_("invited parties"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PLANNED)
    material = models.TextField(_("material (links and notes)"), blank=True)
    outcome = models.TextField(_("outcome note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.topic} ({self.starts_at:%d.%m.%Y})"

    def get_absolute_url(self) -> str:
        return reverse("themeday-detail", args=[self.pk])

    @property
    def hours(self) -> float:
        return max((self.ends_at - self.starts_at).total_seconds() / 3600, 0.0)


class Registration(models.Model):
    """A person registered for a theme day; attendance is recorded after it is held."""

    theme_day = models.ForeignKey(ThemeDay, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    attended = models.BooleanField(_("attended"), null=True)
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["theme_day", "party__name", "person__last_name"]
        constraints = [models.UniqueConstraint(fields=["theme_day", "person"], name="one_registration_per_person")]

    def __str__(self) -> str:
        return f"{self.person} – {self.theme_day}"


class TimeUseRules(models.Model):
    """Preparation hours per meeting hour, by default and per forum; the newest row is in force."""

    default_factor = models.DecimalField(
        _("preparation hours per meeting hour"), max_digits=4, decimal_places=2, default=1
    )
    factors = models.JSONField(
        _("per forum (slug: hours per meeting hour)"), default=dict, blank=True, help_text='{"styringsgruppen": 2}'
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("preparation time")
        verbose_name_plural = _("preparation time")

    def __str__(self) -> str:
        return str(_("Preparation time of %(d)s") % {"d": self.created_at.date() if self.created_at else "–"})

    def factor(self, slug: str) -> float:
        try:
            return float(self.factors.get(slug, self.default_factor))
        except (TypeError, ValueError):
            return float(self.default_factor)
