"""The machine-readable parts of a standard, validator runs, and checks of councils' endpoints.

A ``SchemaPart`` with no version belongs to the draft and is edited (revision-checked like the
draft text); publishing copies the draft's parts onto the new version, where they never change.
A ``ValidationRun`` is one report (paste, upload, URL or a scheduled endpoint check), reachable
at an unguessable permalink for ``STANDARDS_VALIDATION_KEEP_DAYS`` days. An ``EndpointCheck`` is
one scheduled or on-demand check of an adoption's registered endpoint; the adoption row keeps
the current state so the register is one query.
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PartKind(models.TextChoices):
    SCHEMA = "schema", _("JSON Schema (2020-12) for the data")
    EXAMPLE = "example", _("Example document")
    OPENAPI = "openapi", _("OpenAPI 3.1 description of the endpoint")


class SchemaPart(models.Model):
    standard = models.ForeignKey(
        "standards.Standard", on_delete=models.CASCADE, related_name="schema_parts"
    )
    version = models.ForeignKey(
        "standards.StandardVersion",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="schema_parts",
        help_text=_("Empty while the part belongs to the draft."),
    )
    name = models.SlugField(max_length=60, help_text=_("Used in its download address."))
    kind = models.CharField(max_length=10, choices=PartKind.choices)
    text = models.TextField(help_text=_("The JSON exactly as the editor wrote it."))
    revision = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "name"],
                condition=models.Q(version__isnull=True),
                name="schema_part_draft_name_once",
            ),
            models.UniqueConstraint(
                fields=["version", "name"],
                condition=models.Q(version__isnull=False),
                name="schema_part_version_name_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.standard} {self.version.number if self.version else 'draft'} {self.name}"

    @property
    def filename(self) -> str:
        return f"{self.name}.json"


def _token() -> str:
    return secrets.token_urlsafe(18)


class ValidationRun(models.Model):
    class Source(models.TextChoices):
        PASTE = "paste", _("Pasted")
        UPLOAD = "upload", _("Uploaded file")
        URL = "url", _("Web address")
        ENDPOINT = "endpoint", _("Registered endpoint")

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Checking")
        DONE = "done", _("Done")
        FAILED = "failed", _("Could not be checked")

    token = models.CharField(max_length=40, unique=True, default=_token, editable=False)
    version = models.ForeignKey(
        "standards.StandardVersion", on_delete=models.CASCADE, related_name="validation_runs"
    )
    part_name = models.CharField(max_length=120, help_text=_("The schema or operation checked."))
    source = models.CharField(max_length=10, choices=Source.choices)
    source_name = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    bytes_total = models.BigIntegerField(default=0)
    bytes_done = models.BigIntegerField(default=0)
    # A large upload waits here (under MEDIA_ROOT) until the background job has read it.
    input_path = models.CharField(max_length=300, blank=True)
    conforms = models.BooleanField(null=True)
    record_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    failure = models.CharField(max_length=500, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["expires_at"]), models.Index(fields=["state"])]

    def __str__(self) -> str:
        return f"Validation {self.token[:6]}… of {self.version}"

    def get_absolute_url(self) -> str:
        return reverse(
            "standards:validation_report",
            kwargs={
                "slug": self.version.standard.slug,
                "number": self.version.number,
                "token": self.token,
            },
        )

    @property
    def is_finished(self) -> bool:
        return self.state in {self.State.DONE, self.State.FAILED}

    @property
    def percent(self) -> int:
        if self.is_finished:
            return 100
        if not self.bytes_total:
            return 0
        return min(99, int(100 * self.bytes_done / self.bytes_total))


class ConformanceState(models.TextChoices):
    NOT_CHECKED = "", _("Not checked")
    CONFORMS = "conforms", _("Conforms")
    FAILING = "failing", _("Failing")


class EndpointCheck(models.Model):
    """One check of an adoption's endpoint: kept as its history."""

    adoption = models.ForeignKey(
        "standards.Adoption", on_delete=models.CASCADE, related_name="endpoint_checks"
    )
    checked_at = models.DateTimeField(default=timezone.now)
    conforms = models.BooleanField()
    run = models.ForeignKey(
        ValidationRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.CharField(max_length=500)
    trigger = models.CharField(max_length=10, default="schedule")  # schedule | demand

    class Meta:
        ordering = ["-checked_at", "-id"]
        # The community dashboards count checks per week over a date range.
        indexes = [models.Index(fields=["checked_at"], name="endpointcheck_checked_at")]

    def __str__(self) -> str:
        return f"{self.adoption_id} {'conforms' if self.conforms else 'failing'} {self.checked_at}"
