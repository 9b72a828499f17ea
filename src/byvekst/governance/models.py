"""The governance register: parties, people, forums, mandates in versions, memberships, configuration."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from byvekst.core.models import FrozenError, FrozenWhen


class Party(models.Model):
    class Kind(models.TextChoices):
        STATE = "stat", _("State")
        COUNTY = "fylkeskommune", _("County")
        MUNICIPALITY = "kommune", _("Municipality")

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    includes = models.CharField(_("includes"), max_length=300, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person. Forum roles come from memberships; ``is_secretariat`` marks the secretariat's staff."""

    party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.PROTECT, related_name="people", verbose_name=_("party")
    )
    is_secretariat = models.BooleanField(_("secretariat"), default=False)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    is_demo = models.BooleanField(default=False, help_text="Created by `byvekst demo`.")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class ConfigVersion(models.Model):
    """A version of the configuration the Steering Group adopts: areas, focus areas, programme areas."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", _("Adopted")

    number = models.PositiveIntegerField(unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    adopted_on = models.DateField(null=True, blank=True)
    decision_number = models.CharField(_("adopted by decision"), max_length=20, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"Konfigurasjon v{self.number} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("configuration") + f"#config-{self.number}"


class ConfigEntry(models.Model):
    config = models.ForeignKey(ConfigVersion, on_delete=models.CASCADE)
    code = models.SlugField(max_length=40)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Area(ConfigEntry):
    """A geographic area, covered by one geographic working group."""

    municipalities = models.CharField(_("municipalities"), max_length=300, blank=True)
    districts = models.CharField(_("city districts"), max_length=300, blank=True)
    outline = models.JSONField(_("outline (GeoJSON)"), null=True, blank=True)

    class Meta(ConfigEntry.Meta):
        constraints = [models.UniqueConstraint(fields=["config", "code"], name="area_code_per_config")]


class FocusArea(ConfigEntry):
    """Satsingsområde of the agreement; every funded project belongs to at least one."""

    class Meta(ConfigEntry.Meta):
        constraints = [models.UniqueConstraint(fields=["config", "code"], name="focus_code_per_config")]


class ProgrammeArea(ConfigEntry):
    """Programområde of the action programme."""

    class Meta(ConfigEntry.Meta):
        constraints = [models.UniqueConstraint(fields=["config", "code"], name="programme_code_per_config")]


class Forum(models.Model):
    class Kind(models.TextChoices):
        STEERING = "styringsgruppe", _("Steering group")
        COUNCIL = "prioriteringsrad", _("Prioritisation council")
        COORDINATION = "samordning", _("Coordination function")
        WORKING_GROUP = "arbeidsgruppe", _("Working group")
        NETWORK = "nettverk", _("Network")

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(_("code"), max_length=6, help_text=_("Prefix of decision numbers, e.g. PR in PR-2027-07."))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    area_code = models.SlugField(_("geographic area"), max_length=40, blank=True)
    reports_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reporting",
        verbose_name=_("reports to"),
    )
    led_by_secretariat = models.BooleanField(_("led by the secretariat"), default=False)
    started_on = models.DateField(_("started"), default=dt.date(2026, 10, 1))
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
        verbose_name=_("replaced by"),
    )
    paper_deadline_days = models.PositiveSmallIntegerField(_("paper deadline (days before meeting)"), default=7)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("forum")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("forum-detail", args=[self.slug])

    @property
    def is_active(self) -> bool:
        return self.ended_on is None or self.ended_on > dt.date.today()


class CaseKind(models.TextChoices):
    """The kinds of treatment a forum may give a case (its decision competence)."""

    ORIENTERING = "orientering", _("Information")
    DROFTING = "drofting", _("Discussion")
    INNSTILLING = "innstilling", _("Recommendation")
    VEDTAK = "vedtak", _("Decision")


class Subject(models.TextChoices):
    ACTION_PROGRAMME = "handlingsprogram", _("Action programme")
    CRITERIA = "vurderingskriterier", _("Evaluation criteria")
    FOCUS_AREAS = "satsingsomrader", _("Focus areas and configuration")
    BUDGET_FRAMES = "rammer", _("Budget frames")
    PROJECT_SHEETS = "prosjektark", _("Project sheets")
    DEVIATIONS = "avvik", _("Deviations")
    MANDATES = "mandat", _("Mandates")
    OTHER = "annet", _("Other matters")


class Mandate(models.Model):
    """A forum's mandate. ``current`` points at the agreed version in force; versions are never overwritten."""

    forum = models.OneToOneField(Forum, on_delete=models.CASCADE, related_name="mandate")
    current = models.ForeignKey("MandateVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"Mandat for {self.forum}"


class AgreedVersionError(FrozenError):
    """An agreed mandate version was about to change."""


class MandateVersion(FrozenWhen):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AGREED = "agreed", _("Agreed")

    class Quorum(models.TextChoices):
        MAJORITY = "majority", _("More than half of the members")
        TWO_THIRDS = "two_thirds", _("Two thirds of the members")
        ALL = "all", _("All members")
        MINIMUM = "minimum", _("A minimum number of members")

    mandate = models.ForeignKey(Mandate, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    purpose = models.TextField(_("purpose"))
    responsibilities = models.TextField(_("responsibilities"))
    authority = models.TextField(_("authority"), blank=True)
    competences = models.JSONField(_("decision competence"), default=list, blank=True)
    composition = models.TextField(_("composition"), blank=True)
    meeting_frequency = models.CharField(_("meeting frequency"), max_length=200, blank=True)
    time_expectation = models.CharField(_("expected time use per member"), max_length=200, blank=True)
    member_rights = models.TextField(_("what members may do"), blank=True)
    observer_rights = models.TextField(_("what observers may do"), blank=True)
    quorum_rule = models.CharField(_("quorum rule"), max_length=12, choices=Quorum.choices, default=Quorum.MAJORITY)
    quorum_minimum = models.PositiveSmallIntegerField(_("minimum members present"), null=True, blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    change_reason = models.TextField(_("reason for the change"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    decision_number = models.CharField(_("agreed by decision"), max_length=20, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    anchoring_rule = models.CharField(
        _("anchoring before decisions"),
        max_length=8,
        choices=[
            ("note", _("A decision may be taken; unrecorded anchoring is noted in the minutes")),
            ("refuse", _("No decision while a party's anchoring is unrecorded")),
        ],
        default="note",
    )
    member_parties = models.JSONField(
        _("parties that must have a voting member"), default=list, blank=True, help_text=_("Party codes.")
    )

    FROZEN_STATUSES = ("agreed",)
    FROZEN_ERROR = AgreedVersionError

    # Fields compared and audited; the order is the order of the comparison page.
    CONTENT_FIELDS = (
        "purpose",
        "responsibilities",
        "authority",
        "competences",
        "composition",
        "meeting_frequency",
        "time_expectation",
        "member_rights",
        "observer_rights",
        "quorum_rule",
        "quorum_minimum",
        "anchoring_rule",
        "member_parties",
        "is_public",
        "change_reason",
    )
    # Fields a version must have filled in before it can be agreed.
    REQUIRED_TO_AGREE = (
        "purpose",
        "responsibilities",
        "authority",
        "competences",
        "composition",
        "meeting_frequency",
        "time_expectation",
        "member_rights",
        "observer_rights",
    )

    class Meta:
        ordering = ["mandate", "-number"]
        constraints = [models.UniqueConstraint(fields=["mandate", "number"], name="mandate_version_number")]

    def __str__(self) -> str:
        return f"{self.mandate.forum} – mandat v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("mandate-version", args=[self.pk])

    @property
    def is_agreed(self) -> bool:
        return self.status == self.Status.AGREED

    def has_competence(self, kind: str, subject: str) -> bool:
        return f"{kind}:{subject}" in (self.competences or [])

    def quorum_needed(self, member_count: int) -> int:
        if self.quorum_rule == self.Quorum.ALL:
            return member_count
        if self.quorum_rule == self.Quorum.TWO_THIRDS:
            return -(-2 * member_count // 3)
        if self.quorum_rule == self.Quorum.MINIMUM:
            return min(self.quorum_minimum or 1, member_count)
        return member_count // 2 + 1


class OutsideBody(models.Model):
    """A body outside Miljøløftet that treats some of its cases: a city council, the county council, a ministry."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=200)
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("party"))
    required_for_programme = models.BooleanField(
        _("must approve the action programme before it counts as adopted"), default=False
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("outside body")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        LEADER = "leder", _("Leader")
        MEMBER = "medlem", _("Member")
        OBSERVER = "observator", _("Observer")
        SECRETARY = "sekretar", _("Secretary")

    VOTING_ROLES = (Role.LEADER, Role.MEMBER)

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("person")
    )
    forum = models.ForeignKey(Forum, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("forum"))
    party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("party represented")
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        ordering = ["forum", "role", "person__last_name"]
        indexes = [models.Index(fields=["forum", "person"])]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()} i {self.forum}"

    def clean(self) -> None:
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("The end date is before the start date.")})

    @property
    def is_voting(self) -> bool:
        return self.role in self.VOTING_ROLES


class OnboardingItem(models.Model):
    text = models.CharField(_("item"), max_length=300)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class OnboardingTask(models.Model):
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="onboarding")
    item = models.ForeignKey(OnboardingItem, on_delete=models.PROTECT)
    done_on = models.DateField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["item__order", "item__pk"]
        constraints = [models.UniqueConstraint(fields=["membership", "item"], name="one_task_per_item")]

    def __str__(self) -> str:
        return f"{self.membership}: {self.item}"


class APIToken(models.Model):
    """A token for scripts. Only its SHA-256 is stored; the token is shown once, when created. ``prefix`` (the
    first characters) lets a person tell their tokens apart without the token itself."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
