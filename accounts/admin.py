from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import AccountAuditEntry, Profile, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "profile__display_name", "profile__handle"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["display_name", "handle", "council", "council_verified"]
    list_select_related = ["council"]
    search_fields = ["display_name", "handle", "user__email"]
    autocomplete_fields = ["council"]


@admin.register(AccountAuditEntry)
class AccountAuditEntryAdmin(admin.ModelAdmin):
    """Exports and deletions members asked for: read-only, for staff."""

    list_display = ["created_at", "action", "user_ref"]
    list_filter = ["action"]
    search_fields = ["user_ref"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
