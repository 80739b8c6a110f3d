"""Shared work. ``ServiceTopic`` is defined first because every other app tags content with it."""

from django.db import models
from django.urls import reverse


class ServiceTopic(models.Model):
    """A local-government service, in the style of the Local Government Services List (LGSL)."""

    code = models.CharField(
        max_length=20, unique=True, help_text="Identifier from the services list, e.g. LGSL 524."
    )
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True, max_length=5000)
    synonyms = models.TextField(
        blank=True, help_text="Other names people use, separated by semicolons."
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
