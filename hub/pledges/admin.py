from django.contrib import admin

from hub.pledges.models import BackingCall, Pledge, PledgeEvent


@admin.register(BackingCall)
class BackingCallAdmin(admin.ModelAdmin):
    list_display = ["project", "state", "deadline", "target_pounds", "target_days"]
    list_filter = ["state"]
    raw_id_fields = ["project", "opened_by"]


@admin.register(Pledge)
class PledgeAdmin(admin.ModelAdmin):
    list_display = ["council", "call", "state", "amount_pounds", "staff_days"]
    list_filter = ["state"]
    raw_id_fields = ["call", "council", "pledged_by"]


@admin.register(PledgeEvent)
class PledgeEventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is never edited."""

    list_display = ["call", "action", "actor", "created_at"]
    list_filter = ["action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
