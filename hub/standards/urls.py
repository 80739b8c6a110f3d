from django.urls import path, register_converter

from hub.standards.views import (
    adoption,
    consultation,
    drafting,
    exports,
    pages,
    schemas,
    threads,
    validation,
)


class VersionNumber:
    regex = r"[0-9]{1,4}\.[0-9]{1,4}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class ExportFormat:
    regex = r"md|html|json"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(VersionNumber, "ver")
register_converter(ExportFormat, "fmt")

app_name = "standards"
urlpatterns = [
    path("", pages.standard_list, name="list"),
    path("new/<slug:group_slug>/", pages.standard_create, name="create"),
    path("<slug:slug>/", pages.standard_detail, name="detail"),
    path("<slug:slug>/details/", pages.standard_settings, name="settings"),
    path("<slug:slug>/edit/", drafting.draft_edit, name="edit"),
    path("<slug:slug>/publish/", drafting.publish, name="publish"),
    path("<slug:slug>/status/", drafting.status_change, name="status"),
    path("<slug:slug>/follow/", pages.follow, name="follow"),
    path("<slug:slug>/feed/", exports.feed, name="feed"),
    path("<slug:slug>/edit/schemas/", schemas.parts_list, name="parts"),
    path("<slug:slug>/edit/schemas/<slug:name>/", schemas.part_edit, name="part_edit"),
    path("<slug:slug>/edit/schemas/<slug:name>/delete/", schemas.part_delete, name="part_delete"),
    path("<slug:slug>/v/<ver:number>/", pages.version_detail, name="version"),
    path("<slug:slug>/v/<ver:number>/schema.json", schemas.part_download, name="schema"),
    path(
        "<slug:slug>/v/<ver:number>/parts/<slug:name>.json",
        schemas.part_download,
        name="part",
    ),
    path("<slug:slug>/v/<ver:number>/validate/", validation.validator, name="validator"),
    path(
        "<slug:slug>/v/<ver:number>/validate/<str:token>/",
        validation.report,
        name="validation_report",
    ),
    path(
        "<slug:slug>/v/<ver:number>/validate/<str:token>.json",
        validation.report_json,
        name="validation_report_json",
    ),
    path("<slug:slug>/v/<ver:number>/export.<fmt:fmt>", exports.export, name="export"),
    path("<slug:slug>/v/<ver:number>/comment/<slug:anchor>/", threads.comment_new, name="comment"),
    path("<slug:slug>/diff/", pages.diff_choose, name="diff_choose"),
    path("<slug:slug>/diff/<ver:old>..<ver:new>/", pages.diff_view, name="diff"),
    path("<slug:slug>/comments/", threads.thread_list, name="threads"),
    path("<slug:slug>/comments/<int:pk>/", threads.thread_detail, name="thread"),
    path("<slug:slug>/comments/<int:pk>/reply/", threads.thread_reply, name="thread_reply"),
    path("<slug:slug>/comments/<int:pk>/decide/", threads.thread_decide, name="thread_decide"),
    path("<slug:slug>/comments/<int:pk>/anchor/", threads.thread_anchor, name="thread_anchor"),
    path("<slug:slug>/consultation/", consultation.consultation_summary, name="consultation"),
    path(
        "<slug:slug>/consultation/response/",
        consultation.consultation_response,
        name="consultation_response",
    ),
    path(
        "<slug:slug>/consultation/response.csv",
        consultation.consultation_response_csv,
        name="consultation_response_csv",
    ),
    path("<slug:slug>/adoptions/", adoption.adoptions, name="adoptions"),
    path(
        "<slug:slug>/adoptions/<int:pk>/withdraw/",
        adoption.adoption_withdraw,
        name="adoption_withdraw",
    ),
    path(
        "<slug:slug>/adoptions/<int:pk>/checks/", adoption.adoption_checks, name="adoption_checks"
    ),
    path(
        "<slug:slug>/adoptions/<int:pk>/endpoint/",
        adoption.adoption_endpoint,
        name="adoption_endpoint",
    ),
    path(
        "<slug:slug>/adoptions/<int:pk>/check/",
        adoption.adoption_check_now,
        name="adoption_check_now",
    ),
]
