from django.contrib import admin

from hub.sharing.models import Artefact, Collaboration, Project, Reuse, ServiceTopic


@admin.register(ServiceTopic)
class ServiceTopicAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "parent"]
    search_fields = ["name", "code", "synonyms"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "owner_council", "phase", "updated_at"]
    list_filter = ["phase"]
    search_fields = ["title"]
    raw_id_fields = ["owner_council", "lead", "created_by"]


@admin.register(Artefact)
class ArtefactAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "file_type", "extraction_status", "published_on"]
    list_filter = ["kind", "extraction_status"]
    search_fields = ["title"]
    raw_id_fields = ["contributor", "project"]
    readonly_fields = ["file_path", "file_name", "file_type", "file_size", "extraction_error"]


admin.site.register(Collaboration)
admin.site.register(Reuse)
