"""Calls for backing, mounted at the site root beside the project pages."""

from django.urls import path

from hub.pledges import views

app_name = "pledges"
urlpatterns = [
    path("backing/", views.looking_for_backers, name="list"),
    path("projects/<slug:slug>/backing/new/", views.call_new, name="call_new"),
    path("projects/<slug:slug>/backing/pledge/", views.pledge, name="pledge"),
    path("projects/<slug:slug>/backing/withdraw/", views.pledge_withdraw, name="withdraw"),
    path("projects/<slug:slug>/backing/history/", views.call_history, name="history"),
]
