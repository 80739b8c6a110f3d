"""Shared work. ``ServiceTopic`` is defined first because every other app tags content with it."""

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager


class ServiceTopic(models.Model):
    """A local-government service, in the style of the Local Government Services List (LGSL)."""

    code = models.CharField(
        max_length=20, unique=True, help_text=_("Identifier from the services list, e.g. LGSL 524.")
    )
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True, max_length=5000)
    synonyms = models.TextField(
        blank=True, help_text=_("Other names people use, separated by semicolons.")
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("sharing:service", kwargs={"slug": self.slug})

    @property
    def synonym_list(self) -> list[str]:
        return [part.strip() for part in self.synonyms.split(";") if part.strip()]


class Phase(models.TextChoices):
    """GDS service phases, as LocalGov Digital's Pipeline used them."""

    DISCOVERY = "discovery", _("Discovery")
    ALPHA = "alpha", _("Alpha")
    BETA = "beta", _("Beta")
    LIVE = "live", _("Live")
    RETIRED = "retired", _("Retired")


class Project(models.Model):
    """A council's piece of work that others can watch, join and reuse (Pipeline-style)."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    owner_council = models.ForeignKey(
        "councils.Council", on_delete=models.PROTECT, related_name="sharing_projects"
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_projects",
    )
    summary = models.TextField(max_length=10_000, help_text=_("Markdown."))
    phase = models.CharField(max_length=12, choices=Phase.choices, default=Phase.DISCOVERY)
    phase_since = models.DateField(default=date.today)
    started_on = models.DateField(null=True, blank=True)
    collaboration_welcome = models.BooleanField(default=True)
    services = models.ManyToManyField(ServiceTopic, blank=True, related_name="projects")
    tags = TaggableManager(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Hidden by a moderator (hub.moderation): out of every list, page section, feed and search;
    # its pages answer 404 to everyone but the people who manage it and moderators.
    is_hidden = models.BooleanField(default=False)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["owner_council", "phase"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("sharing:project", kwargs={"slug": self.slug})


class ProjectPhaseChange(models.Model):
    """One step in a project's history: from one phase to the next, on a date."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="phase_changes")
    from_phase = models.CharField(max_length=12, choices=Phase.choices, blank=True)
    to_phase = models.CharField(max_length=12, choices=Phase.choices)
    changed_on = models.DateField(default=date.today)
    note = models.CharField(max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.project}: {self.from_phase or 'new'} -> {self.to_phase}"


class ProjectUpdate(models.Model):
    """A status update posted on a project over time (Markdown)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(max_length=10_000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Update on {self.project} at {self.created_at:%Y-%m-%d}"


class Collaboration(models.Model):
    """Another council asks to collaborate on a project; the owning council approves or declines."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="collaborations")
    council = models.ForeignKey(
        "councils.Council", on_delete=models.CASCADE, related_name="sharing_collaborations"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(max_length=2000, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.REQUESTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["project", "council"], name="collaborate_once")
        ]

    def __str__(self) -> str:
        return f"{self.council} on {self.project} ({self.state})"


class ArtefactKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    LINK = "link", _("Link")
    CODE = "code", _("Code repository")
    RESEARCH = "research", _("User research")
    DESIGN = "design", _("Design or pattern")
    PROCUREMENT = "procurement", _("Procurement specification")
    DATASET = "dataset", _("Data set")


class Licence(models.TextChoices):
    OGL3 = "ogl-3", _("Open Government Licence v3.0")
    CC_BY4 = "cc-by-4", _("Creative Commons Attribution 4.0")
    MIT = "mit", _("MIT")
    APACHE2 = "apache-2", _("Apache 2.0")
    ASK = "ask", _("Ask us")


LICENCE_URLS = {
    Licence.OGL3: "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    Licence.CC_BY4: "https://creativecommons.org/licenses/by/4.0/",
    Licence.MIT: "https://opensource.org/license/mit",
    Licence.APACHE2: "https://www.apache.org/licenses/LICENSE-2.0",
}


class ExtractionStatus(models.TextChoices):
    NONE = "none", _("No file")
    OK = "ok", _("Text extracted")
    TRUNCATED = "truncated", _("Text extracted (truncated at the limit)")
    EMPTY = "empty", _("No text found")
    NOT_APPLICABLE = "n/a", _("Not a text format")
    FAILED = "failed", _("Extraction failed")


class Artefact(models.Model):
    """Something a council made that others can reuse: a document, link, repository, data..."""

    kind = models.CharField(max_length=12, choices=ArtefactKind.choices)
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    description = models.TextField(max_length=20_000, help_text=_("Markdown."))
    councils = models.ManyToManyField(
        "councils.Council", related_name="sharing_artefacts", blank=True
    )
    contributor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributed_artefacts",
    )
    licence = models.CharField(max_length=10, choices=Licence.choices, default=Licence.OGL3)
    services = models.ManyToManyField(ServiceTopic, blank=True, related_name="artefacts")
    tags = TaggableManager(blank=True)
    published_on = models.DateField(default=date.today)
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="artefacts"
    )
    url = models.URLField(_("web address"), max_length=500, blank=True)
    # The upload, if any. ``file_path`` is our generated storage name, never the uploader's.
    file_path = models.CharField(max_length=200, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    file_type = models.CharField(max_length=12, blank=True)
    file_size = models.PositiveBigIntegerField(null=True, blank=True)
    extracted_text = models.TextField(blank=True)
    extraction_status = models.CharField(
        max_length=10, choices=ExtractionStatus.choices, default=ExtractionStatus.NONE
    )
    extraction_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Hidden by a moderator, like a project (see Project.is_hidden).
    is_hidden = models.BooleanField(default=False)

    class Meta:
        ordering = ["-published_on", "-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("sharing:artefact", kwargs={"slug": self.slug})

    @property
    def has_file(self) -> bool:
        return bool(self.file_path)

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS.get(self.licence, "")


class Reuse(models.Model):
    """ "My council uses this too": one council reusing one artefact or project."""

    council = models.ForeignKey(
        "councils.Council", on_delete=models.CASCADE, related_name="sharing_reuses"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    artefact = models.ForeignKey(
        Artefact, null=True, blank=True, on_delete=models.CASCADE, related_name="reuses"
    )
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.CASCADE, related_name="reuses"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(artefact__isnull=False, project__isnull=True)
                    | models.Q(artefact__isnull=True, project__isnull=False)
                ),
                name="reuse_one_target",
            ),
            models.UniqueConstraint(
                fields=["council", "artefact"],
                condition=models.Q(artefact__isnull=False),
                name="reuse_artefact_once",
            ),
            models.UniqueConstraint(
                fields=["council", "project"],
                condition=models.Q(project__isnull=False),
                name="reuse_project_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council} reuses {self.artefact or self.project}"
