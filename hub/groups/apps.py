from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "hub.groups"
    label = "workgroups"
