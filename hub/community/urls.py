"""Community pages: /community/ (public) and /community/dashboard/ (staff and moderators)."""

from django.urls import path

from hub.community import views

app_name = "community"
urlpatterns = [
    path("", views.state_of_the_community, name="state"),
    path("<slug:key>.csv", views.state_csv, name="state_csv"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/<slug:key>.csv", views.dashboard_csv, name="dashboard_csv"),
]
