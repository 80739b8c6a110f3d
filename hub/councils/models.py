"""UK local authorities, as published by mySociety (GSS codes, types, nations, regions)."""

from urllib.parse import urlsplit

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

PUBLIC_SUFFIXES = {"gov.uk", "org.uk", "co.uk", "net", "com", "org", "uk", "gov.scot", "gov.wales"}


class CouncilType(models.TextChoices):
    """mySociety's ``local-authority-type`` codes."""

    COUNTY = "CTY", _("County council")
    DISTRICT = "NMD", _("Non-metropolitan district")
    UNITARY = "UA", _("Unitary authority")
    METROPOLITAN = "MD", _("Metropolitan district")
    LONDON_BOROUGH = "LBO", _("London borough")
    CITY_CORPORATION = "CC", _("City corporation")
    SCOTTISH_UNITARY = "SCO", _("Scottish unitary authority")
    WELSH_UNITARY = "WPA", _("Welsh unitary authority")
    NI_DISTRICT = "NID", _("Northern Ireland district")
    COMBINED = "COMB", _("Combined authority")
    STRATEGIC_REGIONAL = "SRA", _("Strategic regional authority")
    OTHER = "OTHER", _("Other authority")


class Nation(models.TextChoices):
    ENGLAND = "England", _("England")
    SCOTLAND = "Scotland", _("Scotland")
    WALES = "Wales", _("Wales")
    NORTHERN_IRELAND = "Northern Ireland", _("Northern Ireland")


class Council(models.Model):
    """One local authority. ``code`` is mySociety's stable three-letter code."""

    code = models.CharField(max_length=8, unique=True, help_text="mySociety local-authority-code")
    gss_code = models.CharField("GSS code", max_length=9, blank=True, db_index=True)
    official_name = models.CharField(max_length=200)
    name = models.CharField("short name", max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    council_type = models.CharField(max_length=8, choices=CouncilType.choices)
    nation = models.CharField(max_length=20, choices=Nation.choices)
    region = models.CharField(max_length=60, blank=True)
    website = models.URLField(blank=True, max_length=300)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["nation", "council_type"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("councils:detail", kwargs={"slug": self.slug})

    @property
    def is_current(self) -> bool:
        return self.end_date is None

    @property
    def email_domain(self) -> str:
        """The registrable part of the council's website host: www.leeds.gov.uk -> leeds.gov.uk."""
        host = (urlsplit(self.website).hostname or "").lower().rstrip(".")
        return host.removeprefix("www.")

    def owns_email(self, email: str) -> bool:
        """True when ``email`` is on the council's domain or a subdomain of it."""
        domain = self.email_domain
        # A bare public suffix (gov.uk, org.uk) would verify every council's staff at once.
        if not domain or domain in PUBLIC_SUFFIXES or "@" not in email:
            return False
        email_domain = email.rsplit("@", 1)[1].lower().rstrip(".")
        return email_domain == domain or email_domain.endswith("." + domain)
