from django.contrib import admin

from hub.jobs.models import JobFailure


@admin.register(JobFailure)
class JobFailureAdmin(admin.ModelAdmin):
    """Staff see every job that failed for good, with its error; they cannot edit history."""

    list_display = ["failed_at", "task_name", "error_summary"]
    list_filter = ["task_name"]
    search_fields = ["task_name", "error", "arguments"]
    readonly_fields = ["task_name", "task_id", "arguments", "error", "traceback", "failed_at"]

    @admin.display(description="Error")
    def error_summary(self, failure: JobFailure) -> str:
        return failure.error[:120]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
