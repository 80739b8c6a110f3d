from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("people/", views.people_directory, name="people"),
    path("people/<str:handle>/", views.profile_detail, name="profile"),
    path("profile/", views.my_profile, name="me"),
    path("profile/edit/", views.profile_edit, name="edit"),
    path("account/settings/", views.account_settings, name="settings"),
]
