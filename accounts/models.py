"""People: the user account (email is the identity) and the practitioner profile."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from taggit.managers import TaggableManager

HANDLE_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,28}[a-z0-9])?$"
# Shown for a member with neither a display name nor a handle; their email address never is.
ANONYMOUS_NAME = "a member"


class UserManager(BaseUserManager):
    """Users are identified by email address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A member's account. Public identity (name, handle, council) lives on ``Profile``."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True, max_length=254)
    # The interface and email language the member chose ("" until they choose: the language
    # cookie, then English, apply). See hub/core/i18n.py.
    language = models.CharField(
        gettext_lazy("language"), max_length=8, choices=settings.LANGUAGES, blank=True, default=""
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        """The name other people see: never the email address (only its owner and staff see that).

        Every template, feed, notification, search document and WebSocket frame that names a
        member goes through this (``str(user)``, ``{{ user }}``).
        """
        try:
            profile = self.profile
        except Profile.DoesNotExist:
            return ANONYMOUS_NAME
        return profile.public_name

    @property
    def is_moderator(self) -> bool:
        """Staff and members of the "Moderators" group may hide content and see flags."""
        if self.is_staff:
            return True
        cached = getattr(self, "_is_moderator", None)
        if cached is None:
            cached = self.groups.filter(name="Moderators").exists()
            self._is_moderator = cached
        return cached


class Profile(models.Model):
    """What a practitioner shows the community. Complete once it has a handle and a name."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(max_length=80, blank=True)
    handle = models.CharField(
        max_length=30,
        unique=True,
        null=True,
        blank=True,
        validators=[
            RegexValidator(
                HANDLE_PATTERN,
                gettext_lazy(
                    "Handles use lower-case letters, numbers and hyphens, and start and end "
                    "with a letter or number, like jane-smith."
                ),
            )
        ],
        help_text=gettext_lazy(
            "Your address on the hub: /people/your-handle/. Lower-case letters, numbers, hyphens."
        ),
    )
    job_title = models.CharField(max_length=120, blank=True)
    council = models.ForeignKey(
        "councils.Council",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practitioners",
    )
    council_verified = models.BooleanField(
        default=False,
        help_text=gettext_lazy(
            "A verified email address of this member is on the council's web domain."
        ),
    )
    bio = models.TextField(blank=True, max_length=5000)
    interests = TaggableManager(
        blank=True, help_text=gettext_lazy("Comma-separated, like: bins, forms, APIs")
    )
    website = models.URLField(blank=True, max_length=300)
    github = models.CharField(blank=True, max_length=39)
    mastodon = models.CharField(blank=True, max_length=120)
    linkedin = models.URLField(blank=True, max_length=300)
    # Set when the member deletes their account: what they left stays under "a former member".
    is_former = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Hidden by a moderator (hub.moderation): the profile page answers 404 to everyone but its
    # owner and moderators, and the profile leaves the people directory, council pages and
    # search. Bylines still name the person.
    is_hidden = models.BooleanField(default=False)

    class Meta:
        ordering = ["display_name"]
        indexes = [models.Index(fields=["council", "display_name"])]

    def __str__(self) -> str:
        return self.display_name or self.handle or f"profile {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("accounts:profile", kwargs={"handle": self.handle})

    @property
    def public_name(self) -> str:
        """Display name, else the handle, else "a member"; see ``User.public_name``."""
        if self.is_former:
            return gettext("a former member")
        return self.display_name or self.handle or ANONYMOUS_NAME

    @property
    def is_complete(self) -> bool:
        return bool(self.handle and self.display_name)


class DataExport(models.Model):
    """A member's "download my data": built by a job, part by part (the page shows progress),
    then offered through a link that stops working at ``expires_at``."""

    class State(models.TextChoices):
        QUEUED = "queued", gettext_lazy("Waiting to start")
        RUNNING = "running", gettext_lazy("Being prepared")
        READY = "ready", gettext_lazy("Ready to download")
        FAILED = "failed", gettext_lazy("Failed")
        EXPIRED = "expired", gettext_lazy("Expired")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    parts_done = models.PositiveSmallIntegerField(default=0)
    parts_total = models.PositiveSmallIntegerField(default=0)
    file_name = models.CharField(max_length=100, blank=True)
    size_bytes = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"data export {self.pk} for {self.user_id} ({self.state})"


class AccountAuditEntry(models.Model):
    """What happened to an account at its owner's request (exports, deletion), for staff.
    Holds no personal data: the account is named by its id, which outlives the deletion."""

    class Action(models.TextChoices):
        EXPORT_REQUESTED = "export_requested", gettext_lazy("Data download requested")
        EXPORT_DOWNLOADED = "export_downloaded", gettext_lazy("Data downloaded")
        DELETED = "deleted", gettext_lazy("Account deleted")

    user_ref = models.PositiveBigIntegerField(db_index=True, help_text="The account's id.")
    action = models.CharField(max_length=20, choices=Action.choices)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "account audit entries"

    def __str__(self) -> str:
        return f"{self.action} for account {self.user_ref}"
