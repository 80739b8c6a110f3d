from django.urls import path

from hub.groups import views

app_name = "groups"
urlpatterns = [
    path("", views.group_list, name="list"),
    path("new/", views.group_create, name="create"),
    path("<slug:slug>/", views.group_detail, name="detail"),
    path("<slug:slug>/edit/", views.group_edit, name="edit"),
    path("<slug:slug>/members/", views.group_members_page, name="members"),
    path("<slug:slug>/members/add/", views.member_add, name="member_add"),
    path("<slug:slug>/join/", views.group_join, name="join"),
    path("<slug:slug>/leave/", views.group_leave, name="leave"),
    path("<slug:slug>/members/<int:pk>/decide/", views.request_decide, name="request_decide"),
    path("<slug:slug>/members/<int:pk>/role/", views.membership_role, name="role"),
    path("<slug:slug>/members/<int:pk>/remove/", views.membership_remove, name="remove"),
]
