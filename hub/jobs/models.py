"""A job that failed for good (its retries used up), kept so staff can see what and why."""

from django.db import models


class JobFailure(models.Model):
    task_name = models.CharField(max_length=200, db_index=True)
    task_id = models.CharField(max_length=64)
    arguments = models.TextField(blank=True, help_text="The job's arguments, as text.")
    error = models.TextField()
    traceback = models.TextField(blank=True)
    failed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-failed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.task_name} failed at {self.failed_at:%Y-%m-%d %H:%M}: {self.error[:80]}"
