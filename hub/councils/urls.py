from django.urls import path

from hub.councils import views

app_name = "councils"
urlpatterns = [
    path("", views.council_directory, name="list"),
    path("<slug:slug>/", views.council_detail, name="detail"),
]
