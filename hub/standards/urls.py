from django.urls import path, register_converter

from hub.standards import views


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
    path("", views.standard_list, name="list"),
    path("new/<slug:group_slug>/", views.standard_create, name="create"),
    path("<slug:slug>/", views.standard_detail, name="detail"),
    path("<slug:slug>/details/", views.standard_settings, name="settings"),
    path("<slug:slug>/edit/", views.draft_edit, name="edit"),
    path("<slug:slug>/publish/", views.publish, name="publish"),
    path("<slug:slug>/status/", views.status_change, name="status"),
    path("<slug:slug>/follow/", views.follow, name="follow"),
    path("<slug:slug>/feed/", views.feed, name="feed"),
    path("<slug:slug>/v/<ver:number>/", views.version_detail, name="version"),
    path("<slug:slug>/v/<ver:number>/export.<fmt:fmt>", views.export, name="export"),
    path("<slug:slug>/v/<ver:number>/comment/<slug:anchor>/", views.comment_new, name="comment"),
    path("<slug:slug>/diff/", views.diff_choose, name="diff_choose"),
    path("<slug:slug>/diff/<ver:old>..<ver:new>/", views.diff_view, name="diff"),
    path("<slug:slug>/comments/", views.thread_list, name="threads"),
    path("<slug:slug>/comments/<int:pk>/", views.thread_detail, name="thread"),
    path("<slug:slug>/comments/<int:pk>/reply/", views.thread_reply, name="thread_reply"),
    path("<slug:slug>/comments/<int:pk>/decide/", views.thread_decide, name="thread_decide"),
    path("<slug:slug>/comments/<int:pk>/anchor/", views.thread_anchor, name="thread_anchor"),
    path("<slug:slug>/consultation/", views.consultation_summary, name="consultation"),
    path(
        "<slug:slug>/consultation/response/",
        views.consultation_response,
        name="consultation_response",
    ),
    path(
        "<slug:slug>/consultation/response.csv",
        views.consultation_response_csv,
        name="consultation_response_csv",
    ),
    path("<slug:slug>/adoptions/", views.adoptions, name="adoptions"),
    path(
        "<slug:slug>/adoptions/<int:pk>/withdraw/",
        views.adoption_withdraw,
        name="adoption_withdraw",
    ),
]
