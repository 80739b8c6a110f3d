from django.urls import path

from hub.follows import views

app_name = "follows"
urlpatterns = [
    path("", views.follow_set, name="set"),
    path("following/", views.following, name="following"),
]
