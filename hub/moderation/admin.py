from django.contrib import admin

from hub.moderation.models import Decision, Flag


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ["id", "content_type", "object_id", "reporter", "created_at", "resolution"]
    list_filter = ["resolution", "content_type"]
    raw_id_fields = ["reporter", "resolved_by"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["id", "content_type", "object_id", "action", "moderator", "created_at"]
    list_filter = ["action", "content_type"]
    raw_id_fields = ["moderator"]
