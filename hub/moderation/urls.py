from django.urls import path

from hub.moderation import views

app_name = "moderation"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("hidden/", views.hidden, name="hidden"),
    path("flag/<str:label>/<int:pk>/", views.flag, name="flag"),
    path("review/<str:label>/<int:pk>/", views.review, name="review"),
]
