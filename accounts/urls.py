from django.urls import path

from accounts import views
from accounts.lifecycle import views as lifecycle

app_name = "accounts"
urlpatterns = [
    path("people/", views.people_directory, name="people"),
    path("people/<str:handle>/", views.profile_detail, name="profile"),
    path("profile/", views.my_profile, name="me"),
    path("profile/edit/", views.profile_edit, name="edit"),
    path("account/settings/", views.account_settings, name="settings"),
    path("account/data/", lifecycle.data_export, name="data_export"),
    path("account/data/<str:token>/", lifecycle.data_download, name="data_download"),
    path("account/delete/", lifecycle.delete_account, name="delete"),
]
