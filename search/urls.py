from django.urls import path

from search import views

app_name = "search"
urlpatterns = [
    path("", views.search_page, name="search"),
    path("api/", views.search_json, name="api"),
    path("api/autocomplete/", views.autocomplete_json, name="autocomplete"),
    path("click/", views.click, name="click"),
    path("unmet/", views.unmet_page, name="unmet"),
]
