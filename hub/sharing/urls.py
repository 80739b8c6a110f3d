"""Shared work, mounted at the site root: /services/, /projects/, /artefacts/."""

from django.urls import path

from hub.sharing import views

app_name = "sharing"
urlpatterns = [
    path("services/", views.service_index, name="services"),
    path("services/<slug:slug>/", views.service_detail, name="service"),
    path("projects/", views.project_list, name="projects"),
    path("projects/new/", views.project_new, name="project_new"),
    path("projects/<slug:slug>/", views.project_detail, name="project"),
    path("projects/<slug:slug>/edit/", views.project_edit, name="project_edit"),
    path("projects/<slug:slug>/phase/", views.project_phase, name="project_phase"),
    path("projects/<slug:slug>/updates/new/", views.project_update_new, name="project_update"),
    path(
        "projects/<slug:slug>/collaborate/", views.project_collaborate, name="project_collaborate"
    ),
    path(
        "projects/<slug:slug>/collaborations/<int:pk>/decide/",
        views.collaboration_decide,
        name="collaboration_decide",
    ),
    path("projects/<slug:slug>/reuse/", views.project_reuse, name="project_reuse"),
    path("artefacts/", views.artefact_list, name="artefacts"),
    path("artefacts/new/", views.artefact_new, name="artefact_new"),
    path("artefacts/<slug:slug>/", views.artefact_detail, name="artefact"),
    path("artefacts/<slug:slug>/edit/", views.artefact_edit, name="artefact_edit"),
    path("artefacts/<slug:slug>/download/", views.artefact_download, name="artefact_download"),
    path("artefacts/<slug:slug>/reuse/", views.artefact_reuse, name="artefact_reuse"),
]
