from django.contrib import admin

from hub.councils.models import Council


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "gss_code", "council_type", "nation", "website"]
    list_filter = ["nation", "council_type"]
    search_fields = ["name", "official_name", "code", "gss_code"]
