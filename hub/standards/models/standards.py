"""Shared standards: drafted by a working group, published as immutable versions, consulted on
paragraph by paragraph, and adopted by councils.

How anchors are assigned and carried between versions is described in
``docs/decisions/0001-standard-anchors.md``; the code is in ``hub/standards/anchoring.py``.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hub.core import content_language


class Licence(models.TextChoices):
    OGL_3 = "OGL-UK-3.0", _("Open Government Licence v3.0")
    CC_BY_4 = "CC-BY-4.0", _("Creative Commons Attribution 4.0")
    CC0 = "CC0-1.0", _("Creative Commons Zero 1.0 (public domain)")


LICENCE_URLS = {
    Licence.OGL_3: "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    Licence.CC_BY_4: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
}


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONSULTATION = "consultation", _("In consultation")
    ADOPTED = "adopted", _("Adopted")
    SUPERSEDED = "superseded", _("Superseded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Standard(models.Model):
    """A standard and its working draft. Published text lives in ``StandardVersion``."""

    group = models.ForeignKey(
        "workgroups.WorkingGroup", on_delete=models.CASCADE, related_name="standards"
    )
    title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=80, unique=True)
    summary = models.TextField(max_length=2000, help_text=_("One or two sentences. Markdown."))
    language = content_language.language_field()
    licence = models.CharField(max_length=20, choices=Licence.choices, default=Licence.OGL_3)
    services = models.ManyToManyField("sharing.ServiceTopic", blank=True, related_name="standards")
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.DRAFT)
    consultation_closes_at = models.DateTimeField(null=True, blank=True)
    # The working draft, edited with optimistic concurrency: every save must name the revision
    # it started from, and a save based on an older revision is refused (see services).
    draft_body = models.TextField(blank=True)
    draft_revision = models.PositiveIntegerField(default=0)
    draft_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    draft_updated_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        indexes = [models.Index(fields=["status", "consultation_closes_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("standards:detail", kwargs={"slug": self.slug})

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS.get(self.licence, "")

    @property
    def consultation_is_open(self) -> bool:
        return self.status == Status.CONSULTATION and (
            self.consultation_closes_at is None or self.consultation_closes_at > timezone.now()
        )

    @property
    def consultation_has_closed(self) -> bool:
        """Past its closing date but not yet moved back to draft by the scheduler
        (``close_consultations``): pages show it closed from the date, without writing on GET."""
        return (
            self.status == Status.CONSULTATION
            and self.consultation_closes_at is not None
            and self.consultation_closes_at <= timezone.now()
        )

    def _latest_major(self) -> int | None:
        if hasattr(self, "latest_major"):  # annotated by list selectors
            return self.latest_major
        latest = getattr(self, "_latest_version", False)
        if latest is False:
            latest = self.versions.order_by("-major", "-minor").first()
            self._latest_version = latest
        return latest.major if latest else None

    @property
    def shown_status(self) -> str:
        """The status as a reader should see it now: ``consultation_closed`` from the closing
        date, ``published`` for a draft-status standard that has a 1.0 or later (its text is
        published; the draft is work on the next version), else the workflow status."""
        if self.consultation_has_closed:
            return "consultation_closed"
        if self.status == Status.DRAFT and (self._latest_major() or 0) >= 1:
            return "published"
        return self.status

    @property
    def shown_status_label(self) -> str:
        extra = {"consultation_closed": gettext("Consultation closed"), "published": "Published"}
        return extra.get(self.shown_status) or self.get_status_display()


class StatusChange(models.Model):
    """One move through the status workflow: who, when and why. Never edited or deleted."""

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=15, choices=Status.choices)
    to_status = models.CharField(max_length=15, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(max_length=2000)
    closes_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.standard}: {self.from_status} -> {self.to_status}"


class StandardVersion(models.Model):
    """A published, immutable version. ``body`` is never changed after creation."""

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="versions")
    major = models.PositiveIntegerField()
    minor = models.PositiveIntegerField()
    body = models.TextField()
    notes = models.TextField(_("what changed"), max_length=5000, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["major", "minor"]
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "major", "minor"], name="standard_version_number_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.standard} {self.number}"

    def get_absolute_url(self) -> str:
        return reverse(
            "standards:version", kwargs={"slug": self.standard.slug, "number": self.number}
        )

    @property
    def number(self) -> str:
        return f"{self.major}.{self.minor}"


class Block(models.Model):
    """A heading or paragraph-level block of one version, with its stable anchor."""

    class Kind(models.TextChoices):
        HEADING = "heading", _("Section heading")
        PARAGRAPH = "paragraph", _("Paragraph")

    version = models.ForeignKey(StandardVersion, on_delete=models.CASCADE, related_name="blocks")
    position = models.PositiveIntegerField()
    anchor = models.CharField(max_length=80)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    level = models.PositiveSmallIntegerField(default=0, help_text=_("Heading level; 0 otherwise."))
    heading_path = models.CharField(max_length=500, blank=True)
    section_anchor = models.CharField(max_length=80, blank=True)
    text = models.TextField(help_text=_("The block's Markdown source."))

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "anchor"], name="block_anchor_once"),
        ]

    def __str__(self) -> str:
        return f"{self.version} #{self.anchor}"

    @property
    def is_heading(self) -> bool:
        return self.kind == self.Kind.HEADING


class ThreadState(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Outcome(models.TextChoices):
    NONE = "", _("No outcome yet")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    DEFERRED = "deferred", _("Deferred")
    NO_CHANGE = "no_change", _("Answered, no change needed")


class AnchorStatus(models.TextChoices):
    PLACED = "placed", _("On its paragraph")
    REANCHORED = "reanchored", _("Re-anchored: an editor should confirm")
    ORPHANED = "orphaned", _("Orphaned: its paragraph was removed")


class CommentThread(models.Model):
    """A comment on one paragraph or section of a version, with replies and an outcome.

    ``version``/``anchor`` is where the thread is shown now (it moves forward when versions are
    published); ``original_version``/``original_anchor`` is where it was written.
    """

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="threads")
    version = models.ForeignKey(StandardVersion, on_delete=models.CASCADE, related_name="threads")
    anchor = models.CharField(max_length=80)
    original_version = models.ForeignKey(
        StandardVersion, on_delete=models.CASCADE, related_name="+"
    )
    original_anchor = models.CharField(max_length=80)
    quoted_text = models.TextField(
        help_text=_("The paragraph as it read when the comment was made.")
    )
    heading_path = models.CharField(max_length=500, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    council = models.ForeignKey(
        "councils.Council", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(max_length=10_000)
    source_links = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=10, choices=ThreadState.choices, default=ThreadState.OPEN)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True, default="")
    editor_response = models.TextField(max_length=10_000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    addressed_in = models.ForeignKey(
        StandardVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    anchor_status = models.CharField(
        max_length=10, choices=AnchorStatus.choices, default=AnchorStatus.PLACED
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # Hidden by a moderator (hub.moderation): out of every list, count and search; its page
    # answers 404 to everyone but its author and moderators.
    is_hidden = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["version", "anchor"]),
            models.Index(fields=["standard", "state"]),
        ]

    def __str__(self) -> str:
        return f"Comment {self.pk} on {self.standard} #{self.anchor}"

    def get_absolute_url(self) -> str:
        return reverse("standards:thread", kwargs={"slug": self.standard.slug, "pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.state == ThreadState.OPEN


class Comment(models.Model):
    """A reply in a thread; ``parent`` makes replies to replies."""

    thread = models.ForeignKey(CommentThread, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(max_length=10_000)
    created_at = models.DateTimeField(default=timezone.now)
    # Hidden by a moderator: a tombstone in its thread, out of search and the API.
    is_hidden = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Reply {self.pk} in thread {self.thread_id}"

    def get_absolute_url(self) -> str:
        return f"{self.thread.get_absolute_url()}#reply-{self.pk}"


class ThreadMove(models.Model):
    """Where a thread went when a version was published or an editor moved it."""

    class Kind(models.TextChoices):
        CARRIED = "carried", _("Carried forward unchanged")
        REANCHORED = "reanchored", _("Re-anchored to an edited paragraph")
        ORPHANED = "orphaned", _("Orphaned")
        CONFIRMED = "confirmed", _("Position confirmed by an editor")
        MOVED = "moved", _("Moved by an editor")

    thread = models.ForeignKey(CommentThread, on_delete=models.CASCADE, related_name="moves")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    from_version = models.ForeignKey(StandardVersion, on_delete=models.CASCADE, related_name="+")
    from_anchor = models.CharField(max_length=80)
    to_version = models.ForeignKey(
        StandardVersion, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    to_anchor = models.CharField(max_length=80, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: thread {self.thread_id}"


class Adoption(models.Model):
    """A council's declaration that it adopted (or is implementing) a version.

    Rows are never deleted: a withdrawal or a newer declaration closes the row, which keeps the
    register auditable.
    """

    class Kind(models.TextChoices):
        ADOPTED = "adopted", _("Adopted")
        IMPLEMENTING = "implementing", _("Implementing")

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="adoptions")
    version = models.ForeignKey(StandardVersion, on_delete=models.CASCADE, related_name="+")
    council = models.ForeignKey(
        "councils.Council", on_delete=models.CASCADE, related_name="standard_adoptions"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.ADOPTED)
    evidence_url = models.URLField(max_length=500, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    declared_at = models.DateTimeField(default=timezone.now)
    # Frozen at declaration: whether the declarer's link to the council was verified then
    # (Profile.council_verified). Anyone may pick a council on their profile, so the register
    # says which declarations rest on a verified affiliation and which are self-declared.
    declarer_verified = models.BooleanField(
        _("Declared by a verified member of the council"), default=False
    )
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.CharField(max_length=500, blank=True)
    # The council's live endpoint or data URL, checked daily and on demand against the version
    # (``services/conformance.py``). The current state is kept here so the register is one query;
    # every check is an ``EndpointCheck`` row.
    endpoint_url = models.URLField(_("Live endpoint or data address"), max_length=500, blank=True)
    conformance_state = models.CharField(max_length=10, blank=True, default="")
    conformance_since = models.DateTimeField(null=True, blank=True)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    last_check_run = models.ForeignKey(
        "standards.ValidationRun",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-declared_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "council"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="adoption_one_current_per_council",
            )
        ]

    def __str__(self) -> str:
        return f"{self.council} {self.kind} {self.standard} {self.version.number}"

    @property
    def is_current(self) -> bool:
        return self.withdrawn_at is None
