from django.contrib import admin

from hub.email_replies.models import InboundEmail


@admin.register(InboundEmail)
class InboundEmailAdmin(admin.ModelAdmin):
    """Replies by email and what became of them: read-only, for staff."""

    list_display = ["received_at", "outcome", "reason", "source", "user", "posted_url"]
    list_filter = ["outcome", "source"]
    search_fields = ["message_id", "reason"]
    raw_id_fields = ["user"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
