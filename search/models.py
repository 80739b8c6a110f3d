"""The indexing outbox: one row per changed object, written in the same transaction as the change."""

from django.db import models


class OutboxEntry(models.Model):
    """An object whose search document must be rebuilt (or deleted, if the object is gone)."""

    model_label = models.CharField(max_length=100, help_text='Model label, e.g. "blog.post".')
    object_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["next_attempt_at", "id"])]
        verbose_name_plural = "outbox entries"

    def __str__(self) -> str:
        return f"{self.model_label}:{self.object_id}"
