"""Case flow after Noark 5's meeting module: a case (saksmappe) treated in several forums (møtesaksregistrering),
each treatment with a case paper (saksframlegg), anchoring per party, meetings (møtemappe) with agenda,
attendance and decisions, and minutes (møteprotokoll) filed back on each case as an excerpt."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from byvekst.governance.models import CaseKind, Forum, Party, Subject
from byvekst.projects.models import Project


class Case(models.Model):
    year = models.PositiveSmallIntegerField()
    seq = models.PositiveIntegerField()
    title = models.CharField(_("subject"), max_length=300)
    subject = models.CharField(_("kind of matter"), max_length=20, choices=Subject.choices)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases", verbose_name=_("case officer")
    )
    projects = models.ManyToManyField(Project, blank=True, related_name="cases", verbose_name=_("projects"))
    closed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-seq"]
        constraints = [models.UniqueConstraint(fields=["year", "seq"], name="case_number")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("case-detail", args=[self.year, self.seq])

    @property
    def number(self) -> str:
        return f"{self.year}/{self.seq}"


class CaseTarget(models.Model):
    """What the case proposes to change: a mandate version, a configuration, a criteria set, frames, an action
    programme. A decision on the case in a forum with the competence applies the change (``cases.effects``)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="targets")
    target_type = models.CharField(max_length=60)  # app_label.model
    target_id = models.CharField(max_length=40)
    title = models.CharField(max_length=300)

    class Meta:
        ordering = ["case", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "target_type", "target_id"], name="one_target_once_per_case")
        ]

    def __str__(self) -> str:
        return self.title


class Treatment(models.Model):
    """One treatment of a case in one forum (or outside, e.g. in a city council)."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approved")
        CHANGED = "changed", _("Approved with changes")
        REJECTED = "rejected", _("Rejected")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ON_AGENDA = "on_agenda", _("On an agenda")
        TREATED = "treated", _("Treated")
        POSTPONED = "postponed", _("Postponed")
        RETURNED = "returned", _("Sent back")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="treatments")
    order = models.PositiveSmallIntegerField(default=0)
    forum = models.ForeignKey(Forum, null=True, blank=True, on_delete=models.PROTECT, related_name="treatments")
    outside_body = models.CharField(
        _("outside body"),
        max_length=200,
        blank=True,
        help_text=_("For local political treatment, e.g. Bystyret i Bergen."),
    )
    body = models.ForeignKey(
        "governance.OutsideBody", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("outside body")
    )
    outcome_status = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    outcome_date = models.DateField(_("treated on"), null=True, blank=True)
    reference = models.CharField(_("their reference"), max_length=100, blank=True)
    link = models.URLField(
        _("link to their decision"), blank=True, validators=[URLValidator(schemes=["http", "https"])]
    )
    kind = models.CharField(_("expected conclusion"), max_length=12, choices=CaseKind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    outcome = models.TextField(_("outcome"), blank=True)
    minutes_excerpt = models.TextField(_("minutes excerpt"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.case.number} i {self.body_name}"

    @property
    def body_name(self) -> str:
        if self.forum_id:
            return self.forum.name  # type: ignore[union-attr]
        return self.body.name if self.body_id else self.outside_body  # type: ignore[union-attr]


class CasePaper(models.Model):
    """Saksframlegg. ``REQUIRED`` fields must be filled in before the case can go on an agenda."""

    treatment = models.OneToOneField(Treatment, on_delete=models.CASCADE, related_name="paper")
    why = models.TextField(_("why the case is up in this forum"), blank=True)
    mandate_basis = models.CharField(_("under which part of the mandate"), max_length=300, blank=True)
    draft_conclusion = models.TextField(_("draft conclusion"), blank=True)
    background = models.TextField(_("background"), blank=True)
    assessment = models.TextField(_("assessment"), blank=True)
    consequences = models.TextField(_("consequences for economy and portfolio"), blank=True)
    positions = models.TextField(_("the parties' positions where they differ"), blank=True)
    further_handling = models.TextField(_("further handling (next forum, when)"), blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    REQUIRED = (
        "why",
        "mandate_basis",
        "draft_conclusion",
        "background",
        "assessment",
        "consequences",
        "further_handling",
    )
    FIELDS = (*REQUIRED, "positions")

    def __str__(self) -> str:
        return f"Saksframlegg {self.treatment}"


class Anchoring(models.Model):
    class Status(models.TextChoices):
        YES = "ja", _("Anchored")
        PARTLY = "delvis", _("Partly anchored")
        NO = "nei", _("Not anchored")

    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="anchorings")
    party = models.ForeignKey(Party, on_delete=models.PROTECT)
    status = models.CharField(max_length=8, choices=Status.choices)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["treatment", "party"], name="one_anchoring_per_party")]

    def __str__(self) -> str:
        return f"{self.party}: {self.status}"


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")

    class MinutesStatus(models.TextChoices):
        NONE = "", _("Not started")
        DRAFT = "draft", _("Draft")
        CIRCULATED = "circulated", _("Circulated for comments")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")

    forum = models.ForeignKey(Forum, on_delete=models.PROTECT, related_name="meetings")
    year = models.PositiveSmallIntegerField()
    number = models.PositiveSmallIntegerField()
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), blank=True, validators=[URLValidator(schemes=["http", "https"])])
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PLANNED)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_status = models.CharField(max_length=10, choices=MinutesStatus.choices, blank=True)
    minutes_deadline = models.DateField(_("comments on the minutes by"), null=True, blank=True)
    minutes_approved_in = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="approves"
    )
    audit_anchor = models.JSONField(
        null=True, blank=True, help_text="The audit chain's checkpoint when the minutes were approved."
    )

    class Meta:
        ordering = ["-starts_at"]
        constraints = [models.UniqueConstraint(fields=["forum", "year", "number"], name="meeting_number")]

    def __str__(self) -> str:
        return f"{self.forum.name} møte {self.number}/{self.year}"

    def get_absolute_url(self) -> str:
        return reverse("meeting-detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        """Approved (or published) minutes close the meeting: attendance, agenda and decisions are read-only."""
        return self.minutes_status in (self.MinutesStatus.APPROVED, self.MinutesStatus.PUBLISHED)

    @property
    def paper_deadline(self) -> dt.datetime:
        return self.starts_at - dt.timedelta(days=self.forum.paper_deadline_days)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    treatment = models.OneToOneField(Treatment, on_delete=models.PROTECT, related_name="agenda_item")
    order = models.PositiveSmallIntegerField()
    minutes_allotted = models.PositiveSmallIntegerField(_("time (minutes)"), default=20)
    late_paper = models.BooleanField(default=False)
    not_ready = models.BooleanField(_("not ready"), default=False)

    class Meta:
        ordering = ["meeting", "order"]

    def __str__(self) -> str:
        return f"{self.order}. {self.treatment.case}"


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=12)
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.PROTECT)
    status = models.CharField(max_length=8, choices=Status.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_per_person")]

    def __str__(self) -> str:
        return f"{self.person}: {self.status}"


class ConflictOfInterest(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="conflicts")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("what the conflict is"), max_length=300)

    def __str__(self) -> str:
        return f"{self.person}: {self.note}"


class Decision(models.Model):
    class Mode(models.TextChoices):
        CONSENSUS = "consensus", _("Consensus")
        RESERVATIONS = "reservations", _("Consensus with reservations")
        VOTE = "vote", _("Vote")

    class FollowUp(models.TextChoices):
        OPEN = "open", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    item = models.OneToOneField(AgendaItem, on_delete=models.PROTECT, related_name="decision")
    number = models.CharField(max_length=20, unique=True)
    decided_on = models.DateField(null=True, blank=True)
    seq = models.PositiveIntegerField(default=0, help_text="The number's sequence, for numeric order.")
    kind = models.CharField(max_length=12, choices=CaseKind.choices)
    text = models.TextField(_("decision text"))
    mode = models.CharField(max_length=12, choices=Mode.choices)
    reservations = models.JSONField(default=dict, blank=True)  # party slug -> reservation text
    unanchored = models.JSONField(
        default=list, blank=True, help_text="Parties whose anchoring was not recorded when the decision was taken."
    )
    follow_up = models.CharField(max_length=12, choices=FollowUp.choices, default=FollowUp.OPEN)
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    due = models.DateField(_("due"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.number}: {self.text[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("decision-detail", args=[self.number])


class DecisionEffect(models.Model):
    """A record a decision changed (agreed a mandate, adopted criteria, frames, a programme version …)."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="effects")
    target_type = models.CharField(max_length=60)
    target_id = models.CharField(max_length=40)
    action = models.CharField(max_length=30)
    title = models.CharField(max_length=300)  # the record as it was named when the decision changed it
    url = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["decision", "pk"]

    def __str__(self) -> str:
        return self.describe()

    def describe(self) -> str:
        """What the decision did, in the reader's language: "agree the mandate: Prioriteringsrådet – mandat v1"."""
        from byvekst.cases.effects import REGISTRY

        effect = REGISTRY.get((self.target_type, self.decision.kind))
        return f"{effect.label() if effect else self.action}: {self.title}"


class MeetingAmendment(models.Model):
    """A correction to closed minutes: never an edit, always an addition with its reason and author."""

    meeting = models.ForeignKey("Meeting", on_delete=models.PROTECT, related_name="amendments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason for the correction"))
    text = models.TextField(_("the correction"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "created_at"]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.reason[:40]}"


class PaperComment(models.Model):
    """A comment on a case paper from a participant of the forum, observers included (their mandate right)."""

    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["treatment", "created_at"]

    def __str__(self) -> str:
        return self.text[:40]


class Vote(models.Model):
    class Choice(models.TextChoices):
        FOR = "for", _("For")
        AGAINST = "against", _("Against")
        ABSTAIN = "abstain", _("Abstains")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="votes")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.PROTECT)
    choice = models.CharField(max_length=8, choices=Choice.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["decision", "person"], name="one_vote_per_person")]

    def __str__(self) -> str:
        return f"{self.person}: {self.choice}"
